import * as E from 'fp-ts/lib/Either.js';
import type { Socket } from 'node:net';
import type { Identity } from '../../../wire/identity/identity.js';
import { p2pError, type P2PError } from '../../../wire/protocol/errors.js';
import { LIMITS } from '../../../wire/protocol/limits.js';
import type { Hello } from '../../../wire/protocol/messages.js';
import type { Link, LinkDirection } from '../../../wire/ports/index.js';
import { secureHandshake } from '../handshake.js';
import { SecureLink } from '../secure-link.js';

export interface ToLinkOptions {
  readonly identity: Identity;
  readonly handshakeMs: number;
  /** The node's wall clock, for ping stamps. */
  readonly clock: () => number;
}

/**
 * Socket to link (js-libp2p's socket-to-conn): the Noise XX handshake and the
 * hellos, both ways; the link speaks for the key it proved. Counts the
 * handshakes in progress, so the listener can bound them.
 */
export class LinkUpgrader {
  private next = 0;
  inProgress = 0;
  /** Our hello carries the port the listener got, so it is known once the listener is up. */
  private hello: Hello | null = null;

  constructor(private readonly opts: ToLinkOptions) {}

  ready(hello: Hello): void {
    this.hello = hello;
  }

  async upgrade(socket: Socket, direction: LinkDirection, expectedId?: string): Promise<E.Either<P2PError, Link>> {
    const hello = this.hello;
    if (hello === null) return E.left(p2pError('HANDSHAKE_FAILED', 'not listening yet'));
    this.inProgress++;
    const id = `${direction === 'inbound' ? 'in' : 'out'}-${++this.next}`;
    try {
      return await secureHandshake<Link>(
        socket,
        {
          initiator: direction === 'outbound',
          identity: this.opts.identity,
          hello,
          ...(expectedId ? { expectedId } : {}),
          timeoutMs: this.opts.handshakeMs,
          maxUnauthenticatedBytes: LIMITS.unauthenticatedBytes,
        },
        (s) =>
          new SecureLink(
            id,
            direction,
            s.hello,
            s.remoteKey.toString('base64url'),
            s.channel,
            socket,
            s.decoder,
            s.early,
            this.opts.clock,
            s.onBreach,
          ),
      );
    } finally {
      this.inProgress--;
    }
  }
}
