import type { Either } from 'fp-ts/lib/Either.js';
import type { Observable } from 'rxjs';
import type { P2PError } from '../protocol/errors.js';
import type { Hello, IdChat, Message } from '../protocol/messages.js';
import type { FileChunk, Offer } from '../protocol/files.js';

/**
 * The ports the node's core talks through. Adapters implement them with real
 * sockets; specs implement them in memory. Nothing outside src/adapters opens a
 * socket or reads the wall clock.
 */

/** A datagram as it arrived, stamped by the injected clock. */
export interface Datagram {
  readonly data: Buffer;
  readonly address: string;
  readonly port: number;
}

/** How the last beacon round went: where beacons go, and which sends failed (with the system's code). */
export interface BeaconHealth {
  readonly targets: readonly string[];
  readonly failed: readonly { readonly address: string; readonly code: string }[];
}

/**
 * What the doctor reads from the system (an adapter gathers it; it enters as an
 * input, recorded, so a replay's /doctor says the same).
 */
export interface SystemFacts {
  readonly beacons: BeaconHealth;
  /** Other programs holding the discovery port (UDP) or our TCP port. */
  readonly holders: readonly { readonly pid: number; readonly command: string; readonly port: number; readonly proto: 'udp' | 'tcp' }[];
  /** Firewall rules that drop or reject our ports, as the ruleset prints them; null: no ruleset could be read. */
  readonly firewall: readonly string[] | null;
  /** `p2p-chat doctor` on a data dir a running node holds: what the lock said (the doctor then listens with a fresh one). */
  readonly dataDirInUse: string | null;
  /** Rooms joined and the DHT nodes that answer (null: no rooms here). */
  readonly rooms: RoomHealth | null;
}

export interface DatagramPort {
  /** Datagrams received; completes when the socket closes. */
  readonly datagrams$: Observable<Datagram>;
  /** Sends to every beacon target; each target gets the beacon with the `ip` it leaves by. */
  broadcast(encode: (ip: string) => Buffer): void;
  /** The last round's targets and failed sends (for the doctor). */
  health?(): BeaconHealth;
  close(): Promise<void>;
}

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

/** `/join`, `/leave`, `/rooms`, `/invite` (issue 14). */
export type RoomCommand = { readonly kind: 'join' | 'leave' | 'invite'; readonly arg: string } | { readonly kind: 'rooms' };

/** What a room command did. */
export type RoomAnswer =
  | { readonly kind: 'joined'; readonly name: string; readonly invite: string; readonly made: boolean }
  | { readonly kind: 'left'; readonly name: string }
  | { readonly kind: 'invite'; readonly name: string; readonly invite: string }
  | { readonly kind: 'rooms'; readonly rooms: readonly { readonly name: string; readonly invite: string }[] }
  | { readonly kind: 'error'; readonly error: P2PError };

export interface RoomHealth {
  readonly rooms: readonly string[];
  readonly nodes: number;
  /** `--bootstrap` (empty: the public nodes). */
  readonly bootstrap: readonly string[];
}

/** Rooms over Hyperswarm: links found through them, and the commands. */
export interface RoomsPort {
  readonly links$: Observable<Link>;
  readonly errors$: Observable<P2PError>;
  act(c: RoomCommand): RoomAnswer;
  /** For the doctor: rooms joined, and how many DHT nodes answer (0: the bootstrap is unreachable). */
  health(): RoomHealth;
  close(): Promise<void>;
}

/** A terminal: lines typed in, lines shown out. */
export interface TerminalPort {
  readonly lines$: Observable<string>;
  /** Prints a line above the prompt without disturbing what is being typed. */
  print(line: string): void;
  /** Asks for the user's attention (a bell; a desktop notification where the terminal has them). */
  notify(text: string): void;
  /**
   * A live line of its own under `key` (a transfer's progress), drawn above the prompt
   * and redrawn in place; null removes it. Only on a terminal: piped output shows none.
   */
  status(key: string, line: string | null): void;
  /** `/clear`: an empty screen, the prompt and what is typed redrawn at the top. */
  clear(): void;
  close(): void;
}

