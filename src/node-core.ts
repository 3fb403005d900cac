import { filter, finalize, map, merge, mergeMap, Observable, share, Subscription, tap, type SchedulerLike } from 'rxjs';
import { createActor, type InspectionEvent } from 'xstate';
import { errorView, nodeMachine, type Effect, type NodeEvent, type PeerView, type ViewEvent } from '../machines/index.js';
import {
  beaconTicks, datagramEvents, emitted$, legacyEvents, limitChats, linkEvents, ofType, peersOf, rateLimitBy,
  schedulerClock, throttleErrors, verifyBeacons, writes,
} from '../streams/index.js';
import { interpret, Metrics, type Output, type Self, type Stats } from './console/index.js';
import type { Config } from './config.js';
import type { P2PError } from './wire/protocol/errors.js';
import { LIMITS } from './wire/protocol/limits.js';
import type { Datagram, LegacyDelivery, Link, TrustStore } from './wire/ports.js';

/**
 * Everything the node's core needs from outside, as streams in and calls out.
 * The live composition gives it sockets (through a recorder, when recording);
 * a replay gives it a recording. The core cannot tell which.
 */
export interface CorePorts {
  readonly datagrams$: Observable<Datagram>;
  /** Handshaken links, inbound and dialed. */
  readonly links$: Observable<Link>;
  readonly dialFailures$: Observable<{ readonly peerId: string; readonly reason: string }>;
  readonly legacy$: Observable<LegacyDelivery>;
  readonly transportErrors$: Observable<P2PError>;
  /** Typed lines; completion means end of input (a quit). */
  readonly lines$: Observable<string>;
  /** Asks for a link; the outcome comes back on links$ or dialFailures$. */
  dial(peerId: string, address: string, port: number): void;
  sendOneShot(address: string, port: number, bytes: Buffer): Promise<void>;
  /** Sends one beacon round; `encode` gives the datagram for each `ip` it leaves by. */
  broadcast(encode: (ip: string) => Buffer): void;
  show(out: Output): void;
  readonly trust: TrustStore;
}

export interface CoreOptions {
  readonly config: Config;
  readonly self: Self;
  readonly scheduler: SchedulerLike;
  readonly newId: () => string;
  /** A signed beacon for one round (`ts`) and datagram (`ctr`), leaving by `ip`. */
  readonly beacon: (ip: string, ts: number, ctr: number) => Buffer;
  /** Inspection events of every actor (the XState inspector and the live page use them). */
  readonly inspect?: (event: InspectionEvent) => void;
  /** Called once the user asks to quit (a line or end of input). */
  readonly onQuit: () => void;
}

export interface NodeCore {
  start(): void;
  /** Says goodbye: every peer is sent Exit, then links close (flushed). */
  quit(): Promise<void>;
  /** Ends every subscription and stops the actors. */
  stop(): void;
  peers(): PeerView[];
  stats(): Stats;
}

const isLoopback = (address: string) => address.startsWith('127.');

