import type { Either } from 'fp-ts/lib/Either.js';
import type { Observable } from 'rxjs';
import type { P2PError } from '../protocol/errors.js';
import type { Hello, Message } from '../protocol/messages.js';

export type LinkDirection = 'inbound' | 'outbound';

/**
 * One live, framed, handshaken connection to a native peer. This is the seam
 * where encryption goes: machines and streams only see messages.
 */
export interface Link {
  readonly id: string;
  readonly direction: LinkDirection;
  readonly remoteAddress: string;
  /** Where the peer was met: `lan` (the default), or `room NAME` for a link found through a room. */
  readonly via?: string | undefined;
  /** What the peer said about itself in its hello; its id is its proven key's id. */
  readonly hello: Hello;
  /** The peer's proven static key (base64url), for pinning and fingerprints. */
  readonly remoteKey: string;
  /** Inbound messages (or per-message decode errors); completes when the link closes. */
  readonly messages$: Observable<Either<P2PError, Message>>;
  send(message: Message): Either<P2PError, void>;
  /**
   * Sends a Ping stamped by the link's own clock at the moment it is written, so the
   * Pong that echoes the stamp measures the link's round trip, not a timer's lateness.
   */
  ping(seq: number): Either<P2PError, void>;
  /**
   * Resolves once the bytes waiting to go to the peer are at most `lowBytes` (at once
   * if they are, or the link is closed): a bulk sender (a file) waits on it, so it never
   * buries a chat under more than that, and never trips the backlog limit.
   */
  drained?(lowBytes: number): Promise<void>;
  /**
   * Ends our side after what was sent, keeps reading until the peer ends too, then
   * closes; resolves once closed. A peer silent for `graceMs` (default 1 s) is cut off.
   */
  close(graceMs?: number): Promise<void>;
}

/** A one-shot connection from an original node: one JSON value, then close. */
export interface LegacyDelivery {
  readonly address: string;
  readonly bytes: Buffer;
}

export interface LinkTransport {
  /** The TCP port actually bound (the one beacons announce). */
  readonly port: number;
  /** Links opened by peers, after their hello. */
  readonly inbound$: Observable<Link>;
  /** One-shot deliveries from original nodes. */
  readonly legacy$: Observable<LegacyDelivery>;
  /** Connection-level problems (bad preface, handshake timeout): logged, never fatal. */
  readonly errors$: Observable<P2PError>;
  /** Dials a peer, proves both keys (Noise XX) and exchanges hellos; refuses anyone but `expectedId`. Never rejects. */
  /** `known`: the peer linked with us before, so its dial goes ahead of strangers'. */
  dial(address: string, port: number, expectedId: string, known?: boolean): Promise<Either<P2PError, Link>>;
  /** The original way to send: connect, write one message, close. */
  sendOneShot(address: string, port: number, bytes: Buffer): Promise<void>;
  /** `/nick`: the hello of links made from now on carries this name. */
  rename(name: string): void;
  /** The hello links made now carry (rooms send the same one over their streams). */
  hello?(): Hello;
  close(): Promise<void>;
}
