import type { Observable } from 'rxjs';
import type { IdChat } from '../protocol/messages.js';
import type { StoredTransfer } from './stored-transfer.js';

/** A chat as the store keeps it (own or received), with who has it (own messages only). */
export interface StoredChat {
  readonly id: string;
  readonly fromId: string;
  readonly fromName: string;
  /** The one recipient of a private message; null for a channel's. */
  readonly toId: string | null;
  /** The channel it was said in (`'#lan'`, `'#team'`, `'~…'`); null exactly when it is private. */
  readonly channel: string | null;
  readonly content: string;
  /** The author's time, unix seconds. */
  readonly timestamp: number;
  readonly own: boolean;
  readonly legacy: boolean;
  /** Peers that acknowledged an own message (committed to their store). */
  readonly deliveredTo: readonly string[];
  /** Channel messages: the author's sequence number, signature and key, so they can be passed on. */
  readonly seq?: number;
  readonly sig?: string;
  readonly key?: string;
  /** Came by catch-up, passed on by another peer. */
  readonly caughtUp?: boolean;
}

/** One own message still owed to one recipient: what the outbox resends. */
export interface PendingChat {
  readonly peerId: string;
  readonly peerName: string;
  readonly chat: IdChat;
  /** When it was queued, ms on the node's clock. */
  readonly queuedAt: number;
}

/**
 * A chat to keep. A caller that does not know channels yet may leave `channel`
 * out: a non-private chat (`toId === null`) is then kept in `'#lan'`, a private one in none.
 */
export type NewChat = Omit<StoredChat, 'channel'> & { readonly channel?: string | null };

export interface KnownPeer {
  readonly id: string;
  readonly name: string;
  readonly lastSeen: number;
  /** When this node first linked it (ms, its own clock): its `#lan` membership starts there. */
  readonly firstSeen: number;
}

/**
 * Which channels' messages a catch-up may pass on: only those in `channels`, and
 * of each only what this node received at or after `after[channel]` (when it
 * observed the asker join). A channel listed without an `after` passes nothing.
 */
export interface CatchUpScope {
  readonly channels: readonly string[];
  readonly after: Readonly<Record<string, number>>;
}

/**
 * The node's memory: every chat sent or received, the outbox, the peers met.
 * Reads answer at once; writes are queued and committed together once per
 * event-loop turn, and `committed$` says when a commit is on disk.
 */
export interface MessageStore {
  readonly has: (id: string) => boolean;
  readonly pending: () => PendingChat[];
  /**
   * The last `limit` chats, oldest first; only those with `peerId` (from or to it)
   * when given, only those of `channel` when given (both: both).
   */
  readonly history: (q: { readonly peerId?: string; readonly channel?: string; readonly limit: number }) => StoredChat[];
  /** Full-text search across every conversation, newest first (each hit has its channel). */
  readonly search: (text: string, limit: number) => StoredChat[];
  readonly knownPeers: () => KnownPeer[];
  /**
   * Per author, how far the room messages held go without a gap (sequence 1..n);
   * an author with only later messages (a gap first) is listed with 0.
   */
  readonly heads: () => Record<string, number>;
  /** The highest sequence number of an author's room messages held (0: none). */
  readonly lastSeq: (authorId: string) => number;
  /**
   * An author's channel messages after `seq`, in order, at most `limit`, within
   * `scope`; never a private one. Without a scope: `#lan`'s only (what every peer is in).
   */
  readonly since: (authorId: string, seq: number, limit: number, scope?: CatchUpScope) => StoredChat[];
  readonly save: (chat: NewChat, at: number) => void;
  readonly enqueue: (id: string, peers: readonly { readonly id: string; readonly name: string }[], at: number) => void;
  readonly settle: (id: string, peerId: string, state: 'delivered' | 'expired', at: number) => void;
  /** A peer linked at `lastSeen`; the first time also sets its `firstSeen`, which never moves after. */
  readonly notePeer: (peer: Omit<KnownPeer, 'firstSeen'>) => void;
  /**
   * The channels a peer announced (`'#lan'` is implied and ignored here) at `at`:
   * one newly listed starts at `at`, one still listed keeps its start, one no
   * longer listed is forgotten (a later rejoin starts anew).
   */
  readonly noteMembership: (peerId: string, channels: readonly string[], at: number) => void;
  /** Since when this node has seen the peer in each channel, `'#lan'` included once it is known. */
  readonly memberSince: (peerId: string) => Record<string, number>;
  /** Transfers not finished (to resume), and a transfer's new state (kept with the next commit). */
  readonly transfers: () => StoredTransfer[];
  readonly saveTransfer: (t: StoredTransfer) => void;
  /**
   * Asks for a `committed$` signal on the next turn even if nothing is written: a
   * resend we already hold is acknowledged again, on the same schedule as a new chat.
   */
  readonly sync: () => void;
  /** Commits what is queued now (an own message before it is shown); `committed$` follows on its turn. */
  readonly flush: () => void;
  /** Drops chats older than `before` (ms) that nobody is still owed. */
  readonly prune: (before: number) => number;
  readonly committed$: Observable<void>;
  readonly close: () => void;
}
