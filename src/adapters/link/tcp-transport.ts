import * as E from 'fp-ts/lib/Either.js';
import type { Socket } from 'node:net';
import { Subject } from 'rxjs';
import { messageOf } from '../../base/caught.js';
import type { Identity } from '../../wire/identity/identity.js';
import type { P2PError } from '../../wire/protocol/errors.js';
import { LIMITS } from '../../wire/protocol/limits.js';
import { Hello } from '../../wire/protocol/messages.js';
import type { LegacyDelivery, Link, LinkTransport } from '../../wire/ports/index.js';
import { Dialer } from './tcp/dialer.js';
import { listen } from './tcp/listener.js';
import { LinkUpgrader } from './tcp/to-link.js';

export interface TcpOptions {
  readonly host: string;
  readonly ipv6Only?: boolean;
  readonly port: number;
  readonly identity: Identity;
  /** Who we say we are in every hello; the port is the one the listener gets. */
  readonly name: string;
  readonly version: number;
  readonly handshakeMs?: number;
  readonly connectTimeoutMs?: number;
  /** The node's wall clock (ms): connection rates, and the stamps of pings. */
  readonly now?: () => number;
}

/**
 * The TCP side of a node, split by role as js-libp2p's transport is: a
 * listener that tells our links from original nodes' one-shots by the first
 * bytes (tcp/listener.ts, tcp/legacy-inbox.ts), a dialer (tcp/dialer.ts), and
 * the upgrade of a socket to an authenticated link (tcp/to-link.ts). Every
 * socket any of them opens is tracked here and closed at the end.
 */
export async function openTcpTransport(opts: TcpOptions): Promise<LinkTransport> {
  const handshakeMs = opts.handshakeMs ?? LIMITS.handshakeMs;
  const inbound$ = new Subject<Link>();
  const legacy$ = new Subject<LegacyDelivery>();
  const errors$ = new Subject<P2PError>();
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    // Errors surface as 'close'; the handlers that care listen there.
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
  };

  const clock = opts.now ?? Date.now;
  const upgrader = new LinkUpgrader({ identity: opts.identity, handshakeMs, clock });
  const { server, port } = await listen({
    host: opts.host,
    ...(opts.ipv6Only ? { ipv6Only: true } : {}),
    port: opts.port,
    handshakeMs,
    upgrader,
    now: clock,
    track,
    inbound: (l) => inbound$.next(l),
    legacy: (d) => legacy$.next(d),
    error: (e) => errors$.next(e),
  });
  const hello = Hello.decode({ id: opts.identity.id, name: opts.name, port, version: opts.version });
  if (E.isLeft(hello)) {
    server.close();
    throw new Error(`our own hello does not decode (name "${opts.name}", port ${port})`);
  }
  upgrader.ready(hello.right);
  let current = hello.right;
  const dialer = new Dialer({
    connectTimeoutMs: opts.connectTimeoutMs ?? LIMITS.connectTimeoutMs,
    lingerMs: handshakeMs,
    upgrader,
    track,
    now: clock,
  });

  return {
    port,
    inbound$: inbound$.asObservable(),
    legacy$: legacy$.asObservable(),
    errors$: errors$.asObservable(),
    dial: (address, p, expectedId, known) => dialer.dial(address, p, expectedId, known),
    sendOneShot: (address, p, bytes) => dialer.sendOneShot(address, p, bytes),
    rename(name) {
      const next = Hello.decode({ ...hello.right, name });
      if (E.isRight(next)) {
        upgrader.ready(next.right);
        current = next.right;
      }
    },
    hello: () => current,
    async close() {
      inbound$.complete();
      legacy$.complete();
      errors$.complete();
      // An Exit to an original node may still be in flight at quit: let it land.
      await dialer.drain().catch((e: unknown) => errors$.error(messageOf(e)));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
