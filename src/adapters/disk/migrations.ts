import type Database from 'better-sqlite3';

/** Forward migrations of history.db; `user_version` is the number applied. Never edit one that has shipped. */
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
  // v6: channels (issue 23). Every message belongs to one conversation: what was said
  // before channels was said to the whole LAN, so it is #lan's; a private one has none.
  // A peer's #lan membership starts when this node first met it; a migrated peer's
  // first meeting is not known, and its last is the earliest time this node can vouch for.
  // peer_channels is what this node observed itself (catch-up is bounded by it, never
  // by what the asker claims). The index serves catch-up scoped to channels; with
  // received_at in it, what was said before the asker joined is passed over in the index alone.
  `ALTER TABLE messages ADD COLUMN channel TEXT;
   UPDATE messages SET channel = '#lan' WHERE to_id IS NULL;
   ALTER TABLE peers ADD COLUMN first_seen REAL;
   UPDATE peers SET first_seen = last_seen;
   CREATE TABLE peer_channels (
     peer_id TEXT NOT NULL, channel TEXT NOT NULL, since REAL NOT NULL, PRIMARY KEY (peer_id, channel));
   CREATE INDEX messages_author_channel_seq ON messages(from_id, channel, seq, received_at) WHERE to_id IS NULL AND seq IS NOT NULL;
   CREATE INDEX messages_channel ON messages(channel) WHERE channel IS NOT NULL;`,
];

/** Brings `db` forward to version `to` (the latest by default), one transaction per step; returns the version it had. */
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
