import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { buildLan, removeLeftovers, type Lan } from './netns-lan.js';
import { ProcNode, tempDataDir, type JsonEvent } from './proc-node.js';

/**
 * The chaos run: a LAN of network namespaces, a node per host, each sending
 * room and private messages at random while hosts are SIGKILLed and restarted
 * (same data dir) and their cables cut and restored. Seeded: the same seed makes
 * the same choices (the network's timing still varies). At the end everything is
 * healed and every store is read: each message its sender showed as sent must be
 * with every intended recipient exactly once.
 */
export interface ChaosOptions {
  readonly seed: number;
  readonly durationMs: number;
  readonly hosts?: number;
  /** How long the healed LAN has to deliver everything owed, ms. */
  readonly settleMs?: number;
  readonly log?: (line: string) => void;
}

export interface ChaosReport {
  readonly seed: number;
  readonly seconds: number;
  readonly messages: number;
  readonly privates: number;
  readonly kills: number;
  readonly cuts: number;
  readonly deliveries: number;
  readonly lost: readonly string[];
  readonly duplicates: readonly string[];
  readonly outOfOrder: readonly string[];
  readonly settledMs: number;
}

/** mulberry32: small, seeded, good enough to pick actions. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAST = [
  '--json',
  '--heartbeat-interval',
  '250ms',
  '--stale-after',
  '1s',
  '--gone-after',
  '3s',
  '--beacon-interval',
  '1s',
  '--history',
  '0',
];
const pace = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Host {
  readonly name: string;
  readonly netns: string;
  readonly dataDir: string;
  /** Every process this host ran, oldest first. */
  readonly runs: ProcNode[];
  node: ProcNode | null;
  cut: boolean;
  id: string;
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const log = opts.log ?? (() => undefined);
  const rand = prng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  removeLeftovers();
  const lan: Lan = buildLan(opts.hosts ?? 4);
  const hosts: Host[] = lan.hosts.map((h, i) => ({
    name: `host${i + 1}`,
    netns: h.netns,
    dataDir: tempDataDir(),
    runs: [],
    node: null,
    cut: false,
    id: '',
  }));
  const start = async (h: Host) => {
    const n = new ProcNode(['--name', h.name, ...FAST], { netns: h.netns, dataDir: h.dataDir });
    h.runs.push(n);
    try {
      h.id = (await n.ready())['id'] as string;
    } catch (e) {
      throw new Error(`${h.name} (cable ${h.cut ? 'cut' : 'in'}) did not start: ${(e as Error).message}; stdout ${n.raw.slice(0, 300)}`, {
        cause: e,
      });
    }
    // Only a node that is up can be killed or typed into again.
    h.node = n;
  };
  const link = (h: Host, up: boolean) => {
    execFileSync('ip', ['-n', h.netns, 'link', 'set', 'eth0', up ? 'up' : 'down']);
    h.cut = !up;
  };
  const timers = new Set<Promise<void>>();
  const later = (ms: number, f: () => Promise<void> | void) => {
    const p = pace(ms)
      .then(f)
      .finally(() => timers.delete(p));
    timers.add(p);
  };
  let kills = 0;
  let cuts = 0;
  let counter = 0;
  const began = Date.now();
  try {
    await Promise.all(hosts.map(start));
    await Promise.all(hosts.flatMap((h) => hosts.filter((o) => o !== h).map((o) => h.node!.peerState(o.id, 'connected', 15_000))));
    log(`chaos: seed ${opts.seed}, ${hosts.length} hosts connected; running ${Math.round(opts.durationMs / 1000)} s`);
    const deadline = Date.now() + opts.durationMs;
    while (Date.now() < deadline) {
      await pace(40 + Math.floor(rand() * 160));
      const alive = hosts.filter((h) => h.node !== null);
      const r = rand();
      const h = pick(alive);
      if (r < 0.62) {
        h.node!.send(`room ${h.name} #${++counter}`);
      } else if (r < 0.85) {
        const to = pick(hosts.filter((o) => o !== h));
        h.node!.send(`/msg ${to.name} private ${h.name}→${to.name} #${++counter}`);
      } else if (r < 0.93) {
        if (alive.length <= 2) continue;
        kills++;
        const n = h.node!;
        h.node = null;
        n.signal('SIGKILL');
        later(500 + Math.floor(rand() * 2500), async () => {
          await n.exited;
          await start(h);
        });
      } else if (!h.cut) {
        cuts++;
        link(h, false);
        later(500 + Math.floor(rand() * 3500), () => link(h, true));
      }
    }
    await Promise.all([...timers]);
    for (const h of hosts) if (h.cut) link(h, true);
    log(`chaos: healed after ${Math.round((Date.now() - began) / 1000)} s; ${kills} kills, ${cuts} cuts`);

    // What each sender showed as sent, in the order it showed it.
    const sent = hosts.flatMap((h) =>
      h.runs.flatMap((n) => n.events.filter((e) => e.event === 'chat' && e['own'] === true).map((e) => ({ from: h, e }))),
    );
    const expected = sent.flatMap(({ from, e }) =>
      (e['private'] === true ? hosts.filter((o) => o.id === e['to_id']) : hosts.filter((o) => o !== from)).map((to) => ({
        id: e['id'] as string,
        to,
        what: `${e['content'] as string} → ${to.name}`,
      })),
    );
    const missing = () => {
      const held = new Map(hosts.map((h) => [h, ids(h.dataDir)]));
      return expected.filter((x) => !held.get(x.to)!.has(x.id));
    };
    const settleStart = Date.now();
    let lost = missing();
    while (lost.length > 0 && Date.now() - settleStart < (opts.settleMs ?? 60_000)) {
      await pace(500);
      lost = missing();
    }
    const settledMs = Date.now() - settleStart;
    log(`chaos: ${sent.length} messages sent, ${expected.length} deliveries owed; ${lost.length} missing after ${settledMs} ms`);
    return {
      seed: opts.seed,
      seconds: Math.round((Date.now() - began) / 1000),
      messages: sent.length,
      privates: sent.filter((s) => s.e['private'] === true).length,
      kills,
      cuts,
      deliveries: expected.length,
      lost: lost.map((x) => x.what),
      duplicates: hosts.flatMap((h) => shownTwice(h)),
      outOfOrder: hosts.flatMap((h) =>
        disordered(
          h,
          sent.map((s) => s.e),
        ),
      ),
      settledMs,
    };
  } finally {
    await Promise.all([...timers].map((p) => p.catch(() => undefined)));
    await Promise.all(hosts.flatMap((h) => h.runs.map((n) => n.stop())));
    for (const h of hosts) if (h.cut) link(h, true);
    lan.destroy();
  }
}

