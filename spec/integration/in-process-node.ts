import * as E from 'fp-ts/lib/Either.js';
import { EventEmitter } from 'node:events';
import { readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { v4 as uuidv4 } from 'uuid';
import { startNode, type RunningNode, type RunOptions, type World } from '../../src/compose.js';
import type { Config } from '../../src/config/config.js';
import { LATER_DEFAULTS } from '../../src/config/config-codec.js';
import type { P2PError } from '../../src/wire/protocol/errors.js';
import { tempDataDir } from '../support/proc-node.js';
import { loopTurns, waitUntil } from '../support/wait.js';

export type Shown = Record<string, unknown>;

/** Socket handles the process holds (timers are not counted: the few left are unref'd). */
export const sockets = (): string[] =>
  process
    .getActiveResourcesInfo()
    .filter((r) => /TCP|UDP|Pipe/.test(r))
    .sort();

/** Resolves when `done()` holds, checked once per event-loop turn; rejects at the deadline. */
export const settled = (done: () => boolean, ms: number): Promise<true> =>
  waitUntil(
    loopTurns(),
    'turn',
    () => done() || undefined,
    ms,
    () => `still open: ${sockets().join(', ')}`,
  );

/** The files under `dir` this process holds open (Linux: its /proc/self/fd). */
export function openFilesUnder(dir: string): string[] {
  const real = realpathSync(dir);
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(`${real}/`) ? [target.slice(real.length + 1)] : [];
    } catch {
      return []; // closed since it was listed (the listing's own descriptor, for one)
    }
  });
}

export interface InProcessNode {
  readonly config: Config;
  readonly stdin: PassThrough;
  /** What the node showed, one JSON object per line. */
  readonly lines: Shown[];
  /** What it said beside the console (stderr, for main.ts). */
  readonly warnings: string[];
  /** `startNode` as main calls it: a refusal by code, or a running node. */
  start(): Promise<E.Either<P2PError, RunningNode>>;
  /** Starts, and a refusal fails the spec. */
  run(): Promise<RunningNode>;
  /** The first line shown (so far or later) that `match` takes. */
  waitFor(match: (l: Shown) => boolean, ms: number, what: string): Promise<Shown>;
  /** Types a line. */
  send(line: string): void;
}

/** A node in this process, on loopback, speaking --json; the config and the world as a spec wants them. */
export function inProcess(
  name: string,
  discoveryPort: number,
  opts: { config?: Partial<Config>; world?: Partial<World>; run?: RunOptions } = {},
): InProcessNode {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: Shown[] = [];
  const warnings: string[] = [];
  const shown = new EventEmitter();
  let buf = '';
  stdout.setEncoding('utf8').on('data', (c: string) => {
    buf += c;
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    for (const p of parts) if (p) lines.push(JSON.parse(p) as Shown);
    shown.emit('line');
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
    ...opts.config,
  };
  const world: World = {
    wall: () => performance.timeOrigin + performance.now(),
    newId: uuidv4,
    formatTime: () => '',
    stdin,
    stdout: stdout as unknown as NodeJS.WriteStream,
    pid: process.pid,
    warn: (text) => warnings.push(text),
    ...opts.world,
  };
  const start = () => startNode(config, world, opts.run);
  return {
    config,
    stdin,
    lines,
    warnings,
    start,
    run: () =>
      start().then((r) => {
        if (E.isLeft(r)) throw new Error(`${name} did not start: ${r.left.code}: ${r.left.message}`);
        return r.right;
      }),
    waitFor: (match, ms, what) =>
      waitUntil(
        shown,
        'line',
        () => lines.find(match),
        ms,
        () => `${name}: no ${what} in ${JSON.stringify(lines.slice(-5))}`,
      ),
    send: (line) => void stdin.write(`${line}\n`),
  };
}
