import Database from 'better-sqlite3';
import { Subject } from 'rxjs';
import type { KnownPeer, MessageStore, PendingChat, StoredChat } from '../../wire/ports/index.js';
import { chatOf } from '../../wire/protocol/messages.js';
import { storedTransfer, type TransferRow } from './transfer-row.js';

/**
 * The message store on SQLite (WAL). Writes are queued and committed in one
 * transaction per event-loop turn, so a burst of 1000 chats is one fsync, not
 * 1000; `committed$` fires after each commit, and only then are acks sent.
 */

/** Forward migrations; `user_version` is the number applied. Never edit one that has shipped. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE messages (
     id TEXT PRIMARY KEY, from_id TEXT NOT NULL, from_name TEXT NOT NULL, to_id TEXT,
     content TEXT NOT NULL, timestamp INTEGER NOT NULL, own INTEGER NOT NULL, legacy INTEGER NOT NULL,
     received_at REAL NOT NULL);
   CREATE INDEX messages_received ON messages(received_at);
   CREATE TABLE outbox (
     msg_id TEXT NOT NULL, peer_id TEXT NOT NULL, peer_name TEXT NOT NULL, queued_at REAL NOT NULL,
     state TEXT NOT NULL DEFAULT 'queued', settled_at REAL, PRIMARY KEY (msg_id, peer_id));
   CREATE TABLE peers (id TEXT PRIMARY KEY, name TEXT NOT NULL, last_seen REAL NOT NULL);`,
  // v2: full-text search over what was said.
  `CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', content_rowid='rowid');
   INSERT INTO messages_fts(rowid, content) SELECT rowid, content FROM messages;
   CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
     INSERT INTO messages_fts(rowid, content) VALUES (new.rowid, new.content); END;
   CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
     INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content); END;`,
  // v3: room messages carry their author's sequence number, signature and key (catch-up passes them on).
  `ALTER TABLE messages ADD COLUMN seq INTEGER;
   ALTER TABLE messages ADD COLUMN sig TEXT;
   ALTER TABLE messages ADD COLUMN key TEXT;
   ALTER TABLE messages ADD COLUMN caught_up INTEGER NOT NULL DEFAULT 0;
   CREATE INDEX messages_author_seq ON messages(from_id, seq) WHERE to_id IS NULL AND seq IS NOT NULL;`,
  // v4: each author's gap-free head is kept, so a node with a long history need not
  // recount it at start (seq - row_number is 0 exactly while a sequence runs 1, 2, 3 …).
  `CREATE TABLE heads (author TEXT PRIMARY KEY, head INTEGER NOT NULL);
   INSERT INTO heads (author, head)
     SELECT from_id, MAX(CASE WHEN g = 0 THEN seq ELSE 0 END) FROM (
       SELECT from_id, seq, seq - ROW_NUMBER() OVER (PARTITION BY from_id ORDER BY seq) AS g
       FROM messages WHERE to_id IS NULL AND seq IS NOT NULL)
     GROUP BY from_id;`,
  // v5: file transfers, to resume after a restart (issue 13).
  `CREATE TABLE transfers (
     id TEXT PRIMARY KEY, peer_id TEXT NOT NULL, peer_name TEXT NOT NULL, direction TEXT NOT NULL,
     offer TEXT NOT NULL, source TEXT, phase TEXT NOT NULL, verified TEXT NOT NULL, updated_at REAL NOT NULL);`,
];

const FINISHED = "('done', 'failed', 'rejected', 'cancelled')";

interface Row {
  id: string;
  from_id: string;
  from_name: string;
  to_id: string | null;
  content: string;
  timestamp: number;
  own: number;
  legacy: number;
  delivered: string | null;
  seq: number | null;
  sig: string | null;
  key: string | null;
  caught_up: number;
}

const SELECT = `SELECT m.rowid AS rn, m.id, m.from_id, m.from_name, m.to_id, m.content, m.timestamp, m.own, m.legacy, m.seq, m.sig, m.key, m.caught_up,
  (SELECT group_concat(peer_id) FROM outbox o WHERE o.msg_id = m.id AND o.state = 'delivered') AS delivered FROM messages m`;

const toStored = (r: Row): StoredChat => ({
  id: r.id,
  fromId: r.from_id,
  fromName: r.from_name,
  toId: r.to_id,
  content: r.content,
  timestamp: r.timestamp,
  own: r.own === 1,
  legacy: r.legacy === 1,
  deliveredTo: r.delivered ? r.delivered.split(',') : [],
  ...(r.seq !== null ? { seq: r.seq } : {}),
  ...(r.sig !== null ? { sig: r.sig } : {}),
  ...(r.key !== null ? { key: r.key } : {}),
  ...(r.caught_up === 1 ? { caughtUp: true } : {}),
});

/** Opens (creating and migrating as needed) `file`; `:memory:` for specs. */
export function migrate(db: Database.Database, to = MIGRATIONS.length): number {
  const from = Number(db.pragma('user_version', { simple: true }));
  for (let v = from; v < to; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return from;
}

export function openSqliteStore(file: string, schedule: (flush: () => void) => void = setImmediate): MessageStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // WAL + NORMAL: a commit survives a crash of the process; only a power cut may lose the last one.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 2000');
  migrate(db);

  const st = {
    has: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM messages WHERE id = ?'),
    save: db.prepare(`INSERT OR IGNORE INTO messages (id, from_id, from_name, to_id, content, timestamp, own, legacy, received_at, seq, sig, key, caught_up)
      VALUES (@id, @fromId, @fromName, @toId, @content, @timestamp, @own, @legacy, @at, @seq, @sig, @key, @caughtUp)`),
    heads: db.prepare<[], { author: string; head: number }>('SELECT author, head FROM heads'),
    beyond: db.prepare<[string, number], { seq: number }>(
      'SELECT seq FROM messages WHERE from_id = ? AND to_id IS NULL AND seq > ? ORDER BY seq',
    ),
    setHead: db.prepare('INSERT INTO heads (author, head) VALUES (?, ?) ON CONFLICT(author) DO UPDATE SET head = excluded.head'),
    lastSeq: db.prepare<[string], { n: number | null }>('SELECT MAX(seq) AS n FROM messages WHERE from_id = ? AND to_id IS NULL'),
    since: db.prepare<[string, number, number], Row>(
      `${SELECT} WHERE m.from_id = ? AND m.to_id IS NULL AND m.seq > ? ORDER BY m.seq LIMIT ?`,
    ),
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
    search: db.prepare<[string, number], Row>(
      `${SELECT} WHERE m.rowid IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?) ORDER BY m.rowid DESC LIMIT ?`,
    ),
    peers: db.prepare<[], { id: string; name: string; last_seen: number }>('SELECT id, name, last_seen FROM peers ORDER BY last_seen DESC'),
    notePeer: db.prepare(
      'INSERT INTO peers (id, name, last_seen) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, last_seen = excluded.last_seen',
    ),
    prune: db.prepare(`DELETE FROM messages WHERE received_at < ? AND id NOT IN (SELECT msg_id FROM outbox WHERE state = 'queued')`),
    transfers: db.prepare<[], TransferRow>(`SELECT * FROM transfers WHERE phase NOT IN ${FINISHED} ORDER BY updated_at`),
    saveTransfer: db.prepare(`INSERT INTO transfers (id, peer_id, peer_name, direction, offer, source, phase, verified, updated_at)
      VALUES (@id, @peerId, @peerName, @direction, @offer, @source, @phase, @verified, @at)
      ON CONFLICT(id) DO UPDATE SET peer_name = excluded.peer_name, phase = excluded.phase, verified = excluded.verified, updated_at = excluded.updated_at`),
    updateTransfer: db.prepare('UPDATE transfers SET phase = ?, verified = ?, peer_name = ?, updated_at = ? WHERE id = ?'),
  };
  const savedTransfers = new Set<string>();

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
        };
        // A row that no longer decodes (edited by hand, say) is not resent: it would be refused anyway.
        const chat = chatOf(r.seq !== null && r.sig !== null ? { ...fields, seq: r.seq, sig: r.sig } : fields);
        return chat ? [{ peerId: r.peer_id, peerName: r.peer_name, chat, queuedAt: r.queued_at }] : [];
      }),
    history: (q) => (q.peerId ? st.withPeer.all(q.peerId, q.peerId, q.limit) : st.recent.all(q.limit)).map(toStored),
    search: (text, limit) => {
      // Each word is a quoted FTS5 string, so user text can never be read as query syntax.
      const query = text
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => `"${w.replaceAll('"', '""')}"`)
        .join(' ');
      return query ? st.search.all(query, limit).map(toStored) : [];
    },
    knownPeers: (): KnownPeer[] => st.peers.all().map((p) => ({ id: p.id, name: p.name, lastSeen: p.last_seen })),
    heads: () => Object.fromEntries([...runs].map(([author, r]) => [author, r.head])),
    lastSeq: (authorId) => st.lastSeq.get(authorId)?.n ?? 0,
    since: (authorId, seq, limit) => st.since.all(authorId, seq, limit).map(toStored),
    save(chat, at) {
      if (unsaved.has(chat.id)) return;
      unsaved.add(chat.id);
      if (chat.toId === null && chat.seq !== undefined) noteSeq(chat.fromId, chat.seq);
      write(() =>
        st.save.run({
          id: chat.id,
          fromId: chat.fromId,
          fromName: chat.fromName,
          toId: chat.toId,
          content: chat.content,
          timestamp: chat.timestamp,
          own: chat.own ? 1 : 0,
          legacy: chat.legacy ? 1 : 0,
          at,
          seq: chat.seq ?? null,
          sig: chat.sig ?? null,
          key: chat.key ?? null,
          caughtUp: chat.caughtUp ? 1 : 0,
        }),
      );
    },
    enqueue: (id, peers, at) => write(() => peers.forEach((p) => st.enqueue.run(id, p.id, p.name, at))),
    settle: (id, peerId, state, at) => write(() => st.settle.run(state, at, id, peerId)),
    notePeer: (p) => write(() => st.notePeer.run(p.id, p.name, p.lastSeen)),
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
