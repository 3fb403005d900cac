import type { ActorRefFrom } from 'xstate';
import type { JoinedChannel, NodeEvent, PeerTiming, Recipient } from './events.js';
import { LAN_CHANNEL } from '../src/wire/protocol/channel-id.js';
import type { outboxMachine } from './outbox.machine.js';
import type { Queued } from './chat-queue.js';
import type { peerMachine } from './peer.machine.js';
import type { EmitEvent, PeerInput } from './peer-context.js';
import type { PeerId } from '../src/wire/protocol/messages.js';

/**
 * The node supervisor's data, apart from its behaviour (node.machine.ts): what it
 * is given and keeps, and the pure questions its actions and guards ask of it
 * (who an event is about, who a chat is for, who is in a channel).
 */

export interface NodeInput {
  readonly selfId: PeerId;
  /** The name the node starts under; `/nick` changes it (RENAME). */
  readonly selfName: string;
  readonly timing: PeerTiming;
  readonly legacy: boolean;
  readonly maxPeers: number;
  /** Peers one source address may have in the table, so one host cannot fill it. */
  readonly maxPeersPerSource: number;
  /** Unacknowledged chats a link may carry, and how long an own chat waits for a recipient, ms. */
  readonly delivery: { readonly window: number; readonly expireAfter: number; readonly maxQueued: number };
  /** What the store still owes, per recipient, when the node starts. */
  readonly owed: readonly { readonly peerId: string; readonly peerName: string; readonly queue: readonly Queued[] }[];
  /** When the node started: the owed outboxes' clocks start here. Nothing else reads it (each event brings its own time). */
  readonly startedAt: number;
  /** Channels the node may be in at once, `#lan` included. */
  readonly maxChannels: number;
  /** The channels it was in when it stopped (kept in the data dir): it is in them again. */
  /** The channel plain lines go to at start (one of `rejoin`; `#lan` when absent or not among them). */
  readonly startIn?: string;
  readonly rejoin?: readonly { readonly id: string; readonly name: string; readonly kind: 'lan' | 'secret'; readonly since: number }[];
}

export type PeerRef = ActorRefFrom<typeof peerMachine>;
export type OutboxRef = ActorRefFrom<typeof outboxMachine>;

export interface NodeContext extends NodeInput {
  readonly peers: Readonly<Record<string, PeerRef>>;
  /** One outbox per recipient ever written to; it outlives the recipient's peer actor. */
  readonly outboxes: Readonly<Record<string, OutboxRef>>;
  /** Each warning below is shown once per run, not once per datagram. */
  readonly warned: Readonly<Record<string, true>>;
  /** The channels the node is in (always `#lan`), and the one plain lines go to. */
  readonly joined: Readonly<Record<string, JoinedChannel>>;
  readonly current: string;
  /** Chats shown per channel while it was not the current one (/channels), until /go there. */
  readonly unread: Readonly<Record<string, number>>;
  /** `/away TEXT`: what peers are told (on every link, and on each new one); null while here. */
  readonly away: string | null;
}

export type NodeMachineEvent = NodeEvent | EmitEvent;

/** The peer an event is about: its beacon's or hello's id, or the id it names. */
export function peerIdOf(e: NodeMachineEvent): string | null {
  if (e.type === 'BEACON') return e.discovery.id;
  if (e.type === 'LINK_UP') return e.hello.id;
  return 'peerId' in e ? e.peerId : null;
}

/** Whether the peer an event is about is a legacy (unverified) one; null when there is no actor for it. */
export function legacyOf(context: NodeContext, event: NodeMachineEvent): boolean | null {
  const id = peerIdOf(event);
  const ref = id === null ? undefined : context.peers[id];
  return ref ? ref.getSnapshot().context.legacy : null;
}

export function oldestUnconnected(context: NodeContext): string | null {
  let best: { id: string; lastSeen: number } | null = null;
  for (const [id, ref] of Object.entries(context.peers)) {
    const snap = ref.getSnapshot();
    if (snap.matches('connected') || snap.status !== 'active') continue;
    if (!best || snap.context.lastSeen < best.lastSeen) best = { id, lastSeen: snap.context.lastSeen };
  }
  return best?.id ?? null;
}

export function peerInput(context: NodeContext, event: NodeEvent): PeerInput | null {
  const base = { selfId: context.selfId, timing: context.timing };
  if (event.type === 'BEACON') {
    const d = event.discovery;
    return {
      ...base,
      id: d.id,
      name: d.name,
      address: event.address,
      port: d.port,
      legacy: event.legacy,
      fingerprint: event.fingerprint,
      at: event.at,
    };
  }
  if (event.type === 'LINK_UP') {
    const h = event.hello;
    return {
      ...base,
      id: h.id,
      name: h.name,
      address: event.address,
      port: h.port,
      legacy: false,
      fingerprint: event.fingerprint,
      at: event.at,
      link: { linkId: event.linkId, direction: event.direction },
      ...(event.via !== undefined ? { via: event.via } : {}),
    };
  }
  return null;
}

/**
 * Who an own chat is for: a private one, its one recipient (present or not); a
 * broadcast, every peer present (met, connected or stale). Legacy peers apart.
 */
export function recipientsOf(
  context: NodeContext,
  event: Extract<NodeEvent, { type: 'SEND_CHAT' }>,
): { native: Recipient[]; legacy: Recipient[] } {
  const native: Recipient[] = [];
  const legacy: Recipient[] = [];
  if (event.to !== null && context.peers[event.to.id] === undefined) return { native: [event.to], legacy };
  const channel = event.channel ?? LAN_CHANNEL;
  for (const [id, ref] of Object.entries(context.peers)) {
    if (event.to !== null && event.to.id !== id) continue;
    const snap = ref.getSnapshot();
    if (event.to === null && snap.matches('discovered')) continue; // never linked: not present yet
    if (event.to === null && !inChannel(snap.context, channel)) continue;
    (snap.context.legacy ? legacy : native).push({ id, name: snap.context.name });
  }
  return { native, legacy };
}

/**
 * Whether a peer is in a channel, as far as this node knows: `#lan` is every peer met on the
 * LAN (original nodes included; a room's link is not the LAN); another channel only a native
 * peer that said so on its current link.
 */
export function inChannel(
  c: { readonly legacy: boolean; readonly via: string; readonly channels: readonly string[] },
  channel: string,
): boolean {
  if (channel === LAN_CHANNEL) return c.legacy || c.via === 'lan';
  return !c.legacy && c.channels.includes(channel);
}

/** A chat is for us only if we are in its channel and so is its sender; a private one always. */
export function memberChat(context: NodeContext, event: Extract<NodeEvent, { type: 'CHAT_IN' }>): boolean {
  if (event.chat.private === true) return true;
  const channel = event.chat.channel ?? LAN_CHANNEL;
  if (context.joined[channel] === undefined) return false;
  const ref = context.peers[event.peerId];
  // A sender with no actor yet is refused or made by the peer machine's own checks.
  return ref === undefined || inChannel(ref.getSnapshot().context, channel);
}

/** What the node tells its links it is in: every joined channel but `#lan`, which is implied. */
export function announced(joined: Readonly<Record<string, JoinedChannel>>): string[] {
  return Object.keys(joined).filter((c) => c !== LAN_CHANNEL);
}
