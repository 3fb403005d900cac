import * as E from 'fp-ts/lib/Either.js';
import { turnBatches } from './adapters/terminal/turn-batches.js';
import { defer, last, merge, share, Subject, takeUntil, tap, type Observable } from 'rxjs';
import type { InspectionEvent } from 'xstate';
import type { PeerView } from '../machines/index.js';
import { complete, IgnoreList, noticeOf, renderer, statusLine, type ChannelNames, type Output, type Stats } from './console/index.js';
import { LAN_CHANNEL } from './wire/protocol/channel-id.js';
import { ignoreFile } from './adapters/disk/ignore-file.js';
import { channelsFile, joinedList } from './adapters/disk/channels-file.js';
import { defaultTargets, explicitTargets, LOOPBACK_TARGETS } from './adapters/lan/broadcast-targets.js';
import { lockDataDir, openDataDir } from './adapters/disk/data-dir.js';
import { openSqliteStore } from './adapters/disk/sqlite-store.js';
import { openFilesPort } from './adapters/files/files-port.js';
import { probeSystem } from './adapters/lan/system-probe.js';
import { openRooms } from './adapters/rooms/rooms.js';
import { LIMITS } from './wire/protocol/limits.js';
import { recordingStore } from './record/answering-store.js';
import path from 'node:path';
import { realTimeDriver } from './adapters/clock/real-time-driver.js';
import { openRecordingFile } from './adapters/disk/recording-file.js';
import { listenForLinks } from './adapters/link/listen-for-links.js';
import { openTerminal } from './adapters/terminal/terminal.js';
import { typedHistory } from './adapters/disk/typed-history.js';
import { openUdpPort } from './adapters/lan/udp-port.js';
import type { Config } from './config/config.js';
import { DrivenScheduler } from './base/driven-scheduler.js';
import { signBeacon } from './wire/identity/beacon-signature.js';
import { signChat } from './wire/identity/chat-signature.js';
import { createNodeCore } from './core/index.js';
import { encodeBeacon } from './wire/protocol/encode.js';
import { PROTOCOL_VERSION } from './wire/protocol/limits.js';
import type { FilesPort, Link, SystemFacts, TerminalPort } from './wire/ports/index.js';
import { Boundary } from './record/boundary.js';
import { FORMAT_VERSION, type InputRecord } from './record/format.js';
import { messageOf } from './base/caught.js';
import { Resources } from './base/resources.js';
import { p2pError, type P2PError } from './wire/protocol/errors.js';

/** What the composition root takes from the process: the only ambient things. */
export interface World {
  /** Wall-clock milliseconds, sub-ms precise where the platform allows. Read only by the real-time driver. */
  readonly wall: () => number;
  readonly newId: () => string;
  readonly formatTime: (unixSeconds: number) => string;
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WriteStream;
  /** The process environment (which terminal this is); none in specs. */
  readonly env?: NodeJS.ProcessEnv;
  /** This process's id: the doctor tells our own sockets from another program's by it. */
  readonly pid: number;
  /** A line for the user beside the console (stderr): a recording that stopped, a release that failed. */
  readonly warn: (text: string) => void;
  /** The files' disk (`openFilesPort` unless given): where a spec may stand between the transfers and the disk. */
  readonly files?: (downloads: string) => FilesPort;
  /** The node's own script (argv[1]): the doctor tells other nodes from other programs by it. */
  readonly script?: string;
  /** `p2p-chat doctor` found the data dir held by a running node (the lock's words) and listens with a fresh one. */
  readonly dataDirInUse?: string;
}

export interface RunOptions {
  /** `--record FILE`. */
  readonly record?: string;
  /** Extra listeners of what the node shows and of its actors (the live page, the inspector). */
  readonly onOutput?: (o: Output) => void;
  readonly inspect?: (e: InspectionEvent) => void;
  /** Lines typed elsewhere than the terminal (the `--ui` page's input box): read as typed, recorded as typed. */
  readonly lines$?: Observable<string>;
}

