import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { v4 as uuidv4 } from 'uuid';
import { startNode, type RunningNode } from '../../src/compose.js';
import type { Config } from '../../src/config/config.js';
import { LATER_DEFAULTS } from '../../src/config/config-codec.js';
import { tempDataDir } from '../support/proc-node.js';
import { loopTurns, waitUntil } from '../support/wait.js';

/** Socket handles the process holds (timers are not counted: the few left are unref'd). */
const sockets = () =>
  process
    .getActiveResourcesInfo()
    .filter((r) => /TCP|UDP|Pipe/.test(r))
    .sort();

/** Resolves when `done()` holds, checked once per event-loop turn; rejects at the deadline. */
const settled = (done: () => boolean, ms: number): Promise<true> =>
  waitUntil(
    loopTurns(),
    'turn',
    () => done() || undefined,
    ms,
    () => `still open: ${sockets().join(', ')}`,
  );

function inProcess(name: string, discoveryPort: number) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: Array<Record<string, unknown>> = [];
  let buf = '';
  stdout.setEncoding('utf8').on('data', (c: string) => {
    buf += c;
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    for (const p of parts) if (p) lines.push(JSON.parse(p) as Record<string, unknown>);
  });
  const config: Config = {
    name,
    port: 0,
    discoveryPort,
    beaconInterval: 5000,
    broadcast: [],
    loopback: true,
    heartbeatInterval: 1000,
    staleAfter: 3000,
    goneAfter: 15000,
    legacy: false,
    json: true,
    dataDir: tempDataDir(),
    // The later flags at their defaults, but no history at start and a short expiry.
    ...LATER_DEFAULTS,
    history: 0,
    expire: 60_000,
  };
  const world = {
    wall: () => performance.timeOrigin + performance.now(),
    newId: uuidv4,
    formatTime: () => '',
    stdin,
    stdout: stdout as unknown as NodeJS.WriteStream,
  };
  return { start: () => startNode(config, world), stdin, lines };
}

describe('integration: every part starts and stops', function () {
  this.timeout(10_000);

  it('two in-process nodes connect, stop, and leave no socket open behind them', async () => {
    const baseline = sockets();
    const port = 23000 + (process.pid % 20000);
    const a = inProcess('a', port);
    const b = inProcess('b', port);
    const [na, nb]: RunningNode[] = await Promise.all([a.start(), b.start()]);
    expect(sockets().length).to.be.greaterThan(baseline.length);
    await settled(() => a.lines.some((l) => l['event'] === 'peer' && l['id'] === nb!.id && l['state'] === 'connected'), 5000);
    a.stdin.end(); // EOF is /quit
    await na!.done;
    await nb!.stop();
    expect(a.lines.at(-1)).to.deep.equal({ event: 'bye' });
    // libuv releases a closed handle a few loop turns after its close callback: wait for
    // that, with a deadline, instead of guessing a delay.
    await settled(() => sockets().length <= baseline.length, 1000);
    expect(sockets()).to.deep.equal(baseline);
  });

  it('stop() is idempotent', async () => {
    const n = inProcess('c', 24000 + (process.pid % 20000));
    const node = await n.start();
    await Promise.all([node.stop(), node.stop()]);
    await node.stop();
    expect(n.lines.filter((l) => l['event'] === 'bye')).to.have.length(1);
  });
});
