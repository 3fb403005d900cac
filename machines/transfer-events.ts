import type { FileChunk, FileControl, Offer, Want } from '../src/wire/protocol/files.js';
import type { Message } from '../src/wire/protocol/messages.js';
import type { ErrorView } from './events.js';
import type { StoredTransfer, TransferDirection, TransferPhase } from '../src/wire/ports/index.js';

/**
 * The file transfer's events in and out (issue 13): what the transfer
 * supervisor and its per-transfer machines hear, and what they ask of the
 * disk adapter and the links.
 */

/** Where a transfer stands, as users see it (`--json`'s `state`). */
export type TransferState = 'offered' | 'accepted' | 'rejected' | 'progress' | 'paused' | 'done' | 'failed' | 'cancelled';

export type { TransferDirection, TransferPhase };

export interface TransferView {
  readonly id: string;
  readonly peerId: string;
  readonly peerName: string;
  readonly direction: TransferDirection;
  readonly name: string;
  readonly size: number;
  readonly files: number;
  /** Verified (incoming) or asked for and sent (outgoing). */
  readonly bytes: number;
  readonly state: TransferState;
  readonly reason?: string;
  /** Where an incoming transfer landed, once done. */
  readonly path?: string;
  /** Outgoing: every byte served so far, pieces sent again included (what a break or a bad piece cost). */
  readonly served?: number;
  readonly at: number;
}

export type TransferEvent =
  /** An own offer, built by the disk adapter from a path the user gave. */
  | { type: 'OFFER_OUT'; peerId: string; peerName: string; offer: Offer; source: string; at: number }
  /** `trusted`: the peer's key is pinned and `--accept-from trusted` is on: accepted without asking. */
  | { type: 'OFFER_IN'; peerId: string; peerName: string; linkId: string; offer: Offer; trusted: boolean; at: number }
  | { type: 'FILE_CTRL_IN'; peerId: string; linkId: string; control: FileControl; at: number }
  | { type: 'WANT_IN'; peerId: string; linkId: string; want: Want; at: number }
  | { type: 'CHUNK_IN'; peerId: string; linkId: string; chunk: FileChunk; at: number }
  /** `/accept`, `/reject`, `/cancel`. */
  | { type: 'ANSWER'; id: string; accept: boolean; at: number }
  | { type: 'CANCEL'; id: string; at: number }
  /** The disk adapter: ready to write (space checked), a chunk written, a piece hashed, the files moved into place. */
  | { type: 'OPENED'; id: string; error: string | null; at: number }
  | { type: 'WRITTEN'; id: string; pass: number; offset: number; bytes: number; at: number }
  | { type: 'PIECE_CHECKED'; id: string; pass: number; piece: number; sha256: string; at: number }
  | { type: 'FINISHED'; id: string; error: string | null; path: string; at: number }
  /** A peer's usable link changed (from the node supervisor's `link` effect). */
  | { type: 'PEER_LINK'; peerId: string; name: string; linkId: string | null; at: number };

export type TransferEffect =
  | { type: 'send'; peerId: string; linkId: string; message: Message }
  /** Register a transfer with the disk adapter; incoming: check space and make its partial folder. */
  | { type: 'fileOpen'; id: string; direction: TransferDirection; offer: Offer; source: string | null; check: boolean }
  | { type: 'fileWrite'; id: string; pass: number; offset: number; bytes: number; data?: Buffer }
  | { type: 'fileCheck'; id: string; pass: number; piece: number }
  | { type: 'fileFinish'; id: string }
  /** Read `bytes` from `offset` and send them as chunks on the link. */
  | { type: 'fileServe'; id: string; linkId: string; offset: number; bytes: number }
  /** Forget a transfer: incoming ones lose their partial data. */
  | { type: 'fileDrop'; id: string; keepData: boolean }
  | { type: 'transfer'; transfer: TransferView; record: StoredTransfer };

export type TransferEmitted = TransferEffect | ErrorView;
