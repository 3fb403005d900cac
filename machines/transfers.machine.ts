import { assertEvent, assign, emit, enqueueActions, setup, type ActorRefFrom } from 'xstate';
import { offerProblem } from '../src/wire/protocol/files.js';
import { typeOf } from '../src/base/type-of.js';
import { errorView } from './error-view.js';
import type { TransferEmitted, TransferEvent } from './transfer-events.js';
import type { StoredTransfer } from '../src/wire/ports/index.js';
import { transferMachine } from './transfer.machine.js';
import type { TransferInput } from './transfer-context.js';

/**
 * The transfers' supervisor: one transfer machine per transfer, spawned for an
 * own offer, a peer's offer that passes its checks, or a transfer the store
 * kept; routes each event to its transfer (only from that transfer's peer),
 * follows each peer's link, and re-emits what the transfers emit.
 */

export interface TransfersInput {
  readonly window: number;
  readonly wantBytes: number;
  readonly retries: number;
  /** Offers one peer may have waiting for an answer. */
  readonly offersPerPeer: number;
  /** Transfers the store kept, unfinished, when the node stopped. */
  readonly restore: readonly StoredTransfer[];
  readonly at: number;
}

export type TransferRef = ActorRefFrom<typeof transferMachine>;

export interface TransfersContext extends Omit<TransfersInput, 'restore'> {
  readonly transfers: Readonly<Record<string, TransferRef>>;
  /** Each peer's usable link, as the node supervisor last said. */
  readonly links: Readonly<Record<string, { readonly linkId: string | null; readonly name: string }>>;
}

type Event = TransferEvent | { type: 'EMIT'; emitted: TransferEmitted } | { type: 'ENDED'; id: string };

const childId = (id: string) => `transfer:${id}`;

type Base = Pick<TransferInput, 'window' | 'wantBytes' | 'retries'>;
const base = (c: Base): Base => ({ window: c.window, wantBytes: c.wantBytes, retries: c.retries });

/** A new transfer's input: nothing verified yet, the offer's own id. */
function fresh(
  c: Base,
  e: { peerId: string; peerName: string; offer: TransferInput['offer']; at: number },
  how: Pick<TransferInput, 'direction' | 'source' | 'phase' | 'linkId'>,
): TransferInput {
  return { ...base(c), ...how, id: e.offer.id, peerId: e.peerId, peerName: e.peerName, offer: e.offer, verified: '', at: e.at };
}

/** The transfer an event names, if it is one we hold and the event comes from (or is about) its peer. */
function targetOf(context: TransfersContext, event: Event): TransferRef | undefined {
  const id =
    'id' in event
      ? event.id
      : 'want' in event
        ? event.want.id
        : 'chunk' in event
          ? event.chunk.id
          : 'control' in event
            ? event.control.id
            : undefined;
  const ref = id === undefined ? undefined : context.transfers[id];
  if (!ref) return undefined;
  if ('peerId' in event && event.type !== 'PEER_LINK' && ref.getSnapshot().context.peerId !== event.peerId) return undefined;
  return ref;
}

