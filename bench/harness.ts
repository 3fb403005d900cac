/**
 * What every part of the bench shares: the figures and how one is recorded (with
 * the load it was taken under), the baselines' bare processes, and the helpers
 * that start nodes and wait for them by their events.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { ProcNode } from '../spec/support/index.js';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  params: Record<string, unknown>;
}
export const figures: Figure[] = [];
/**
 * How busy the machine's CPUs were in the half second before a part started anything
 * (from /proc/stat; the load average would still count our own previous part): over a
 * quarter busy, something else was running, and the part's figures say so.
 */
let loadAtStart = 0;
const UNDER_LOAD = 0.25;
const cpuTimes = () => {
  const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { idle, total: f.reduce((a, b) => a + b, 0) };
};
export const part = async () => {
  const a = cpuTimes();
  await new Promise((r) => setTimeout(r, 500));
  const b = cpuTimes();
  loadAtStart = 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
};
export const record = (name: string, value: number, unit: string, baseline: number | null, params: Record<string, unknown> = {}) => {
  const f = {
    name,
    value: round(value),
    unit,
    baseline: baseline === null ? null : round(baseline),
    ratio: baseline ? round(value / baseline) : null,
    params: { ...params, cpu_busy_at_start: round(loadAtStart), ...(loadAtStart > UNDER_LOAD ? { under_load: true } : {}) },
  };
  figures.push(f);
  console.log(
    `${name.padEnd(46)} ${String(f.value).padStart(10)} ${unit.padEnd(6)} ${f.baseline === null ? '' : `baseline ${f.baseline}  ratio ${f.ratio}`}${loadAtStart > UNDER_LOAD ? `  (under load: CPUs ${Math.round(loadAtStart * 100)}% busy at start)` : ''}`,
  );
};
export const round = (n: number) => Math.round(n * 1000) / 1000;
export const now = () => performance.now();
export const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] as number;
let port = 40000 + (process.pid % 10000);
/** A fresh discovery port for each part, so parts never hear each other. */
export const nextPort = () => ++port;
const FAST_CHAT = ['--chat-rate', '1000000'];
export const nodeArgs = (name: string, discoveryPort: number, extra: string[] = []) => [
  '--loopback',
  '--json',
  '--discovery-port',
  String(discoveryPort),
  '--name',
  name,
  ...FAST_CHAT,
  ...extra,
];
export const BARE = (f: string) => fileURLToPath(new URL(`./bare/${f}`, import.meta.url));

/** A bare process speaking NDJSON, with its stdout lines timed. */
export class Bare {
  readonly child: ChildProcessByStdio<Writable, Readable, null>;
  lines = 0;
  port = 0;
  private waits: Array<{ n: number; resolve: () => void }> = [];
  onLine: ((line: string, at: number) => void) | null = null;
  readonly ready: Promise<void>;
  constructor(script: string, args: string[] = []) {
    this.child = spawn(process.execPath, [BARE(script), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    let buf = '';
    let readyResolve: () => void = () => undefined;
    this.ready = new Promise((r) => (readyResolve = r));
    if (script === 'sender.mjs') readyResolve();
    this.child.stdout.setEncoding('utf8').on('data', (c: string) => {
      buf += c;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('PORT ')) {
          this.port = Number(line.slice(5));
          readyResolve();
          continue;
        }
        this.lines++;
        this.onLine?.(line, now());
        this.waits = this.waits.filter((w) => (this.lines >= w.n ? (w.resolve(), false) : true));
      }
    });
  }
  until(n: number): Promise<void> {
    return this.lines >= n ? Promise.resolve() : new Promise((resolve) => this.waits.push({ n, resolve }));
  }
  stop(): void {
    this.child.kill('SIGKILL');
  }
}

export const statOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { cpuTicks: Number(stat[11]) + Number(stat[12]), rssKb: rss };
};

export async function connectedMesh(nodes: ProcNode[], ms = 30_000): Promise<string[]> {
  const ids = (await Promise.all(nodes.map((n) => n.ready()))).map((r) => r['id'] as string);
  await Promise.all(nodes.flatMap((n, i) => ids.filter((_, j) => j !== i).map((id) => n.peerState(id, 'connected', ms))));
  return ids;
}
