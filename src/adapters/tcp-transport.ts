import * as E from 'fp-ts/lib/Either.js';
import net, { type Socket } from 'node:net';
import { Subject } from 'rxjs';
import { p2pError, type P2PError } from '../wire/protocol/errors.js';
import { classifyPreface } from '../wire/protocol/frame.js';
import { LIMITS } from '../wire/protocol/limits.js';
import { PREFACE } from '../wire/protocol/frame.js';
import type { Identity } from '../wire/identity/identity.js';
import type { Hello } from '../wire/protocol/messages.js';
import type { LegacyDelivery, Link, LinkDirection, LinkTransport } from '../wire/ports.js';
import { TokenBuckets } from '../base/token-buckets.js';
import { secureHandshake } from './handshake.js';
import { SecureLink } from './secure-link.js';

export interface TcpOptions {
  readonly host: string;
  readonly port: number;
  readonly identity: Identity;
  /** Our hello, once the real port is known. */
  readonly hello: (port: number) => Hello;
  readonly handshakeMs?: number;
  readonly connectTimeoutMs?: number;
}

const plain = (address: string | undefined) => (address ?? '').replace(/^::ffff:/, '');

/**
 * The TCP side of a node: one listener that tells our links from original
 * nodes' one-shot connections by their first byte, dials with a timeout,
 * and sends the original way. Every socket it opens it also closes.
 */
export async function openTcpTransport(opts: TcpOptions): Promise<LinkTransport> {
  const handshakeMs = opts.handshakeMs ?? LIMITS.handshakeMs;
  const connectTimeoutMs = opts.connectTimeoutMs ?? LIMITS.connectTimeoutMs;
  const inbound$ = new Subject<Link>();
  const legacy$ = new Subject<LegacyDelivery>();
  const errors$ = new Subject<P2PError>();
  const sockets = new Set<Socket>();
  const oneShots = new Set<Promise<void>>();
  let nextLink = 0;
  let ourHello: Hello | null = null;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    // Errors surface as 'close'; the handlers that care listen there.
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
  };

  const connections = new TokenBuckets({ burst: LIMITS.connectionBurst, perSecond: LIMITS.connectionsPerSecond, maxKeys: LIMITS.rateLimitedSources });
  let unauthenticated = 0;

  const toLink = async (socket: Socket, direction: LinkDirection, expectedId?: string): Promise<E.Either<P2PError, Link>> => {
    unauthenticated++;
    const id = `${direction === 'inbound' ? 'in' : 'out'}-${++nextLink}`;
    try {
      return await secureHandshake<Link>(
        socket,
        {
          initiator: direction === 'outbound',
          identity: opts.identity,
          hello: ourHello as Hello,
          ...(expectedId ? { expectedId } : {}),
          timeoutMs: handshakeMs,
          maxUnauthenticatedBytes: LIMITS.unauthenticatedBytes,
        },
        (s) => new SecureLink(id, direction, s.hello, s.remoteKey.toString('base64url'), s.channel, socket, s.decoder, s.early),
      );
    } finally {
      unauthenticated--;
    }
  };

  const collectLegacy = (socket: Socket, head: Buffer) => {
    const chunks = [head];
    let size = head.length;
    const timer = setTimeout(() => socket.destroy(), handshakeMs);
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > LIMITS.legacyMessageBytes) {
        errors$.next(p2pError('LEGACY_TOO_LONG', `one-shot message from ${plain(socket.remoteAddress)} over ${LIMITS.legacyMessageBytes} bytes; dropped`));
        socket.destroy();
        return;
      }
      chunks.push(chunk);
    });
    socket.once('end', () => {
      clearTimeout(timer);
      if (size <= LIMITS.legacyMessageBytes) legacy$.next({ address: plain(socket.remoteAddress), bytes: Buffer.concat(chunks) });
      socket.end();
    });
    socket.once('close', () => clearTimeout(timer));
  };

  const onConnection = (socket: Socket) => {
    track(socket);
    const from = plain(socket.remoteAddress);
    const take = connections.take(from, Date.now());
    if (take !== 'pass' || unauthenticated >= LIMITS.pendingHandshakes) {
      if (take === 'first-drop') errors$.next(p2pError('RATE_LIMITED', `connections from ${from} over ${LIMITS.connectionsPerSecond}/s; refusing the excess`));
      if (take === 'pass') errors$.next(p2pError('RATE_LIMITED', `${LIMITS.pendingHandshakes} handshakes already pending; refusing ${from}`));
      socket.destroy();
      return;
    }
    const timer = setTimeout(() => {
      errors$.next(p2pError('HANDSHAKE_TIMEOUT', `connection from ${plain(socket.remoteAddress)} sent nothing`));
      socket.destroy();
    }, handshakeMs);
    // Paused-mode read of exactly the preface: the Noise bytes after it stay in the
    // socket's buffer for the channel to read, nothing is pushed back.
    const onReadable = () => {
      const head = socket.read(PREFACE.length) as Buffer | null;
      if (head === null) return;
      socket.off('readable', onReadable);
      clearTimeout(timer);
      const kind = classifyPreface(head);
      if (kind === 'legacy') return collectLegacy(socket, head);
      if (kind !== 'native' || !ourHello) {
        errors$.next(p2pError('BAD_PREFACE', `connection from ${from} is neither p2p-chat v2 nor original`));
        return socket.destroy();
      }
      void toLink(socket, 'inbound').then((r) => {
        if (E.isRight(r)) return inbound$.next(r.right);
        errors$.next({ code: r.left.code, message: `${r.left.message} (from ${from})` });
        socket.destroy();
      });
    };
    socket.on('readable', onReadable);
    socket.once('close', () => clearTimeout(timer));
  };

  const server = net.createServer(onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: opts.host, port: opts.port, exclusive: true }, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  ourHello = opts.hello(port);

  const connect = (address: string, port: number): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const socket = net.connect({ host: address, port });
      track(socket);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${address}:${port} timed out`));
      }, connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(socket);
      });
      socket.once('close', () => {
        clearTimeout(timer);
        reject(new Error(`connect to ${address}:${port} failed`));
      });
    });

  return {
    port,
    inbound$: inbound$.asObservable(),
    legacy$: legacy$.asObservable(),
    errors$: errors$.asObservable(),
    async dial(address, port, expectedId) {
      const socket = await connect(address, port);
      socket.write(PREFACE);
      const r = await toLink(socket, 'outbound', expectedId);
      if (E.isLeft(r)) {
        socket.destroy();
        throw new Error(`${r.left.code}: ${r.left.message}`);
      }
      return r.right;
    },
    sendOneShot(address, port, bytes) {
      const sent = (async () => {
        const socket = await connect(address, port);
        await new Promise<void>((resolve) => socket.end(bytes, () => resolve()));
        // The original reads to EOF; give it a moment to close its side, then let go.
        setTimeout(() => socket.destroy(), handshakeMs).unref();
      })();
      const settled = sent.catch(() => undefined);
      oneShots.add(settled);
      void settled.then(() => oneShots.delete(settled));
      return sent;
    },
    async close() {
      inbound$.complete();
      legacy$.complete();
      errors$.complete();
      // An Exit to an original node is a one-shot still in flight at quit: let it land
      // (each is bounded by the connect timeout).
      await Promise.all(oneShots);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
