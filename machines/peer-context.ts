import type { Chat, PeerId } from '../src/wire/protocol/messages.js';
import type { LinkDirection } from '../src/wire/ports/index.js';
import type { Emitted, GoneReason, NodeEvent, PeerState, PeerTiming, PeerView } from './events.js';

/**
 * What a peer machine is given, what it keeps, what it hears and says, and how
 * its context is shown: the peer machine's data, apart from its behaviour
 * (peer.machine.ts), so the supervisor and the streams can use them without it.
 */

export interface PeerInput {
  readonly selfId: PeerId;
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly legacy: boolean;
  readonly fingerprint: string;
  readonly timing: PeerTiming;
  readonly at: number;
  readonly link?: { readonly linkId: string; readonly direction: LinkDirection };
  /** Where it was met (`lan` unless a room's link brought it). */
  readonly via?: string;
}

export interface PeerContext extends Omit<PeerInput, 'link' | 'at'> {
  readonly linkId: string | null;
  readonly direction: LinkDirection | null;
  readonly lastSeen: number;
  readonly rtt: number | null;
  readonly attempts: number;
  /** Whether the peer has spoken on the current link: a link cut before that counts as a failed dial. */
  readonly heard: boolean;
  /** A chat came on the current link since the last heartbeat: no ping is needed at this beat. */
  readonly chatted: boolean;
  /** What the peer said when it went away; null while it is here. */
  readonly away: string | null;
  /** The peers it last said it has a live link to, on the current link. */
  readonly links: readonly string[];
  /** The channels it said it is in, on the current link (besides `#lan`). */
  readonly channels: readonly string[];
  /** Whether it has said which channels it is in on the current link, and when that link came up. */
  readonly announced: boolean;
  readonly linkedAt: number;
  readonly reason: GoneReason | null;
  /** Where its current (or last) link came from: `lan` or `room NAME`. */
  readonly via: string;
  /**
   * Time, as this machine knows it: stamped from each event's `at` where a state is entered,
   * and computed for its own timers (a timer fires at its start plus its delay), so what it
   * emits carries the moment it happened without reading a clock.
   */
  readonly at: number;
  /** When it entered its lifecycle state (discovered, connected, stale): the start of `goneAfter`. */
  readonly enteredAt: number;
  /** When its liveness was last renewed (fresh entered): the start of `staleAfter`. */
  readonly freshSince: number;
}

export type PeerEvent =
  | Extract<
      NodeEvent,
      {
        type:
          | 'BEACON'
          | 'LINK_UP'
          | 'LINK_DOWN'
          | 'DIAL_FAILED'
          | 'TRAFFIC'
          | 'CHAT_IN'
          | 'EXIT'
          | 'HAVE_IN'
          | 'RELAY_IN'
          | 'STATUS_IN'
          | 'LINKS_IN'
          | 'CHANNELS_IN';
      }
    >
  | { type: 'SEND'; chat: Chat; private: boolean; at: number }
  | { type: 'SAY_EXIT'; at: number };

/** Event a peer sends its parent: the supervisor re-emits it unchanged. */
export interface EmitEvent {
  readonly type: 'EMIT';
  readonly emitted: Emitted;
}

export function peerView(c: PeerContext, state: PeerState): PeerView {
  const base = {
    id: c.id,
    name: c.name,
    address: c.address,
    port: c.port,
    legacy: c.legacy,
    verified: !c.legacy,
    fingerprint: c.fingerprint,
    state,
    lastSeen: c.lastSeen,
    rtt: c.rtt,
  };
  const withAway = c.away !== null ? { ...base, away: c.away } : base;
  const withLinks = c.links.length > 0 ? { ...withAway, links: c.links, via: c.via } : { ...withAway, via: c.via };
  const withChannels = c.channels.length > 0 ? { ...withLinks, channels: c.channels } : withLinks;
  return c.reason ? { ...withChannels, reason: c.reason } : withChannels;
}
