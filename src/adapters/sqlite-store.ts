import Database from 'better-sqlite3';
import { Subject } from 'rxjs';
import type { KnownPeer, MessageStore, PendingChat, StoredChat } from '../wire/ports.js';
import type { Chat } from '../wire/protocol/messages.js';

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
];

interface Row {
  id: string; from_id: string; from_name: string; to_id: string | null; content: string; timestamp: number; own: number; legacy: number;
  delivered: string | null;
}

const SELECT = `SELECT m.rowid AS rn, m.id, m.from_id, m.from_name, m.to_id, m.content, m.timestamp, m.own, m.legacy,
  (SELECT group_concat(peer_id) FROM outbox o WHERE o.msg_id = m.id AND o.state = 'delivered') AS delivered FROM messages m`;

const toStored = (r: Row): StoredChat => ({
  id: r.id, fromId: r.from_id, fromName: r.from_name, toId: r.to_id, content: r.content, timestamp: r.timestamp,
  own: r.own === 1, legacy: r.legacy === 1, deliveredTo: r.delivered ? r.delivered.split(',') : [],
});

/** Opens (creating and migrating as needed) `file`; `:memory:` for specs. */
export function migrate(db: Database.Database, to = MIGRATIONS.length): number {
  const from = db.pragma('user_version', { simple: true }) as number;
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
    save: db.prepare(`INSERT OR IGNORE INTO messages (id, from_id, from_name, to_id, content, timestamp, own, legacy, received_at)
      VALUES (@id, @fromId, @fromName, @toId, @content, @timestamp, @own, @legacy, @at)`),
    enqueue: db.prepare('INSERT OR IGNORE INTO outbox (msg_id, peer_id, peer_name, queued_at) VALUES (?, ?, ?, ?)'),
    settle: db.prepare("UPDATE outbox SET state = ?, settled_at = ? WHERE msg_id = ? AND peer_id = ? AND state = 'queued'"),
    pending: db.prepare<[], Row & { peer_id: string; peer_name: string; queued_at: number }>(
      `SELECT m.*, NULL AS delivered, o.peer_id, o.peer_name, o.queued_at FROM outbox o JOIN messages m ON m.id = o.msg_id
       WHERE o.state = 'queued' ORDER BY o.queued_at, m.rowid`),
    recent: db.prepare<[number], Row>(`SELECT * FROM (${SELECT} ORDER BY m.rowid DESC LIMIT ?) ORDER BY rn`),
    withPeer: db.prepare<[string, string, number], Row>(`SELECT * FROM (${SELECT} WHERE m.from_id = ? OR m.to_id = ? ORDER BY m.rowid DESC LIMIT ?) ORDER BY rn`),
    search: db.prepare<[string, number], Row>(
      `${SELECT} WHERE m.rowid IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?) ORDER BY m.rowid DESC LIMIT ?`),
    peers: db.prepare<[], { id: string; name: string; last_seen: number }>('SELECT id, name, last_seen FROM peers ORDER BY last_seen DESC'),
    notePeer: db.prepare('INSERT INTO peers (id, name, last_seen) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, last_seen = excluded.last_seen'),
    prune: db.prepare(`DELETE FROM messages WHERE received_at < ? AND id NOT IN (SELECT msg_id FROM outbox WHERE state = 'queued')`),
  };

  const writes: (() => void)[] = [];
  const unsaved = new Set<string>();
  const committed$ = new Subject<void>();
  let scheduled = false;
  let closed = false;
  const commitAll = db.transaction(() => writes.forEach((w) => w()));
  const flush = () => {
    scheduled = false;
    if (closed || writes.length === 0) return;
    commitAll();
    writes.length = 0;
    unsaved.clear();
    committed$.next();
  };
  const write = (w: () => void) => {
    writes.push(w);
    if (!scheduled) {
      scheduled = true;
      schedule(flush);
    }
  };

  return {
    has: (id) => unsaved.has(id) || st.has.get(id) !== undefined,
    pending: (): PendingChat[] =>
      st.pending.all().map((r) => {
        const chat: Chat = { id: r.id, from_id: r.from_id, from_name: r.from_name, content: r.content, timestamp: r.timestamp, private: r.to_id !== null } as Chat;
        return { peerId: r.peer_id, peerName: r.peer_name, chat, queuedAt: r.queued_at };
      }),
    history: (q) => (q.peerId ? st.withPeer.all(q.peerId, q.peerId, q.limit) : st.recent.all(q.limit)).map(toStored),
    search: (text, limit) => {
      // Each word is a quoted FTS5 string, so user text can never be read as query syntax.
      const query = text.split(/\s+/).filter(Boolean).map((w) => `"${w.replaceAll('"', '""')}"`).join(' ');
      return query ? st.search.all(query, limit).map(toStored) : [];
    },
    knownPeers: (): KnownPeer[] => st.peers.all().map((p) => ({ id: p.id, name: p.name, lastSeen: p.last_seen })),
    save(chat, at) {
      unsaved.add(chat.id);
      write(() => st.save.run({ ...chat, own: chat.own ? 1 : 0, legacy: chat.legacy ? 1 : 0, at }));
    },
    enqueue: (id, peers, at) => write(() => peers.forEach((p) => st.enqueue.run(id, p.id, p.name, at))),
    settle: (id, peerId, state, at) => write(() => st.settle.run(state, at, id, peerId)),
    notePeer: (p) => write(() => st.notePeer.run(p.id, p.name, p.lastSeen)),
    prune: (before) => st.prune.run(before).changes,
    committed$,
    close() {
      flush();
      closed = true;
      committed$.complete();
      db.close();
    },
  };
}
