import type { Observable } from 'rxjs';
import type { IdChat } from '../protocol/messages.js';
import type { StoredTransfer } from './stored-transfer.js';

/** A chat as the store keeps it (own or received), with who has it (own messages only). */
export interface StoredChat {
  readonly id: string;
  readonly fromId: string;
  readonly fromName: string;
  /** The one recipient of a private message; null for the room. */
  readonly toId: string | null;
  readonly content: string;
  /** The author's time, unix seconds. */
  readonly timestamp: number;
  readonly own: boolean;
  readonly legacy: boolean;
  /** Peers that acknowledged an own message (committed to their store). */
  readonly deliveredTo: readonly string[];
  /** Room messages: the author's sequence number, signature and key, so they can be passed on. */
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

export interface KnownPeer {
  readonly id: string;
  readonly name: string;
  readonly lastSeen: number;
}

/**
 * The node's memory: every chat sent or received, the outbox, the peers met.
 * Reads answer at once; writes are queued and committed together once per
 * event-loop turn, and `committed$` says when a commit is on disk.
 */
export interface MessageStore {
  readonly has: (id: string) => boolean;
  readonly pending: () => PendingChat[];
  /** The last `limit` chats, oldest first; only those with `peerId` (from or to it) when given. */
  readonly history: (q: { readonly peerId?: string; readonly limit: number }) => StoredChat[];
  /** Full-text search, newest first. */
  readonly search: (text: string, limit: number) => StoredChat[];
  readonly knownPeers: () => KnownPeer[];
  /**
   * Per author, how far the room messages held go without a gap (sequence 1..n);
   * an author with only later messages (a gap first) is listed with 0.
   */
  readonly heads: () => Record<string, number>;
  /** The highest sequence number of an author's room messages held (0: none). */
  readonly lastSeq: (authorId: string) => number;
  /** An author's room messages after `seq`, in order, at most `limit`. */
  readonly since: (authorId: string, seq: number, limit: number) => StoredChat[];
  readonly save: (chat: StoredChat, at: number) => void;
  readonly enqueue: (id: string, peers: readonly { readonly id: string; readonly name: string }[], at: number) => void;
  readonly settle: (id: string, peerId: string, state: 'delivered' | 'expired', at: number) => void;
  readonly notePeer: (peer: KnownPeer) => void;
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
