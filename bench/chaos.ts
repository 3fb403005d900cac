import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDuration } from '../src/base/duration.js';
import { canBuildLan, runChaos } from '../spec/support/index.js';

/**
 * `npm run chaos -- --seed N --duration 10m [--hosts 4] [--rejoin-delay 2s]`: the chaos spec, as long as
 * asked (a restarted member joining #ops again only after the delay, as a user typing it would); writes
 * bench/chaos-results.json.
 */
const { values } = parseArgs({
  options: { seed: { type: 'string' }, duration: { type: 'string' }, hosts: { type: 'string' }, 'rejoin-delay': { type: 'string' } },
});
const why = canBuildLan();
if (why) {
  console.error(`chaos: needs root to build namespaces (${why})`);
  process.exit(2);
}
const seed = Number(values.seed ?? 20261126);
const durationMs = parseDuration(values.duration ?? '60s') ?? 60_000;
const rejoinDelayMs = parseDuration(values['rejoin-delay'] ?? '0s') ?? 0;
const report = await runChaos({
  seed,
  durationMs,
  hosts: Number(values.hosts ?? 4),
  settleMs: 120_000,
  rejoinDelayMs,
  log: (l) => console.log(l),
});
const out = {
  ...report,
  lost: report.lost.length,
  duplicates: report.duplicates.length,
  outOfOrder: report.outOfOrder.length,
  leaks: report.leaks.length,
  misfiled: report.misfiled.length,
  examples: [...report.lost, ...report.duplicates, ...report.outOfOrder, ...report.leaks, ...report.misfiled].slice(0, 20),
};
writeFileSync(new URL('./chaos-results.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out, null, 2));
const faults = report.lost.length + report.duplicates.length + report.outOfOrder.length + report.leaks.length + report.misfiled.length;
process.exit(faults === 0 ? 0 : 1);
