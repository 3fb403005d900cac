import { assertEvent, assign, emit, enqueueActions, setup } from 'xstate';
import type { Emitted, NodeEvent } from './events.js';
import { LAN_CHANNEL } from '../src/wire/protocol/channel-id.js';
import { outboxMachine } from './outbox.machine.js';
import { peerMachine } from './peer.machine.js';
import { peerView } from './peer-context.js';
import { typeOf } from '../src/base/type-of.js';
import {
  announced,
  legacyOf,
  memberChat,
  oldestUnconnected,
  peerIdOf,
  peerInput,
  recipientsOf,
  type NodeContext,
  type NodeInput,
  type NodeMachineEvent,
  type PeerRef,
} from './node-context.js';

/**
 * The node supervisor: spawns one peer machine per peer id, routes events to
 * it, stops it when it is gone, and re-emits everything its peers emit. It is
 * the one place the rest of the node listens to (`actor.on('*')`).
 */

type Event = NodeMachineEvent;

const childId = (peerId: string): string => `peer:${peerId}`;
const outboxId = (peerId: string): string => `outbox:${peerId}`;

/** Events a peer actor takes from the outside, routed by the peer id they carry. */
const ROUTED_TYPES = [
  'BEACON',
  'LINK_UP',
  'LINK_DOWN',
  'DIAL_FAILED',
  'TRAFFIC',
  'CHAT_IN',
  'EXIT',
  'HAVE_IN',
  'RELAY_IN',
  'STATUS_IN',
  'LINKS_IN',
  'CHANNELS_IN',
] as const;
type Routed = Extract<NodeEvent, { type: (typeof ROUTED_TYPES)[number] }>;
const ROUTED: ReadonlySet<string> = new Set(ROUTED_TYPES);
const isRouted = (e: Event): e is Routed => ROUTED.has(e.type);

/** What a refused peer is told, in the Refused frame on the link we do not keep. */
const REFUSALS = {
  full: { code: 'PEER_LIMIT', reason: 'its peer table is full of connected peers' },
  share: { code: 'PEER_LIMIT', reason: 'it holds as many peers from your address as it takes' },
} as const;

const WARNINGS = {
  legacy: { key: 'legacy', code: 'LEGACY_IGNORED', message: 'an original (legacy) node is on the LAN; start with --legacy to talk to it' },
  full: { key: 'full', code: 'PEER_LIMIT', message: 'peer table is full of connected peers; new peers are refused' },
} as const;

/** The link a peer has now, if its actor has one. */
const linkOf = (ref: PeerRef | undefined): string | null => ref?.getSnapshot().context.linkId ?? null;

/** The warning for a chat of a channel we are not in (or its sender is not), keyed by its sender. */
function notAMember(event: NodeMachineEvent): { key: string; code: 'NOT_A_MEMBER'; message: string } {
  const from = event.type === 'CHAT_IN' ? event.peerId : '';
  const channel = event.type === 'CHAT_IN' ? (event.chat.channel ?? LAN_CHANNEL) : LAN_CHANNEL;
  return {
    key: `channel:${from}`,
    code: 'NOT_A_MEMBER',
    message: `a chat of ${channel} from ${from}, a channel one of you is not in; dropped`,
  };
}

