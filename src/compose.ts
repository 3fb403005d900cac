import * as E from 'fp-ts/lib/Either.js';
import { filter, finalize, map, merge, mergeMap, Observable, share, Subscription, type SchedulerLike } from 'rxjs';
import { createActor } from 'xstate';
import { nodeMachine, type NodeEvent, type ViewEvent } from '../machines/index.js';
import {
  beaconTicks, datagramEvents, dials, emitted$, interpret, legacyEvents, linkEvents, ofType, peersOf, rateLimitBy,
  renderHuman, renderJson, schedulerClock, throttleErrors, verifyBeacons, limitChats, writes, type FanoutDeps, type Output,
} from '../streams/index.js';
import { defaultTargets, explicitTargets, LOOPBACK_TARGETS } from './adapters/broadcast-targets.js';
import { openTcpTransport } from './adapters/tcp-transport.js';
import { openTerminal } from './adapters/terminal.js';
import { openUdpPort } from './adapters/udp-port.js';
import type { Config } from './config.js';
import { encodeMessage } from './protocol/encode.js';
import { LIMITS, PROTOCOL_VERSION } from './protocol/limits.js';
import type { Hello, PeerId } from './protocol/messages.js';
import { openDataDir } from './adapters/data-dir.js';
import { signBeacon } from './identity/beacon-signature.js';
import type { Link } from './ports.js';

/** What the composition root takes from the process: the only ambient things. */
export interface World {
  readonly scheduler: SchedulerLike;
  /** Milliseconds, sub-ms precise where the platform allows (RTTs on loopback are tiny). */
  readonly now: () => number;
  readonly newId: () => string;
  readonly formatTime: (unixSeconds: number) => string;
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WriteStream;
}

