import * as E from 'fp-ts/lib/Either.js';
import type { Socket } from 'node:net';
import { Observable } from 'rxjs';
import { decodeMessage } from '../protocol/decode.js';
import { encodeMessage } from '../protocol/encode.js';
import { p2pError, type P2PError } from '../protocol/errors.js';
import { encodeFrame, type FrameDecoder } from '../protocol/frame.js';
import { LIMITS } from '../protocol/limits.js';
import type { Hello, Message } from '../protocol/messages.js';
import type { Link, LinkDirection } from '../ports.js';

/** A handshaken TCP socket as a Link. The socket stays paused until someone listens. */
export class SocketLink implements Link {
  readonly messages$: Observable<E.Either<P2PError, Message>>;

  constructor(
    readonly id: string,
    readonly direction: LinkDirection,
    readonly hello: Hello,
    private readonly socket: Socket,
    decoder: FrameDecoder,
    early: readonly Buffer[],
  ) {
    this.messages$ = new Observable((sub) => {
      const deliver = (frame: Buffer) => sub.next(decodeMessage(frame));
      early.forEach(deliver);
      const onData = (chunk: Buffer) => {
        const r = decoder.push(chunk);
        if (E.isLeft(r)) {
          // The framing is lost: nothing after this can be trusted, so the link ends.
          sub.next(E.left(r.left));
          socket.destroy();
          return;
        }
        r.right.forEach(deliver);
      };
      const onClose = () => sub.complete();
      socket.on('data', onData);
      socket.once('close', onClose);
      if (socket.destroyed) sub.complete();
      else socket.resume();
      return () => {
        socket.off('data', onData);
        socket.off('close', onClose);
        socket.destroy();
      };
    });
  }

  get remoteAddress(): string {
    return this.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '';
  }

  send(message: Message): E.Either<P2PError, void> {
    if (this.socket.destroyed || !this.socket.writable) return E.left(p2pError('SEND_FAILED', 'link is closed'));
    const frame = encodeFrame(encodeMessage(message));
    if (E.isLeft(frame)) return frame;
    if (this.socket.writableLength > LIMITS.linkBacklogBytes) {
      // The peer has stopped reading; holding more would grow without bound.
      this.socket.destroy();
      return E.left(p2pError('SEND_FAILED', `peer is not reading (${this.socket.writableLength} bytes queued); link closed`));
    }
    this.socket.write(frame.right);
    return E.right(undefined);
  }

  /** Flushes what was written (an Exit, say), then closes; a peer that never answers is cut off. */
  close(): void {
    if (this.socket.destroyed) return;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }
}
