import * as E from 'fp-ts/lib/Either.js';
import { p2pError, type P2PError } from './errors.js';
import { LIMITS } from './limits.js';

/**
 * Framing of a native link, separate from the message schema and from sockets:
 * a 5-byte preface, then frames of a 4-byte big-endian length and that many
 * payload bytes. Original nodes open with `{`, so the first byte tells a
 * one-shot legacy connection from one of our links.
 */
export const PREFACE = Buffer.from([0x50, 0x32, 0x50, 0x43, 0x02]); // "P2PC" v2: Noise-encrypted links
const HEADER = 4;

export type ConnectionKind = 'native' | 'legacy' | 'unknown' | 'undecided';

export function classifyPreface(head: Uint8Array): ConnectionKind {
  if (head.length === 0) return 'undecided';
  if (head[0] === 0x7b) return 'legacy';
  const n = Math.min(head.length, PREFACE.length);
  for (let i = 0; i < n; i++) if (head[i] !== PREFACE[i]) return 'unknown';
  return head.length >= PREFACE.length ? 'native' : 'undecided';
}

export function encodeFrame(payload: Uint8Array, maxBytes: number = LIMITS.frameBytes): E.Either<P2PError, Buffer> {
  if (payload.byteLength > maxBytes) {
    return E.left(p2pError('FRAME_TOO_LARGE', `frame of ${payload.byteLength} bytes exceeds ${maxBytes}`));
  }
  const out = Buffer.allocUnsafe(HEADER + payload.byteLength);
  out.writeUInt32BE(payload.byteLength, 0);
  out.set(payload, HEADER);
  return E.right(out);
}

/**
 * Incremental frame parser: feed it chunks as they come, it returns the whole
 * frames completed so far. After an error it stays failed: a stream with a bad
 * length has lost its framing and must be closed.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private failed: P2PError | undefined;

  constructor(private readonly maxBytes: number = LIMITS.frameBytes) {}

  push(chunk: Uint8Array): E.Either<P2PError, Buffer[]> {
    if (this.failed) return E.left(this.failed);
    this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.buffered += chunk.byteLength;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.buffered < HEADER) break;
      const head = this.peek(HEADER);
      const length = head.readUInt32BE(0);
      if (length > this.maxBytes) {
        this.failed = p2pError('FRAME_TOO_LARGE', `frame of ${length} bytes exceeds ${this.maxBytes}`);
        this.chunks = [];
        this.buffered = 0;
        return E.left(this.failed);
      }
      if (this.buffered < HEADER + length) break;
      const whole = this.take(HEADER + length);
      frames.push(whole.subarray(HEADER));
    }
    return E.right(frames);
  }

  /** Bytes held for an incomplete frame (bounded by maxBytes + header). */
  get pending(): number {
    return this.buffered;
  }

  private peek(n: number): Buffer {
    const [first] = this.chunks;
    if (first && first.length >= n) return first.subarray(0, n);
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined.subarray(0, n);
  }

  private take(n: number): Buffer {
    const [only] = this.chunks;
    const joined = this.chunks.length === 1 && only ? only : Buffer.concat(this.chunks);
    const out = Buffer.from(joined.subarray(0, n));
    const rest = joined.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered -= n;
    return out;
  }
}
