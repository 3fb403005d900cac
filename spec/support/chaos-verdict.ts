import Database from 'better-sqlite3';
import path from 'node:path';
import type { JsonEvent, ProcNode } from './proc-node.js';

/**
 * What the chaos run is judged by, once healed: who was owed each message shown
 * as sent, what the stores hold, what was shown twice or out of order, and what
 * of a channel reached a host outside it. Times are the test's clock
 * (performance.now(), as ProcNode stamps its events).
 */

/** One process of a host: ready, joined its channel (if it is a member), killed. */
export interface Run {
  readonly node: ProcNode;
  readyAt: number | null;
  joinedAt: number | null;
  killedAt: number | null;
}

export interface Host {
  readonly name: string;
  readonly netns: string;
  readonly dataDir: string;
  /** In the second channel: re-joined by every run as soon as it is ready. */
  readonly member: boolean;
  /** Every process this host ran, oldest first. */
  readonly runs: Run[];
  node: ProcNode | null;
  cut: boolean;
  id: string;
}

export type Conversation = 'lan' | 'ops' | 'private';

export interface Sent {
  readonly from: Host;
  readonly e: JsonEvent;
  readonly at: number;
  readonly kind: Conversation;
}

export interface Owed {
  readonly id: string;
  readonly to: Host;
  readonly kind: Conversation;
  readonly what: string;
}

/** What each sender showed as sent, in the order it showed it, with when. */
export function sentBy(hosts: readonly Host[], channel: string): Sent[] {
  return hosts.flatMap((from) =>
    from.runs.flatMap(({ node }) =>
      node.events.flatMap((e, i): Sent[] =>
        e.event === 'chat' && e['own'] === true
          ? [{ from, e, at: node.times[i] ?? 0, kind: e['private'] === true ? 'private' : e['channel'] === channel ? 'ops' : 'lan' }]
          : [],
      ),
    ),
  );
}

/**
 * Whether a member is owed the channel's messages sent at `at`: from its first join on,
 * except while a restarted run was up and had not joined again yet (plus `graceMs`, for
 * its announcement to reach the others). While it was down (or starting) it stays a
 * member: its peers saw it join before, so catch-up owes it what it missed.
 */
const inChannelAt = (h: Host, at: number, graceMs: number): boolean => {
  const first = h.runs[0]?.joinedAt;
  if (!h.member || first === undefined || first === null || at < first + graceMs) return false;
  return h.runs.slice(1).every((r) => r.readyAt === null || at < r.readyAt || at >= (r.joinedAt ?? r.killedAt ?? Infinity) + graceMs);
};

/** Whether a host was down (killed, its next run not yet ready) at `at`: says how a lost message was owed. */
const downAt = (h: Host, at: number): boolean =>
  h.runs.some((r, i) => r.killedAt !== null && at >= r.killedAt && at < (h.runs[i + 1]?.readyAt ?? Infinity));

/** Each delivery owed, and the channel messages sent to a member between its restart and its join (not promised). */
export function owedOf(hosts: readonly Host[], sent: readonly Sent[], graceMs: number): { owed: Owed[]; unpromised: Owed[] } {
  const owed: Owed[] = [];
  const unpromised: Owed[] = [];
  for (const { from, e, at, kind } of sent) {
    const to =
      kind === 'private' ? hosts.filter((o) => o.id === e['to_id']) : hosts.filter((o) => o !== from && (kind === 'lan' || o.member));
    for (const h of to) {
      const x = {
        id: e['id'] as string,
        to: h,
        kind,
        what: `${e['content'] as string} → ${h.name}${downAt(h, at) ? ' (sent while it was down)' : ''}`,
      };
      (kind !== 'ops' || inChannelAt(h, at, graceMs) ? owed : unpromised).push(x);
    }
  }
  return { owed, unpromised };
}

/** The chats a member refused as of a channel one of them was not in (NOT_A_MEMBER, said once per peer and channel in a run). */
export function refusals(hosts: readonly Host[]): number {
  return hosts
    .filter((h) => h.member)
    .flatMap((h) => h.runs)
    .reduce((n, { node }) => n + node.events.filter((e) => e.event === 'error' && e['code'] === 'NOT_A_MEMBER').length, 0);
}

