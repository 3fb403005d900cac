/**
 * `npm run bench`: real nodes as separate processes, each figure measured side by
 * side with its baseline in the same run. Prints a table and writes
 * bench/results.json and the charts. Every loop is bounded in count; see README.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { canBuildLan } from '../spec/support/index.js';
import { writeCharts } from './charts.js';
import { discovery, discoveryLan } from './discovery.js';
import { figures, part, record } from './harness.js';
import { rtt } from './links.js';
import { failures, scale } from './scale.js';
import { latency, startup, throughput } from './speed.js';
import { storeFigures } from './store.js';
import { fileTransfer } from './files.js';

const started = Date.now();
console.log(`p2p-chat bench: node ${process.version}, ${os.cpus().length} CPUs, ${new Date().toISOString()}\n`);
// BENCH_ONLY=latency,throughput (a comma-separated subset) runs only those parts.
const only = (process.env['BENCH_ONLY'] ?? '').split(',').filter(Boolean);
const want = (part: string) => only.length === 0 || only.includes(part);
/** Runs one part of the bench, noting the machine's load as it begins. */
const run = async (name: string, body: () => Promise<unknown>) => {
  if (!want(name)) return;
  await part();
  await body();
};
await run('startup', startup);
await run('latency', latency);
await run('rtt', rtt);
for (const [k, m] of [
  [1, 3000],
  [4, 2000],
  [16, 1000],
] as const)
  await run('throughput', () => throughput(k, m));
for (const n of [2, 8, 20]) await run('discovery', () => discovery(n));
const lanReason = canBuildLan();
if (lanReason !== null && want('lan')) console.log(`discovery (LAN) skipped: ${lanReason}`);
// 30, not 50: on this machine's kernel a bridge with more than ~32 busy ports stops passing
// broadcast and ARP between its hosts, even between two idle hosts (README, Performance).
else for (const n of [2, 8, 20, 30]) await run('lan', () => discoveryLan(n));
await run('failures', failures);
for (const n of [100, 250]) await run('scale', () => scale(n));
await run('files', () => fileTransfer());
if (want('store')) await storeFigures(record, figures.find((f) => f.name === 'broadcast throughput to 1 peer')?.value ?? null);
const out = figures.map((f) => ({ ...f, date: new Date().toISOString(), node: process.version, cpus: os.cpus().length }));
// A full run writes every figure; BENCH_MERGE=1 with BENCH_ONLY puts a part's new figures
// in place of the same-named ones (the rest stay as the last full run left them).
const resultsFile = new URL('./results.json', import.meta.url);
const merge = only.length > 0 && process.env['BENCH_MERGE'] === '1';
if (only.length === 0 || merge) {
  const kept: typeof out = merge ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as typeof out) : [];
  const fresh = new Map(out.map((f) => [f.name, f]));
  const lanFresh = out.some((f) => f.name.startsWith('discovery (LAN)'));
  const all = [...kept.filter((f) => !fresh.has(f.name) && !(lanFresh && f.name.startsWith('discovery (LAN)'))), ...out];
  writeFileSync(resultsFile, `${JSON.stringify(all, null, 2)}\n`);
  writeCharts(all, new URL('./', import.meta.url));
  console.log(`\nwrote bench/results.json (${all.length} figures), throughput.svg and join.svg`);
} else console.log('\n(a part only: bench/results.json left as it was; BENCH_MERGE=1 puts these figures in it)');
console.log(`${figures.length} figures in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(0);
