import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { Offer } from '../protocol/files.js';

export type TransferDirection = 'incoming' | 'outgoing';

/** Where a transfer's machine stands, as the store keeps it (what it resumes from). */
export type TransferPhase =
  'offering' | 'serving' | 'asking' | 'opening' | 'moving' | 'finishing' | 'done' | 'failed' | 'rejected' | 'cancelled';

/** What the store keeps of a transfer, to resume it after a restart. */
export interface StoredTransfer {
  readonly id: string;
  readonly peerId: string;
  readonly peerName: string;
  readonly direction: TransferDirection;
  readonly offer: Offer;
  /** Outgoing: the file or folder offered (absolute). Incoming: null. */
  readonly source: string | null;
  readonly phase: TransferPhase;
  /** Verified pieces, one bit each, base64. */
  readonly verified: string;
  readonly at: number;
}

/**
 * A transfer as the store (or a recording of its answers) gives it back,
 * decoded like anything else from outside: a row edited by hand, or from a
 * newer version, is left alone rather than trusted.
 */
export const StoredTransferC = t.type({
  id: t.string,
  peerId: t.string,
  peerName: t.string,
  direction: t.keyof({ incoming: null, outgoing: null }),
  offer: Offer,
  source: t.union([t.string, t.null]),
  phase: t.keyof({
    offering: null,
    serving: null,
    asking: null,
    opening: null,
    moving: null,
    finishing: null,
    done: null,
    failed: null,
    rejected: null,
    cancelled: null,
  }),
  verified: t.string,
  at: t.number,
});

/** A transfers row as SQLite gives it: the offer as JSON text, snake_case. */
export interface TransferRow {
  id: string;
  peer_id: string;
  peer_name: string;
  direction: string;
  offer: string;
  source: string | null;
  phase: string;
  verified: string;
  updated_at: number;
}

/** A store row → a transfer, or null when it does not decode. */
export function storedTransfer(row: TransferRow): StoredTransfer | null {
  let offer: unknown;
  try {
    offer = JSON.parse(row.offer);
  } catch {
    return null;
  }
  const r = StoredTransferC.decode({
    id: row.id,
    peerId: row.peer_id,
    peerName: row.peer_name,
    direction: row.direction,
    offer,
    source: row.source,
    phase: row.phase,
    verified: row.verified,
    at: row.updated_at,
  });
  return E.isRight(r) ? r.right : null;
}
