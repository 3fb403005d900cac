import * as E from 'fp-ts/lib/Either.js';
import { StoredTransferC, type StoredTransfer } from '../../wire/ports/stored-transfer.js';

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
