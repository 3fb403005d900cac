import * as E from 'fp-ts/lib/Either.js';
import type SecretStream from '@hyperswarm/secret-stream';
import { Observable } from 'rxjs';
import { decodeMessage } from '../../wire/protocol/decode.js';
import { encodeMessage } from '../../wire/protocol/encode.js';
import { p2pError, type P2PError } from '../../wire/protocol/errors.js';
import { encodeFrame, type FrameDecoder } from '../../wire/protocol/frame.js';
import { LIMITS } from '../../wire/protocol/limits.js';
import { FrameBudget } from '../../wire/protocol/frame-budget.js';
import { pingOf, type Hello, type Message } from '../../wire/protocol/messages.js';
import type { Link, LinkDirection } from '../../wire/ports/index.js';

/**
 * What a link needs of the connection under its Noise channel: a TCP socket, or
 * a Hyperswarm stream (UDX) behind a small adapter (room-swarm.ts).
 */
export interface LinkSocket {
  /** Bytes waiting to be written (the backlog limit, and a bulk sender's drain). */
  readonly writableLength: number;
  readonly remoteAddress?: string | undefined;
  destroy(): void;
  on(event: 'drain', listener: () => void): unknown;
  off(event: 'drain', listener: () => void): unknown;
}

/** The most one sealed message may carry: one largest frame (its 4-byte length and payload). */
const MAX_SEALED_PLAIN = LIMITS.frameBytes + 4;

/**
 * A Link over a Noise channel (secret-stream) on a TCP socket. Our framing runs
 * inside the encryption, so the frame limit applies to what the peer means,
 * and the machines above see only messages.
 */
export class SecureLink implements Link {
  readonly messages$: Observable<E.Either<P2PError, Message>>;
  private closing = false;
  private readonly budget = new FrameBudget();

  constructor(
    readonly id: string,
    readonly direction: LinkDirection,
    readonly hello: Hello,
    readonly remoteKey: string,
    private readonly channel: SecretStream,
    private readonly socket: LinkSocket,
    decoder: FrameDecoder,
    early: readonly Buffer[],
    /** The node's wall clock (the one its scheduler follows), for ping stamps. */
    private readonly clock: () => number,
    onBreach: (report: (e: P2PError) => void) => void = () => undefined,
    /** Where the peer was met: absent on the LAN, `room NAME` through a room. */
    readonly via?: string,
  ) {
    const held: Array<E.Either<P2PError, Message>> = early.map((f) => decodeMessage(f));
    let heldBytes = early.reduce((n, f) => n + f.byteLength, 0);
    let deliver: ((m: E.Either<P2PError, Message>) => void) | null = null;
    onBreach((e) => (deliver ? deliver(E.left(e)) : held.push(E.left(e))));
    const pass = (ms: Array<E.Either<P2PError, Message>>) => (deliver ? ms.forEach(deliver) : held.push(...ms));
    let deferred: Array<E.Either<P2PError, Message>> | null = null;
    const flushDeferred = () => {
      const ms = deferred ?? [];
      deferred = null;
      pass(ms);
    };
    let ended = false;
    let end: () => void = () => undefined;
    channel.on('data', (chunk: Buffer) => {
      const r = decoder.push(chunk);
      const out = E.isLeft(r) ? [E.left(r.left)] : this.budgeted(r.right.map((f) => decodeMessage(f)));
      // A ping is answered here, as it is read (as ws answers its pings), so the round
      // trip the peer measures is the link's, not the time our machines take; the ping
      // still goes up, as the traffic that keeps the peer fresh.
      let answered = false;
      for (const m of out)
        if (E.isRight(m) && m.right.type === 'Ping') {
          this.send({ type: 'Pong', body: m.right.body });
          answered = true;
        }
      // The pong leaves on the stream's next tick, after whatever runs now: so what came
      // with a ping goes up to the machines a moment later, once the pong is on the wire
      // (in order: what arrives meanwhile waits behind it).
      if (deferred !== null) deferred.push(...out);
      else if (answered) {
        deferred = [...out];
        setImmediate(flushDeferred);
      } else pass(out);
      heldBytes += deliver ? 0 : chunk.byteLength;
      // Framing lost, or a peer flooding before anyone listens: nothing after this can be trusted.
      if (E.isLeft(r) || held.length > LIMITS.earlyFrames || heldBytes > LIMITS.earlyBytes) channel.destroy();
    });
    channel.on('error', () => undefined); // surfaces as 'close'
    channel.on('close', () => {
      flushDeferred();
      ended = true;
      socket.destroy();
      end();
    });
    this.messages$ = new Observable((sub) => {
      held.splice(0).forEach((m) => sub.next(m));
      deliver = (m) => sub.next(m);
      end = () => sub.complete();
      if (ended) sub.complete();
      return () => {
        deliver = null;
        channel.destroy();
      };
    });
  }

