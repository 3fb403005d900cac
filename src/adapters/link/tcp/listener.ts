import * as E from 'fp-ts/lib/Either.js';
import net, { type Server, type Socket } from 'node:net';
import { Slots } from '../../../base/slots.js';
import { TokenBuckets } from '../../../base/token-buckets.js';
import { p2pError, type P2PError } from '../../../wire/protocol/errors.js';
import { classifyPreface, PREFACE } from '../../../wire/protocol/frame.js';
import { LIMITS } from '../../../wire/protocol/limits.js';
import type { LegacyDelivery, Link } from '../../../wire/ports/index.js';
import { addressPort } from '../address-port.js';
import { collectLegacy } from './legacy-inbox.js';
import type { LinkUpgrader } from './to-link.js';

export interface ListenerOptions {
  /** `::` listens on IPv6 and (unless ipv6Only) IPv4 at once; IPv4 peers then arrive as ::ffff:a.b.c.d. */
  readonly host: string;
  readonly ipv6Only?: boolean;
  readonly port: number;
  readonly handshakeMs: number;
  readonly upgrader: LinkUpgrader;
  /** The clock of the per-source connection rate (ms); injected so the limit can be tested. */
  readonly now: () => number;
  readonly track: (socket: Socket) => void;
  readonly inbound: (link: Link) => void;
  readonly legacy: (d: LegacyDelivery) => void;
  readonly error: (e: P2PError) => void;
}

export const plainAddress = (address: string | undefined): string => (address ?? '').replace(/^::ffff:/, '');

/**
 * The listener: per source a connection rate, a bound on handshakes in
 * progress, then the first bytes say who it is: our preface (a link to
 * upgrade) or an original node's JSON (a one-shot for the legacy inbox).
 */
export async function listen(opts: ListenerOptions): Promise<{ server: Server; port: number }> {
  const connections = new TokenBuckets({
    burst: LIMITS.connectionBurst,
    perSecond: LIMITS.connectionsPerSecond,
    maxKeys: LIMITS.rateLimitedSources,
  });

  // Inbound only (our own dials never take these), and a share per source: a few
  // addresses sending a preface and nothing more cannot hold every slot.
  const pending = new Slots(LIMITS.pendingHandshakes, LIMITS.pendingHandshakesPerSource);
  let refusedFull = false;

  const onConnection = (socket: Socket) => {
    opts.track(socket);
    const from = plainAddress(socket.remoteAddress);
    const take = connections.take(from, opts.now());
    const slot = take === 'pass' ? pending.take(from) : null;
    if (slot === null || typeof slot !== 'object') {
      if (take === 'first-drop')
        opts.error(p2pError('RATE_LIMITED', `connections from ${from} over ${LIMITS.connectionsPerSecond}/s; refusing the excess`));
      if (slot === 'full' && !refusedFull)
        opts.error(p2pError('RATE_LIMITED', `${LIMITS.pendingHandshakes} handshakes already pending; refusing ${from}`));
      refusedFull = slot === 'full';
      if (slot === 'key-full')
        opts.error(p2pError('RATE_LIMITED', `${from} already has ${LIMITS.pendingHandshakesPerSource} handshakes pending; refusing more`));
      socket.destroy();
      return;
    }
    refusedFull = false;
    socket.once('close', slot.release);
    const timer = setTimeout(() => {
      opts.error(p2pError('HANDSHAKE_TIMEOUT', `connection from ${from} sent nothing`));
      socket.destroy();
    }, opts.handshakeMs);
    // Paused-mode read of exactly the preface: the Noise bytes after it stay in the
    // socket's buffer for the channel to read, nothing is pushed back.
    const onReadable = () => {
      const head: unknown = socket.read(PREFACE.length);
      if (!Buffer.isBuffer(head)) return;
      socket.off('readable', onReadable);
      clearTimeout(timer);
      const kind = classifyPreface(head);
      if (kind === 'legacy') {
        // A one-shot is not a handshake: it reads to its end under its own timeout.
        slot.release();
        return collectLegacy(socket, head, from, { timeoutMs: opts.handshakeMs, deliver: opts.legacy, error: opts.error });
      }
      if (kind !== 'native') {
        opts.error(p2pError('BAD_PREFACE', `connection from ${from} is neither p2p-chat v2 nor original`));
        return socket.destroy();
      }
      void opts.upgrader.upgrade(socket, 'inbound').then((r) => {
        slot.release();
        if (E.isRight(r)) return opts.inbound(r.right);
        opts.error({ code: r.left.code, message: `${r.left.message} (from ${from})` });
        socket.destroy();
      });
    };
    socket.on('readable', onReadable);
    socket.once('close', () => clearTimeout(timer));
  };

  const server = net.createServer(onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: opts.host, port: opts.port, exclusive: true, ...(opts.ipv6Only ? { ipv6Only: true } : {}) }, () => resolve());
  });
  return { server, port: addressPort(server.address()) || opts.port };
}
