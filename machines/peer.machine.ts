import { assertEvent, assign, enqueueActions, setup } from 'xstate';
import type { Message } from '../src/wire/protocol/messages.js';
import type { LinkDirection } from '../src/wire/ports/index.js';
import type { Emitted, PeerState } from './events.js';
import { LAN_CHANNEL } from '../src/wire/protocol/channel-id.js';
import { peerView, type EmitEvent, type PeerContext, type PeerEvent, type PeerInput } from './peer-context.js';
import { typeOf } from '../src/base/type-of.js';

/**
 * One peer's lifecycle: discovered → connected → stale → gone.
 * Pure: it never touches a socket or a clock. What it wants done (dial, send,
 * close) and what the user should see it hands to its supervisor as `EMIT`
 * events; time passes only through the named delays, which the actor's clock runs.
 */

const dialerOf = (c: PeerContext, direction: LinkDirection): string => (direction === 'outbound' ? c.selfId : c.id);

/**
 * When two links to one peer exist, both ends keep the one dialed by the smaller
 * id; they decide alike without talking. A newer link replaces an older one
 * from the same dialer (the old one is a leftover of a redial).
 */
export function keepsCurrentLink(c: PeerContext, incoming: LinkDirection): boolean {
  if (c.direction === null) return false;
  const smaller = c.selfId < c.id ? c.selfId : c.id;
  return dialerOf(c, c.direction) === smaller && dialerOf(c, incoming) !== smaller;
}

/** What a peer hands its supervisor, which re-emits it unchanged. */
const toParent = (emitted: Emitted): EmitEvent => ({ type: 'EMIT', emitted });

/** An event's time; a timer's own event has none, and the transition it takes has stamped `at` first. */
const timeOf = (event: PeerEvent, context: PeerContext): number => ('at' in event ? event.at : context.at);

const staleDelay = (c: PeerContext): number => (c.legacy ? c.timing.legacyStaleAfter : c.timing.staleAfter);

