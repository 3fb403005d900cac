import * as E from 'fp-ts/lib/Either.js';
import { messageOf } from '../../base/caught.js';
import { p2pError, type P2PError } from '../../wire/protocol/errors.js';
import type { LinkTransport } from '../../wire/ports/index.js';
import type { IpFamilies } from '../lan/broadcast-targets.js';
import { openTcpTransport, type TcpOptions } from './tcp-transport.js';

export interface ListenOptions extends Omit<TcpOptions, 'host' | 'ipv6Only'> {
  /** `--loopback`: 127.0.0.1 alone. */
  readonly loopback: boolean;
  readonly families: IpFamilies;
}

/**
 * The node's TCP side, listening where the flags say: IPv6 and IPv4 on one
 * socket (::) unless one family was chosen; a host without IPv6 listens on
 * IPv4 alone. A port that cannot be taken is LISTEN_FAILED, in the system's
 * words (the last attempt's); `address` is where it listens.
 */
export async function listenForLinks(opts: ListenOptions): Promise<E.Either<P2PError, { tcp: LinkTransport; address: string }>> {
  const { loopback, families, ...tcpOptions } = opts;
  const listen = (host: string, ipv6Only: boolean) =>
    openTcpTransport({ ...tcpOptions, host, ...(ipv6Only ? { ipv6Only } : {}) }).then(
      (tcp) => E.right({ tcp, address: host }),
      (e: unknown) => E.left(p2pError('LISTEN_FAILED', messageOf(e))),
    );
  const host = loopback ? '127.0.0.1' : families === 'ipv4' ? '0.0.0.0' : '::';
  const first = await listen(host, families === 'ipv6');
  if (E.isRight(first) || host !== '::' || families === 'ipv6') return first;
  return listen('0.0.0.0', false);
}
