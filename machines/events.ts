import type { P2PError } from '../src/wire/protocol/errors.js';
import type { Chat, Discovery, Hello, IdChat, Message, Ping } from '../src/wire/protocol/messages.js';
import type { LinkDirection } from '../src/wire/ports/index.js';
import type { SignedChat } from '../src/wire/identity/chat-signature.js';

/** Lifecycle state names, as users see them. */
export type PeerState = 'discovered' | 'connected' | 'stale' | 'gone';
/** `evicted`: dropped, unconnected, to make room in a full peer table. */
export type GoneReason = 'exit' | 'timeout' | 'evicted';

/** Timing of a peer's lifecycle, ms; comes from the node's config. */
export interface PeerTiming {
  readonly heartbeatInterval: number;
  readonly staleAfter: number;
  /** Original nodes only beacon every 5 s and that is all the liveness they give. */
  readonly legacyStaleAfter: number;
  readonly goneAfter: number;
  readonly redialMin: number;
  readonly redialMax: number;
  /** How long the larger id waits for the smaller to dial before dialing itself. */
  readonly dialYield: number;
  /**
   * Dials to a peer that has never completed a handshake with us before giving up:
   * its beacon may point anywhere (a spoofed source reflects our dials at a victim).
   */
  readonly dialAttempts: number;
}

/** A snapshot of one peer as the console and `--json` show it. */
export interface PeerView {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly legacy: boolean;
  /** Legacy peers cannot prove who they are; everyone else has proven their key. */
  readonly verified: boolean;
  /** Fingerprint of the proven key ('' for legacy peers). */
  readonly fingerprint: string;
  readonly state: PeerState;
  readonly reason?: GoneReason;
  /** Set while the peer says it is away (`/away TEXT` on its side). */
  readonly away?: string;
  /** The peers this peer last said it has a live link to (native peers only). */
  readonly links?: readonly string[];
  readonly lastSeen: number;
  readonly rtt: number | null;
  /** Where it was met, on its current link: `lan`, or `room NAME` (beyond the LAN, through a room). */
  readonly via?: string;
  /** The channels it said it is in on its current link, besides `#lan` (only those we are in too). */
  readonly channels?: readonly string[];
}

/** A chat as shown: where it came from and whether it was private. */
export interface ChatView {
  readonly id: string;
  readonly fromId: string;
  readonly fromName: string;
  readonly content: string;
  readonly timestamp: number;
  readonly private: boolean;
  readonly legacy: boolean;
  readonly verified: boolean;
  /** Passed on by another peer after an absence (catch-up); verified by its author's signature. */
  readonly caughtUp?: true;
  /** Its conversation: the channel's id (`#lan`, `#team`, `~…`); absent on a private chat. */
  readonly channel?: string;
}

/** A channel the node is in: how its user named it, what kind, and since when (ms, node clock). */
export interface JoinedChannel {
  readonly name: string;
  readonly kind: 'lan' | 'secret';
  readonly since: number;
}

/** Where an own chat stands for one recipient. */
export type DeliveryState = 'queued' | 'sent' | 'delivered' | 'expired';

export interface DeliveryView {
  readonly id: string;
  readonly peerId: string;
  readonly peerName: string;
  readonly state: DeliveryState;
  /** When the chat was queued for this recipient, and when this happened (ms, node clock). */
  readonly queuedAt: number;
  readonly at: number;
}

/** A recipient of an own chat. */
export interface Recipient {
  readonly id: string;
  readonly name: string;
}

// ---- events into the node supervisor (all stamped with `at` from the injected clock) ----