/** The ids in a host's store, read beside the running node (WAL allows a reader). */
function ids(dataDir: string): Set<string> {
  const db = new Database(path.join(dataDir, 'history.db'), { readonly: true, fileMustExist: true });
  try {
    return new Set(
      db
        .prepare<[], { id: string }>('SELECT id FROM messages')
        .all()
        .map((r) => r.id),
    );
  } finally {
    db.close();
  }
}

const received = (n: ProcNode): JsonEvent[] => n.events.filter((e) => e.event === 'chat' && e['own'] !== true);

/** A message shown as a chat more than once by one host, over all its runs. */
function shownTwice(h: Host): string[] {
  const seen = new Map<string, number>();
  for (const e of h.runs.flatMap(received)) seen.set(e['id'] as string, (seen.get(e['id'] as string) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${h.name} showed ${id} ${n} times`);
}

/** Within one run of a host, the messages of one sender that came directly (not caught up) must keep the sender's order. */
function disordered(h: Host, sent: readonly JsonEvent[]): string[] {
  const rank = new Map(sent.map((e, i) => [e['id'] as string, i]));
  const out: string[] = [];
  for (const n of h.runs) {
    const last = new Map<string, number>();
    for (const e of received(n)) {
      if (e['caught_up'] === true) continue;
      const r = rank.get(e['id'] as string);
      if (r === undefined) continue;
      const prev = last.get(e['from_id'] as string) ?? -1;
      if (r < prev) out.push(`${h.name} showed ${e['content'] as string} after a later message of its sender`);
      last.set(e['from_id'] as string, Math.max(prev, r));
    }
  }
  return out;
}
