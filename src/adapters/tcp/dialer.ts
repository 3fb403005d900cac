import * as E from 'fp-ts/lib/Either.js';
import net, { type Socket } from 'node:net';
import { p2pError, type P2PError } from '../../wire/protocol/errors.js';
import { PREFACE } from '../../wire/protocol/frame.js';
import type { Link } from '../../wire/ports.js';
import type { LinkUpgrader } from './to-link.js';
import { messageOf } from '../../base/caught.js';

export interface DialerOptions {
  readonly connectTimeoutMs: number;
  /** How long a one-shot's socket is kept after our side ended (the original reads to EOF). */
  readonly lingerMs: number;
  readonly upgrader: LinkUpgrader;
  readonly track: (socket: Socket) => void;
}

/** The outbound side: a link to a peer we expect by id, and the original one-shot send. */
export class Dialer {
  private readonly oneShots = new Set<Promise<void>>();

  constructor(private readonly opts: DialerOptions) {}

  private connect(address: string, port: number): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: address, port });
      this.opts.track(socket);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${address}:${port} timed out`));
      }, this.opts.connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(socket);
      });
      socket.once('close', () => {
        clearTimeout(timer);
        reject(new Error(`connect to ${address}:${port} failed`));
      });
    });
  }

  /** A link to `expectedId` at address:port, or why not; never throws. */
  async dial(address: string, port: number, expectedId: string): Promise<E.Either<P2PError, Link>> {
    let socket: Socket;
    try {
      socket = await this.connect(address, port);
    } catch (e) {
      return E.left(p2pError('CONNECT_FAILED', messageOf(e)));
    }
    socket.write(PREFACE);
    const r = await this.opts.upgrader.upgrade(socket, 'outbound', expectedId);
    if (E.isLeft(r)) socket.destroy();
    return r;
  }

  sendOneShot(address: string, port: number, bytes: Buffer): Promise<void> {
    const sent = (async () => {
      const socket = await this.connect(address, port);
      await new Promise<void>((resolve) => socket.end(bytes, () => resolve()));
      setTimeout(() => socket.destroy(), this.opts.lingerMs).unref();
    })();
    const settled = sent.catch(() => undefined);
    this.oneShots.add(settled);
    void settled.then(() => this.oneShots.delete(settled));
    return sent;
  }

  /** One-shots still in flight (an Exit to an original node at quit); each is bounded by the connect timeout. */
  drain(): Promise<void> {
    return Promise.all(this.oneShots).then(() => undefined);
  }
}