  /** Frames over the link's budget go no further: not answered, not delivered; one error per run of drops. */
  private budgeted(decoded: Array<E.Either<P2PError, Message>>): Array<E.Either<P2PError, Message>> {
    const kept: Array<E.Either<P2PError, Message>> = [];
    for (const m of decoded) {
      if (E.isLeft(m)) {
        kept.push(m);
        continue;
      }
      const verdict = this.budget.take(m.right.type, this.clock());
      if (verdict === 'pass') kept.push(m);
      else if (verdict === 'first-drop')
        kept.push(
          E.left(
            p2pError('RATE_LIMITED', `${m.right.type} frames over the link's budget; dropping them, and cutting the link if it goes on`),
          ),
        );
      else if (verdict === 'cut') {
        this.channel.destroy();
        break;
      }
    }
    return kept;
  }

  get remoteAddress(): string {
    return this.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '';
  }

  ping(seq: number): E.Either<P2PError, void> {
    if (!Number.isInteger(seq)) return E.left(p2pError('BAD_FIELDS', `ping sequence ${seq} is not a whole number`));
    if (this.closing || this.channel.destroyed) return E.left(p2pError('LINK_CLOSED', 'link is closed'));
    // Stamped and written once this turn's other work is done: the pong then finds the
    // loop idle, and the round trip measured is the link's, not our own busy time.
    setImmediate(() => {
      const body = pingOf(seq, this.clock());
      if (body) this.send({ type: 'Ping', body });
    });
    return E.right(undefined);
  }

  send(message: Message): E.Either<P2PError, void> {
    if (this.closing || this.channel.destroyed || this.channel.destroying) return E.left(p2pError('LINK_CLOSED', 'link is closed'));
    const frame = encodeFrame(encodeMessage(message));
    if (E.isLeft(frame)) return frame;
    const queued = this.socket.writableLength + this.pendingBytes;
    if (queued > LIMITS.linkBacklogBytes) {
      // The peer has stopped reading; holding more would grow without bound.
      this.channel.destroy();
      return E.left(p2pError('SEND_FAILED', `peer is not reading (${queued} bytes queued); link closed`));
    }
    if (this.pendingBytes + frame.right.byteLength > MAX_SEALED_PLAIN) this.writePending();
    this.pending.push(frame.right);
    this.pendingBytes += frame.right.byteLength;
    if (this.pending.length === 1) queueMicrotask(() => this.writePending());
    return E.right(undefined);
  }

  /**
   * The frames written since the last microtask go out as one sealed message:
   * one encryption and one socket write for a window of 64 chats to a peer,
   * not 64 of each (issue 12). The receiver's frame decoder reads any number of
   * frames from one message; a message never holds more than one frame's worth.
   */
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  private writePending(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (batch && !this.channel.destroyed && !this.channel.destroying) this.channel.write(batch);
  }

  drained(lowBytes: number): Promise<void> {
    const queued = () => this.socket.writableLength + this.pendingBytes;
    if (queued() <= lowBytes || this.channel.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (queued() > lowBytes && !this.channel.destroyed) return;
        this.socket.off('drain', check);
        this.channel.off('close', check);
        resolve();
      };
      this.socket.on('drain', check);
      this.channel.on('close', check);
    });
  }

  /** Flushes what was written (an Exit, say), reads what the peer still sends, then closes. */
  close(graceMs = 1000): Promise<void> {
    if (!this.closing) {
      this.writePending();
      this.closing = true;
      if (this.channel.destroyed) this.closed = Promise.resolve();
      else {
        this.closed = new Promise<void>((resolve) => {
          const timer = setTimeout(() => this.channel.destroy(), graceMs);
          this.channel.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        this.channel.end();
      }
    }
    return this.closed;
  }

  private closed: Promise<void> = Promise.resolve();
}
