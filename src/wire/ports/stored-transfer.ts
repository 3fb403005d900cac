import * as t from 'io-ts';
import { Offer } from '../protocol/files.js';

const TransferDirectionC = t.keyof({ incoming: null, outgoing: null });
export type TransferDirection = t.TypeOf<typeof TransferDirectionC>;

/** Where a transfer's machine stands, as the store keeps it (what it resumes from). */
const TransferPhaseC = t.keyof({
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
});
export type TransferPhase = t.TypeOf<typeof TransferPhaseC>;

/**
 * What the store keeps of a transfer, to resume it after a restart. It comes
 * back (from the store, or a recording of its answers) decoded like anything
 * else from outside: a row edited by hand, or from a newer version, is left
 * alone rather than trusted.
 */
export const StoredTransferC = t.readonly(
  t.type({
    id: t.string,
    peerId: t.string,
    peerName: t.string,
    direction: TransferDirectionC,
    offer: Offer,
    /** Outgoing: the file or folder offered (absolute). Incoming: null. */
    source: t.union([t.string, t.null]),
    phase: TransferPhaseC,
    /** Verified pieces, one bit each, base64. */
    verified: t.string,
    at: t.number,
  }),
);
export type StoredTransfer = t.TypeOf<typeof StoredTransferC>;
