import { defer, filter, map, merge, type Observable, type SchedulerLike, Subscription, tap } from 'rxjs';
import type { Emitted, PeerView, ViewEvent } from '../../machines/index.js';
import { acks, beaconTicks, linkedIds, linkSetChanges, ofType, writes, type Written } from '../../streams/index.js';
import type { Metrics, Output } from '../console/index.js';
import type { Link, LinkTransport } from '../wire/ports/index.js';
import { LIMITS } from '../wire/protocol/limits.js';
import type { TransferCore } from './transfer-core.js';
import { quietErrors } from './quiet-errors.js';
import { ChannelId, isLanChannel, LAN_CHANNEL } from '../wire/protocol/channel-id.js';
import { ChannelProof } from '../wire/protocol/messages.js';

export interface EffectDeps {
  readonly scheduler: SchedulerLike;
  readonly transport: Pick<LinkTransport, 'sendOneShot'>;
  readonly links: ReadonlyMap<string, Link>;
  readonly show: (o: Output) => void;
  readonly dial: (peerId: string, address: string, port: number) => void;
  readonly committed$: Observable<void>;
  readonly metrics: Metrics;
  /** The store keeps what the machines decided (store-keeper.ts). */
  readonly remember: (e: Emitted) => void;
  readonly transferSends$: TransferCore['sends$'];
  readonly peers: () => readonly PeerView[];
  /** The node's away text, as the machine holds it. */
  readonly away: () => string | null;
  /** The channels the node is in, as the machine holds them (`#lan` among them, never announced). */
  readonly channels: () => readonly string[];
  /** Proofs of the secret channels (rooms) this node is in, for one receiver. */
  readonly proofs?: (receiverId: string) => readonly string[];
}

const isView = (e: Emitted): e is ViewEvent =>
  e.type === 'peer' ||
  e.type === 'chat' ||
  e.type === 'error' ||
  e.type === 'delivery' ||
  e.type === 'renamed' ||
  e.type === 'away' ||
  e.type === 'joined';

/** A chat refused (not of a channel of ours) is acknowledged all the same, so it is not resent; nothing of it is kept. */
function refusedAsReceived(emitted: Observable<Emitted>) {
  return emitted.pipe(
    ofType('refusedChat'),
    map((r) => ({ linkId: r.linkId, chat: { id: r.id }, legacy: false })),
  );
}

/**
 * What the machines emit, carried out: views shown and writes made (counted as
 * they go on the wire), the store told, acks after commits, dials, and what a
 * link is told when it comes (Status, Links) and when the link set changes.
 * Subscribed in this order, which is the order each emitted event is handled in.
 */
export function emittedEffects(emitted: Observable<Emitted>, deps: EffectDeps): Subscription {
  const { scheduler, links } = deps;
  const now = () => scheduler.now();
  const link = (id: string) => links.get(id);
  const subs = new Subscription();
  subs.add(
    merge(emitted.pipe(filter(isView)), writes(merge(emitted, deps.transferSends$), { transport: deps.transport, link }))
      .pipe(
        // Out counters count what went on the wire, not what was asked for.
        tap((o: Output | Written) =>
          o.type === 'written' ? deps.metrics.written(o.peerId, o.message, now()) : o.type === 'error' && deps.metrics.error(o.error.code),
        ),
        filter((o): o is Output => o.type !== 'written'),
        quietErrors(scheduler),
      )
      .subscribe((o) => deps.show(o)),
  );
  // A new link hears which channels we are in before our Have (the keeper's), so its
  // catch-up answer to us is scoped; every link hears again when they change.
  const announce = (to: Link | undefined, channels: readonly string[]) => {
    const lan = channels.filter((c): c is ChannelId => c !== LAN_CHANNEL && ChannelId.is(c) && isLanChannel(c));
    if (to !== undefined)
      to.send({ type: 'Channels', body: { lan, secret: (deps.proofs?.(to.hello.id) ?? []).filter((p) => ChannelProof.is(p)) } });
  };
  subs.add(
    emitted.subscribe((e) => {
      if (e.type === 'link' && e.linkId !== null && deps.channels().length > 1) announce(link(e.linkId), deps.channels());
      if (e.type === 'channels') for (const l of links.values()) announce(l, e.channels);
    }),
  );
  subs.add(emitted.subscribe((e) => deps.remember(e)));
  subs.add(
    acks(merge(emitted.pipe(ofType('received')), refusedAsReceived(emitted)), deps.committed$, LIMITS.ackIds).subscribe((a) =>
      link(a.linkId)?.send({ type: 'Ack', body: { ids: [...a.ids] } }),
    ),
  );
  subs.add(emitted.pipe(ofType('dial')).subscribe((d) => deps.dial(d.peerId, d.address, d.port)));
  // A peer met while we are away is told so on its new link, as those already linked were,
  // and told which peers we are linked to, so its page can draw the mesh.
  subs.add(
    emitted.pipe(ofType('link')).subscribe((l) => {
      const to = l.linkId === null ? undefined : link(l.linkId);
      const away = deps.away();
      if (away !== null) to?.send({ type: 'Status', body: { away } });
      to?.send({ type: 'Links', body: { peers: linkedIds(deps.peers()) } });
    }),
  );
  subs.add(
    linkSetChanges(emitted.pipe(filter((e) => e.type === 'peer')), deps.peers, LIMITS.linksIntervalMs, scheduler).subscribe((peers) => {
      for (const l of links.values()) l.send({ type: 'Links', body: { peers: [...peers] } });
    }),
  );
  return subs;
}

export interface BeaconDeps {
  readonly interval: number;
  readonly scheduler: SchedulerLike;
  /** Sends one beacon round; `encode` gives the datagram for each `ip` it leaves by. */
  readonly broadcast: (encode: (ip: string) => Buffer) => void;
  /** A signed beacon for one round (`ts`) and datagram (`ctr`), leaving by `ip`. */
  readonly beacon: (ip: string, ts: number, ctr: number) => Buffer;
}

/**
 * Beacon rounds, at the ticks' times and when the machines ask (`rebeacon`).
 * One timestamp per round, a fresh counter per datagram: receivers drop a
 * round's duplicates (several broadcast paths) quietly and report only older
 * beacons. The counter lives in the stream, one per subscription.
 */
export function beaconRounds(asked$: Observable<unknown>, deps: BeaconDeps): Observable<void> {
  const { scheduler } = deps;
  return defer(() => {
    let ctr = 0;
    return beaconTicks(deps.interval, asked$, LIMITS.rebeaconMs, scheduler).pipe(
      map(() => {
        const ts = Math.floor(scheduler.now());
        deps.broadcast((ip) => deps.beacon(ip, ts, ++ctr));
      }),
    );
  });
}
