import { LIMITS } from './limits.js';

/**
 * How a transfer's bytes are laid out: its files end to end, cut into pieces
 * (the unit of the hash list) and asked for in ranges within one piece. Pure
 * arithmetic, shared by the sender (reading), the receiver (writing, checking)
 * and the machines (scheduling).
 */

/** The smallest power-of-two piece (from LIMITS.pieceBytes) that keeps the hash list within LIMITS.transferPieces. */
export function pieceBytesFor(size: number): number {
  let piece = LIMITS.pieceBytes;
  while (Math.ceil(size / piece) > LIMITS.transferPieces) piece *= 2;
  return piece;
}

export const pieceCount = (size: number, piece: number): number => Math.ceil(size / piece);

/** The bytes of piece `i`. */
export function pieceSpan(size: number, piece: number, i: number): { readonly offset: number; readonly bytes: number } {
  const offset = i * piece;
  return { offset, bytes: Math.max(0, Math.min(piece, size - offset)) };
}

/** A stretch of one file. */
export interface Segment {
  readonly file: number;
  /** Where in that file, and where in the range asked for. */
  readonly at: number;
  readonly from: number;
  readonly bytes: number;
}

/** The files' stretches that `bytes` from `offset` (of the files end to end) cover, in order. */
export function segmentsOf(sizes: readonly number[], offset: number, bytes: number): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  const end = offset + bytes;
  for (let file = 0; file < sizes.length && start < end; file++) {
    const size = sizes[file] ?? 0;
    const lo = Math.max(offset, start);
    const hi = Math.min(end, start + size);
    if (hi > lo) out.push({ file, at: lo - start, from: lo - offset, bytes: hi - lo });
    start += size;
  }
  return out;
}

/** The SHA-256 the offer lists for piece `i` (hex), from its base64 list. */
export function pieceDigest(pieces: Buffer, i: number): string {
  return pieces.subarray(i * 32, i * 32 + 32).toString('hex');
}
