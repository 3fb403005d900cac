import { share, Subscription, tap } from 'rxjs';
import { channelsOf, emitted$, ofType, owedTo, peersOf, pendingOf, selfOf, type NodeActor } from '../../streams/index.js';
import { Metrics } from '../console/index.js';
import type { Link } from '../wire/ports/index.js';
import { commandLine } from './command-line.js';
import type { CoreOptions, CorePorts, NodeCore } from './core-types.js';
import { nodeActor } from './node-actor.js';
import { beaconRounds, emittedEffects } from './node-effects.js';
import { nodeInputs } from './node-inputs.js';
import { quietErrors } from './quiet-errors.js';
import { storeKeeper } from './store-keeper.js';
import { transferCore } from './transfer-core.js';

export type { CoreOptions, CorePorts, NodeCore } from './core-types.js';

/**
 * The node's core, wired: inputs become node events (node-inputs.ts), the
 * machines decide, what they emit is carried out (node-effects.ts), typed lines
 * become one reaction each and are carried out (command-line.ts); the store
 * keeper and the transfers do their own jobs beside them.
 */
export function createNodeCore(ports: CorePorts, opts: CoreOptions): NodeCore {
  const { config, scheduler } = opts;
  const now = () => scheduler.now();
  const { actor, links, emitted, inputs, transfers, keeper } = parts(ports, opts);
  const peers = () => peersOf(actor);
  const metrics = new Metrics();
  const lines = commandLine({ ports, opts, actor, links, keeper, transfers, metrics, startedAt: now() });
  const subs = new Subscription();
  return {
    start() {
      // Everything listens before anything happens, in this order (the order each event is handled in).
      subs.add(
        emittedEffects(emitted, {
          scheduler,
          transport: ports,
          links,
          show: (o) => ports.show(o),
          dial: (peerId, address, port) => ports.dial(peerId, address, port),
          committed$: ports.committed$,
          metrics,
          remember: keeper.remember,
          transferSends$: transfers.sends$,
          peers,
          away: () => selfOf(actor).away,
          channels: () => Object.keys(channelsOf(actor).joined),
          ...(ports.rooms ? { proofs: (to: string) => ports.rooms?.proofs(opts.self.id, to) ?? [] } : {}),
        }),
      );
      subs.add(
        inputs.events$
          .pipe(
            // Counted before the throttle: the counts are true even when the log is quiet.
            tap((e) => (e.type === 'error' ? metrics.error(e.error.code) : metrics.input(e, now()))),
            quietErrors(scheduler),
          )
          .subscribe((e) => (e.type === 'error' ? ports.show(e) : actor.send(e))),
      );
      subs.add(lines.start());
      subs.add(ports.lines$.subscribe({ next: lines.handle, complete: () => opts.onQuit() }));
      transfers.start();
      actor.start();
      if (config.history > 0) keeper.showHistory(config.history);
      const beacons = {
        interval: config.beaconInterval,
        scheduler,
        beacon: opts.beacon,
        broadcast: (encode: (ip: string) => Buffer) => ports.broadcast(encode),
      };
      subs.add(beaconRounds(emitted.pipe(ofType('rebeacon')), beacons).subscribe());
    },
    async quit() {
      actor.send({ type: 'QUIT', at: now() });
      await Promise.all([...links.values()].map((link) => link.close()));
    },
    stop() {
      subs.unsubscribe();
      transfers.stop();
      actor.stop();
    },
    peers,
    channels: () => channelsOf(actor),
    stats: () => metrics.snapshot(now(), peers()),
  };
}

/**
 * The core's parts, built in this order: each of the node actor, the transfers
 * and the keeper reads the store once as it is built, and a replay answers the
 * reads in the order they were made live.
 */
function parts(ports: CorePorts, opts: CoreOptions) {
  const { config, scheduler } = opts;
  const inspect = opts.inspect ? { inspect: opts.inspect } : {};
  const joined = { ...(opts.joined ? { joined: opts.joined } : {}), ...(opts.current !== undefined ? { current: opts.current } : {}) };
  const actor: NodeActor = nodeActor({ config, self: opts.self, scheduler, store: ports.store, ...joined, ...inspect });
  const links = new Map<string, Link>();
  const link = (id: string) => links.get(id);
  const emitted = emitted$(actor).pipe(share());
  const inputs = nodeInputs(ports, { config, selfId: opts.self.id, scheduler, newId: opts.newId, links });
  const transfers = transferCore({
    files: ports.files,
    store: ports.store,
    scheduler,
    newId: opts.newId,
    link,
    show: (o) => ports.show(o),
    fromLinks$: inputs.transfers$,
    peerLinks$: emitted.pipe(ofType('link')),
    ...inspect,
  });
  const keeper = storeKeeper({
    store: ports.store,
    show: (o) => ports.show(o),
    self: opts.self,
    publicKey: opts.publicKey,
    signChat: opts.signChat,
    now: () => scheduler.now(),
    link,
    linkIds: () => links.keys(),
    peers: () => peersOf(actor),
    pending: () => pendingOf(actor),
    owed: (peerId) => owedTo(actor, peerId),
    joined: () => Object.keys(channelsOf(actor).joined),
  });
  return { actor, links, emitted, inputs, transfers, keeper };
}