export const peerMachine = setup({
  types: {
    context: typeOf<PeerContext>(),
    events: typeOf<PeerEvent>(),
    input: typeOf<PeerInput>(),
  },
  actions: {
    announce: enqueueActions(({ context, enqueue }, state: PeerState) =>
      enqueue.sendParent(toParent({ type: 'peer', peer: peerView(context, state) })),
    ),
    dial: enqueueActions(({ context, enqueue }) =>
      enqueue.sendParent(toParent({ type: 'dial', peerId: context.id, address: context.address, port: context.port })),
    ),
    ping: enqueueActions(({ context, enqueue }) => {
      if (context.linkId) enqueue.sendParent(toParent({ type: 'ping', peerId: context.id, linkId: context.linkId }));
      if (context.chatted) enqueue.assign({ chatted: false });
    }),
    /** A beat without a ping: the peer's chats since the last beat said it is alive. */
    quietBeat: assign({ chatted: false }),
    /** Runs before adoptLink, so context still names the link being replaced. */
    closeReplaced: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'LINK_UP');
      if (context.linkId !== null && context.linkId !== event.linkId)
        enqueue.sendParent(toParent({ type: 'closeLink', linkId: context.linkId }));
    }),
    closeIncoming: enqueueActions(({ event, enqueue }) => {
      assertEvent(event, 'LINK_UP');
      enqueue.sendParent(toParent({ type: 'closeLink', linkId: event.linkId }));
    }),
    closeLink: enqueueActions(({ context, enqueue }) => {
      if (context.linkId) enqueue.sendParent(toParent({ type: 'closeLink', linkId: context.linkId }));
    }),
    adoptLink: assign(({ event }) => {
      assertEvent(event, 'LINK_UP');
      return {
        linkId: event.linkId,
        direction: event.direction,
        via: event.via ?? 'lan',
        address: event.address,
        port: event.hello.port,
        name: event.hello.name,
        lastSeen: event.at,
        linkedAt: event.at,
        announced: false,
        heard: false,
      };
    }),
    // What the peer said about its own links and channels held while we could hear it; unknown from now on.
    dropLink: assign({ linkId: null, direction: null, links: [], channels: [], announced: false }),
    countAttempt: assign({ attempts: ({ context }) => context.attempts + 1 }),
    countCut: assign({ attempts: ({ context }) => (context.heard ? 0 : context.attempts + 1) }),
    noteTraffic: assign(({ context, event }) => {
      assertEvent(event, ['TRAFFIC', 'CHAT_IN', 'BEACON']);
      return {
        lastSeen: event.at,
        rtt: event.type === 'TRAFFIC' && event.rtt !== undefined ? event.rtt : context.rtt,
        // A link counts as working once the peer speaks on it: one cut at once (a peer
        // refusing us) keeps the backoff growing instead of redialing 4 times a second.
        attempts: event.type === 'BEACON' ? context.attempts : 0,
        heard: context.heard || event.type !== 'BEACON',
        chatted: context.chatted || event.type === 'CHAT_IN',
      };
    }),
    noteAway: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'STATUS_IN');
      if (event.away === context.away) return;
      enqueue.assign({ away: event.away });
      enqueue.sendParent(toParent({ type: 'away', peerId: context.id, name: context.name, away: event.away }));
    }),
    noteLinks: assign(({ event }) => {
      assertEvent(event, 'LINKS_IN');
      return { links: event.peers };
    }),
    noteChannels: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'CHANNELS_IN');
      // The same list again is no news: a peer repeating it costs no store write.
      const same =
        context.announced && event.channels.length === context.channels.length && event.channels.every((c) => context.channels.includes(c));
      if (same) return;
      enqueue.assign({ channels: event.channels, announced: true });
      // Its first word on a link counts from the link's start: it said it at once (before its Have),
      // so what was said in the channel since the link came up is for it, by catch-up if not by the
      // outbox. A channel it names later on the link counts from then.
      const at = context.announced ? event.at : context.linkedAt;
      if (!context.legacy) enqueue.sendParent(toParent({ type: 'membership', peerId: context.id, channels: event.channels, at }));
    }),
    /** Before notePort: context still has the old name. */
    tellRename: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'BEACON');
      if (event.discovery.name !== context.name)
        enqueue.sendParent(toParent({ type: 'renamed', peerId: context.id, from: context.name, to: event.discovery.name }));
    }),
    notePort: assign(({ event }) => {
      assertEvent(event, 'BEACON');
      return { port: event.discovery.port, name: event.discovery.name, address: event.address };
    }),
    /** Shows a chat once (a resend the store already has is not shown again) and hands it on to be kept and acknowledged. */
    showChat: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'CHAT_IN');
      const c = event.chat;
      const duplicate = event.duplicate === true;
      if (!duplicate) {
        const chat = {
          id: c.id ?? '',
          fromId: context.id,
          fromName: context.name,
          content: c.content,
          timestamp: c.timestamp,
          private: c.private ?? false,
          legacy: context.legacy,
          verified: !context.legacy,
          ...(c.private === true ? {} : { channel: c.channel ?? LAN_CHANNEL }),
        };
        enqueue.sendParent(toParent({ type: 'chat', chat }));
      }
      enqueue.sendParent(
        toParent({ type: 'received', peerId: context.id, linkId: event.linkId, chat: c, duplicate, legacy: context.legacy }),
      );
    }),
    catchUp: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'HAVE_IN');
      // The LAN's own channel only for a peer met on the LAN: a room's link is not the LAN.
      const channels = context.via === 'lan' ? [LAN_CHANNEL, ...context.channels] : context.channels;
      enqueue.sendParent(toParent({ type: 'catchUp', peerId: context.id, linkId: event.linkId, authors: event.authors, channels }));
    }),
    /** A room message passed on after an absence: shown once, as its author's, marked caught up; kept, never acknowledged. */
    showRelayed: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'RELAY_IN');
      const c = event.chat;
      if (!event.duplicate) {
        const chat = {
          id: c.id,
          fromId: c.from_id,
          fromName: c.from_name,
          content: c.content,
          timestamp: c.timestamp,
          private: false,
          legacy: false,
          verified: true,
          caughtUp: true as const,
          channel: c.channel ?? LAN_CHANNEL,
        };
        enqueue.sendParent(toParent({ type: 'chat', chat }));
      }
      enqueue.sendParent(
        toParent({
          type: 'received',
          peerId: context.id,
          linkId: null,
          chat: c,
          duplicate: event.duplicate,
          legacy: false,
          relayedKey: event.key,
        }),
      );
    }),
    /** The outbox follows the link: a native peer's usable link, or none. */
    tellFirstLink: enqueueActions(({ context, enqueue }) => {
      if (!context.legacy && context.linkId !== null)
        enqueue.sendParent(toParent({ type: 'link', peerId: context.id, name: context.name, linkId: context.linkId, at: context.at }));
    }),
    tellLink: enqueueActions(({ context, event, enqueue }) => {
      if (!context.legacy)
        enqueue.sendParent(
          toParent({ type: 'link', peerId: context.id, name: context.name, linkId: context.linkId, at: timeOf(event, context) }),
        );
    }),
    /** Native peers get chats from their outbox; an original node gets each one-shot (the fan-out writes it the original way). */
    sendLegacyChat: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'SEND');
      enqueue.sendParent(
        toParent({
          type: 'sendLegacy',
          peerId: context.id,
          address: context.address,
          port: context.port,
          message: { type: 'Chat', body: event.chat },
        }),
      );
    }),
    sayExit: enqueueActions(({ context, enqueue }) => {
      const message: Message = { type: 'Exit', body: context.selfId };
      if (context.legacy)
        enqueue.sendParent(toParent({ type: 'sendLegacy', peerId: context.id, address: context.address, port: context.port, message }));
      else if (context.linkId) enqueue.sendParent(toParent({ type: 'send', peerId: context.id, linkId: context.linkId, message }));
    }),
    refuseChannel: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, ['CHAT_IN', 'EXIT']);
      const what = event.type === 'EXIT' ? 'an exit' : 'a chat';
      const how = context.legacy ? 'over a link' : 'unauthenticated (one-shot or UDP)';
      enqueue.sendParent(
        toParent({
          type: 'error',
          error: { code: 'UNEXPECTED_MESSAGE', message: `${what} claiming to be ${context.name} came ${how}; dropped` },
        }),
      );
    }),
    tellUnreachable: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'DIAL_FAILED');
      enqueue.sendParent(
        toParent({
          type: 'error',
          error: {
            code: 'CONNECT_FAILED',
            message: `no link to ${context.name} at ${context.address}:${context.port} after ${context.attempts} dials (${event.reason}); not dialing it again, it can still reach us`,
          },
        }),
      );
    }),
    /** Entering a lifecycle state: now is the event's time, and the state's timers count from it. */
    enter: assign(({ context, event }) => {
      const at = timeOf(event, context);
      return { at, enteredAt: at };
    }),
    renewFresh: assign(({ context, event }) => {
      const at = timeOf(event, context);
      return { at, freshSince: at };
    }),
    /** A timer of this machine fired: its moment is when the timer started plus its delay. */
    stampStale: assign(({ context }) => ({ at: context.freshSince + staleDelay(context) })),
    stampGone: assign(({ context }) => ({ at: context.enteredAt + context.timing.goneAfter })),
    markExit: assign({ reason: 'exit' as const }),
    markTimeout: assign({ reason: 'timeout' as const }),
  },
  guards: {
    isLegacy: ({ context }) => context.legacy,
    chatted: ({ context }) => context.chatted,
    dialsFirst: ({ context }) => context.selfId < context.id,
    lastAttempt: ({ context }) => context.attempts + 1 >= context.timing.dialAttempts,
    hasLink: ({ context }) => context.linkId !== null,
    isCurrentLink: ({ context, event }) => 'linkId' in event && event.linkId === context.linkId,
    keepsCurrent: ({ context, event }) =>
      event.type === 'LINK_UP' && context.linkId !== event.linkId && keepsCurrentLink(context, event.direction),
    canSend: ({ context }) => context.legacy || context.linkId !== null,
    /** A legacy peer's traffic comes link-less (one-shot, UDP); a verified peer's only on its current link. */
    fromCurrent: ({ context, event }) =>
      'linkId' in event && (context.legacy ? event.linkId === null : event.linkId !== null && event.linkId === context.linkId),
    /** A legacy peer speaks only through one-shot connections, a native one only through its link. */
    rightChannel: ({ context, event }) => (event.type === 'CHAT_IN' || event.type === 'EXIT') && context.legacy === (event.linkId === null),
  },
  delays: {
    heartbeatInterval: ({ context }) => context.timing.heartbeatInterval,
    staleAfter: ({ context }) => staleDelay(context),
    goneAfter: ({ context }) => context.timing.goneAfter,
    dialYield: ({ context }) => context.timing.dialYield,
    redialDelay: ({ context }) => Math.min(context.timing.redialMax, context.timing.redialMin * 2 ** Math.min(context.attempts, 16)),
  },
}).createMachine({
  id: 'peer',
  context: ({ input }) => ({
    selfId: input.selfId,
    id: input.id,
    name: input.name,
    address: input.address,
    port: input.port,
    legacy: input.legacy,
    fingerprint: input.fingerprint,
    timing: input.timing,
    linkId: input.link?.linkId ?? null,
    direction: input.link?.direction ?? null,
    via: input.via ?? 'lan',
    lastSeen: input.at,
    at: input.at,
    enteredAt: input.at,
    freshSince: input.at,
    rtt: null,
    attempts: 0,
    heard: false,
    away: null,
    chatted: false,
    links: [],
    channels: [],
    announced: false,
    linkedAt: input.at,
    reason: null,
  }),
  initial: 'new',
  on: {
    EXIT: [{ guard: 'rightChannel', target: '.gone', actions: 'markExit' }, { actions: 'refuseChannel' }],
    CHAT_IN: [{ guard: 'rightChannel', actions: 'showChat' }, { actions: 'refuseChannel' }],
    HAVE_IN: { guard: 'isCurrentLink', actions: 'catchUp' },
    STATUS_IN: { guard: 'isCurrentLink', actions: 'noteAway' },
    LINKS_IN: { guard: 'isCurrentLink', actions: 'noteLinks' },
    // On any of its links: while two links race (both ends dialed), the one a side keeps may not be
    // the one the other announced on, and its channels would never be heard (seen under load).
    CHANNELS_IN: { actions: 'noteChannels' },
    RELAY_IN: { guard: 'isCurrentLink', actions: 'showRelayed' },
  },
  states: {
    // Transient: an inbound link or a legacy beacon already means connected.
    new: {
      entry: 'tellFirstLink',
      always: [{ guard: 'hasLink', target: 'connected' }, { guard: 'isLegacy', target: 'connected' }, { target: 'discovered' }],
    },
    discovered: {
      entry: ['enter', { type: 'announce', params: 'discovered' }],
      initial: 'choosing',
      states: {
        // Both ends see each other's beacons; the smaller id dials at once and the other
        // gives it a moment (it may not hear our beacons), so a pair runs one handshake, not two.
        choosing: { always: [{ guard: 'dialsFirst', target: 'dialing' }, { target: 'yielding' }] },
        yielding: { after: { dialYield: 'dialing' } },
        dialing: {
          entry: 'dial',
          on: {
            DIAL_FAILED: [
              { guard: 'lastAttempt', target: 'unreachable', actions: ['countAttempt', 'tellUnreachable'] },
              { target: 'backoff', actions: 'countAttempt' },
            ],
          },
        },
        backoff: { after: { redialDelay: 'dialing' } },
        // Never linked, and its address did not answer: it may still dial us.
        unreachable: {},
      },
      after: { goneAfter: { target: 'gone', actions: ['stampGone', 'markTimeout'] } },
      on: {
        LINK_UP: { target: 'connected', actions: ['adoptLink', 'tellLink'] },
        BEACON: { actions: ['tellRename', 'notePort'] },
      },
    },
    connected: {
      type: 'parallel',
      entry: ['enter', { type: 'announce', params: 'connected' }],
      states: {
        heartbeat: {
          initial: 'waiting',
          states: {
            waiting: {
              // Only an idle link is pinged: a peer that chatted since the last beat is alive, and
              // hears from us in our acks; its own beat pings us if we are quiet (issue 12).
              after: {
                heartbeatInterval: [
                  { guard: 'isLegacy' },
                  { guard: 'chatted', target: 'waiting', reenter: true, actions: 'quietBeat' },
                  { target: 'waiting', reenter: true, actions: 'ping' },
                ],
              },
            },
          },
        },
        liveness: {
          initial: 'fresh',
          states: {
            fresh: {
              entry: 'renewFresh',
              after: { staleAfter: { target: '#peer.stale', actions: 'stampStale' } },
              on: {
                TRAFFIC: { guard: 'fromCurrent', target: 'fresh', reenter: true, actions: 'noteTraffic' },
                CHAT_IN: { guard: 'rightChannel', target: 'fresh', reenter: true, actions: ['noteTraffic', 'showChat'] },
                BEACON: [
                  { guard: 'isLegacy', target: 'fresh', reenter: true, actions: ['noteTraffic', 'tellRename', 'notePort'] },
                  { actions: ['tellRename', 'notePort'] },
                ],
              },
            },
          },
        },
      },
      on: {
        LINK_DOWN: { guard: 'isCurrentLink', target: 'stale', actions: ['countCut', 'dropLink', 'tellLink'] },
        LINK_UP: [{ guard: 'keepsCurrent', actions: 'closeIncoming' }, { actions: ['closeReplaced', 'adoptLink', 'tellLink'] }],
        SEND: { guard: 'isLegacy', actions: 'sendLegacyChat' },
        SAY_EXIT: { actions: 'sayExit' },
      },
    },
    stale: {
      entry: ['enter', { type: 'announce', params: 'stale' }],
      initial: 'checking',
      states: {
        checking: { always: [{ guard: 'hasLink', target: 'silent' }, { guard: 'isLegacy', target: 'silent' }, { target: 'backoff' }] },
        // The link is open but quiet (a stopped process, a partition): wait for traffic.
        silent: {},
        backoff: { after: { redialDelay: 'dialing' } },
        dialing: { entry: 'dial', on: { DIAL_FAILED: { target: 'backoff', actions: 'countAttempt' } } },
      },
      after: { goneAfter: { target: 'gone', actions: ['stampGone', 'markTimeout'] } },
      on: {
        TRAFFIC: { guard: 'fromCurrent', target: 'connected', actions: 'noteTraffic' },
        CHAT_IN: { guard: 'rightChannel', target: 'connected', actions: ['noteTraffic', 'showChat'] },
        BEACON: [
          { guard: 'isLegacy', target: 'connected', actions: ['noteTraffic', 'tellRename', 'notePort'] },
          { actions: ['tellRename', 'notePort'] },
        ],
        LINK_UP: { target: 'connected', actions: ['closeReplaced', 'adoptLink', 'tellLink'] },
        LINK_DOWN: { guard: 'isCurrentLink', target: '.backoff', actions: ['countCut', 'dropLink', 'tellLink'] },
        SEND: { guard: 'isLegacy', actions: 'sendLegacyChat' },
        SAY_EXIT: { guard: 'canSend', actions: 'sayExit' },
      },
    },
    gone: {
      type: 'final',
      entry: ['enter', { type: 'announce', params: 'gone' }, 'closeLink', 'dropLink', 'tellLink'],
    },
  },
});
