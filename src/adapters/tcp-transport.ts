import * as E from 'fp-ts/lib/Either.js';
import net, { type Socket } from 'node:net';
import { Subject } from 'rxjs';
import { p2pError, type P2PError } from '../protocol/errors.js';
import { classifyPreface } from '../protocol/frame.js';
import { LIMITS } from '../protocol/limits.js';
import type { Hello } from '../protocol/messages.js';
import type { LegacyDelivery, Link, LinkDirection, LinkTransport } from '../ports.js';
import { awaitHello, opening } from './handshake.js';
import { SocketLink } from './socket-link.js';

export interface TcpOptions {
  readonly host: string;
  readonly port: number;
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

  const toLink = async (socket: Socket, direction: LinkDirection, head: Buffer): Promise<E.Either<P2PError, Link>> => {
    const r = await awaitHello(socket, head, handshakeMs);
    if (E.isLeft(r)) return r;
    const id = `${direction === 'inbound' ? 'in' : 'out'}-${++nextLink}`;
    return E.right(new SocketLink(id, direction, r.right.hello, socket, r.right.decoder, r.right.early));
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
    const timer = setTimeout(() => {
      errors$.next(p2pError('HANDSHAKE_TIMEOUT', `connection from ${plain(socket.remoteAddress)} sent nothing`));
      socket.destroy();
    }, handshakeMs);
    socket.once('data', (head: Buffer) => {
      clearTimeout(timer);
      const kind = classifyPreface(head);
      if (kind === 'legacy') return collectLegacy(socket, head);
      if (kind === 'unknown' || !ourHello) {
        errors$.next(p2pError('BAD_PREFACE', `connection from ${plain(socket.remoteAddress)} is neither p2p-chat nor original`));
        return socket.destroy();
      }
      socket.write(opening(ourHello));
      void toLink(socket, 'inbound', head).then((r) => {
        if (E.isRight(r)) return inbound$.next(r.right);
        errors$.next({ code: r.left.code, message: `${r.left.message} (from ${plain(socket.remoteAddress)})` });
        socket.destroy();
      });
    });
    socket.once('close', () => clearTimeout(timer));
  };

  const server = net.createServer({ pauseOnConnect: false }, onConnection);
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
    async dial(address, port, hello) {
      const socket = await connect(address, port);
      socket.write(opening(hello));
      const r = await toLink(socket, 'outbound', Buffer.alloc(0));
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