/** What a name's pin says of a key: none yet, this key, or another key (refused). */
/** `changed`: another key, seen for the first time (warn); `still-refused`: one already warned about (drop quietly). */
export type TrustVerdict = 'unpinned' | 'known' | 'changed' | 'still-refused';

/** `/trust NAME [FINGERPRINT-PREFIX]`: what it did. */
export type TrustAnswer =
  | { readonly kind: 'trusted'; readonly name: string; readonly fingerprint: string }
  | { readonly kind: 'none'; readonly name: string }
  /** Several keys were refused for this name (or several match the prefix): the user must pick one. */
  | { readonly kind: 'choose'; readonly name: string; readonly fingerprints: readonly string[] }
  | { readonly kind: 'no-match'; readonly name: string; readonly prefix: string; readonly fingerprints: readonly string[] };

/**
 * Trust on first use: the first key to complete a handshake under a name pins it;
 * another key for that name (compared by nameKey) is refused until the user trusts it.
 */
export interface TrustStore {
  /** What the pin says of this key; a refused key is remembered for /trust. Pins nothing. */
  check(name: string, key: string): TrustVerdict;
  /** After a handshake: pins a name seen for the first time, else as check. */
  pin(name: string, key: string): 'pinned' | Exclude<TrustVerdict, 'unpinned'> | 'too-many-names';
  isPinned(name: string): boolean;
  /** `/trust NAME [PREFIX]`: pin a refused key the user was shown, chosen by fingerprint prefix when there are several. */
  accept(name: string, fingerprintPrefix?: string): TrustAnswer;
  /** Fingerprints of the keys refused for a name so far (not trusted), for /whois. */
  refusedFor(name: string): readonly string[];
  /** The pins as they are now (name → key), for a recording's header. */
  snapshot(): Record<string, string>;
}

/** A chat as the store keeps it (own or received), with who has it (own messages only). */
export interface StoredChat {
  readonly id: string;
  readonly fromId: string;
  readonly fromName: string;
  /** The one recipient of a private message; null for the room. */
  readonly toId: string | null;
  readonly content: string;
  /** The author's time, unix seconds. */
  readonly timestamp: number;
  readonly own: boolean;
  readonly legacy: boolean;
  /** Peers that acknowledged an own message (committed to their store). */
  readonly deliveredTo: readonly string[];
  /** Room messages: the author's sequence number, signature and key, so they can be passed on. */
  readonly seq?: number;
  readonly sig?: string;
  readonly key?: string;
  /** Came by catch-up, passed on by another peer. */
  readonly caughtUp?: boolean;
}

/** One own message still owed to one recipient: what the outbox resends. */
export interface PendingChat {
  readonly peerId: string;
  readonly peerName: string;
  readonly chat: IdChat;
  /** When it was queued, ms on the node's clock. */
  readonly queuedAt: number;
}

export interface KnownPeer {
  readonly id: string;
  readonly name: string;
  readonly lastSeen: number;
}

export type TransferDirection = 'incoming' | 'outgoing';

/** Where a transfer's machine stands, as the store keeps it (what it resumes from). */
export type TransferPhase =
  'offering' | 'serving' | 'asking' | 'opening' | 'moving' | 'finishing' | 'done' | 'failed' | 'rejected' | 'cancelled';

/** What the store keeps of a transfer, to resume it after a restart. */
export interface StoredTransfer {
  readonly id: string;
  readonly peerId: string;
  readonly peerName: string;
  readonly direction: TransferDirection;
  readonly offer: Offer;
  /** Outgoing: the file or folder offered (absolute). Incoming: null. */
  readonly source: string | null;
  readonly phase: TransferPhase;
  /** Verified pieces, one bit each, base64. */
  readonly verified: string;
  readonly at: number;
}

