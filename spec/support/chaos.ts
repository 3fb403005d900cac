import * as E from 'fp-ts/lib/Either.js';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import {
  disordered,
  heldAboveHead,
  linkedBeforeJoin,
  leaksTo,
  misfiledAt,
  owedOf,
  refusals,
  sentBy,
  shownTwice,
  stored,
  type Conversation,
  type Host,
  type Owed,
  type Run,
} from './chaos-verdict.js';
import { lanChannelId } from '../../src/wire/protocol/channel-id.js';
import { buildLan, removeLeftovers, type Lan } from './netns-lan.js';
import { ProcNode, tempDataDir, type JsonEvent } from './proc-node.js';

/**
 * The chaos run: a LAN of network namespaces, a node per host, each sending
 * `#lan`, `#ops` (a second channel a fixed subset of the hosts is in) and private
 * messages at random while hosts are SIGKILLed and restarted (same data dir) and
 * their cables cut and restored. Membership lasts a run, so each restarted member
 * joins `#ops` again as soon as it is ready. Seeded: the same seed makes the same
 * choices (the network's timing still varies). At the end everything is healed
 * and every store is read: each message its sender showed as sent must be with
 * every intended recipient exactly once, and nothing of `#ops` with a non-member.
 */
export interface ChaosOptions {
  readonly seed: number;
  readonly durationMs: number;
  readonly hosts?: number;
  /** How long the healed LAN has to deliver everything owed, ms. */
  readonly settleMs?: number;
  readonly log?: (line: string) => void;
  /** How long a restarted member waits after ready before it joins `#ops` again (a user typing it); 0 in the spec. */
  readonly rejoinDelayMs?: number;
}

/** One conversation's figures: messages shown as sent, deliveries owed, and those never made. */
export interface ConversationFigures {
  readonly messages: number;
  readonly deliveries: number;
  readonly lost: number;
}

export interface ChaosReport {
  readonly seed: number;
  readonly seconds: number;
  readonly messages: number;
  readonly privates: number;
  readonly kills: number;
  readonly cuts: number;
  readonly deliveries: number;
  /** The hosts in `#ops` (the others must never hold any of it). */
  readonly members: readonly string[];
  readonly byConversation: Readonly<Record<Conversation, ConversationFigures>>;
  /** `#ops` messages sent to a member between its restart and its join (not promised), and how many it got anyway. */
  readonly unpromised: { readonly deliveries: number; readonly arrived: number };
  /** Restarts of members linked to a peer before they had joined again. */
  readonly linkedBeforeJoin: number;
  /** NOT_A_MEMBER refusals members said (a restarted member not yet joined is sent #ops: dropped, acknowledged). */
  readonly refusals: number;
  /** Per host, room messages held above its gap-free head (what its Have cannot say it holds). */
  readonly aboveHead: Readonly<Record<string, number>>;
  readonly lost: readonly string[];
  readonly duplicates: readonly string[];
  readonly outOfOrder: readonly string[];
  /** Any trace of an `#ops` message on a non-member: shown, printed, stored. */
  readonly leaks: readonly string[];
  /** A message a recipient keeps in another conversation than its sender's. */
  readonly misfiled: readonly string[];
  readonly settledMs: number;
}

