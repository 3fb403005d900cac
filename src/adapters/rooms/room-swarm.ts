import * as E from 'fp-ts/lib/Either.js';
import Hyperswarm from 'hyperswarm';
import DHT from 'hyperdht';
import type SecretStream from '@hyperswarm/secret-stream';
import { Observable, Subject } from 'rxjs';
import type { Identity } from '../../wire/identity/identity.js';
import { topicOf, type Room } from '../../wire/identity/room.js';
import { encodeMessage } from '../../wire/protocol/encode.js';
import { p2pError, type P2PError } from '../../wire/protocol/errors.js';
import { encodeFrame, FrameDecoder } from '../../wire/protocol/frame.js';
import type { Hello } from '../../wire/protocol/messages.js';
import type { Link } from '../../wire/ports/index.js';
import { SecureLink, type LinkSocket } from '../link/secure-link.js';
import { readHello } from '../link/handshake.js';

/**
 * Rooms over Hyperswarm (issue 14): the node's Ed25519 identity is its
 * Hyperswarm key pair, so a peer met in a room has the id, fingerprint and
 * pins it has on the LAN. Hyperswarm finds peers by the room's topic and opens
 * Noise streams; on each, the hellos go both ways as on a TCP link, and the
 * result is the same `Link` the machines already know.
 */
export interface RoomSwarmOptions {
  readonly identity: Identity;
  /** `HOST:PORT` of private bootstrap nodes; none: Hyperswarm's public ones. */
  readonly bootstrap: readonly string[];
  /** `--reachable`: this host can be reached as it is (a routed LAN, no NAT): no hole punching. */
  readonly reachable: boolean;
  /** The hello our TCP links carry now (null: none yet, the stream is closed). */
  readonly hello: () => Hello | null;
  readonly clock: () => number;
  readonly handshakeMs: number;
}

export interface RoomSwarm {
  readonly links$: Observable<Link>;
  /** Connection-level problems (a hello that lies about its key): logged, never fatal. */
  readonly errors$: Observable<P2PError>;
  join(room: Room): Promise<void>;
  /** DHT nodes known now (0 after a join: no bootstrap node answered). */
  nodes(): number;
  leave(room: Room): Promise<void>;
  close(): Promise<void>;
}

/** The UDX stream under a Hyperswarm connection, as much of a socket as a link needs. */
function socketOf(stream: SecretStream): LinkSocket {
  const raw = stream.rawStream;
  const host: unknown = Reflect.get(raw, 'remoteHost');
  return {
    get writableLength() {
      return raw.writableLength ?? 0;
    },
    remoteAddress: typeof host === 'string' ? host : undefined,
    destroy: () => stream.destroy(),
    on: (e, l) => raw.on(e, l),
    off: (e, l) => raw.off(e, l),
  };
}

/** The hellos done: the peer's, and what the stream said after it, kept until `release` (the link reads on from there). */
interface Hellos {
  readonly hello: Hello;
  readonly decoder: FrameDecoder;
  readonly early: Buffer[];
  readonly release: () => void;
}

/** Hellos both ways on an opened stream; the peer's must name the id of the key it proved. */
function hellos(stream: SecretStream, ours: Hello, ms: number): Promise<E.Either<P2PError, Hellos>> {
  return new Promise((resolve) => {
    const decoder = new FrameDecoder();
    // What comes after the hello, until the link takes the stream over: kept, never dropped
    // (the stream flows on; its first frames, the Channels and the Have, were lost here).
    const early: Buffer[] = [];
    let greeted = false;
    const release = () => stream.off('data', onData);
    const done = (r: E.Either<P2PError, Hellos>) => {
      clearTimeout(timer);
      stream.off('close', onClose);
      if (E.isLeft(r)) {
        release();
        stream.destroy();
      }
      resolve(r);
    };
    const timer = setTimeout(() => done(E.left(p2pError('HANDSHAKE_TIMEOUT', `no hello within ${ms} ms (room)`))), ms);
    const onClose = () => done(E.left(p2pError('HANDSHAKE_FAILED', 'closed before its hello (room)')));
    const onData = (chunk: Buffer) => {
      const frames = decoder.push(chunk);
      if (E.isLeft(frames)) return greeted ? stream.destroy() : done(E.left(frames.left));
      if (greeted) return void early.push(...frames.right);
      const [first, ...rest] = frames.right;
      if (!first) return;
      greeted = true;
      early.push(...rest);
      const hello = readHello(first, stream.remotePublicKey);
      done(E.map((h: Hello) => ({ hello: h, decoder, early, release }))(hello));
    };
    stream.on('data', onData);
    stream.on('close', onClose);
    stream.on('error', () => undefined);
    const frame = encodeFrame(encodeMessage({ type: 'Hello', body: ours }));
    if (E.isRight(frame)) stream.write(frame.right);
  });
}

export function openRoomSwarm(opts: RoomSwarmOptions): RoomSwarm {
  const dht = new DHT({
    ...(opts.bootstrap.length > 0 ? { bootstrap: [...opts.bootstrap] } : {}),
    ...(opts.reachable ? { firewalled: false } : {}),
  });
  const swarm = new Hyperswarm({ dht, keyPair: { publicKey: opts.identity.publicKey, secretKey: opts.identity.secretKey } });
  const links$ = new Subject<Link>();
  const errors$ = new Subject<P2PError>();
  let next = 0;
  /** Topics joined (hex) → room names, to say which room a link came through. */
  const names = new Map<string, string>();
  swarm.on('connection', (stream, info) => {
    const id = `room-${++next}`;
    const ours = opts.hello();
    if (ours === null) return stream.destroy();
    // The side Hyperswarm made the client dialed; for the machines' tie-break it is "outbound".
    const direction = stream.isInitiator ? 'outbound' : 'inbound';
    void hellos(stream, ours, opts.handshakeMs).then((r) => {
      if (E.isLeft(r)) return errors$.next(r.left);
      // The side that looked the topic up knows the room; the side that was found knows only that it was a room.
      const room = info.topics.map((t) => names.get(t.toString('hex'))).find((n) => n !== undefined);
      const via = room ? `room ${room}` : 'room';
      const key = info.publicKey.toString('base64url');
      const link = new SecureLink(
        id,
        direction,
        r.right.hello,
        key,
        stream,
        socketOf(stream),
        r.right.decoder,
        r.right.early,
        opts.clock,
        undefined,
        via,
      );
      // The link listens now; from here on it reads the stream itself.
      r.right.release();
      links$.next(link);
    });
  });
  return {
    links$: links$.asObservable(),
    errors$: errors$.asObservable(),
    async join(room) {
      names.set(topicOf(room).toString('hex'), room.name);
      await swarm.join(topicOf(room), { server: true, client: true }).flushed();
    },
    nodes: () => dht.toArray().length,
    async leave(room) {
      await swarm.leave(topicOf(room));
    },
    async close() {
      links$.complete();
      errors$.complete();
      await swarm.destroy();
    },
  };
}