export interface RunningNode {
  readonly id: string;
  readonly port: number;
  /** Resolves once everything is closed. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
  peers(): PeerView[];
  stats(): Stats;
}

/**
 * The composition root: real ports in, one running node out. Nothing else builds the world.
 * A start that cannot go on says why by code (the data dir in use, a port taken …), having
 * given back everything it took; a throw (a defect) gives it back too.
 */
export async function startNode(config: Config, world: World, run: RunOptions = {}): Promise<E.Either<P2PError, RunningNode>> {
  const held = new Resources((name, e) => world.warn(`closing ${name}: ${messageOf(e)}`));
  const started = await wire(config, world, run, held).catch(async (e: unknown) => {
    await held.closeAll();
    throw e;
  });
  if (E.isLeft(started)) await held.closeAll();
  return started;
}

/** Takes the node's parts in turn, each onto `held` as it is had; a part that cannot be had ends the start with its code. */
async function wire(config: Config, world: World, run: RunOptions, held: Resources): Promise<E.Either<P2PError, RunningNode>> {
  // The screen says bye once everything else is given back, so its release is the first one
  // taken on (the last to run), though it opens only once the sockets are up: no prompt before a refusal.
  let terminal: TerminalPort | null = null;
  let stopped = false;
  held.add('terminal', () => {
    if (stopped) show({ type: 'bye' });
    terminal?.close();
  });
  const recording = run.record
    ? openRecordingFile(run.record, { force: config.force, failed: (e) => world.warn(e.message) })
    : E.right(null);
  if (E.isLeft(recording)) return recording;
  const file = recording.right;
  if (file) held.add('recording', () => file.close());
  const dataDir = openDataDir(config.dataDir);
  if (E.isLeft(dataDir)) return dataDir;
  const { identity, trust, created, keyPath } = dataDir.right;
  // Said once the node is up (there is no screen yet): a file of ignored peers that does not read.
  const startNotes: string[] = [];
  const ignoredFile = ignoreFile(path.join(config.dataDir, 'ignored.json'), (text) => startNotes.push(text));
  const ignores = new IgnoreList(ignoredFile.load(), (list) => ignoredFile.save(list));
  const joinedFile = channelsFile(path.join(config.dataDir, 'channels.json'), (text) => startNotes.push(text));
  const rejoin = joinedFile.load();
  const lock = lockDataDir(config.dataDir);
  if (E.isLeft(lock)) return lock;
  held.add('lock', () => lock.right.release());
  const opened = openStore(config, world.wall, held);
  if (E.isLeft(opened)) return opened;
  const store = opened.right;
  const self = { id: identity.id, name: config.name, fingerprint: identity.fingerprint };

  const listening = await listenForLinks({
    loopback: config.loopback,
    families: config.families,
    port: config.port,
    identity,
    name: config.name,
    version: PROTOCOL_VERSION,
    now: world.wall,
  });
  if (E.isLeft(listening)) return listening;
  const { tcp, address } = listening.right;
  held.add('tcp', () => tcp.close());
  const targets = config.loopback
    ? () => LOOPBACK_TARGETS
    : config.broadcast.length > 0
      ? () => explicitTargets(config.broadcast)
      : () => defaultTargets(undefined, config.families);
  const bound = await openUdpPort({ port: config.discoveryPort, targets, families: config.families }).then(
    (port) => E.right(port),
    (e: unknown) => E.left(p2pError('LISTEN_FAILED', messageOf(e))),
  );
  if (E.isLeft(bound)) return bound;
  const udp = bound.right;
  held.add('udp', () => udp.close());
  const screen = openTerminal({
    input: world.stdin,
    output: world.stdout,
    plain: config.json,
    ...(world.env ? { env: world.env } : {}),
    complete: (line) =>
      complete(
        line,
        present().map((p) => p.name),
      ),
    history: typedHistory(path.join(config.dataDir, 'typed_history')),
  });
  terminal = screen;
  const facts = new Subject<SystemFacts>();
  const files = (world.files ?? ((downloads: string) => openFilesPort({ downloads })))(config.downloads);
  held.add('files', () => files.close());

  const scheduler = new DrivenScheduler(world.wall());
  const driver = realTimeDriver(scheduler, world.wall);
  held.add('driver', () => driver.stop());
  const boundary = new Boundary({
    advance: () => driver.advance(),
    arm: () => driver.arm(),
    now: () => scheduler.now(),
    ...(file ? { write: (r: InputRecord) => file.write(r) } : {}),
  });

  // Dials are asked for by the core and answered here, at the boundary, like any input.
  const dialed = new Subject<Link>();
  const dialFailures = new Subject<{ peerId: string; reason: string }>();
  // Peers that proved a key to us before (kept in the store) dial ahead of strangers.
  const linkedBefore = new Set(store.knownPeers().map((p) => p.id));
  // Rooms beyond the LAN: the swarm opens at the first join (a node in no room contacts nothing beyond the LAN).
  const rooms = openRooms(path.join(config.dataDir, 'rooms.json'), {
    identity,
    bootstrap: config.bootstrap,
    reachable: config.reachable,
    hello: () => tcp.hello?.() ?? null,
    clock: world.wall,
    handshakeMs: LIMITS.handshakeMs,
  });
  held.add('rooms', () => rooms.close());
  // `--room` joins before the core starts: the node is in those secret channels from its first
  // moment, the last one current (what its user came to talk in), and a recording says so.
  const roomAnswers = config.rooms.map((arg) => rooms.act({ kind: 'join', arg }));
  const roomChannels = roomAnswers.flatMap((a) =>
    a.kind === 'joined' ? [{ id: a.channel, name: a.name, kind: 'secret' as const, since: scheduler.now() }] : [],
  );
  file?.header({
    type: 'header',
    format: FORMAT_VERSION,
    id: self.id,
    name: self.name,
    fingerprint: self.fingerprint,
    start: scheduler.now(),
    port: tcp.port,
    address,
    config: { ...config },
    pins: trust.snapshot(),
    ignored: ignores.list(),
    channels: [...rejoin, ...roomChannels],
    ...(roomChannels.length > 0 ? { current: roomChannels[roomChannels.length - 1]?.id ?? LAN_CHANNEL } : {}),
    ...(created ? { newIdentity: { keyPath, fingerprint: self.fingerprint } } : {}),
  });
  const links$: Observable<Link> = boundary.links(merge(tcp.inbound$, dialed, rooms.links$).pipe(tap((l) => linkedBefore.add(l.hello.id))));

  /** The name beacons, new links and mentions go by: `--name`, until a `/nick`. */
  let speakingAs = config.name;
  // The core comes later; until it does, nobody is present and no name needs an id.
  let present: () => readonly PeerView[] = () => [];
  let channels: () => ChannelNames = () => ({ joined: {}, current: LAN_CHANNEL });
  const render = renderer({
    json: config.json,
    color: world.stdout.isTTY === true,
    formatTime: world.formatTime,
    present: () => present(),
    channels: () => channels(),
    now: () => scheduler.now(),
  });
  const show = (shown: Output) => {
    const o = ignores.apply(shown);
    if (o === null) return;
    if (o.type === 'clear') screen.clear();
    // The bell first, then the line it is about.
    const notice = config.quiet || config.json ? null : noticeOf(o, speakingAs);
    if (notice !== null) screen.notify(notice);
    render(o).forEach((line) => screen.print(line));
    // A transfer under way has one live line, redrawn in place; it goes when the transfer ends.
    if (o.type === 'transfer' && !config.json) screen.status(o.transfer.id, statusLine(o.transfer, o.rate));
    if (o.type === 'joined') {
      screen.prompt(o.current === LAN_CHANNEL ? '> ' : `${o.joined[o.current]?.name ?? o.current}> `);
      if (o.change.act !== 'go') joinedFile.save(joinedList(o.joined));
    }
    run.onOutput?.(o);
  };

  let stopping: Promise<void> | null = null;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      driver.advance();
      // Every peer is sent Exit before its link closes; then all is given back, last taken first.
      await core.quit().catch((e: unknown) => world.warn(`quitting: ${messageOf(e)}`));
      boundary.record({ kind: 'end' });
      stopped = true;
      await held.closeAll();
      resolveDone();
    })();
    return stopping;
  };

  const core = createNodeCore(
    {
      datagrams$: boundary.input(udp.datagrams$, (d) => ({
        kind: 'datagram',
        address: d.address,
        port: d.port,
        data: d.data.toString('base64'),
      })),
      links$: defer(() => links$),
      dialFailures$: boundary.input(dialFailures, (f) => ({ kind: 'dial-failed', peer: f.peerId, reason: f.reason })),
      legacy$: boundary.input(tcp.legacy$, (l) => ({ kind: 'legacy', address: l.address, data: l.bytes.toString('base64') })),
      transportErrors$: boundary.input(merge(tcp.errors$, rooms.errors$), (e) => ({
        kind: 'transport-error',
        code: e.code,
        message: e.message,
      })),
      rooms,
      lines$: boundary.input(
        terminalAndPage(terminal.lines$, run.lines$).pipe(turnBatches()),
        (texts) => texts.map((text) => ({ kind: 'line' as const, text })),
        () => ({ kind: 'eof' }),
      ),
      dial(peerId, addr, port) {
        void tcp
          .dial(addr, port, peerId, linkedBefore.has(peerId))
          .then((r) => (E.isRight(r) ? dialed.next(r.right) : dialFailures.next({ peerId, reason: `${r.left.code}: ${r.left.message}` })));
      },
      sendOneShot: (addr, port, bytes) => tcp.sendOneShot(addr, port, bytes),
      broadcast: (encode) => udp.broadcast(encode),
      show,
      rename: (name) => {
        speakingAs = name;
        tcp.rename(name);
      },
      trust,
      store: recordingStore(store, (v) => boundary.answer(v)),
      // Which rooms a peer proves it is in is an answer from outside (the secrets are here), recorded like the store's.
      proven: (proofs, senderId) => {
        const channels = rooms.proven(proofs, senderId, self.id);
        boundary.answer(channels);
        return channels;
      },
      committed$: boundary.input(store.committed$, () => ({ kind: 'commit' })).pipe(share()),
      files: { ...files, results$: boundary.input(files.results$, (result) => ({ kind: 'file', result })) },
      probe: () => {
        const inRooms = rooms.health();
        void probeSystem({
          discoveryPort: config.discoveryPort,
          tcpPort: tcp.port,
          beacons: udp.health?.() ?? { targets: [], failed: [] },
          pid: world.pid,
          script: world.script ?? '',
          dataDirInUse: world.dataDirInUse ?? null,
          rooms: inRooms.rooms.length > 0 ? inRooms : null,
        }).then((f) => facts.next(f));
      },
      facts$: boundary.input(facts, (f) => ({ kind: 'probe', facts: f })),
    },
    {
      config,
      self,
      joined: [...rejoin, ...roomChannels],
      ...(roomChannels.length > 0 ? { current: roomChannels[roomChannels.length - 1]?.id ?? LAN_CHANNEL } : {}),
      scheduler,
      newId: boundary.ids(world.newId),
      beacon: (ip, ts, ctr) =>
        encodeBeacon(signBeacon(identity, { name: speakingAs, ip, port: tcp.port, version: PROTOCOL_VERSION, ts, ctr })),
      signChat: (chat, seq) => signChat(identity, chat, seq),
      publicKey: identity.publicKey.toString('base64url'),
      ...(run.inspect ? { inspect: run.inspect } : {}),
      onQuit: () => void stop(),
    },
  );
  held.add('core', () => core.stop());
  present = () => core.peers();
  channels = () => core.channels();
  core.start();
  show({
    type: 'ready',
    id: self.id,
    name: config.name,
    port: tcp.port,
    address,
    ...(created ? { newIdentity: { keyPath, fingerprint: self.fingerprint } } : {}),
  });
  startNotes.forEach((text) => show({ type: 'note', id: 'start', text }));
  roomAnswers.forEach((answer) => show({ type: 'room', answer }));
  driver.arm();

  return E.right({ id: self.id, port: tcp.port, done, stop, peers: () => core.peers(), stats: () => core.stats() });
}

/** The message store, pruned to `--keep`; a history.db that does not open is the data dir's fault, said by code. */
function openStore(config: Config, wall: () => number, held: Resources): E.Either<P2PError, ReturnType<typeof openSqliteStore>> {
  try {
    const store = openSqliteStore(path.join(config.dataDir, 'history.db'));
    held.add('store', () => store.close());
    if (config.keep !== null) store.prune(wall() - config.keep);
    return E.right(store);
  } catch (e) {
    return E.left(p2pError('DATA_DIR_FAILED', `data directory ${config.dataDir}: history.db: ${messageOf(e)}`));
  }
}

/** The terminal's lines and the page's; the terminal's end (Ctrl-D) is still the end. */
function terminalAndPage(terminal$: Observable<string>, page$: Observable<string> | undefined): Observable<string> {
  if (!page$) return terminal$;
  const typed$ = terminal$.pipe(share());
  return merge(typed$, page$.pipe(takeUntil(typed$.pipe(last(undefined, null)))));
}
