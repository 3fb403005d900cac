import { createHash, type Hash } from 'node:crypto';
import { pieceSpan, segmentsOf } from '../../wire/protocol/file-layout.js';
import type { Offer } from '../../wire/protocol/files.js';

/**
 * The hashes of what a receiver writes, taken as it writes, so the disk is not
 * read back: each piece's and each file's SHA-256 runs along while their bytes
 * come in order (no copies: gathering pieces to hash them elsewhere cost more in
 * garbage collection than the hashing). Anything out of order (a piece fetched
 * again, a restart midway) drops the running value, and the disk adapter reads
 * that piece or file back instead: the answer is the same, only slower.
 */
export class RunningHashes {
  private piece: { index: number; hash: Hash; filled: number } | null = null;
  private readonly digests = new Map<number, string>();
  private readonly files = new Map<number, { next: number; hash: Hash }>();
  private readonly sizes: number[];

  constructor(private readonly offer: Offer) {
    this.sizes = offer.files.map((f) => f.size);
  }

  /** Bytes written at `offset` (of the files end to end). */
  take(offset: number, data: Buffer): void {
    this.takePiece(offset, data);
    for (const s of segmentsOf(this.sizes, offset, data.byteLength)) {
      if (s.at === 0) this.files.set(s.file, { next: 0, hash: createHash('sha256') });
      const run = this.files.get(s.file);
      if (!run || run.next !== s.at) {
        this.files.delete(s.file);
        continue;
      }
      run.hash.update(data.subarray(s.from, s.from + s.bytes));
      run.next += s.bytes;
    }
  }

  private takePiece(offset: number, data: Buffer): void {
    const index = Math.floor(offset / this.offer.piece);
    const span = pieceSpan(this.offer.size, this.offer.piece, index);
    if (offset === span.offset) this.piece = { index, hash: createHash('sha256'), filled: 0 };
    const p = this.piece;
    if (!p || p.index !== index || span.offset + p.filled !== offset || p.filled + data.byteLength > span.bytes) {
      this.piece = null;
      return;
    }
    p.hash.update(data);
    p.filled += data.byteLength;
    if (p.filled < span.bytes) return;
    this.piece = null;
    this.digests.set(index, p.hash.digest('hex'));
  }

  /** The digest of a piece written whole and in order, or null (read it back). */
  pieceDigest(index: number): string | null {
    const d = this.digests.get(index) ?? null;
    this.digests.delete(index);
    return d;
  }

  /** A file's SHA-256 if every byte of it came in order, or null (read it back). */
  fileDigest(file: number): string | null {
    const run = this.files.get(file);
    const size = this.sizes[file] ?? -1;
    if (size === 0) return createHash('sha256').digest('hex');
    return run && run.next === size ? run.hash.digest('hex') : null;
  }
}
