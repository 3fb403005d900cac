import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { waitUntil } from './wait.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/src/main.js', import.meta.url));

const made: string[] = [];
process.once('exit', () => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fresh data directory (identity + pins), removed when the test process exits. */
export function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'p2pc-spec-'));
  made.push(dir);
  return dir;
}

/** A loopback node in --json mode with fast heartbeats: stale after 1 s, gone after 2 s. */
export const fastLoopback = (discoveryPort: number): string[] => [
  '--loopback',
  '--json',
  '--discovery-port',
  String(discoveryPort),
  '--heartbeat-interval',
  '200ms',
  '--stale-after',
  '1s',
  '--gone-after',
  '2s',
];

export type JsonEvent = Record<string, unknown> & { event: string };

/**
 * A real p2p-chat process in `--json` mode, optionally inside a network
 * namespace (`ip netns exec`). Waits are event-driven with a deadline; no sleeps.
 */
export class ProcNode {
  readonly events: JsonEvent[] = [];
  /** When each of `events` arrived (performance.now()), index for index. */
  readonly times: number[] = [];
  readonly stderr: string[] = [];
  /** Everything the node printed, as it printed it (for human-mode output checks). */
  raw = '';
  private readonly child: ChildProcessWithoutNullStreams;
  /** Many waits may be pending at once (a node watched for 20 peers): no listener cap. */
  private readonly changes = new EventEmitter().setMaxListeners(0);
  readonly exited: Promise<number | null>;

  readonly dataDir: string;

  /** Each node gets its own data directory (so its own identity) unless one is given. */
  constructor(args: string[], opts: { netns?: string; dataDir?: string; env?: Readonly<Record<string, string>> } = {}) {
    this.dataDir = opts.dataDir ?? tempDataDir();
    args = [...args, '--data-dir', this.dataDir];
    const cmd = opts.netns ? 'ip' : process.execPath;
    const argv = opts.netns ? ['netns', 'exec', opts.netns, process.execPath, CLI, ...args] : [CLI, ...args];
    this.child = spawn(cmd, argv, { stdio: ['pipe', 'pipe', 'pipe'], ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}) });
    let buf = '';
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk;
      this.raw += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.trim() === '') continue;
        try {
          const e = JSON.parse(line) as JsonEvent;
          this.events.push(e);
          this.times.push(performance.now());
          this.changes.emit('event', e, performance.now());
        } catch {
          // Human mode: kept in `raw`.
        }
        this.changes.emit('change');
      }
    });
    this.child.stderr.setEncoding('utf8').on('data', (c: string) => {
      this.stderr.push(c);
      this.changes.emit('change');
    });
    this.exited = once(this.child, 'exit').then(([code]) => {
      this.changes.emit('change');
      return code as number | null;
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Calls `cb` for every event from now on, with the time it was read (for measurements). */
  onEvent(cb: (e: JsonEvent, at: number) => void): void {
    this.changes.on('event', cb);
  }

  /** Resolves with the first event (already seen or coming) that matches, or rejects at the deadline. */
  waitFor(pred: (e: JsonEvent) => boolean, ms = 10_000, what = 'event'): Promise<JsonEvent> {
    return waitUntil(
      this.changes,
      'change',
      () => this.events.find(pred),
      ms,
      () => `waiting for ${what}; saw ${JSON.stringify(this.events.slice(-8))} stderr ${this.stderr.join('').slice(0, 500)}`,
    );
  }

  /**
   * Resolves once `done()` holds, checked on every line the node prints. Keep `done` cheap
   * (a counter kept by onEvent): a scan of every event per line is quadratic in a burst.
   */
  until(done: () => boolean, ms = 10_000, what = 'condition'): Promise<true> {
    return waitUntil(
      this.changes,
      'change',
      () => done() || undefined,
      ms,
      () => `waiting for ${what}; saw ${this.events.length} events`,
    );
  }

  /** Resolves with the match once what the node wrote (stdout, or stderr) matches, or rejects at the deadline. */
  waitForRaw(pattern: RegExp, ms = 10_000, stream: 'stdout' | 'stderr' = 'stdout'): Promise<RegExpExecArray> {
    const text = () => (stream === 'stdout' ? this.raw : this.stderr.join(''));
    return waitUntil(
      this.changes,
      'change',
      () => pattern.exec(text()) ?? undefined,
      ms,
      () => `waiting for ${pattern} in ${JSON.stringify(text().slice(-500))}`,
    );
  }

  ready(): Promise<JsonEvent> {
    return this.waitFor((e) => e.event === 'ready', 10_000, 'ready');
  }

  peerState(id: string, state: string, ms?: number): Promise<JsonEvent> {
    return this.waitFor((e) => e.event === 'peer' && e['id'] === id && e['state'] === state, ms, `peer ${id.slice(0, 8)} ${state}`);
  }

  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  endInput(): void {
    this.child.stdin.end();
  }

  signal(sig: NodeJS.Signals): void {
    // In a namespace the child is `ip`, which exec()s node: same pid.
    process.kill(this.child.pid ?? -1, sig);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