/** The second channel, as typed (and in --json) and as its wire id (in the stores). */
const OPS = '#ops';
const OPS_ID = ((id = lanChannelId(OPS)) => (E.isRight(id) ? id.right : OPS))();
/** How long a member's (re)join has to reach the others before it is owed what they send. */
const JOIN_GRACE_MS = 500;

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
/** The members present in a channel, as a `/channels` answer lists them. */
function membersOf(e: JsonEvent, name: string): unknown[] {
  const list: unknown = e['channels'];
  const c: unknown = Array.isArray(list)
    ? list.find((x: unknown) => typeof x === 'object' && x !== null && 'name' in x && x.name === name)
    : undefined;
  return typeof c === 'object' && c !== null && 'members' in c && Array.isArray(c.members) ? c.members : [];
}
const pace = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const log = opts.log ?? (() => undefined);
  const rand = prng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  removeLeftovers();
  const lan: Lan = buildLan(opts.hosts ?? 4);
  // Every host but the last is in #ops: one outsider to leak to, and members enough to relay among themselves.
  const memberCount = Math.max(2, lan.hosts.length - 1);
  const hosts: Host[] = lan.hosts.map((h, i) => ({
    name: `host${i + 1}`,
    netns: h.netns,
    dataDir: tempDataDir(),
    member: i < memberCount,
    runs: [],
    node: null,
    cut: false,
    id: '',
  }));
  const start = async (h: Host) => {
    const n = new ProcNode(['--name', h.name, ...FAST], { netns: h.netns, dataDir: h.dataDir });
    const run: Run = { node: n, readyAt: null, joinedAt: null, killedAt: null };
    h.runs.push(run);
    try {
      const ready = await n.ready();
      h.id = ready['id'] as string;
      run.readyAt = n.times[n.events.indexOf(ready)] ?? performance.now();
      if (h.member) {
        if (h.runs.length > 1 && (opts.rejoinDelayMs ?? 0) > 0) await pace(opts.rejoinDelayMs ?? 0);
        // As a user would, as soon as it is up: membership is not kept across restarts. Plain lines stay #lan's.
        n.send(`/join ${OPS}`);
        n.send('/go #lan');
        const joined = await n.waitFor((e) => e.event === 'joined' && e['act'] === 'join', 10_000, `${h.name} joining ${OPS}`);
        run.joinedAt = n.times[n.events.indexOf(joined)] ?? performance.now();
      }
    } catch (e) {
      throw new Error(`${h.name} (cable ${h.cut ? 'cut' : 'in'}) did not start: ${(e as Error).message}; stdout ${n.raw.slice(0, 300)}`, {
        cause: e,
      });
    }
    // Only a node that is up (and back in its channels) can be killed or typed into again.
    h.node = n;
  };
  const link = (h: Host, up: boolean) => {
    execFileSync('ip', ['-n', h.netns, 'link', 'set', 'eth0', up ? 'up' : 'down']);
    h.cut = !up;
  };
  /** Until each member lists every other as present in #ops: the run starts with membership known everywhere. */
  const membersKnown = async (h: Host) => {
    const others = hosts.filter((o) => o.member && o !== h).map((o) => o.id);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const n = h.node!;
      const seen = n.events.length;
      n.send('/channels');
      const c = await n.waitFor((e) => e.event === 'channels' && n.events.indexOf(e) >= seen, 5_000, `${h.name} /channels`);
      const present = membersOf(c, OPS);
      if (others.every((id) => present.includes(id))) return;
      if (Date.now() > deadline) throw new Error(`${h.name} sees ${JSON.stringify(present)} in ${OPS}, not all of ${others.join(', ')}`);
      await pace(100);
    }
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
    await Promise.all(hosts.filter((h) => h.member).map(membersKnown));
    log(
      `chaos: seed ${opts.seed}, ${hosts.length} hosts connected, ${hosts.filter((h) => h.member).length} in ${OPS}; running ${Math.round(opts.durationMs / 1000)} s`,
    );
    const deadline = Date.now() + opts.durationMs;
    while (Date.now() < deadline) {
      await pace(40 + Math.floor(rand() * 160));
      const alive = hosts.filter((h) => h.node !== null);
      const r = rand();
      const h = pick(alive);
      if (r < 0.62) {
        // Half of these go to #ops when the sender is a member; #lan as a plain line, #ops without switching.
        if (r >= 0.31 && h.member) h.node!.send(`/msg ${OPS} ops ${h.name} #${++counter}`);
        else h.node!.send(`room ${h.name} #${++counter}`);
      } else if (r < 0.85) {
        const to = pick(hosts.filter((o) => o !== h));
        h.node!.send(`/msg ${to.name} private ${h.name}→${to.name} #${++counter}`);
      } else if (r < 0.93) {
        if (alive.length <= 2) continue;
        kills++;
        const n = h.node!;
        h.node = null;
        n.signal('SIGKILL');
        const run = h.runs.at(-1);
        if (run !== undefined) run.killedAt = performance.now();
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

    const sent = sentBy(hosts, OPS);
    const { owed, unpromised } = owedOf(hosts, sent, JOIN_GRACE_MS);
    const missingOf = (xs: readonly Owed[]) => {
      const held = new Map(hosts.map((h) => [h, stored(h.dataDir)]));
      return xs.filter((x) => !held.get(x.to)!.has(x.id));
    };
    const settleStart = Date.now();
    let lost = missingOf(owed);
    while (lost.length > 0 && Date.now() - settleStart < (opts.settleMs ?? 60_000)) {
      await pace(500);
      lost = missingOf(owed);
    }
    const settledMs = Date.now() - settleStart;
    log(`chaos: ${sent.length} messages sent, ${owed.length} deliveries owed; ${lost.length} missing after ${settledMs} ms`);
    const ops = sent.filter((s) => s.kind === 'ops');
    const opsIds = new Set(ops.map((s) => s.e['id'] as string));
    const opsTexts = ops.map((s) => s.e['content'] as string);
    const figures = (kind: Conversation): ConversationFigures => ({
      messages: sent.filter((s) => s.kind === kind).length,
      deliveries: owed.filter((x) => x.kind === kind).length,
      lost: lost.filter((x) => x.kind === kind).length,
    });
    return {
      seed: opts.seed,
      seconds: Math.round((Date.now() - began) / 1000),
      messages: sent.length,
      privates: sent.filter((s) => s.kind === 'private').length,
      kills,
      cuts,
      deliveries: owed.length,
      members: hosts.filter((h) => h.member).map((h) => h.name),
      byConversation: { lan: figures('lan'), ops: figures('ops'), private: figures('private') },
      unpromised: { deliveries: unpromised.length, arrived: unpromised.length - missingOf(unpromised).length },
      linkedBeforeJoin: linkedBeforeJoin(hosts),
      refusals: refusals(hosts),
      aboveHead: Object.fromEntries(hosts.map((h) => [h.name, heldAboveHead(h)])),
      lost: lost.map((x) => x.what),
      duplicates: hosts.flatMap((h) => shownTwice(h)),
      outOfOrder: hosts.flatMap((h) =>
        disordered(
          h,
          sent.map((s) => s.e),
        ),
      ),
      leaks: hosts.flatMap((h) => leaksTo(h, OPS, OPS_ID, opsIds, opsTexts)),
      misfiled: hosts.flatMap((h) => misfiledAt(h, sent, OPS_ID)),
      settledMs,
    };
  } finally {
    await Promise.all([...timers].map((p) => p.catch(() => undefined)));
    await Promise.all(hosts.flatMap((h) => h.runs.map((r) => r.node.stop())));
    for (const h of hosts) if (h.cut) link(h, true);
    lan.destroy();
  }
}
