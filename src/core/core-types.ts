import type { Observable, SchedulerLike } from 'rxjs';
import type { InspectionEvent } from 'xstate';
import type { NodeInput, PeerView } from '../../machines/index.js';
import type { ChannelsNow, Output, Self, Stats } from '../console/index.js';
import type { Config } from '../config/config.js';
import type { P2PError } from '../wire/protocol/errors.js';
import type { IdChat } from '../wire/protocol/messages.js';
import type { Datagram, FilesPort, LegacyDelivery, Link, MessageStore, RoomsPort, SystemFacts, TrustStore } from '../wire/ports/index.js';

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
  readonly rooms?: Pick<RoomsPort, 'act' | 'proofs'>;
  /** The secret channels a peer proves it is in: asked of the rooms live, answered from the recording in a replay. */
  readonly proven?: (proofs: readonly string[], senderId: string) => readonly string[];
  /** `/doctor`: asks the system what it can tell (ports held, firewall rules, failed sends); the answer comes on `facts$`. */
  probe?(): void;
  readonly facts$?: Observable<SystemFacts>;
}

export interface CoreOptions {
  readonly config: Config;
  readonly self: Self;
  /** The channels the node was in when it last stopped (besides `#lan`): it is in them again. */
  readonly joined?: NodeInput['rejoin'];
  /** Where plain lines go at start (the last `--room`); `#lan` when absent. */
  readonly current?: string;
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
  /** The channels the node is in and the current one (what the prompt and the renderer show). */
  channels(): ChannelsNow;
  stats(): Stats;
}
