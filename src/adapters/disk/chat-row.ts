import type { NewChat, StoredChat } from '../../wire/ports/index.js';

/** A messages row as SQLite returns it, with who acknowledged it (`delivered`, comma-separated). */
export interface ChatRow {
  id: string;
  from_id: string;
  from_name: string;
  to_id: string | null;
  channel: string | null;
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

/** Every read of chats selects this, so each answer has the same shape. */
const COLUMNS = `m.rowid AS rn, m.id, m.from_id, m.from_name, m.to_id, m.channel, m.content, m.timestamp, m.own, m.legacy, m.seq, m.sig, m.key, m.caught_up,
  (SELECT group_concat(peer_id) FROM outbox o WHERE o.msg_id = m.id AND o.state = 'delivered') AS delivered`;
export const SELECT_CHATS = `SELECT ${COLUMNS} FROM messages m`;

/**
 * An author's chats after `@seq` within a catch-up scope: `@after` is one JSON
 * object (channel → since), so a scope of any size is one statement; a private
 * chat has no channel and never matches. The scope's channels are the outer
 * loop (CROSS JOIN keeps that order), each a range of messages_author_channel_seq:
 * a fresh asker's catch-up passes over the whole past in that index, never its rows.
 */
export const SCOPED_SINCE = `SELECT ${COLUMNS} FROM json_each(@after) s CROSS JOIN messages m ON m.channel = s.key
  WHERE m.from_id = @author AND m.to_id IS NULL AND m.seq > @seq AND m.received_at >= s.value ORDER BY m.seq LIMIT @limit`;

export const storedChat = (r: ChatRow): StoredChat => ({
  id: r.id,
  fromId: r.from_id,
  fromName: r.from_name,
  toId: r.to_id,
  channel: r.channel,
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

/**
 * The row to insert. A private chat is in no channel whatever it says; a
 * channel chat whose caller named none (the core before channels) is `#lan`'s,
 * as everything non-private was before.
 */
export const chatRow = (chat: NewChat, at: number) => ({
  id: chat.id,
  fromId: chat.fromId,
  fromName: chat.fromName,
  toId: chat.toId,
  channel: chat.toId !== null ? null : (chat.channel ?? '#lan'),
  content: chat.content,
  timestamp: chat.timestamp,
  own: chat.own ? 1 : 0,
  legacy: chat.legacy ? 1 : 0,
  at,
  seq: chat.seq ?? null,
  sig: chat.sig ?? null,
  key: chat.key ?? null,
  caughtUp: chat.caughtUp ? 1 : 0,
});