export type NodeEvent =
  | { type: 'BEACON'; discovery: Discovery; address: string; legacy: boolean; fingerprint: string; at: number }
  /** `via`: where the peer was met, `lan` or `room NAME` (absent: the LAN). */
  | {
      type: 'LINK_UP';
      linkId: string;
      direction: LinkDirection;
      hello: Hello;
      fingerprint: string;
      address: string;
      at: number;
      via?: string;
    }
  | { type: 'LINK_DOWN'; linkId: string; peerId: string; at: number }
  | { type: 'DIAL_FAILED'; peerId: string; reason: string; at: number }
  | { type: 'TRAFFIC'; peerId: string; linkId: string | null; at: number; rtt?: number; ping?: Ping }
  /** `duplicate`: the store already has this id (a resend): acknowledged again, not shown. */
  | { type: 'CHAT_IN'; peerId: string; linkId: string | null; chat: Chat; at: number; duplicate?: boolean }
  | { type: 'ACK_IN'; peerId: string; linkId: string; ids: readonly string[]; at: number }
  /** `/away TEXT`: what peers are told, on every link and on each new one; null: back. */
  | { type: 'SET_AWAY'; away: string | null; at: number }
  /** `/nick NAME`: the node goes by this name from now on (same id and key). */
  | { type: 'RENAME'; name: string; at: number }
  /** The peer's heads (per author, its room messages without a gap): we send what comes after. */
  | { type: 'HAVE_IN'; peerId: string; linkId: string; authors: Readonly<Record<string, number>>; at: number }
  /** The peer is away (with its text), or back (null). */
  | { type: 'STATUS_IN'; peerId: string; linkId: string; away: string | null; at: number }
  /** The peers the peer says it has a live link to (for the mesh drawing). */
  | { type: 'LINKS_IN'; peerId: string; linkId: string; peers: readonly string[]; at: number }
  /** A room message passed on by `peerId`, its author's signature already checked. */
  | { type: 'RELAY_IN'; peerId: string; linkId: string; chat: SignedChat; key: string; at: number; duplicate: boolean }
  /** `linkId` null: it came one-shot or by UDP, which only a legacy peer may use. */
  | { type: 'EXIT'; peerId: string; linkId: string | null; at: number }
  /** The channels the peer says it is in on this link (proofs already checked; `#lan` implied, never listed). */
  | { type: 'CHANNELS_IN'; peerId: string; linkId: string; channels: readonly string[]; at: number }
  /**
   * `to`: one recipient (private), who may be away; null: the members of `channel` present
   * (`#lan` when absent: everyone on the LAN).
   */
  | { type: 'SEND_CHAT'; chat: IdChat; to: Recipient | null; channel?: string; at: number }
  /** `/join`: the node is in this channel from now on (and it becomes the current one). */
  | { type: 'JOIN'; channel: string; name: string; kind: 'lan' | 'secret'; at: number }
  /** `/part`: the node leaves it; `#lan` cannot be left. */
  | { type: 'PART'; channel: string; at: number }
  /** `/go`: plain lines go to this joined channel from now on. */
  | { type: 'GO'; channel: string; at: number }
  | { type: 'QUIT'; at: number };

// ---- what the machines emit: effects for the adapters and views for the UI ----

export type Effect =
  | { type: 'dial'; peerId: string; address: string; port: number }
  | { type: 'send'; peerId: string; linkId: string; message: Message }
  | { type: 'sendLegacy'; peerId: string; address: string; port: number; message: Message }
  /** `refused`: the link is not kept, and the peer is told why in a last frame. */
  | { type: 'closeLink'; linkId: string; refused?: { code: string; reason: string } }
  | { type: 'ping'; peerId: string; linkId: string }
  | { type: 'rebeacon' }
  /** A peer's usable link changed (null: none); its outbox follows it. */
  | { type: 'link'; peerId: string; name: string; linkId: string | null; at: number }
  /** A chat the machines accepted: the store keeps it, then it is acknowledged on `linkId`. */
  | { type: 'received'; peerId: string; linkId: string | null; chat: Chat; duplicate: boolean; legacy: boolean; relayedKey?: string }
  /**
   * Send the peer, on `linkId`, the channel messages it lacks after its heads: only of
   * `channels` (those it is in, on this link, and we are in too).
   */
  | { type: 'catchUp'; peerId: string; linkId: string; authors: Readonly<Record<string, number>>; channels: readonly string[] }
  /** The channels a peer is in, as it said on its current link: the store keeps when each membership began. */
  | { type: 'membership'; peerId: string; channels: readonly string[]; at: number }
  /** The channels the node is in changed: every link is told (`channels`: all but `#lan`). */
  | { type: 'channels'; channels: readonly string[]; at: number }
  /** A chat of a channel we are not in (or its sender is not): acknowledged so it is not resent, never kept or shown. */
  | { type: 'refusedChat'; peerId: string; linkId: string | null; id: string }
  /** An own chat and whom it is owed to (native recipients; legacy ones are sent one-shot). */
  | {
      type: 'queue';
      chat: IdChat;
      to: Recipient | null;
      recipients: readonly Recipient[];
      legacy: readonly Recipient[];
      at: number;
    };

export type ViewEvent =
  | { type: 'peer'; peer: PeerView }
  /** The channels the node is in and the current one, after a join, part or switch. */
  | {
      type: 'joined';
      joined: Readonly<Record<string, JoinedChannel>>;
      current: string;
      /** What was done: the command's answer (`/join`, `/part`, `/go`). */
      change: { readonly act: 'join' | 'part' | 'go' | 'start'; readonly channel: string; readonly name: string };
    }
  | { type: 'chat'; chat: ChatView }
  | { type: 'delivery'; delivery: DeliveryView }
  /** A peer said it is away (with its text) or back (null). */
  | { type: 'away'; peerId: string; name: string; away: string | null }
  /** A peer (same id, same key) now goes by another name. */
  | { type: 'renamed'; peerId: string; from: string; to: string }
  /**
   * `source`: who caused it (an address, a peer), so repeats from one source are shown once.
   * `own`: it answers something the user did (a send refused): never held back.
   */
  | { type: 'error'; error: P2PError; source?: string; own?: true };

export type Emitted = Effect | ViewEvent;

/** An error to show; streams turn bad input into these. */
export type ErrorView = Extract<ViewEvent, { type: 'error' }>;