/**
 * What the files' disk says back; each is an input (recorded), so a replay
 * tells the same story without the files. `at` is stamped when it enters.
 */
export type FileResult =
  /** `/send`: the offer built (every byte hashed), or why not. */
  | { type: 'PREPARED'; request: string; offer: Offer | null; source: string; skipped: number; error: P2PError | null }
  | { type: 'OPENED'; id: string; error: string | null }
  | { type: 'WRITTEN'; id: string; pass: number; offset: number; bytes: number }
  | { type: 'PIECE_CHECKED'; id: string; pass: number; piece: number; sha256: string }
  /** The files moved into place (`path`), or why not; also a read or write that failed midway. */
  | { type: 'FINISHED'; id: string; error: string | null; path: string };

/** Where served chunks go: the link's send, and its drain. */
export interface ChunkSink {
  send(chunk: FileChunk): Either<P2PError, void>;
  drained(lowBytes: number): Promise<void>;
}

/** The files' disk: calls out, results back on `results$`. */
export interface FilesPort {
  readonly results$: Observable<FileResult>;
  prepare(request: string, path: string, id: string): void;
  open(e: { id: string; direction: TransferDirection; offer: Offer; source: string | null; check: boolean }): void;
  write(id: string, pass: number, offset: number, bytes: number, data: Buffer | undefined): void;
  check(id: string, pass: number, piece: number): void;
  finish(id: string): void;
  /** Reads a range and sends it as chunks on the link, waiting for it to drain as it goes. */
  serve(id: string, offset: number, bytes: number, out: ChunkSink): void;
  drop(id: string, keepData: boolean): void;
  close(): Promise<void>;
}

/**
 * The node's memory: every chat sent or received, the outbox, the peers met.
 * Reads answer at once; writes are queued and committed together once per
 * event-loop turn, and `committed$` says when a commit is on disk.
 */
export interface MessageStore {
  readonly has: (id: string) => boolean;
  readonly pending: () => PendingChat[];
  /** The last `limit` chats, oldest first; only those with `peerId` (from or to it) when given. */
  readonly history: (q: { readonly peerId?: string; readonly limit: number }) => StoredChat[];
  /** Full-text search, newest first. */
  readonly search: (text: string, limit: number) => StoredChat[];
  readonly knownPeers: () => KnownPeer[];
  /**
   * Per author, how far the room messages held go without a gap (sequence 1..n);
   * an author with only later messages (a gap first) is listed with 0.
   */
  readonly heads: () => Record<string, number>;
  /** The highest sequence number of an author's room messages held (0: none). */
  readonly lastSeq: (authorId: string) => number;
  /** An author's room messages after `seq`, in order, at most `limit`. */
  readonly since: (authorId: string, seq: number, limit: number) => StoredChat[];
  readonly save: (chat: StoredChat, at: number) => void;
  readonly enqueue: (id: string, peers: readonly { readonly id: string; readonly name: string }[], at: number) => void;
  readonly settle: (id: string, peerId: string, state: 'delivered' | 'expired', at: number) => void;
  readonly notePeer: (peer: KnownPeer) => void;
  /** Transfers not finished (to resume), and a transfer's new state (kept with the next commit). */
  readonly transfers: () => StoredTransfer[];
  readonly saveTransfer: (t: StoredTransfer) => void;
  /**
   * Asks for a `committed$` signal on the next turn even if nothing is written: a
   * resend we already hold is acknowledged again, on the same schedule as a new chat.
   */
  readonly sync: () => void;
  /** Commits what is queued now (an own message before it is shown); `committed$` follows on its turn. */
  readonly flush: () => void;
  /** Drops chats older than `before` (ms) that nobody is still owed. */
  readonly prune: (before: number) => number;
  readonly committed$: Observable<void>;
  readonly close: () => void;
}