export const nodeMachine = setup({
  types: {
    context: typeOf<NodeContext>(),
    events: typeOf<Event>(),
    input: typeOf<NodeInput>(),
    emitted: typeOf<Emitted>(),
  },
  actors: { peer: peerMachine, outbox: outboxMachine },
  actions: {
    reemit: emit(({ event }) => {
      assertEvent(event, 'EMIT');
      return event.emitted;
    }),
    /** While leaving only the goodbyes (Exit messages) still go out; nothing is shown. */
    reemitGoodbye: enqueueActions(({ event, enqueue }) => {
      assertEvent(event, 'EMIT');
      const e = event.emitted;
      if (e.type === 'send' || e.type === 'sendLegacy') enqueue.emit(e);
    }),
    route: enqueueActions(({ context, event, enqueue }) => {
      if (!isRouted(event)) return;
      const peerId = peerIdOf(event);
      const ref = peerId === null ? undefined : context.peers[peerId];
      if (ref) enqueue.sendTo(ref, event);
    }),
    broadcast: enqueueActions(({ context, event, enqueue }) => {
      for (const ref of Object.values(context.peers)) {
        if (event.type === 'QUIT') enqueue.sendTo(ref, { type: 'SAY_EXIT', at: event.at });
      }
    }),
    /** Every native recipient of an own chat gets an outbox first (it may have none yet). */
    ensureOutboxes: assign(({ context, event, spawn }) => {
      if (event.type !== 'SEND_CHAT') return {};
      const missing = recipientsOf(context, event).native.filter((r) => context.outboxes[r.id] === undefined);
      if (missing.length === 0) return {};
      const outboxes = { ...context.outboxes };
      for (const r of missing) {
        const input = { peerId: r.id, peerName: r.name, linkId: linkOf(context.peers[r.id]), ...context.delivery, queue: [], at: event.at };
        outboxes[r.id] = spawn('outbox', { id: outboxId(r.id), input });
      }
      return { outboxes };
    }),
    /** An own chat: every native recipient's outbox takes it; legacy peers get it one-shot. */
    queueChat: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'SEND_CHAT') return;
      const { native, legacy } = recipientsOf(context, event);
      const chat = { ...event.chat, private: event.to !== null };
      for (const r of legacy) {
        const ref = context.peers[r.id];
        if (ref) enqueue.sendTo(ref, { type: 'SEND', chat: event.chat, private: event.to !== null, at: event.at });
      }
      for (const r of native) {
        const ref = context.outboxes[r.id];
        if (ref) enqueue.sendTo(ref, { type: 'ENQUEUE', chat, at: event.at });
      }
      enqueue.emit({ type: 'queue', chat, to: event.to, recipients: native, legacy, at: event.at });
    }),
    routeAck: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'ACK_IN') return;
      const ref = context.outboxes[event.peerId];
      if (ref) enqueue.sendTo(ref, { type: 'ACK', ids: event.ids, at: event.at });
    }),
    routeLink: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'EMIT' || event.emitted.type !== 'link') return;
      // The link's own moment: the node's start time here made expiry late by the node's uptime.
      const { peerId, linkId, name, at } = event.emitted;
      const ref = context.outboxes[peerId];
      if (ref) enqueue.sendTo(ref, { type: 'LINK', linkId, name, at });
    }),
    spawnPeer: assign(({ context, event, spawn }) => {
      if (event.type === 'EMIT') return {};
      const input = peerInput(context, event);
      if (!input) return {};
      return { peers: { ...context.peers, [input.id]: spawn('peer', { id: childId(input.id), input }) } };
    }),
    rebeacon: emit({ type: 'rebeacon' } as const),
    join: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'JOIN');
      const joined = context.joined[event.channel]
        ? context.joined
        : { ...context.joined, [event.channel]: { name: event.name, kind: event.kind, since: event.at } };
      enqueue.assign({ joined, current: event.channel });
      if (joined !== context.joined) enqueue.emit({ type: 'channels', channels: announced(joined), at: event.at });
      const name = joined[event.channel]?.name ?? event.name;
      enqueue.emit({ type: 'joined', joined, current: event.channel, change: { act: 'join', channel: event.channel, name } });
      enqueue.assign({ unread: { ...context.unread, [event.channel]: 0 } });
    }),
    part: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'PART');
      const { [event.channel]: left, ...joined } = context.joined;
      const { [event.channel]: _unread, ...unread } = context.unread;
      const current = context.current === event.channel ? LAN_CHANNEL : context.current;
      enqueue.assign({ joined, current, unread });
      enqueue.emit({ type: 'channels', channels: announced(joined), at: event.at });
      enqueue.emit({ type: 'joined', joined, current, change: { act: 'part', channel: event.channel, name: left?.name ?? event.channel } });
    }),
    go: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'GO');
      enqueue.assign({ current: event.channel, unread: { ...context.unread, [event.channel]: 0 } });
      const name = context.joined[event.channel]?.name ?? event.channel;
      enqueue.emit({ type: 'joined', joined: context.joined, current: event.channel, change: { act: 'go', channel: event.channel, name } });
    }),
    /** A chat shown of a channel that is not the current one counts as unread there, until /go. */
    countUnread: assign(({ context, event }) => {
      if (event.type !== 'EMIT' || event.emitted.type !== 'chat') return {};
      const channel = event.emitted.chat.channel;
      if (channel === undefined || channel === context.current) return {};
      return { unread: { ...context.unread, [channel]: (context.unread[channel] ?? 0) + 1 } };
    }),
    refuseChannelCommand: emit(({ context, event }) => {
      const channel = event.type === 'JOIN' || event.type === 'PART' || event.type === 'GO' ? event.channel : '';
      const message =
        event.type === 'PART' && channel === LAN_CHANNEL
          ? `${LAN_CHANNEL} is the LAN's own channel: every node on the LAN is in it`
          : event.type === 'JOIN'
            ? `already in ${Object.keys(context.joined).length} channels, the most a node may be in; /part one first`
            : `not in ${channel}; /channels lists those you are in`;
      return { type: 'error' as const, error: { code: 'BAD_CHANNEL' as const, message }, own: true as const };
    }),
    /** Acknowledged (so it is not resent) and dropped: never shown, kept or passed on. */
    refuseChat: enqueueActions(({ event, enqueue }) => {
      assertEvent(event, 'CHAT_IN');
      if (event.chat.id !== undefined) enqueue.emit({ type: 'refusedChat', peerId: event.peerId, linkId: event.linkId, id: event.chat.id });
    }),
    setAway: assign(({ event }) => {
      assertEvent(event, 'SET_AWAY');
      return { away: event.away };
    }),
    rename: assign(({ event }) => {
      assertEvent(event, 'RENAME');
      return { selfName: event.name };
    }),
    refuseImpersonation: enqueueActions(({ event, enqueue }) => {
      assertEvent(event, 'BEACON');
      const d = event.discovery;
      const message = `an unsigned beacon from ${event.address} claims the id of verified peer ${d.id}; refused`;
      enqueue.emit({ type: 'error', error: { code: 'LEGACY_IMPERSONATION', message }, source: event.address });
    }),
    /** An unverified (legacy) actor holding an id that a key has now proven is dropped, silently: its replacement is announced. */
    dropLegacyActor: enqueueActions(({ context, event, enqueue }) => {
      const id = peerIdOf(event);
      if (id === null || context.peers[id] === undefined) return;
      enqueue.stopChild(childId(id));
      const { [id]: _dropped, ...rest } = context.peers;
      enqueue.assign({ peers: rest });
    }),
    /** With `refused`, the peer gets a last frame saying why, so it can tell its user and back off. */
    refuseLink: emit(({ event }, refused?: { code: string; reason: string }) => ({
      type: 'closeLink' as const,
      linkId: event.type === 'LINK_UP' ? event.linkId : '',
      ...(refused ? { refused } : {}),
    })),
    warnOnce: enqueueActions(
      (
        { context, enqueue },
        w: { key: string; code: 'PEER_LIMIT' | 'LEGACY_IGNORED' | 'UNKNOWN_PEER' | 'NOT_A_MEMBER'; message: string },
      ) => {
        if (context.warned[w.key]) return;
        enqueue.assign({ warned: { ...context.warned, [w.key]: true } });
        enqueue.emit({ type: 'error', error: { code: w.code, message: w.message } });
      },
    ),
    warnShare: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'BEACON' && event.type !== 'LINK_UP') return;
      const key = `share:${event.address}`;
      if (context.warned[key]) return;
      enqueue.assign({ warned: { ...context.warned, [key]: true } });
      enqueue.emit({
        type: 'error',
        error: {
          code: 'PEER_LIMIT',
          message: `${event.address} already has ${context.maxPeersPerSource} peers in the table; more from it are refused`,
        },
      });
    }),
    /** Makes room: the unconnected peer heard from least recently goes first. */
    evictOldest: enqueueActions(({ context, enqueue }) => {
      const victim = oldestUnconnected(context);
      const ref = victim === null ? undefined : context.peers[victim];
      if (victim === null || !ref) return;
      const snap = ref.getSnapshot();
      enqueue.stopChild(childId(victim));
      const { [victim]: _evicted, ...rest } = context.peers;
      enqueue.assign({ peers: rest });
      enqueue.emit({ type: 'peer', peer: { ...peerView(snap.context, 'gone'), reason: 'evicted' } });
      if (snap.context.linkId) enqueue.emit({ type: 'closeLink', linkId: snap.context.linkId });
    }),
    removeGone: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'EMIT');
      const emitted = event.emitted;
      if (emitted.type !== 'peer' || emitted.peer.state !== 'gone') return;
      const id = emitted.peer.id;
      enqueue.stopChild(childId(id));
      const { [id]: _gone, ...rest } = context.peers;
      enqueue.assign({ peers: rest });
    }),
  },
  guards: {
    fromSelf: ({ context, event }) =>
      (event.type === 'BEACON' && event.discovery.id === context.selfId) || (event.type === 'LINK_UP' && event.hello.id === context.selfId),
    unsignedForVerified: ({ context, event }) => event.type === 'BEACON' && event.legacy && legacyOf(context, event) === false,
    provesLegacyId: ({ context, event }) =>
      ((event.type === 'BEACON' && !event.legacy) || event.type === 'LINK_UP') && legacyOf(context, event) === true,
    known: ({ context, event }) => {
      const id = peerIdOf(event);
      return id !== null && context.peers[id] !== undefined;
    },
    legacyRefused: ({ context, event }) => event.type === 'BEACON' && event.legacy && !context.legacy,
    full: ({ context }) => Object.keys(context.peers).length >= context.maxPeers,
    overShare: ({ context, event }) => {
      const address = event.type === 'BEACON' || event.type === 'LINK_UP' ? event.address : null;
      if (address === null) return false;
      let n = 0;
      for (const ref of Object.values(context.peers)) if (ref.getSnapshot().context.address === address) n++;
      return n >= context.maxPeersPerSource;
    },
    /** `#lan` cannot be left; only a joined channel can be left or switched to. */
    cannotPart: ({ context, event }) => event.type === 'PART' && (event.channel === LAN_CHANNEL || !context.joined[event.channel]),
    notJoined: ({ context, event }) => event.type === 'GO' && !context.joined[event.channel],
    tooManyChannels: ({ context, event }) =>
      event.type === 'JOIN' && !context.joined[event.channel] && Object.keys(context.joined).length >= context.maxChannels,
    /** A chat of a channel we are not in, or whose sender has not said it is in it. */
    outsideChannel: ({ context, event }) => event.type === 'CHAT_IN' && !memberChat(context, event),
    relayOfJoined: ({ context, event }) => event.type === 'RELAY_IN' && context.joined[event.chat.channel ?? LAN_CHANNEL] !== undefined,
    fullButEvictable: ({ context }) => Object.keys(context.peers).length >= context.maxPeers && oldestUnconnected(context) !== null,
  },
}).createMachine({
  id: 'node',
  context: ({ input, spawn }) => ({
    ...input,
    peers: {},
    warned: {},
    joined: {
      [LAN_CHANNEL]: { name: LAN_CHANNEL, kind: 'lan', since: input.startedAt },
      ...Object.fromEntries(
        (input.rejoin ?? []).slice(0, input.maxChannels - 1).map((c) => [c.id, { name: c.name, kind: c.kind, since: c.since }]),
      ),
    },
    current: input.rejoin?.some((c) => c.id === input.startIn) === true && input.startIn !== undefined ? input.startIn : LAN_CHANNEL,
    unread: {},
    away: null,
    outboxes: Object.fromEntries(
      input.owed.map((o) => [
        o.peerId,
        spawn('outbox', {
          id: outboxId(o.peerId),
          input: { peerId: o.peerId, peerName: o.peerName, linkId: null, ...input.delivery, queue: o.queue, at: input.startedAt },
        }),
      ]),
    ),
  }),
  initial: 'running',
  // A node started in the channels it was in says so (the console, the prompt and the page learn them).
  entry: enqueueActions(({ context, enqueue }) => {
    if (Object.keys(context.joined).length < 2) return;
    const name = context.joined[context.current]?.name ?? context.current;
    enqueue.emit({
      type: 'joined',
      joined: context.joined,
      current: context.current,
      change: { act: 'start', channel: context.current, name },
    });
  }),
  // The node's own standing holds while it says goodbye too: a line typed then still counts.
  on: {
    SET_AWAY: { actions: 'setAway' },
    RENAME: { actions: 'rename' },
  },
  states: {
    running: {
      on: {
        BEACON: [
          { guard: 'fromSelf' },
          // An unsigned beacon never reaches a verified peer: it would rename and re-address it.
          { guard: 'unsignedForVerified', actions: 'refuseImpersonation' },
          // A signed beacon for an id an unsigned node took: the verified peer replaces it.
          { guard: 'provesLegacyId', actions: ['dropLegacyActor', 'spawnPeer', 'rebeacon'] },
          { guard: 'known', actions: 'route' },
          {
            guard: 'legacyRefused',
            actions: { type: 'warnOnce', params: WARNINGS.legacy },
          },
          { guard: 'overShare', actions: 'warnShare' },
          { guard: 'fullButEvictable', actions: ['evictOldest', 'spawnPeer', 'rebeacon'] },
          { guard: 'full', actions: { type: 'warnOnce', params: WARNINGS.full } },
          // A newcomer is told about us at once instead of waiting a beacon interval.
          { actions: ['spawnPeer', 'rebeacon'] },
        ],
        LINK_UP: [
          { guard: 'fromSelf', actions: 'refuseLink' },
          { guard: 'provesLegacyId', actions: ['dropLegacyActor', 'spawnPeer'] },
          { guard: 'known', actions: 'route' },
          { guard: 'overShare', actions: [{ type: 'refuseLink', params: REFUSALS.share }, 'warnShare'] },
          { guard: 'fullButEvictable', actions: ['evictOldest', 'spawnPeer'] },
          {
            guard: 'full',
            actions: [
              { type: 'refuseLink', params: REFUSALS.full },
              { type: 'warnOnce', params: WARNINGS.full },
            ],
          },
          { actions: 'spawnPeer' },
        ],
        LINK_DOWN: { actions: 'route' },
        DIAL_FAILED: { actions: 'route' },
        TRAFFIC: { actions: 'route' },
        CHAT_IN: [
          {
            guard: 'outsideChannel',
            // Said once per peer, not per channel it names: a peer naming a new channel in each
            // chat would otherwise grow the warned set without bound.
            actions: ['refuseChat', { type: 'warnOnce', params: ({ event }) => notAMember(event) }],
          },
          { actions: 'route' },
        ],
        EXIT: { actions: 'route' },
        QUIT: { target: 'leaving', actions: 'broadcast' },
        ACK_IN: { actions: 'routeAck' },
        HAVE_IN: { actions: 'route' },
        STATUS_IN: { actions: 'route' },
        LINKS_IN: { actions: 'route' },
        CHANNELS_IN: { actions: 'route' },
        JOIN: [{ guard: 'tooManyChannels', actions: 'refuseChannelCommand' }, { actions: 'join' }],
        PART: [{ guard: 'cannotPart', actions: 'refuseChannelCommand' }, { actions: 'part' }],
        GO: [{ guard: 'notJoined', actions: 'refuseChannelCommand' }, { actions: 'go' }],
        // A passed-on message of a channel we are not in is not ours to show or keep.
        RELAY_IN: { guard: 'relayOfJoined', actions: 'route' },
        SEND_CHAT: { actions: ['ensureOutboxes', 'queueChat'] },
        EMIT: { actions: ['reemit', 'routeLink', 'removeGone', 'countUnread'] },
      },
    },
    // Saying goodbye: peers are being told, links close; nothing from outside changes anything now.
    leaving: {
      on: { EMIT: { actions: 'reemitGoodbye' } },
    },
  },
});
