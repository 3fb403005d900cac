import * as E from 'fp-ts/lib/Either.js';
import type { Socket } from 'node:net';
import SecretStream from '@hyperswarm/secret-stream';
import { peerIdOf, type Identity } from '../../wire/identity/identity.js';
import { decodeMessage } from '../../wire/protocol/decode.js';
import { encodeMessage } from '../../wire/protocol/encode.js';
import { p2pError, type P2PError } from '../../wire/protocol/errors.js';
import { encodeFrame, FrameDecoder } from '../../wire/protocol/frame.js';
import { SealedLengthWatch } from '../../wire/protocol/sealed-lengths.js';
import type { Hello } from '../../wire/protocol/messages.js';

/**
 * Built synchronously on success, in the same tick as the hello, so the link
 * takes over the channel before another byte can arrive unheard.
 */
export type MakeLink<L> = (s: {
  channel: SecretStream;
  hello: Hello;
  remoteKey: Buffer;
  decoder: FrameDecoder;
  early: Buffer[];
  /** Where an oversized sealed message is reported once the link owns the channel. */
  onBreach: (report: (e: P2PError) => void) => void;
}) => L;

export interface HandshakeOptions {
  readonly initiator: boolean;
  readonly identity: Identity;
  readonly hello: Hello;
  /** The peer we meant to reach (dialer only): anyone else is refused. */
  readonly expectedId?: string;
  readonly timeoutMs: number;
  /** Raw bytes a peer may send before it has proven its key (Noise XX needs < 300). */
  readonly maxUnauthenticatedBytes: number;
}

/**
 * The first frame on a link, both ways: a Hello whose id is the id of the key the
 * channel proved (and, for a dialer, the peer it meant). TCP links and room
 * streams alike trust nothing before it.
 */
export function readHello(first: Buffer, remoteKey: Buffer | null, expectedId?: string): E.Either<P2PError, Hello> {
  const m = decodeMessage(first);
  if (E.isLeft(m)) return m;
  if (m.right.type !== 'Hello') return E.left(p2pError('UNEXPECTED_MESSAGE', `expected Hello, got ${m.right.type}`));
  const hello = m.right.body;
  if (!remoteKey || peerIdOf(remoteKey) !== hello.id)
    return E.left(p2pError('KEY_MISMATCH', `hello claims id ${hello.id}, which is not the id of the key it proved`));
  if (expectedId !== undefined && hello.id !== expectedId)
    return E.left(p2pError('KEY_MISMATCH', `dialed ${expectedId} but reached ${hello.id}`));
  return E.right(hello);
}

/**
 * Noise XX over the socket (a well-kept implementation: @hyperswarm/secret-stream,
 * Ed25519 static keys = our identities), then hellos both ways inside it. The
 * peer's hello must name the id of the key it proved, and, when we dialed, the
 * peer we meant. Nothing here trusts a byte before that.
 */
export function secureHandshake<L>(socket: Socket, opts: HandshakeOptions, makeLink: MakeLink<L>): Promise<E.Either<P2PError, L>> {
  return new Promise((resolve) => {
    let raw = 0;
    const countRaw = (chunk: Buffer) => {
      raw += chunk.byteLength;
      if (raw > opts.maxUnauthenticatedBytes) fail('HANDSHAKE_FAILED', `peer sent ${raw} bytes without completing a handshake`);
    };
    // The sealed-length watch lives as long as the socket: secret-stream would
    // buffer any announced length, during the handshake and after it.
    const watch = new SealedLengthWatch();
    let breach = (e: P2PError) => fail(e.code, e.message);
    const watchRaw = (chunk: Buffer) => {
      const r = watch.push(chunk);
      if (E.isLeft(r)) {
        socket.off('data', watchRaw);
        breach(r.left);
      }
    };
    // Counting must not start the flow itself: bytes would reach us before the
    // channel listens. The channel resumes the socket; we count from then on.
    socket.once('resume', () => {
      socket.on('data', countRaw);
      socket.on('data', watchRaw);
    });
    const channel = new SecretStream(opts.initiator, socket, {
      keyPair: { publicKey: opts.identity.publicKey, secretKey: opts.identity.secretKey },
    });
    const decoder = new FrameDecoder();
    let settled = false;
    const finish = (r: E.Either<P2PError, L>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('data', countRaw);
      channel.off('data', onData);
      channel.off('close', onClose);
      channel.off('connect', onConnect);
      resolve(r); // on success makeLink has already attached its listeners
    };
    const fail = (code: Parameters<typeof p2pError>[0], message: string) => {
      finish(E.left(p2pError(code, message)));
      channel.destroy();
    };
    const timer = setTimeout(() => fail('HANDSHAKE_TIMEOUT', `no handshake within ${opts.timeoutMs} ms`), opts.timeoutMs);
    const onConnect = () => {
      socket.off('data', countRaw);
      const frame = encodeFrame(encodeMessage({ type: 'Hello', body: opts.hello }));
      if (E.isRight(frame)) channel.write(frame.right);
    };
    const onClose = () => fail('HANDSHAKE_FAILED', 'closed during the handshake');
    const onData = (chunk: Buffer) => {
      const frames = decoder.push(chunk);
      if (E.isLeft(frames)) return fail(frames.left.code, frames.left.message);
      const [first, ...early] = frames.right;
      if (!first) return;
      const remoteKey = channel.remotePublicKey;
      const read = readHello(first, remoteKey, opts.expectedId);
      if (E.isLeft(read)) return fail(read.left.code, read.left.message);
      const hello = read.right;
      if (!remoteKey) return fail('KEY_MISMATCH', 'no key proved'); // readHello refused this already
      const onBreach = (report: (e: P2PError) => void) => {
        breach = (e) => {
          report(e);
          channel.destroy();
        };
      };
      finish(E.right(makeLink({ channel, hello, remoteKey, decoder, early, onBreach })));
    };
    channel.on('connect', onConnect);
    channel.on('data', onData);
    channel.on('close', onClose);
    channel.on('error', () => undefined); // a failed handshake surfaces as 'close'
  });
}
