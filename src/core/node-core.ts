import { filter, finalize, map, merge, mergeMap, Observable, share, Subscription, tap, type SchedulerLike } from 'rxjs';
import { createActor, type InspectionEvent } from 'xstate';
import { errorView, nodeMachine, type ErrorView, type NodeEvent, type PeerView, type ViewEvent } from '../../machines/index.js';
import {
  acks,
  beaconTicks,
  datagramEvents,
  emitted$,
  isTransferEvent,
  legacyEvents,
  limitChats,
  limitWindow,
  linkedIds,
  linkEvents,
  linkSetChanges,
  ofType,
  peersOf,
  pendingOf,
  owedTo,
  rateLimitBy,
  schedulerClock,
  throttleErrors,
  verifyBeacons,
  writes,
  type Written,
} from '../../streams/index.js';
import { diagnose, interpret, Metrics, trustReply, type Output, type Self, type Stats } from '../console/index.js';
import { storeKeeper } from './store-keeper.js';
import { typedLines } from './typed-lines.js';
import type { Config } from '../config/config.js';
import type { P2PError } from '../wire/protocol/errors.js';
import { LIMITS } from '../wire/protocol/limits.js';
import type { Datagram, FilesPort, LegacyDelivery, Link, MessageStore, RoomsPort, SystemFacts, TrustStore } from '../wire/ports/index.js';
import { transferCore } from './transfer-core.js';
import type { Queued } from '../../machines/index.js';
import type { IdChat } from '../wire/protocol/messages.js';

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
  /** Typed lines, as many as came in one turn; completion means end of input (a quit). */
  readonly lines$: Observable<readonly string[]>;
  /** Asks for a link; the outcome comes back on links$ or dialFailures$. */
  dial(peerId: string, address: string, port: number): void;
  sendOneShot(address: string, port: number, bytes: Buffer): Promise<void>;
  /** Sends one beacon round; `encode` gives the datagram for each `ip` it leaves by. */
  broadcast(encode: (ip: string) => Buffer): void;
  show(out: Output): void;
  /** `/nick`: beacons and new links go out under this name from now on (live only; a replay sends nothing). */
  rename?(name: string): void;
  readonly trust: TrustStore;
  /** The message store; its reads are answers from outside (recorded), its commits are inputs. */
  readonly store: MessageStore;
  readonly committed$: Observable<void>;
  /** The files' disk (issue 13); its results are inputs like any other. */
  readonly files: FilesPort;
  /** Rooms beyond the LAN (Hyperswarm); absent in a replay. */
  readonly rooms?: Pick<RoomsPort, 'act'>;
  /** `/doctor`: asks the system what it can tell (ports held, firewall rules, failed sends); the answer comes on `facts$`. */
  probe?(): void;
  readonly facts$?: Observable<SystemFacts>;
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
  /** Signs an own room message with the node's key (the seq is the author's next). */
  readonly signChat: (chat: IdChat, seq: number) => IdChat;
  /** Our public key (base64url), kept with own room messages so peers can pass them on. */
  readonly publicKey: string;
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
  const owed = new Map<string, { peerId: string; peerName: string; queue: Queued[] }>();
  for (const p of ports.store.pending()) {
    const o = owed.get(p.peerId) ?? { peerId: p.peerId, peerName: p.peerName, queue: [] };
    o.queue.push({ chat: p.chat, queuedAt: p.queuedAt, sent: true });
    owed.set(p.peerId, o);
  }
  const actor = createActor(nodeMachine, {
    clock: schedulerClock(scheduler),
    ...(opts.inspect ? { inspect: opts.inspect } : {}),
    input: {
      selfId: opts.self.id,
      selfName: opts.self.name,
      legacy: config.legacy,
      maxPeers: LIMITS.peers,
      maxPeersPerSource: LIMITS.peersPerSource,
      delivery: { window: LIMITS.chatWindow, expireAfter: config.expire, maxQueued: LIMITS.outboxPerPeer },
      owed: [...owed.values()],
      at: now(),
      timing: {
        heartbeatInterval: config.heartbeatInterval,
        staleAfter: config.staleAfter,
        legacyStaleAfter: Math.max(config.staleAfter, 2 * config.beaconInterval + 1000),
        goneAfter: config.goneAfter,
        redialMin: LIMITS.redialMinMs,
        redialMax: LIMITS.redialMaxMs,
        dialYield: LIMITS.dialYieldMs,
        dialAttempts: LIMITS.dialAttemptsUnproven,
      },
    },
  });

  const links = new Map<string, Link>();
  const emitted = emitted$(actor).pipe(share());
  const allLinkEvents$ = ports.links$.pipe(
    mergeMap((link) => {
      links.set(link.id, link);
      return linkEvents(link, { now, trust: ports.trust, seen: (id) => ports.store.has(id), acceptFrom: config.acceptFrom }).pipe(
        finalize(() => links.delete(link.id)),
      );
    }),
    share(),
  );
  const linkEvents$ = allLinkEvents$.pipe(filter((e): e is NodeEvent | ErrorView => !isTransferEvent(e)));
  const transfers = transferCore({
    files: ports.files,
    store: ports.store,
    scheduler,
    newId: opts.newId,
    link: (id) => links.get(id),
    show: (o) => ports.show(o),
    fromLinks$: allLinkEvents$.pipe(filter(isTransferEvent)),
    peerLinks$: emitted.pipe(ofType('link')),
    ...(opts.inspect ? { inspect: opts.inspect } : {}),
  });
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
    {
      selfId: opts.self.id,
      now,
      ...(config.loopback ? { acceptFrom: isLoopback } : {}),
    },
  ).pipe(verifyBeacons({ now, trust: ports.trust }));
  const inputs$: Observable<NodeEvent | ErrorView> = merge(
    flooding$,
    beacons$,
    merge(linkEvents$, legacyEvents(ports.legacy$, { now, newId: opts.newId, enabled: config.legacy })).pipe(
      limitChats({ burst: 2 * config.chatRate, perSecond: config.chatRate, maxKeys: LIMITS.peers * 4 }, scheduler),
      limitWindow(ports.committed$, LIMITS.chatWindow),
    ),
    ports.dialFailures$.pipe(map((f): NodeEvent => ({ type: 'DIAL_FAILED', peerId: f.peerId, reason: f.reason }))),
    ports.transportErrors$.pipe(map((error): ErrorView => ({ type: 'error', error }))),
  );
  const outputs$: Observable<Output | Written> = merge(
    emitted.pipe(
      filter(
        (e): e is ViewEvent =>
          e.type === 'peer' ||
          e.type === 'chat' ||
          e.type === 'error' ||
          e.type === 'delivery' ||
          e.type === 'renamed' ||
          e.type === 'away',
      ),
    ),
    writes(merge(emitted, transfers.sends$), { transport: ports, link: (id) => links.get(id) }),
  );

  // `/nick` changes the name the node speaks under; its id and key stay.
  let self = opts.self;
  /** `/away TEXT`: what peers are told (on every link, and on each new one); null while here. */
  let away: string | null = null;
  const keeper = storeKeeper({
    store: ports.store,
    show: (o) => ports.show(o),
    self: opts.self,
    publicKey: opts.publicKey,
    signChat: opts.signChat,
    now,
    link: (id) => links.get(id),
    peers: () => peersOf(actor),
    pending: () => pendingOf(actor),
    owed: (peerId) => owedTo(actor, peerId),
  });
  const { signed, keepOwn, remember, answer } = keeper;
  const metrics = new Metrics();
  let doctorWaiting = false;
  const showDoctor = (system: SystemFacts | null) => {
    const evidence = {
      ...metrics.evidence(),
      seconds: (now() - startedAt) / 1000,
      peers: peersOf(actor),
      legacy: config.legacy,
      discoveryPort: config.discoveryPort,
      ...(system ? { system } : {}),
    };
    ports.show({ type: 'doctor', findings: diagnose(evidence) });
  };
  const startedAt = now();
  const subs = new Subscription();
  let counter = 0;
  return {
    start() {
      // Everything listens before anything happens.
      subs.add(
        outputs$
          .pipe(
            // Out counters count what went on the wire, not what was asked for.
            tap((o) =>
              o.type === 'written' ? metrics.written(o.peerId, o.message, now()) : o.type === 'error' && metrics.error(o.error.code),
            ),
            filter((o): o is Output => o.type !== 'written'),
            throttleErrors(10_000, 1024, scheduler),
          )
          .subscribe((o) => ports.show(o)),
      );
      subs.add(emitted.subscribe((e) => remember(e)));
      subs.add(
        acks(emitted.pipe(ofType('received')), ports.committed$, LIMITS.ackIds).subscribe((a) =>
          links.get(a.linkId)?.send({ type: 'Ack', body: { ids: [...a.ids] } }),
        ),
      );
      subs.add(emitted.pipe(ofType('dial')).subscribe((d) => ports.dial(d.peerId, d.address, d.port)));
      // A peer met while we are away is told so on its new link, as those already linked were.
      // ...and told which peers we are linked to, so its page can draw the mesh.
      subs.add(
        emitted.pipe(ofType('link')).subscribe((l) => {
          const link = l.linkId === null ? undefined : links.get(l.linkId);
          if (away !== null) link?.send({ type: 'Status', body: { away } });
          link?.send({ type: 'Links', body: { peers: linkedIds(peersOf(actor)) } });
        }),
      );
      subs.add(
        linkSetChanges(emitted.pipe(filter((e) => e.type === 'peer')), () => peersOf(actor), LIMITS.linksIntervalMs, scheduler).subscribe(
          (peers) => {
            for (const link of links.values()) link.send({ type: 'Links', body: { peers: [...peers] } });
          },
        ),
      );
      subs.add(
        inputs$
          .pipe(
            // Counted before the throttle: the counts are true even when the log is quiet.
            tap((e) => (e.type === 'error' ? metrics.error(e.error.code) : metrics.input(e, now()))),
            throttleErrors(10_000, 1024, scheduler),
          )
          .subscribe((e) => {
            if (e.type === 'error') ports.show(e);
            else actor.send(e);
          }),
      );
      const typed = typedLines({
        interpret: (line) =>
          interpret(line, {
            self,
            peers: () => peersOf(actor),
            known: () => ports.store.knownPeers(),
            refused: (name) => ports.trust.refusedFor(name),
            now,
            newId: opts.newId,
            transfers: () => transfers.list(),
          }),
        signed,
        keep: keepOwn,
        commit: () => ports.store.flush(),
        act: (r, send) => {
          r.show.forEach((o) => ports.show(o));
          if (r.stats) ports.show({ type: 'stats', stats: metrics.snapshot(now(), peersOf(actor)) });
          if (r.doctor) {
            // What the system says comes back as an input (facts$); the findings wait for it.
            if (ports.probe && ports.facts$) {
              doctorWaiting = true;
              ports.probe();
            } else showDoctor(null);
          }
          if (r.trust !== undefined)
            trustReply(ports.trust.accept(r.trust.name, r.trust.prefix), peersOf(actor)).forEach((o) => ports.show(o));
          if (r.query) answer(r.query);
          if (r.file) transfers.act(r.file);
          if (r.room)
            ports.show({
              type: 'room',
              answer: ports.rooms?.act(r.room) ?? {
                kind: 'error',
                error: { code: 'BAD_COMMAND', message: 'rooms are not open in a replay' },
              },
            });
          if (send) actor.send(send);
          if (r.away !== undefined) {
            away = r.away;
            for (const link of links.values()) link.send({ type: 'Status', body: { away } });
          }
          if (r.nick !== undefined) {
            self = { ...self, name: r.nick };
            ports.rename?.(r.nick);
          }
          if (r.quit) opts.onQuit();
        },
      });
      if (ports.facts$)
        subs.add(
          ports.facts$.subscribe((f) => {
            if (doctorWaiting) showDoctor(f);
            doctorWaiting = false;
          }),
        );
      subs.add(ports.lines$.subscribe({ next: typed, complete: () => opts.onQuit() }));
      transfers.start();
      actor.start();
      if (config.history > 0) keeper.showHistory(config.history);
      // One timestamp per round, a fresh counter per datagram: receivers drop a round's
      // duplicates (several broadcast paths) quietly and report only older beacons.
      subs.add(
        beaconTicks(config.beaconInterval, emitted.pipe(ofType('rebeacon')), LIMITS.rebeaconMs, scheduler).subscribe(() => {
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
      transfers.stop();
      actor.stop();
    },
    peers: () => peersOf(actor),
    stats: () => metrics.snapshot(now(), peersOf(actor)),
  };
}
