import Database from 'better-sqlite3';
import { Subject } from 'rxjs';
import type { CatchUpScope, KnownPeer, MessageStore, PendingChat } from '../../wire/ports/index.js';
import { chatOf } from '../../wire/protocol/messages.js';
import { chatRow, SCOPED_SINCE, SELECT_CHATS as SELECT, storedChat, type ChatRow as Row } from './chat-row.js';
import { announced, LAN, membershipTable } from './membership.js';
import { migrate } from './migrations.js';
import { storedTransfer, type TransferRow } from './transfer-row.js';

/**
 * The message store on SQLite (WAL). Writes are queued and committed in one
 * transaction per event-loop turn, so a burst of 1000 chats is one fsync, not
 * 1000; `committed$` fires after each commit, and only then are acks sent.
 */

const FINISHED = "('done', 'failed', 'rejected', 'cancelled')";

/** The scope's bounds for the query: only channels both listed and bounded (a channel with no start passes nothing). */
const bounds = (scope: CatchUpScope): Record<string, number> =>
  Object.fromEntries(
    scope.channels.flatMap((c) => {
      const after = scope.after[c];
      return after !== undefined && Number.isFinite(after) ? [[c, after]] : [];
    }),
  );

/** Opens (creating and migrating as needed) `file`; `:memory:` for specs. */
export function openSqliteStore(file: string, schedule: (flush: () => void) => void = setImmediate): MessageStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // WAL + NORMAL: a commit survives a crash of the process; only a power cut may lose the last one.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 2000');
  migrate(db);

  const st = {
    has: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM messages WHERE id = ?'),
    save: db.prepare(`INSERT OR IGNORE INTO messages (id, from_id, from_name, to_id, channel, content, timestamp, own, legacy, received_at, seq, sig, key, caught_up)
      VALUES (@id, @fromId, @fromName, @toId, @channel, @content, @timestamp, @own, @legacy, @at, @seq, @sig, @key, @caughtUp)`),
    heads: db.prepare<[], { author: string; head: number }>('SELECT author, head FROM heads'),
    beyond: db.prepare<[string, number], { seq: number }>(
      'SELECT seq FROM messages WHERE from_id = ? AND to_id IS NULL AND seq > ? ORDER BY seq',
    ),
    setHead: db.prepare('INSERT INTO heads (author, head) VALUES (?, ?) ON CONFLICT(author) DO UPDATE SET head = excluded.head'),
    lastSeq: db.prepare<[string], { n: number | null }>('SELECT MAX(seq) AS n FROM messages WHERE from_id = ? AND to_id IS NULL'),
    since: db.prepare<[string, string, number, number], Row>(
      `${SELECT} WHERE m.from_id = ? AND m.channel = ? AND m.to_id IS NULL AND m.seq > ? ORDER BY m.seq LIMIT ?`,
    ),
    sinceIn: db.prepare<{ author: string; after: string; seq: number; limit: number }, Row>(SCOPED_SINCE),
    enqueue: db.prepare('INSERT OR IGNORE INTO outbox (msg_id, peer_id, peer_name, queued_at) VALUES (?, ?, ?, ?)'),
    settle: db.prepare("UPDATE outbox SET state = ?, settled_at = ? WHERE msg_id = ? AND peer_id = ? AND state = 'queued'"),
    pending: db.prepare<[], Row & { peer_id: string; peer_name: string; queued_at: number }>(
      `SELECT m.*, NULL AS delivered, o.peer_id, o.peer_name, o.queued_at FROM outbox o JOIN messages m ON m.id = o.msg_id
       WHERE o.state = 'queued' ORDER BY o.queued_at, m.rowid`,
    ),
    recent: db.prepare<[number], Row>(`SELECT * FROM (${SELECT} ORDER BY m.rowid DESC LIMIT ?) ORDER BY rn`),
    withPeer: db.prepare<[string, string, number], Row>(
      `SELECT * FROM (${SELECT} WHERE m.from_id = ? OR m.to_id = ? ORDER BY m.rowid DESC LIMIT ?) ORDER BY rn`,
    ),
    inChannel: db.prepare<[string, number], Row>(`SELECT * FROM (${SELECT} WHERE m.channel = ? ORDER BY m.rowid DESC LIMIT ?) ORDER BY rn`),
    withPeerInChannel: db.prepare<[string, string, number], Row>(
      `SELECT * FROM (${SELECT} WHERE m.channel = ? AND m.from_id = ? ORDER BY m.rowid DESC LIMIT ?) ORDER BY rn`,
    ),
    search: db.prepare<[string, number], Row>(
      `${SELECT} WHERE m.rowid IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?) ORDER BY m.rowid DESC LIMIT ?`,
    ),
    peers: db.prepare<[], { id: string; name: string; last_seen: number; first_seen: number }>(
      'SELECT id, name, last_seen, COALESCE(first_seen, last_seen) AS first_seen FROM peers ORDER BY last_seen DESC',
    ),
    // first_seen is written by the insert only: the first meeting never moves.
    notePeer: db.prepare<[string, string, number, number]>(
      'INSERT INTO peers (id, name, last_seen, first_seen) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, last_seen = excluded.last_seen',
    ),
    prune: db.prepare(`DELETE FROM messages WHERE received_at < ? AND id NOT IN (SELECT msg_id FROM outbox WHERE state = 'queued')`),
    transfers: db.prepare<[], TransferRow>(`SELECT * FROM transfers WHERE phase NOT IN ${FINISHED} ORDER BY updated_at`),
    saveTransfer: db.prepare(`INSERT INTO transfers (id, peer_id, peer_name, direction, offer, source, phase, verified, updated_at)
      VALUES (@id, @peerId, @peerName, @direction, @offer, @source, @phase, @verified, @at)
      ON CONFLICT(id) DO UPDATE SET peer_name = excluded.peer_name, phase = excluded.phase, verified = excluded.verified, updated_at = excluded.updated_at`),
    updateTransfer: db.prepare('UPDATE transfers SET phase = ?, verified = ?, peer_name = ?, updated_at = ? WHERE id = ?'),
  };
  const savedTransfers = new Set<string>();
  const members = membershipTable(db);

  /**
   * Per author: the gap-free head (kept in the heads table) and the sequence
   * numbers held beyond a gap (few; read from the index at open).
   */
  const runs = new Map<string, { head: number; above: Set<number> }>();
  for (const { author, head } of st.heads.all()) runs.set(author, { head, above: new Set(st.beyond.all(author, head).map((r) => r.seq)) });
  const noteSeq = (author: string, seq: number) => {
    const a = runs.get(author) ?? { head: 0, above: new Set<number>() };
    const before = a.head;
    if (seq === a.head + 1) {
      a.head = seq;
      while (a.above.delete(a.head + 1)) a.head++;
    } else if (seq > a.head) a.above.add(seq);
    if (!runs.has(author) || a.head !== before) {
      const head = a.head;
      write(() => st.setHead.run(author, head));
    }
    runs.set(author, a);
  };

  const writes: (() => void)[] = [];
  const unsaved = new Set<string>();
  /**
   * Queued and not yet committed, so a read in the same turn sees them as `has`
   * sees unsaved chats: a peer's Channels frame and its Have can come in one
   * chunk, and its catch-up must be bounded by the membership just announced.
   */
  const unsavedFirstSeen = new Map<string, number>();
  const unsavedMembership = new Map<string, { channels: readonly string[]; at: number }[]>();
  const committed$ = new Subject<void>();
  let scheduled = false;
  let closed = false;
  /** Committed since `committed$` last fired (a flush between turns signals on the turn). */
  let signal = false;
  const commitAll = db.transaction(() => writes.forEach((w) => w()));
  const commitNow = () => {
    if (closed || writes.length === 0) return;
    commitAll();
    writes.length = 0;
    unsaved.clear();
    unsavedFirstSeen.clear();
    unsavedMembership.clear();
    signal = true;
  };
  const turn = () => {
    scheduled = false;
    commitNow();
    if (signal && !closed) {
      signal = false;
      committed$.next();
    }
  };
  const write = (w: () => void) => {
    writes.push(w);
    if (!scheduled) {
      scheduled = true;
      schedule(turn);
    }
  };

  return {
    has: (id) => unsaved.has(id) || st.has.get(id) !== undefined,
    pending: (): PendingChat[] =>
      st.pending.all().flatMap((r) => {
        const fields = {
          id: r.id,
          from_id: r.from_id,
          from_name: r.from_name,
          content: r.content,
          timestamp: r.timestamp,
          private: r.to_id !== null,
          // A channel's message is resent in its channel (a #lan one names none, as it was sent).
          ...(r.to_id === null && r.channel !== null && r.channel !== LAN ? { channel: r.channel } : {}),
        };
        // A row that no longer decodes (edited by hand, say) is not resent: it would be refused anyway.
        const chat = chatOf(r.seq !== null && r.sig !== null ? { ...fields, seq: r.seq, sig: r.sig } : fields);
        return chat ? [{ peerId: r.peer_id, peerName: r.peer_name, chat, queuedAt: r.queued_at }] : [];
      }),
    history: (q) => {
      const rows =
        q.channel !== undefined
          ? q.peerId !== undefined
            ? st.withPeerInChannel.all(q.channel, q.peerId, q.limit)
            : st.inChannel.all(q.channel, q.limit)
          : q.peerId !== undefined
            ? st.withPeer.all(q.peerId, q.peerId, q.limit)
            : st.recent.all(q.limit);
      return rows.map(storedChat);
    },
    search: (text, limit) => {
      // Each word is a quoted FTS5 string, so user text can never be read as query syntax.
      const query = text
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => `"${w.replaceAll('"', '""')}"`)
        .join(' ');
      return query ? st.search.all(query, limit).map(storedChat) : [];
    },
    knownPeers: (): KnownPeer[] => st.peers.all().map((p) => ({ id: p.id, name: p.name, lastSeen: p.last_seen, firstSeen: p.first_seen })),
    heads: () => Object.fromEntries([...runs].map(([author, r]) => [author, r.head])),
    lastSeq: (authorId) => st.lastSeq.get(authorId)?.n ?? 0,
    since: (authorId, seq, limit, scope) =>
      (scope === undefined
        ? st.since.all(authorId, LAN, seq, limit)
        : st.sinceIn.all({ author: authorId, after: JSON.stringify(bounds(scope)), seq, limit })
      ).map(storedChat),
    save(chat, at) {
      if (unsaved.has(chat.id)) return;
      unsaved.add(chat.id);
      if (chat.toId === null && chat.seq !== undefined) noteSeq(chat.fromId, chat.seq);
      write(() => st.save.run(chatRow(chat, at)));
    },
    enqueue: (id, peers, at) => write(() => peers.forEach((p) => st.enqueue.run(id, p.id, p.name, at))),
    settle: (id, peerId, state, at) => write(() => st.settle.run(state, at, id, peerId)),
    notePeer: (p) => {
      if (!unsavedFirstSeen.has(p.id)) unsavedFirstSeen.set(p.id, p.lastSeen);
      write(() => st.notePeer.run(p.id, p.name, p.lastSeen, p.lastSeen));
    },
    noteMembership: (peerId, channels, at) => {
      const list = [...channels];
      unsavedMembership.set(peerId, [...(unsavedMembership.get(peerId) ?? []), { channels: list, at }]);
      write(() => members.note(peerId, list, at));
    },
    memberSince: (peerId) => {
      const channels = (unsavedMembership.get(peerId) ?? []).reduce((c, a) => announced(c, a.channels, a.at), members.channels(peerId));
      const first = members.firstSeen(peerId) ?? unsavedFirstSeen.get(peerId);
      return first !== undefined ? { ...channels, [LAN]: first } : channels;
    },
    transfers: () => st.transfers.all().flatMap((r) => storedTransfer(r) ?? []),
    saveTransfer: (t) => {
      // The offer (up to ~100 kB of hashes) is written once; each verified piece after that updates a row's state.
      if (savedTransfers.has(t.id)) return write(() => st.updateTransfer.run(t.phase, t.verified, t.peerName, t.at, t.id));
      savedTransfers.add(t.id);
      write(() => st.saveTransfer.run({ ...t, offer: JSON.stringify(t.offer), source: t.source, at: t.at }));
    },
    flush: commitNow,
    sync() {
      signal = true;
      if (!scheduled) {
        scheduled = true;
        schedule(turn);
      }
    },
    prune: (before) => st.prune.run(before).changes,
    committed$,
    close() {
      turn();
      closed = true;
      committed$.complete();
      db.close();
    },
  };
}
