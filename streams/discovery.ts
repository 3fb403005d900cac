import * as E from 'fp-ts/lib/Either.js';
import { concat, merge, Observable, repeat, throttleTime, timer, map, type SchedulerLike, mergeMap, EMPTY, of } from 'rxjs';
import type { ErrorView, NodeEvent } from '../machines/events.js';
import { decodeMessage } from '../src/wire/protocol/decode.js';
import { p2pError } from '../src/wire/protocol/errors.js';
import { errorView } from '../machines/error-view.js';
import { LIMITS } from '../src/wire/protocol/limits.js';
import type { Datagram } from '../src/wire/ports/index.js';

/**
 * When to send a beacon: at once, twice more early on, then every `interval`, plus whenever the
 * machines ask (a newcomer appeared), but never two extra ones closer than
 * `minGap` (a flood of newcomers must not become a flood of beacons).
 */
export function beaconTicks(interval: number, asked$: Observable<unknown>, minGap: number, scheduler: SchedulerLike): Observable<void> {
  // Re-subscribed each period rather than one periodic timer: each wait is a fresh
  // scheduled action, so a virtual-time scheduler keeps nothing from past periods.
  const periodic$ = concat(of(0), timer(interval, scheduler).pipe(repeat()));
  // A datagram can be lost (and a peer still starting can miss it): two more at
  // start-up, as mDNS probes do, so joining never waits a whole interval on one loss.
  const startup$ = merge(...LIMITS.startupBeaconsMs.filter((t) => t < interval).map((t) => timer(t, scheduler)));
  const extra$ = asked$.pipe(throttleTime(minGap, scheduler, { leading: true, trailing: true }));
  return merge(periodic$, startup$, extra$).pipe(map(() => undefined));
}

export interface DatagramOptions {
  readonly selfId: string;
  readonly now: () => number;
  /** In `--loopback` mode datagrams from elsewhere are not ours to hear. */
  readonly acceptFrom?: (address: string) => boolean;
}

const located = (error: ReturnType<typeof p2pError>, from: string, address: string): ErrorView =>
  errorView(error.code, `${error.message} (from ${from})`, address);

/** Datagrams → node events: Discovery, and the UDP forms of Heartbeat and Exit. */
export function datagramEvents(datagrams$: Observable<Datagram>, opts: DatagramOptions): Observable<NodeEvent | ErrorView> {
  return datagrams$.pipe(
    mergeMap((d): Observable<NodeEvent | ErrorView> => {
      if (opts.acceptFrom && !opts.acceptFrom(d.address)) return EMPTY;
      const from = `${d.address}:${d.port}`;
      const decoded = decodeMessage(d.data, LIMITS.datagramBytes);
      if (E.isLeft(decoded)) {
        const e = decoded.left.code === 'FRAME_TOO_LARGE' ? p2pError('DATAGRAM_TOO_LARGE', decoded.left.message) : decoded.left;
        return of(located(e, from, d.address));
      }
      const m = decoded.right;
      const at = opts.now();
      switch (m.type) {
        case 'Discovery':
          if (m.body.id === opts.selfId) return EMPTY;
          // Unverified here: verifyBeacons fills in the fingerprint once the signature holds.
          return of({ type: 'BEACON', discovery: m.body, address: d.address, legacy: m.body.version === undefined, fingerprint: '', at });
        case 'Heartbeat':
          return m.body === opts.selfId ? EMPTY : of({ type: 'TRAFFIC', peerId: m.body, linkId: null, at });
        case 'Exit':
          return m.body === opts.selfId ? EMPTY : of({ type: 'EXIT', peerId: m.body, linkId: null, at });
        default:
          return of(located(p2pError('UNEXPECTED_MESSAGE', `${m.type} is not a datagram message`), from, d.address));
      }
    }),
  );
}