export const transfersMachine = setup({
  types: {
    context: typeOf<TransfersContext>(),
    events: typeOf<Event>(),
    input: typeOf<TransfersInput>(),
    emitted: typeOf<TransferEmitted>(),
  },
  actors: { transfer: transferMachine },
  actions: {
    reemit: emit(({ event }) => {
      assertEvent(event, 'EMIT');
      return event.emitted;
    }),
    route: enqueueActions(({ context, event, enqueue }) => {
      const ref = targetOf(context, event);
      if (ref && event.type !== 'EMIT' && event.type !== 'ENDED') enqueue.sendTo(ref, event);
    }),
    unknown: enqueueActions(({ event, enqueue }) => {
      if (event.type === 'ANSWER' || event.type === 'CANCEL')
        enqueue.emit({ type: 'error', error: { code: 'UNKNOWN_TRANSFER', message: `no transfer ${event.id} here` }, own: true });
      // A receiver asking for a transfer we do not hold (cancelled here, or forgotten): it is told, once per Want.
      if (event.type === 'WANT_IN')
        enqueue.emit({
          type: 'send',
          peerId: event.peerId,
          linkId: event.linkId,
          message: { type: 'FileControl', body: { id: event.want.id, state: 'cancelled', reason: 'no such transfer here' } },
        });
    }),
    follow: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'PEER_LINK');
      enqueue.assign({ links: { ...context.links, [event.peerId]: { linkId: event.linkId, name: event.name } } });
      for (const ref of Object.values(context.transfers)) if (ref.getSnapshot().context.peerId === event.peerId) enqueue.sendTo(ref, event);
    }),
    spawnOwn: assign(({ context, event, spawn }) => {
      assertEvent(event, 'OFFER_OUT');
      const input = fresh(context, event, {
        direction: 'outgoing',
        source: event.source,
        phase: 'offering',
        linkId: context.links[event.peerId]?.linkId ?? null,
      });
      return { transfers: { ...context.transfers, [input.id]: spawn('transfer', { id: childId(input.id), input }) } };
    }),
    spawnOffered: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'OFFER_IN');
      const input = fresh(context, event, { direction: 'incoming', source: null, phase: 'asking', linkId: event.linkId });
      enqueue.assign({
        transfers: ({ context: c, spawn }) => ({ ...c.transfers, [input.id]: spawn('transfer', { id: childId(input.id), input }) }),
      });
      if (event.trusted) enqueue.raise({ type: 'ANSWER', id: input.id, accept: true, at: event.at });
    }),
    /** An offer refused before anyone is asked: the sender is told why, the user is warned once per peer. */
    refuse: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'OFFER_IN');
      const problem = offerProblem(event.offer) ?? {
        code: 'RATE_LIMITED' as const,
        message: `${context.offersPerPeer} offers already wait for an answer`,
      };
      enqueue.emit({
        type: 'send',
        peerId: event.peerId,
        linkId: event.linkId,
        message: {
          type: 'FileControl',
          body: { id: event.offer.id, state: 'rejected', reason: `${problem.code}: ${problem.message}`.slice(0, 200) },
        },
      });
      enqueue.emit(errorView(problem.code, `an offer from ${event.peerName} refused: ${problem.message}`, `offer:${event.peerId}`));
    }),
    forget: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'ENDED');
      enqueue.stopChild(childId(event.id));
      const { [event.id]: _ended, ...rest } = context.transfers;
      enqueue.assign({ transfers: rest });
    }),
  },
  guards: {
    held: ({ context, event }) => targetOf(context, event) !== undefined,
    offeredBefore: ({ context, event }) => event.type === 'OFFER_IN' && context.transfers[event.offer.id] !== undefined,
    unfit: ({ context, event }) => {
      if (event.type !== 'OFFER_IN') return false;
      if (offerProblem(event.offer) !== null) return true;
      let waiting = 0;
      for (const ref of Object.values(context.transfers)) {
        const s = ref.getSnapshot();
        if (s.context.peerId === event.peerId && s.matches('asking')) waiting++;
      }
      return waiting >= context.offersPerPeer;
    },
  },
}).createMachine({
  id: 'transfers',
  context: ({ input, spawn }) => ({
    window: input.window,
    wantBytes: input.wantBytes,
    retries: input.retries,
    offersPerPeer: input.offersPerPeer,
    at: input.at,
    links: {},
    transfers: Object.fromEntries(
      input.restore.map((r) => [
        r.id,
        spawn('transfer', {
          id: childId(r.id),
          input: {
            ...base(input),
            id: r.id,
            peerId: r.peerId,
            peerName: r.peerName,
            direction: r.direction,
            offer: r.offer,
            source: r.source,
            phase: r.phase,
            verified: r.verified,
            linkId: null,
            at: input.at,
          },
        }),
      ]),
    ),
  }),
  on: {
    OFFER_OUT: { actions: 'spawnOwn' },
    OFFER_IN: [{ guard: 'offeredBefore' }, { guard: 'unfit', actions: 'refuse' }, { actions: 'spawnOffered' }],
    PEER_LINK: { actions: 'follow' },
    WANT_IN: [{ guard: 'held', actions: 'route' }, { actions: 'unknown' }],
    ANSWER: [{ guard: 'held', actions: 'route' }, { actions: 'unknown' }],
    CANCEL: [{ guard: 'held', actions: 'route' }, { actions: 'unknown' }],
    FILE_CTRL_IN: { actions: 'route' },
    CHUNK_IN: { actions: 'route' },
    OPENED: { actions: 'route' },
    WRITTEN: { actions: 'route' },
    PIECE_CHECKED: { actions: 'route' },
    FINISHED: { actions: 'route' },
    EMIT: { actions: 'reemit' },
    ENDED: { actions: 'forget' },
  },
});
