import * as E from 'fp-ts/lib/Either.js';
import type { Socket } from 'node:net';
import { decodeMessage } from '../protocol/decode.js';
import { encodeMessage } from '../protocol/encode.js';
import { p2pError, type P2PError } from '../protocol/errors.js';
import { classifyPreface, encodeFrame, FrameDecoder, PREFACE } from '../protocol/frame.js';
import type { Hello } from '../protocol/messages.js';

export interface Handshaken {
  readonly hello: Hello;
  readonly decoder: FrameDecoder;
  /** Frames that arrived with the hello, before anyone listened. */
  readonly early: Buffer[];
}

/** Our opening: the preface and our hello, in one write. */
export function opening(hello: Hello): Buffer {
  const frame = encodeFrame(encodeMessage({ type: 'Hello', body: hello }));
  if (E.isLeft(frame)) throw new Error(frame.left.message); // a hello is ~150 bytes; cannot happen
  return Buffer.concat([PREFACE, frame.right]);
}

/**
 * Waits for the peer's preface and hello on `socket` (both ends do the same,
 * so dialer and acceptor share this). `head` is what was already read.
 * Resolves with the socket paused, so no frame is lost before the link is used.
 */
export function awaitHello(socket: Socket, head: Buffer, timeoutMs: number): Promise<E.Either<P2PError, Handshaken>> {
  return new Promise((resolve) => {
    let buffered = head;
    let decoder: FrameDecoder | null = null;
    const finish = (r: E.Either<P2PError, Handshaken>) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.pause();
      resolve(r);
    };
    const timer = setTimeout(() => finish(E.left(p2pError('HANDSHAKE_TIMEOUT', `no hello within ${timeoutMs} ms`))), timeoutMs);
    const onClose = () => finish(E.left(p2pError('HANDSHAKE_TIMEOUT', 'closed before hello')));
    const onData = (chunk: Buffer) => {
      if (!decoder) {
        buffered = Buffer.concat([buffered, chunk]);
        const kind = classifyPreface(buffered);
        if (kind === 'undecided') return;
        if (kind !== 'native') return finish(E.left(p2pError('BAD_PREFACE', 'peer did not open with the p2p-chat preface')));
        decoder = new FrameDecoder();
        chunk = buffered.subarray(PREFACE.length);
      }
      const frames = decoder.push(chunk);
      if (E.isLeft(frames)) return finish(frames);
      const [first, ...early] = frames.right;
      if (!first) return;
      const m = decodeMessage(first);
      if (E.isLeft(m)) return finish(m);
      if (m.right.type !== 'Hello') return finish(E.left(p2pError('UNEXPECTED_MESSAGE', `expected Hello, got ${m.right.type}`)));
      finish(E.right({ hello: m.right.body, decoder, early }));
    };
    socket.on('data', onData);
    socket.once('close', onClose);
    if (buffered.length > 0) {
      const initial = buffered;
      buffered = Buffer.alloc(0);
      onData(initial);
    }
  });
}
