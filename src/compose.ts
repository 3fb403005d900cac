import * as E from 'fp-ts/lib/Either.js';
import { turnBatches } from './adapters/terminal/turn-batches.js';
import { defer, last, merge, share, Subject, takeUntil, tap, type Observable } from 'rxjs';
import type { InspectionEvent } from 'xstate';
import type { PeerView } from '../machines/index.js';
import { complete, IgnoreList, noticeOf, renderer, statusLine, type Output, type Stats } from './console/index.js';
import { ignoreFile } from './adapters/disk/ignore-file.js';
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
import { openTcpTransport } from './adapters/link/tcp-transport.js';
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
import type { Link, SystemFacts } from './wire/ports/index.js';
import { Boundary } from './record/boundary.js';
import { FORMAT_VERSION, type InputRecord } from './record/format.js';
import { messageOf } from './base/caught.js';

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
  /** Test hook of the files' specs: the Nth chunk served goes out with a byte flipped. */
  readonly corruptChunk?: number;
  /** The node's own script (process.argv[1]): the doctor tells other nodes from other programs by it. */
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

/** The composition root: real ports in, one running node out. Nothing else builds the world. */
export async function startNode(config: Config, world: World, run: RunOptions = {}): Promise<RunningNode> {
  const recording = run.record ? openRecordingFile(run.record, { force: config.force }) : E.right(null);
  if (E.isLeft(recording)) throw new Error(recording.left);
  const file = recording.right;
  const dataDir = openDataDir(config.dataDir);
  if (E.isLeft(dataDir)) throw new Error(dataDir.left);
  const { identity, trust, created, keyPath } = dataDir.right;
  // Said once the node is up (there is no screen yet): a file of ignored peers that does not read.
  const startNotes: string[] = [];
  const ignoredFile = ignoreFile(path.join(config.dataDir, 'ignored.json'), (text) => startNotes.push(text));
  const ignores = new IgnoreList(ignoredFile.load(), (list) => ignoredFile.save(list));
  const lock = lockDataDir(config.dataDir);
  if (E.isLeft(lock)) throw new Error(lock.left);
  let store: ReturnType<typeof openSqliteStore>;
  try {
    store = openSqliteStore(path.join(config.dataDir, 'history.db'));
    if (config.keep !== null) store.prune(world.wall() - config.keep);
  } catch (e) {
    lock.right.release();
    throw new Error(`data directory ${config.dataDir}: history.db: ${messageOf(e)}`, { cause: e });
  }
  const self = { id: identity.id, name: config.name, fingerprint: identity.fingerprint };

  const release = () => {
    store.close();
    lock.right.release();
  };
  const tcpOptions = {
    port: config.port,
    identity,
    name: config.name,
    version: PROTOCOL_VERSION,
    now: world.wall,
  };
  // IPv6 and IPv4 on one socket (::) unless one family was chosen; a host without IPv6 listens on IPv4 alone.
  const listenOn = config.loopback ? '127.0.0.1' : config.families === 'ipv4' ? '0.0.0.0' : '::';
  let listenedOn = listenOn;
  const tcp = await openTcpTransport({ ...tcpOptions, host: listenOn, ...(config.families === 'ipv6' ? { ipv6Only: true } : {}) }).catch(
    (e: Error) => {
      if (listenOn !== '::' || config.families === 'ipv6') throw e;
      listenedOn = '0.0.0.0';
      return openTcpTransport({ ...tcpOptions, host: listenedOn });
    },
  );
  const targets = config.loopback
    ? () => LOOPBACK_TARGETS
    : config.broadcast.length > 0
      ? () => explicitTargets(config.broadcast)
      : () => defaultTargets(undefined, config.families);
  const udp = await openUdpPort({ port: config.discoveryPort, targets, families: config.families }).catch(async (e: Error) => {
    await tcp.close();
    release();
    throw e;
  });
  const terminal = openTerminal({
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
  const address = listenedOn;
  const facts = new Subject<SystemFacts>();
  const files = openFilesPort({
    downloads: config.downloads,
    ...(world.corruptChunk !== undefined ? { corruptChunk: world.corruptChunk } : {}),
  });

  const scheduler = new DrivenScheduler(world.wall());
  const driver = realTimeDriver(scheduler, world.wall);
  const boundary = new Boundary({
    advance: () => driver.advance(),
    arm: () => driver.arm(),
    now: () => scheduler.now(),
    ...(file ? { write: (r: InputRecord) => file.write(r) } : {}),
  });
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
    ...(created ? { newIdentity: { keyPath, fingerprint: self.fingerprint } } : {}),
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
  const links$: Observable<Link> = boundary.links(merge(tcp.inbound$, dialed, rooms.links$).pipe(tap((l) => linkedBefore.add(l.hello.id))));

  /** The name beacons, new links and mentions go by: `--name`, until a `/nick`. */
  let speakingAs = config.name;
  // The core comes later; until it does, nobody is present and no name needs an id.
  let present: () => readonly PeerView[] = () => [];
  const render = renderer({
    json: config.json,
    color: world.stdout.isTTY === true,
    formatTime: world.formatTime,
    present: () => present(),
    now: () => scheduler.now(),
  });
  const show = (shown: Output) => {
    const o = ignores.apply(shown);
    if (o === null) return;
    if (o.type === 'clear') terminal.clear();
    // The bell first, then the line it is about.
    const notice = config.quiet || config.json ? null : noticeOf(o, speakingAs);
    if (notice !== null) terminal.notify(notice);
    render(o).forEach((line) => terminal.print(line));
    // A transfer under way has one live line, redrawn in place; it goes when the transfer ends.
    if (o.type === 'transfer' && !config.json) terminal.status(o.transfer.id, statusLine(o.transfer, o.rate));
    run.onOutput?.(o);
  };

  let stopping: Promise<void> | null = null;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      driver.advance();
      await core.quit(); // every peer is sent Exit before its link closes
      boundary.record({ kind: 'end' });
      await tcp.close();
      core.stop();
      await files.close();
      driver.stop();
      await udp.close();
      await rooms.close();
      await file?.close();
      release();
      show({ type: 'bye' });
      terminal.close();
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
      committed$: boundary.input(store.committed$, () => ({ kind: 'commit' })).pipe(share()),
      files: { ...files, results$: boundary.input(files.results$, (result) => ({ kind: 'file', result })) },
      probe: () => {
        const inRooms = rooms.health();
        void probeSystem({
          discoveryPort: config.discoveryPort,
          tcpPort: tcp.port,
          beacons: udp.health?.() ?? { targets: [], failed: [] },
          pid: process.pid,
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
  present = () => core.peers();
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
  for (const arg of config.rooms) show({ type: 'room', answer: rooms.act({ kind: 'join', arg }) });
  driver.arm();

  return { id: self.id, port: tcp.port, done, stop, peers: () => core.peers(), stats: () => core.stats() };
}

/** The terminal's lines and the page's; the terminal's end (Ctrl-D) is still the end. */
function terminalAndPage(terminal$: Observable<string>, page$: Observable<string> | undefined): Observable<string> {
  if (!page$) return terminal$;
  const typed$ = terminal$.pipe(share());
  return merge(typed$, page$.pipe(takeUntil(typed$.pipe(last(undefined, null)))));
}
