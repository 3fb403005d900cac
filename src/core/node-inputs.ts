import { filter, finalize, map, merge, mergeMap, type Observable, share, type SchedulerLike } from 'rxjs';
import { errorView, type ErrorView, type NodeEvent, type TransferEvent } from '../../machines/index.js';
import {
  datagramEvents,
  isTransferEvent,
  legacyEvents,
  limitChats,
  limitWindow,
  linkEvents,
  rateLimitBy,
  verifyBeacons,
} from '../../streams/index.js';
import type { Config } from '../config/config.js';
import { LIMITS } from '../wire/protocol/limits.js';
import type { Datagram, LegacyDelivery, Link, MessageStore, TrustStore } from '../wire/ports/index.js';
import type { P2PError } from '../wire/protocol/errors.js';

export interface InputPorts {
  readonly datagrams$: Observable<Datagram>;
  readonly proven?: (proofs: readonly string[], senderId: string) => readonly string[];
  readonly links$: Observable<Link>;
  readonly dialFailures$: Observable<{ readonly peerId: string; readonly reason: string }>;
  readonly legacy$: Observable<LegacyDelivery>;
  readonly transportErrors$: Observable<P2PError>;
  readonly trust: TrustStore;
  readonly store: Pick<MessageStore, 'has'>;
  readonly committed$: Observable<void>;
}

export interface InputDeps {
  readonly config: Config;
  readonly selfId: string;
  readonly scheduler: SchedulerLike;
  readonly newId: () => string;
  /** The links open now, by id: each is added when it comes and removed when it ends. */
  readonly links: Map<string, Link>;
}

export interface NodeInputs {
  /** Everything for the node machine (or, when bad, to show), rate limited. */
  readonly events$: Observable<NodeEvent | ErrorView>;
  /** The links' file frames, for the transfers' machines. */
  readonly transfers$: Observable<TransferEvent>;
}

const isLoopback = (address: string) => address.startsWith('127.');

/** The world's inputs as node events: datagrams (beacons), links, legacy one-shots, dial failures, transport errors. */
export function nodeInputs(ports: InputPorts, deps: InputDeps): NodeInputs {
  const { config, scheduler } = deps;
  const now = () => scheduler.now();
  const allLinkEvents$ = ports.links$.pipe(
    mergeMap((link) => {
      deps.links.set(link.id, link);
      const proven = ports.proven ? { proven: ports.proven } : {};
      return linkEvents(link, {
        now,
        trust: ports.trust,
        seen: (id) => ports.store.has(id),
        acceptFrom: config.acceptFrom,
        ...proven,
      }).pipe(finalize(() => deps.links.delete(link.id)));
    }),
    share(),
  );
  const linkEvents$ = allLinkEvents$.pipe(filter((e): e is NodeEvent | ErrorView => !isTransferEvent(e)));
  // Rate limited before decoding, so a flood costs a map lookup per datagram, no JSON parse.
  const limited$ = ports.datagrams$.pipe(
    rateLimitBy(
      (d) => d.address,
      { burst: LIMITS.datagramBurst, perSecond: LIMITS.datagramsPerSecond, maxKeys: LIMITS.rateLimitedSources },
      scheduler,
    ),
    share(),
  );
  const flooding$ = limited$.pipe(
    filter((r) => !r.pass),
    map((r) => errorView('RATE_LIMITED', `datagrams from ${r.item.address} over ${LIMITS.datagramsPerSecond}/s; dropping the excess`)),
  );
  const beacons$ = datagramEvents(
    limited$.pipe(
      filter((r) => r.pass),
      map((r) => r.item),
    ),
    { selfId: deps.selfId, now, ...(config.loopback ? { acceptFrom: isLoopback } : {}) },
  ).pipe(verifyBeacons({ now, trust: ports.trust }));
  const events$: Observable<NodeEvent | ErrorView> = merge(
    flooding$,
    beacons$,
    merge(linkEvents$, legacyEvents(ports.legacy$, { now, newId: deps.newId, enabled: config.legacy })).pipe(
      limitChats({ burst: 2 * config.chatRate, perSecond: config.chatRate, maxKeys: LIMITS.peers * 4 }, scheduler),
      limitWindow(ports.committed$, LIMITS.chatWindow),
    ),
    ports.dialFailures$.pipe(map((f): NodeEvent => ({ type: 'DIAL_FAILED', peerId: f.peerId, reason: f.reason, at: now() }))),
    ports.transportErrors$.pipe(map((error): ErrorView => ({ type: 'error', error }))),
  );
  return { events$, transfers$: allLinkEvents$.pipe(filter(isTransferEvent)) };
}
