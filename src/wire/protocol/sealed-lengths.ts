import * as E from 'fp-ts/lib/Either.js';
import { p2pError, type P2PError } from './errors.js';
import { LIMITS } from './limits.js';

/** secret-stream's outer framing: a 3-byte little-endian length, then that many sealed bytes. */
const LENGTH_BYTES = 3;

/**
 * Watches the raw bytes of a Noise link, beside secret-stream, and says when a
 * peer announces a sealed message longer than any we accept. secret-stream
 * itself would allocate and buffer whatever the 3-byte length says (up to
 * 16 MiB) before it can decrypt and let us see the frame inside, so the length
 * has to be judged here, from the first three bytes. Socket-free, like
 * FrameDecoder: chunks in, a verdict out; after a breach it stays failed.
 */
export class SealedLengthWatch {
  private need = LENGTH_BYTES;
  private length = 0;
  private readingLength = true;
  private failed: P2PError | null = null;

  constructor(private readonly maxSealedBytes: number = LIMITS.sealedMessageBytes) {}

  push(chunk: Uint8Array): E.Either<P2PError, void> {
    if (this.failed) return E.left(this.failed);
    let at = 0;
    while (at < chunk.byteLength) {
      if (this.readingLength) {
        const byte = chunk[at++] ?? 0;
        this.length += byte * 256 ** (LENGTH_BYTES - this.need);
        if (--this.need > 0) continue;
        if (this.length > this.maxSealedBytes) {
          this.failed = p2pError(
            'FRAME_TOO_LARGE',
            `peer announced an encrypted message of ${this.length} bytes (limit ${this.maxSealedBytes}); link cut before buffering it`,
          );
          return E.left(this.failed);
        }
        this.readingLength = false;
        this.need = this.length;
        if (this.need === 0) this.reset();
        continue;
      }
      const take = Math.min(this.need, chunk.byteLength - at);
      at += take;
      this.need -= take;
      if (this.need === 0) this.reset();
    }
    return E.right(undefined);
  }

  private reset(): void {
    this.readingLength = true;
    this.need = LENGTH_BYTES;
    this.length = 0;
  }
}