export interface RunningNode {
  readonly id: string;
  readonly port: number;
  /** Resolves once everything is closed. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

const isLoopback = (address: string) => address.startsWith('127.');

/** The composition root: real ports in, one running node out. Nothing else builds the world. */
export async function startNode(config: Config, world: World): Promise<RunningNode> {
  const dataDir = openDataDir(config.dataDir);
  if (E.isLeft(dataDir)) throw new Error(dataDir.left);
  const { identity, trust } = dataDir.right;
  const selfId = identity.id;
  const self = { id: selfId, name: config.name, fingerprint: identity.fingerprint };
  const hello = (port: number): Hello => ({ id: selfId as PeerId, name: config.name, port, version: PROTOCOL_VERSION }) as Hello;

  const tcp = await openTcpTransport({ host: config.loopback ? '127.0.0.1' : '0.0.0.0', port: config.port, identity, hello });
  const targets = config.loopback
    ? () => LOOPBACK_TARGETS
    : config.broadcast.length > 0
      ? () => explicitTargets(config.broadcast)
      : () => defaultTargets();
  const udp = await openUdpPort({ port: config.discoveryPort, targets }).catch(async (e: Error) => {
    await tcp.close();
    throw e;
  });
  const terminal = openTerminal({ input: world.stdin, output: world.stdout, plain: config.json });

  const actor = createActor(nodeMachine, {
    clock: schedulerClock(world.scheduler),
    input: {
      selfId,
      legacy: config.legacy,
      maxPeers: LIMITS.peers,
      timing: {
        heartbeatInterval: config.heartbeatInterval,
        staleAfter: config.staleAfter,
        legacyStaleAfter: Math.max(config.staleAfter, 2 * config.beaconInterval + 1000),
        goneAfter: config.goneAfter,
        redialMin: LIMITS.redialMinMs,
        redialMax: LIMITS.redialMaxMs,
      },
    },
  });

  const links = new Map<string, Link>();
  const emitted = emitted$(actor).pipe(share());
  const deps: FanoutDeps = { transport: tcp, link: (id) => links.get(id), now: world.now };

  const dialed$ = dials(emitted, deps).pipe(share());
  const link$ = merge(tcp.inbound$, dialed$.pipe(filter(E.isRight), map((r) => r.right)));
  const linkEvents$ = link$.pipe(
    mergeMap((link) => {
      links.set(link.id, link);
      return linkEvents(link, { now: world.now, trust }).pipe(finalize(() => links.delete(link.id)));
    }),
  );
  // Rate limited before decoding, so a flood costs a map lookup per datagram, no JSON parse.
  const limited$ = udp.datagrams$.pipe(
    rateLimitBy((d) => d.address, { burst: LIMITS.datagramBurst, perSecond: LIMITS.datagramsPerSecond, maxKeys: LIMITS.rateLimitedSources }, world.scheduler),
    share(),
  );
  const datagrams$ = limited$.pipe(filter((r) => r.pass), map((r) => r.item));
  const flooding$ = limited$.pipe(
    filter((r) => !r.pass),
    map((r): ViewEvent => ({
      type: 'error',
      error: { code: 'RATE_LIMITED', message: `datagrams from ${r.item.address} over ${LIMITS.datagramsPerSecond}/s; dropping the excess` },
    })),
  );
  const beacons$ = datagramEvents(datagrams$, { selfId, now: world.now, ...(config.loopback ? { acceptFrom: isLoopback } : {}) }).pipe(
    verifyBeacons({ now: world.now, trust }),
  );
  const inputs$: Observable<NodeEvent | ViewEvent> = merge(
    flooding$,
    beacons$,
    merge(linkEvents$, legacyEvents(tcp.legacy$, { now: world.now, newId: world.newId, enabled: config.legacy })).pipe(limitChats(world.scheduler)),
    dialed$.pipe(filter(E.isLeft), map((r) => r.left)),
    tcp.errors$.pipe(map((error): ViewEvent => ({ type: 'error', error }))),
  );

  const render = config.json ? (o: Output) => [JSON.stringify(renderJson(o))] : (o: Output) => renderHuman(o, { color: world.stdout.isTTY === true, formatTime: world.formatTime });
  const outputs$: Observable<Output> = merge(
    emitted.pipe(filter((e): e is ViewEvent => e.type === 'peer' || e.type === 'chat' || e.type === 'error')),
    writes(emitted, deps),
  );

  const subs = new Subscription();
  const show = (o: Output) => render(o).forEach((line) => terminal.print(line));
  let stopping: Promise<void> | null = null;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      actor.send({ type: 'QUIT' }); // every peer is sent Exit before its link closes
      await Promise.all([...links.values()].map((link) => link.close()));
      await tcp.close();
      subs.unsubscribe();
      actor.stop();
      await udp.close();
      show({ type: 'bye' });
      terminal.close();
      resolveDone();
    })();
    return stopping;
  };

  // Everything listens before anything happens.
  subs.add(outputs$.pipe(throttleErrors(10_000, world.scheduler)).subscribe(show));
  subs.add(
    inputs$.pipe(throttleErrors(10_000, world.scheduler)).subscribe((e) => {
      if (e.type === 'error') show(e);
      else actor.send(e as NodeEvent);
    }),
  );
  subs.add(
    terminal.lines$.subscribe({
      next: (line) => {
        const r = interpret(line, { self, peers: () => peersOf(actor), now: world.now, newId: world.newId });
        r.show.forEach(show);
        if (r.trust !== undefined) show({ type: 'trusted', name: r.trust, fingerprint: trust.accept(r.trust) });
        if (r.send) actor.send(r.send);
        if (r.quit) void stop();
      },
      complete: () => void stop(),
    }),
  );
  actor.start();
  show({ type: 'ready', id: selfId, name: config.name, port: tcp.port, address: config.loopback ? '127.0.0.1' : '0.0.0.0' });

  // One timestamp per round, a fresh counter per datagram: receivers drop a round's
  // duplicates (several broadcast paths) quietly and report only older beacons.
  let counter = 0;
  subs.add(
    beaconTicks(config.beaconInterval, emitted.pipe(ofType('rebeacon')), world.scheduler).subscribe(() => {
      const ts = Math.floor(world.now());
      udp.broadcast((ip) => {
        const d = signBeacon(identity, { name: config.name, ip, port: tcp.port, version: PROTOCOL_VERSION, ts, ctr: ++counter });
        return encodeMessage({ type: 'Discovery', body: d });
      });
    }),
  );

  return { id: selfId, port: tcp.port, done, stop };
}
