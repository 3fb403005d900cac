import { filter, finalize, map, merge, mergeMap, Observable, share, Subscription, tap, type SchedulerLike } from 'rxjs';
import { createActor, type InspectionEvent } from 'xstate';
import { errorView, nodeMachine, type Effect, type ErrorView, type NodeEvent, type PeerView, type ViewEvent } from '../machines/index.js';
import {
  acks,
  beaconTicks,
  datagramEvents,
  emitted$,
  legacyEvents,
  limitChats,
  limitWindow,
  linkEvents,
  ofType,
  peersOf,
  pendingOf,
  rateLimitBy,
  schedulerClock,
  throttleErrors,
  verifyBeacons,
  writes,
  type Written,
} from '../streams/index.js';
import { DeliveryNotes, interpret, Metrics, type Output, type Self, type Stats } from './console/index.js';
import type { Config } from './config.js';
import type { P2PError } from './wire/protocol/errors.js';
import { LIMITS } from './wire/protocol/limits.js';
import type { Datagram, LegacyDelivery, Link, MessageStore, TrustStore } from './wire/ports.js';
import type { Queued } from '../machines/index.js';
import { chatOf, haveOf, type IdChat, type Message } from './wire/protocol/messages.js';

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
  /** The message store; its reads are answers from outside (recorded), its commits are inputs. */
  readonly store: MessageStore;
  readonly committed$: Observable<void>;
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
      legacy: config.legacy,
      maxPeers: LIMITS.peers,
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
      },
    },
  });

  const links = new Map<string, Link>();
  const emitted = emitted$(actor).pipe(share());
  const linkEvents$ = ports.links$.pipe(
    mergeMap((link) => {
      links.set(link.id, link);
      return linkEvents(link, { now, trust: ports.trust, seen: (id) => ports.store.has(id) }).pipe(finalize(() => links.delete(link.id)));
    }),
  );
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
      limitChats(scheduler, { burst: 2 * config.chatRate, perSecond: config.chatRate, maxKeys: LIMITS.peers * 4 }),
      limitWindow(ports.committed$, LIMITS.chatWindow),
    ),
    ports.dialFailures$.pipe(map((f): NodeEvent => ({ type: 'DIAL_FAILED', peerId: f.peerId, reason: f.reason }))),
    ports.transportErrors$.pipe(map((error): ErrorView => ({ type: 'error', error }))),
  );
  const outputs$: Observable<Output | Written> = merge(
    emitted.pipe(filter((e): e is ViewEvent => e.type === 'peer' || e.type === 'chat' || e.type === 'error' || e.type === 'delivery')),
    writes(emitted, { transport: ports, link: (id) => links.get(id) }),
  );

  /** Own room messages carry the next sequence number and our signature, so others can pass them on. */
  let ownSeq = ports.store.lastSeq(opts.self.id);
  const signed = (e: NodeEvent): NodeEvent =>
    e.type === 'SEND_CHAT' && e.to === null ? { ...e, chat: opts.signChat(e.chat, ++ownSeq) } : e;
  /**
   * An own message is on disk before it is shown: what the user saw as sent
   * survives a crash a moment later. A private one is owed to its recipient from
   * then on; a room message reaches whoever was away through catch-up.
   */
  const keepOwn = (e: Extract<NodeEvent, { type: 'SEND_CHAT' }>) => {
    const at = now();
    const c = e.chat;
    ports.store.save(
      {
        id: c.id,
        fromId: opts.self.id,
        fromName: opts.self.name,
        toId: e.to?.id ?? null,
        content: c.content,
        timestamp: c.timestamp,
        own: true,
        legacy: false,
        deliveredTo: [],
        ...(c.seq !== undefined && c.sig !== undefined ? { seq: c.seq, sig: c.sig, key: opts.publicKey } : {}),
      },
      at,
    );
    const legacyTo = e.to !== null && peersOf(actor).some((p) => p.id === e.to?.id && p.legacy);
    if (e.to !== null && !legacyTo) ports.store.enqueue(c.id, [e.to], at);
    ports.store.flush();
  };
  const notes = new DeliveryNotes();
  const names = (): Record<string, string> => {
    const pairs: [string, string][] = [...ports.store.knownPeers(), ...peersOf(actor)].map((p) => [p.id, p.name]);
    return Object.fromEntries(pairs);
  };
  /** The store remembers what the machines decided; the console hears how own messages fare. */
  const remember = (e: Effect | ViewEvent): void => {
    const at = now();
    switch (e.type) {
      case 'received': {
        if (e.duplicate) return;
        const key = e.relayedKey ?? (e.linkId !== null ? links.get(e.linkId)?.remoteKey : undefined);
        const room = !e.chat.private && e.chat.seq !== undefined && e.chat.sig !== undefined && key !== undefined;
        ports.store.save(
          {
            id: e.chat.id ?? '',
            fromId: e.chat.from_id,
            fromName: e.chat.from_name,
            toId: e.chat.private ? opts.self.id : null,
            content: e.chat.content,
            timestamp: e.chat.timestamp,
            own: false,
            legacy: e.legacy,
            deliveredTo: [],
            ...(room ? { seq: e.chat.seq, sig: e.chat.sig, key } : {}),
            ...(e.relayedKey !== undefined ? { caughtUp: true } : {}),
          },
          at,
        );
        return;
      }
      case 'link':
        if (e.linkId !== null) sendHave(e.linkId);
        return;
      case 'catchUp':
        return catchUp(e.peerId, e.linkId, e.authors);
      case 'queue':
        ports.store.enqueue(e.chat.id, e.recipients, at);
        return notes.queued(e).forEach((text) => ports.show({ type: 'note', id: e.chat.id, text }));
      case 'delivery':
        if (e.delivery.state === 'delivered' || e.delivery.state === 'expired')
          ports.store.settle(e.delivery.id, e.delivery.peerId, e.delivery.state, at);
        return notes.delivery(e.delivery).forEach((text) => ports.show({ type: 'note', id: e.delivery.id, text }));
      case 'peer':
        if (e.peer.state === 'connected' && e.peer.verified) ports.store.notePeer({ id: e.peer.id, name: e.peer.name, lastSeen: at });
        return;
      default:
        return;
    }
  };
  const send = (linkId: string, m: Message) => links.get(linkId)?.send(m);
  const sendHave = (linkId: string) => {
    send(linkId, { type: 'Have', body: haveOf(ports.store.heads()) });
  };
  /** What the peer lacks after its heads, oldest first per author, within the catch-up bounds. */
  const catchUp = (peerId: string, linkId: string, theirs: Readonly<Record<string, number>>) => {
    let count = 0;
    let bytes = 0;
    for (const author of Object.keys(ports.store.heads())) {
      if (author === peerId) continue; // its own messages it has
      const from = theirs[author] ?? 0;
      if (ports.store.lastSeq(author) <= from) continue;
      for (const m of ports.store.since(author, from, LIMITS.catchUpMessages - count)) {
        if (m.seq === undefined || m.sig === undefined || m.key === undefined) continue;
        const chat = chatOf({
          id: m.id,
          from_id: m.fromId,
          from_name: m.fromName,
          content: m.content,
          timestamp: m.timestamp,
          seq: m.seq,
          sig: m.sig,
        });
        if (chat === null) continue;
        bytes += Buffer.byteLength(m.content) + 300;
        if (++count > LIMITS.catchUpMessages || bytes > LIMITS.catchUpBytes) return;
        send(linkId, { type: 'Relay', body: { chat, key: m.key } });
      }
    }
  };
  const answer = (q: NonNullable<ReturnType<typeof interpret>['query']>): void => {
    if (q.kind === 'pending') return ports.show({ type: 'pending', items: pendingOf(actor), now: now() });
    const messages =
      q.kind === 'history'
        ? ports.store.history({ ...(q.peerId ? { peerId: q.peerId } : {}), limit: q.count })
        : ports.store.search(q.text, LIMITS.historyLines);
    ports.show({ type: 'history', messages, title: q.kind === 'history' ? q.title : `matching "${q.text}", newest first`, names: names() });
  };
  const metrics = new Metrics();
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
            throttleErrors(10_000, scheduler),
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
      subs.add(
        inputs$
          .pipe(
            // Counted before the throttle: the counts are true even when the log is quiet.
            tap((e) => (e.type === 'error' ? metrics.error(e.error.code) : metrics.input(e, now()))),
            throttleErrors(10_000, scheduler),
          )
          .subscribe((e) => {
            if (e.type === 'error') ports.show(e);
            else actor.send(e);
          }),
      );
      subs.add(
        ports.lines$.subscribe({
          next: (line) => {
            const r = interpret(line, {
              self: opts.self,
              peers: () => peersOf(actor),
              known: () => ports.store.knownPeers(),
              now,
              newId: opts.newId,
            });
            const send = r.send ? signed(r.send) : null;
            if (send?.type === 'SEND_CHAT') keepOwn(send);
            r.show.forEach((o) => ports.show(o));
            if (r.stats) ports.show({ type: 'stats', stats: metrics.snapshot(now(), peersOf(actor)) });
            if (r.trust !== undefined) ports.show({ type: 'trusted', name: r.trust, fingerprint: ports.trust.accept(r.trust) });
            if (r.query) answer(r.query);
            if (send) actor.send(send);
            if (r.quit) opts.onQuit();
          },
          complete: () => opts.onQuit(),
        }),
      );
      actor.start();
      if (config.history > 0) {
        const messages = ports.store.history({ limit: config.history });
        if (messages.length > 0) ports.show({ type: 'history', messages, title: 'history', names: names() });
      }
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
