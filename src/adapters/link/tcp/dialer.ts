import * as E from 'fp-ts/lib/Either.js';
import net, { type Socket } from 'node:net';
import { p2pError, type P2PError } from '../../../wire/protocol/errors.js';
import { PREFACE } from '../../../wire/protocol/frame.js';
import { LIMITS } from '../../../wire/protocol/limits.js';
import { TokenBuckets } from '../../../base/token-buckets.js';
import type { Link } from '../../../wire/ports/index.js';
import type { LinkUpgrader } from './to-link.js';
import { messageOf } from '../../../base/caught.js';

export interface DialerOptions {
  readonly connectTimeoutMs: number;
  /** How long a one-shot's socket is kept after our side ended (the original reads to EOF). */
  readonly lingerMs: number;
  readonly upgrader: LinkUpgrader;
  readonly track: (socket: Socket) => void;
  /** The clock of the per-destination dial rates (ms). */
  readonly now: () => number;
}

/**
 * The outbound side: a link to a peer we expect by id, and the original
 * one-shot send. A beacon says where to dial, and anyone can send one, with
 * any source: so dials are bounded per destination (a spoofed beacon cannot
 * aim our redials at a victim), per address, and in flight (LIMITS.pendingDials),
 * and peers linked before go ahead of strangers in the queue.
 */
export class Dialer {
  private readonly oneShots = new Set<Promise<void>>();
  private readonly perDestination = new TokenBuckets({
    burst: LIMITS.dialsPerDestinationBurst,
    perSecond: LIMITS.dialsPerDestinationPerSecond,
    maxKeys: LIMITS.rateLimitedSources,
  });
  private readonly perAddress = new TokenBuckets({
    burst: LIMITS.dialsPerAddressBurst,
    perSecond: LIMITS.dialsPerAddressPerSecond,
    maxKeys: LIMITS.rateLimitedSources,
  });
  private inFlight = 0;
  private readonly waiting = { known: [] as Array<() => void>, other: [] as Array<() => void> };
  /** Dials refused by the per-destination and per-address rates, for the record. */
  heldOff = 0;

  constructor(private readonly opts: DialerOptions) {}

  private async turn(known: boolean): Promise<void> {
    if (this.inFlight < LIMITS.pendingDials) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((resolve) => (known ? this.waiting.known : this.waiting.other).push(resolve));
  }

  /** The slot passes straight to the next in line, known peers first. */
  private done(): void {
    const next = this.waiting.known.shift() ?? this.waiting.other.shift();
    if (next) next();
    else this.inFlight--;
  }

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

  /** A link to `expectedId` at address:port, or why not; never throws. `known`: linked with us before. */
  async dial(address: string, port: number, expectedId: string, known = false): Promise<E.Either<P2PError, Link>> {
    const now = this.opts.now();
    if (this.perDestination.take(`${address}:${port}`, now) !== 'pass' || this.perAddress.take(address, now) !== 'pass') {
      this.heldOff++;
      return E.left(p2pError('CONNECT_FAILED', `holding off: too many dials to ${address}:${port} lately`));
    }
    await this.turn(known);
    try {
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
    } finally {
      this.done();
    }
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