export function createNodeCore(ports: CorePorts, opts: CoreOptions): NodeCore {
  const { config, scheduler } = opts;
  const now = () => scheduler.now();
  const actor = createActor(nodeMachine, {
    clock: schedulerClock(scheduler),
    ...(opts.inspect ? { inspect: opts.inspect } : {}),
    input: {
      selfId: opts.self.id,
      legacy: config.legacy,
      maxPeers: LIMITS.peers,
      timing: {
        heartbeatInterval: config.heartbeatInterval,
        staleAfter: config.staleAfter,
        legacyStaleAfter: Math.max(config.staleAfter, 2 * config.beaconInterval + 1000),
        goneAfter: config.goneAfter,
        redialMin: LIMITS.redialMinMs,
        redialMax: LIMITS.redialMaxMs,
        dialYield: LIMITS.dialYieldMs,
      },
    },
  });

  const links = new Map<string, Link>();
  const emitted = emitted$(actor).pipe(share());
  const linkEvents$ = ports.links$.pipe(
    mergeMap((link) => {
      links.set(link.id, link);
      return linkEvents(link, { now, trust: ports.trust }).pipe(finalize(() => links.delete(link.id)));
    }),
  );
  // Rate limited before decoding, so a flood costs a map lookup per datagram, no JSON parse.
  const limited$ = ports.datagrams$.pipe(
    rateLimitBy((d) => d.address, { burst: LIMITS.datagramBurst, perSecond: LIMITS.datagramsPerSecond, maxKeys: LIMITS.rateLimitedSources }, scheduler),
    share(),
  );
  const flooding$ = limited$.pipe(
    filter((r) => !r.pass),
    map((r) => errorView('RATE_LIMITED', `datagrams from ${r.item.address} over ${LIMITS.datagramsPerSecond}/s; dropping the excess`)),
  );
  const beacons$ = datagramEvents(limited$.pipe(filter((r) => r.pass), map((r) => r.item)), {
    selfId: opts.self.id,
    now,
    ...(config.loopback ? { acceptFrom: isLoopback } : {}),
  }).pipe(verifyBeacons({ now, trust: ports.trust }));
  const inputs$: Observable<NodeEvent | ViewEvent> = merge(
    flooding$,
    beacons$,
    merge(linkEvents$, legacyEvents(ports.legacy$, { now, newId: opts.newId, enabled: config.legacy })).pipe(
      limitChats(scheduler, { burst: 2 * config.chatRate, perSecond: config.chatRate, maxKeys: LIMITS.peers * 4 }),
    ),
    ports.dialFailures$.pipe(map((f): NodeEvent => ({ type: 'DIAL_FAILED', peerId: f.peerId, reason: f.reason }))),
    ports.transportErrors$.pipe(map((error): ViewEvent => ({ type: 'error', error }))),
  );
  const outputs$: Observable<Output> = merge(
    emitted.pipe(filter((e): e is ViewEvent => e.type === 'peer' || e.type === 'chat' || e.type === 'error')),
    writes(emitted, { transport: ports, link: (id) => links.get(id), now }),
  );

  const metrics = new Metrics();
  const subs = new Subscription();
  let counter = 0;
  return {
    start() {
      // Everything listens before anything happens.
      subs.add(outputs$.pipe(tap((o) => o.type === 'error' && metrics.error(o.error.code)), throttleErrors(10_000, scheduler)).subscribe((o) => ports.show(o)));
      subs.add(emitted.subscribe((e) => metrics.effect(e as Effect, now())));
      subs.add(emitted.pipe(ofType('dial')).subscribe((d) => ports.dial(d.peerId, d.address, d.port)));
      subs.add(
        inputs$.pipe(
          // Counted before the throttle: the counts are true even when the log is quiet.
          tap((e) => (e.type === 'error' ? metrics.error(e.error.code) : metrics.input(e as NodeEvent, now()))),
          throttleErrors(10_000, scheduler),
        ).subscribe((e) => {
          if (e.type === 'error') ports.show(e);
          else actor.send(e as NodeEvent);
        }),
      );
      subs.add(
        ports.lines$.subscribe({
          next: (line) => {
            const r = interpret(line, { self: opts.self, peers: () => peersOf(actor), now, newId: opts.newId });
            r.show.forEach((o) => ports.show(o));
            if (r.stats) ports.show({ type: 'stats', stats: metrics.snapshot(now(), peersOf(actor)) });
            if (r.trust !== undefined) ports.show({ type: 'trusted', name: r.trust, fingerprint: ports.trust.accept(r.trust) });
            if (r.send) actor.send(r.send);
            if (r.quit) opts.onQuit();
          },
          complete: () => opts.onQuit(),
        }),
      );
      actor.start();
      // One timestamp per round, a fresh counter per datagram: receivers drop a round's
      // duplicates (several broadcast paths) quietly and report only older beacons.
      subs.add(
        beaconTicks(config.beaconInterval, emitted.pipe(ofType('rebeacon')), scheduler).subscribe(() => {
          const ts = Math.floor(now());
          ports.broadcast((ip) => opts.beacon(ip, ts, ++counter));
        }),
      );
    },
    async quit() {
      actor.send({ type: 'QUIT' });
      await Promise.all([...links.values()].map((link) => link.close()));
    },
    stop() {
      subs.unsubscribe();
      actor.stop();
    },
    peers: () => peersOf(actor),
    stats: () => metrics.snapshot(now(), peersOf(actor)),
  };
}
