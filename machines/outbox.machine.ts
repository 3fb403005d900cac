import { assertEvent, assign, enqueueActions, setup } from 'xstate';
import type { IdChat } from '../src/wire/protocol/messages.js';
import type { DeliveryState, Emitted } from './events.js';
import type { EmitEvent } from './peer-context.js';
import { typeOf } from '../src/base/type-of.js';
import { ChatQueue, type Queued } from './chat-queue.js';

/**
 * What one recipient is still owed: own chats not yet acknowledged, in the order
 * they were written. Lives apart from the peer's lifecycle (a peer may be gone
 * for days; its outbox waits). Sends at most `window` unacknowledged chats on
 * the current link; a new link resends everything unacknowledged, in order
 * (the receiver drops what it already has, by id).
 */

export interface OutboxInput {
  readonly peerId: string;
  readonly peerName: string;
  readonly linkId: string | null;
  readonly window: number;
  readonly expireAfter: number;
  /** Chats kept for this recipient at most; beyond it the oldest expires at once. */
  readonly maxQueued: number;
  readonly queue: readonly Queued[];
  readonly at: number;
}

export interface OutboxContext extends Omit<OutboxInput, 'queue'> {
  readonly queue: ChatQueue;
  /** How many at the head of the queue are on the current link, unacknowledged. */
  readonly inFlight: number;
}

export type OutboxEvent =
  | { type: 'ENQUEUE'; chat: IdChat; at: number }
  | { type: 'LINK'; linkId: string | null; name: string; at: number }
  | { type: 'ACK'; ids: readonly string[]; at: number };

const report = (c: OutboxContext, q: Queued, state: DeliveryState, at: number): Emitted => ({
  type: 'delivery',
  delivery: { id: q.chat.id, peerId: c.peerId, peerName: c.peerName, state, queuedAt: q.queuedAt, at },
});

const emit = (e: Emitted): EmitEvent => ({ type: 'EMIT', emitted: e });

export const outboxMachine = setup({
  types: { context: typeOf<OutboxContext>(), events: typeOf<OutboxEvent>(), input: typeOf<OutboxInput>() },
  actions: {
    /** Fills the window: writes the next unsent chats on the current link. */
    flush: enqueueActions(({ context, enqueue }) => {
      const { linkId } = context;
      if (linkId === null) return;
      const { queue } = context;
      const end = Math.min(queue.length, context.window);
      for (let i = context.inFlight; i < end; i++) {
        const q = queue.at(i);
        if (!q) break;
        enqueue.sendParent(emit({ type: 'send', peerId: context.peerId, linkId, message: { type: 'Chat', body: q.chat } }));
        if (i >= queue.sent) enqueue.sendParent(emit(report(context, q, 'sent', context.at)));
      }
      enqueue.assign({ queue: queue.sentUpTo(end), inFlight: Math.max(context.inFlight, end) });
    }),
    append: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'ENQUEUE');
      const q: Queued = { chat: event.chat, queuedAt: event.at, sent: false };
      const over = Math.max(0, context.queue.length + 1 - context.maxQueued);
      for (let i = 0; i < over; i++) {
        const old = context.queue.at(i);
        if (old) enqueue.sendParent(emit(report(context, old, 'expired', event.at)));
      }
      enqueue.assign({ queue: context.queue.dropHead(over).push(q), inFlight: Math.max(0, context.inFlight - over), at: event.at });
      if (context.linkId === null) enqueue.sendParent(emit(report(context, q, 'queued', event.at)));
    }),
    adoptLink: assign(({ event }) => {
      assertEvent(event, 'LINK');
      // Whatever was in flight on the old link may be lost with it: all of it goes again.
      return { linkId: event.linkId, peerName: event.name, inFlight: 0, at: event.at };
    }),
    settle: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'ACK');
      const { queue, dropped } = context.queue.without(new Set(event.ids));
      let inFlight = context.inFlight;
      for (const d of dropped) {
        if (d.index < context.inFlight) inFlight--;
        enqueue.sendParent(emit(report(context, d.item, 'delivered', event.at)));
      }
      enqueue.assign({ queue, inFlight: Math.max(0, inFlight), at: event.at });
    }),
    expire: enqueueActions(({ context, enqueue }) => {
      const { queue } = context;
      const now = (queue.at(0)?.queuedAt ?? context.at) + context.expireAfter;
      // Chats are queued in time order: those expired are a run at the head.
      let gone = 0;
      for (let q = queue.at(0); q && q.queuedAt + context.expireAfter <= now; q = queue.at(++gone))
        enqueue.sendParent(emit(report(context, q, 'expired', now)));
      enqueue.assign({ queue: queue.dropHead(gone), inFlight: Math.max(0, context.inFlight - gone), at: now });
    }),
  },
  guards: {
    linkUp: ({ event }) => event.type === 'LINK' && event.linkId !== null,
    hasLink: ({ context }) => context.linkId !== null,
    windowFull: ({ context }) => context.inFlight >= context.window,
    hasQueue: ({ context }) => context.queue.length > 0,
    isEmpty: ({ context }) => context.queue.length === 0,
  },
  delays: {
    /** Until the oldest chat expires, measured from the last moment the outbox heard of. */
    untilExpiry: ({ context }) => Math.max(0, (context.queue.at(0)?.queuedAt ?? context.at) + context.expireAfter - context.at),
  },
}).createMachine({
  id: 'outbox',
  context: ({ input }) => ({ ...input, queue: ChatQueue.of(input.queue), inFlight: 0 }),
  initial: 'choosing',
  on: {
    // Into an empty queue: choose again, which arms the expiry timer for the new head.
    // Behind others: appended where the outbox stands, no timer re-armed per chat (issue 12).
    ENQUEUE: [{ guard: 'isEmpty', target: '.choosing', actions: 'append' }, { actions: 'append' }],
    // An ack may come late, on a link already replaced: it counts all the same.
    ACK: { target: '.choosing', actions: 'settle' },
    LINK: [
      { guard: 'linkUp', target: '.choosing', actions: 'adoptLink' },
      { target: '.away', actions: 'adoptLink' },
    ],
  },
  states: {
    choosing: {
      always: [{ guard: 'hasLink', target: 'sending' }, { target: 'away' }],
    },
    /** No link to the recipient: chats wait (and expire). */
    away: {
      after: { untilExpiry: { guard: 'hasQueue', target: 'away', reenter: true, actions: 'expire' } },
    },
    /** A link is up: the window is filled, acks open it again. */
    sending: {
      entry: 'flush',
      on: { ENQUEUE: [{ guard: 'isEmpty', target: 'choosing', actions: 'append' }, { actions: ['append', 'flush'] }] },
      always: { guard: 'windowFull', target: 'full' },
      after: { untilExpiry: { guard: 'hasQueue', target: 'choosing', actions: 'expire' } },
    },
    /** As many chats unacknowledged as the window allows: wait for acks. */
    full: {
      after: { untilExpiry: { guard: 'hasQueue', target: 'choosing', actions: 'expire' } },
    },
  },
});