/** The restarts of members that were linked to a peer before they had joined again (their first catch-up is then of `#lan` only). */
export function linkedBeforeJoin(hosts: readonly Host[]): number {
  return hosts
    .filter((h) => h.member)
    .flatMap((h) => h.runs.slice(1))
    .filter(
      ({ node, joinedAt }) =>
        joinedAt !== null &&
        node.events.some((e, i) => e.event === 'peer' && e['state'] === 'connected' && (node.times[i] ?? 0) < joinedAt),
    ).length;
}

/**
 * Room messages a host holds above its gap-free head (the `heads` table, which its Have
 * tells): one sequence runs over all of an author's channels, so a message of a channel
 * the host is not in is a gap it never fills, and catch-up starts below it every time.
 */
export function heldAboveHead(h: Host): number {
  const db = new Database(path.join(h.dataDir, 'history.db'), { readonly: true, fileMustExist: true });
  try {
    return (
      db
        .prepare<[], { n: number | null }>(
          `SELECT COUNT(*) AS n FROM messages m JOIN heads h ON h.author = m.from_id WHERE m.to_id IS NULL AND m.seq > h.head`,
        )
        .get()?.n ?? 0
    );
  } finally {
    db.close();
  }
}

/** A host's store: each message id with its channel and content, read beside the running node (WAL allows a reader). */
export function stored(dataDir: string): Map<string, { channel: string | null; content: string }> {
  const db = new Database(path.join(dataDir, 'history.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare<[], { id: string; channel: string | null; content: string }>('SELECT id, channel, content FROM messages').all();
    return new Map(rows.map((r) => [r.id, { channel: r.channel, content: r.content }]));
  } finally {
    db.close();
  }
}

/** Any trace of the channel's messages with a host outside it: a chat shown, a line printed, a row kept. */
export function leaksTo(h: Host, channel: string, channelId: string, opsIds: ReadonlySet<string>, opsTexts: readonly string[]): string[] {
  if (h.member) return [];
  const out: string[] = [];
  for (const { node } of h.runs) {
    for (const e of node.events)
      if (e.event === 'chat' && (e['channel'] === channel || opsIds.has(e['id'] as string)))
        out.push(`${h.name} showed ${e['content'] as string}`);
    for (const t of opsTexts) if (node.raw.includes(t)) out.push(`${h.name} printed "${t}"`);
  }
  for (const [id, m] of stored(h.dataDir))
    if (opsIds.has(id) || m.channel === channelId) out.push(`${h.name} stored ${m.content} (${m.channel ?? 'private'})`);
  return [...new Set(out)];
}

/** A message kept in another conversation than the one it was sent to. */
export function misfiledAt(h: Host, sent: readonly Sent[], channelId: string): string[] {
  const want = new Map(sent.map((s) => [s.e['id'] as string, s.kind === 'private' ? null : s.kind === 'ops' ? channelId : '#lan']));
  return [...stored(h.dataDir)]
    .filter(([id, m]) => want.has(id) && want.get(id) !== m.channel)
    .map(([id, m]) => `${h.name} keeps ${m.content} (${id}) in ${m.channel ?? 'private'}`);
}

const received = (n: ProcNode): JsonEvent[] => n.events.filter((e) => e.event === 'chat' && e['own'] !== true);

/** A message shown as a chat more than once by one host, over all its runs. */
export function shownTwice(h: Host): string[] {
  const seen = new Map<string, number>();
  for (const e of h.runs.flatMap((r) => received(r.node))) seen.set(e['id'] as string, (seen.get(e['id'] as string) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${h.name} showed ${id} ${n} times`);
}

/** Within one run of a host, the messages of one sender that came directly (not caught up) must keep the sender's order. */
export function disordered(h: Host, sent: readonly JsonEvent[]): string[] {
  const rank = new Map(sent.map((e, i) => [e['id'] as string, i]));
  const out: string[] = [];
  for (const { node } of h.runs) {
    const last = new Map<string, number>();
    for (const e of received(node)) {
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
