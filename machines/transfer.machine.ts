import { assertEvent, assign, enqueueActions, setup } from 'xstate';
import { wantOf, type ControlState } from '../src/wire/protocol/files.js';
import { pieceDigest, pieceSpan } from '../src/wire/protocol/file-layout.js';
import { typeOf } from '../src/base/type-of.js';
import { errorView } from './error-view.js';
import type { TransferEvent, TransferPhase, TransferState } from './transfer-events.js';
import { announce, control, emit, type TransferContext, type TransferInput } from './transfer-context.js';
import { checked, complete, newPlan, nextWants, restart, takeChunk, wrote } from './transfer-plan.js';

/**
 * One transfer, one machine, on either side. The sender offers (again on every
 * new link until answered), then serves the ranges the receiver asks for. The
 * receiver asks its user (or accepts a trusted peer at once), checks the disk
 * has room, then pulls: a window of ranges, each chunk written, each piece's
 * hash checked against the offer before it counts, the files moved into place only when
 * every piece and every file's hash match. A break pauses it; the next link
 * resumes from the last verified piece, on both sides, after a restart too.
 */

const at = (e: TransferEvent, c: TransferContext): number => ('at' in e ? e.at : c.at);

export const transferMachine = setup({
  types: { context: typeOf<TransferContext>(), events: typeOf<TransferEvent>(), input: typeOf<TransferInput>() },
  actions: {
    show: enqueueActions(({ context, enqueue }, p: { state: TransferState; phase: TransferPhase }) => {
      enqueue.sendParent(announce(context, context.linkId === null && p.state === 'progress' ? 'paused' : p.state, p.phase));
    }),
    stamp: assign(({ context, event }) => ({ at: at(event, context) })),
    adoptLink: assign(({ context, event }) =>
      event.type === 'PEER_LINK' ? { linkId: event.linkId, peerName: event.name, at: event.at } : { linkId: context.linkId },
    ),
    open: enqueueActions(({ context, enqueue }, p: { check: boolean }) => {
      enqueue.sendParent(
        emit({
          type: 'fileOpen',
          id: context.id,
          direction: context.direction,
          offer: context.offer,
          source: context.source,
          check: p.check,
        }),
      );
    }),
    sendOffer: enqueueActions(({ context, enqueue }) => {
      if (context.linkId !== null)
        enqueue.sendParent(
          emit({ type: 'send', peerId: context.peerId, linkId: context.linkId, message: { type: 'Offer', body: context.offer } }),
        );
    }),
    tell: enqueueActions(({ context, enqueue }, p: { state: ControlState }) => {
      const m = control(context, p.state, context.reason ?? undefined);
      if (m) enqueue.sendParent(m);
    }),
    because: assign(({ event }) => ({
      reason:
        event.type === 'OPENED' || event.type === 'FINISHED'
          ? event.error
          : event.type === 'FILE_CTRL_IN'
            ? (event.control.reason ?? null)
            : null,
    })),
    /** A new link (or the first): everything unverified is asked for again, from the first gap. */
    pull: enqueueActions(({ context, enqueue }) => {
      const m = control(context, 'accepted');
      if (m) enqueue.sendParent(m);
      enqueue.assign({ plan: restart(context.plan) });
    }),
    ask: enqueueActions(({ context, enqueue }) => {
      const { linkId } = context;
      if (linkId === null) return;
      const { plan, wants } = nextWants(context.plan, context.window, context.wantBytes);
      for (const w of wants) {
        const body = wantOf(context.offer.id, w.offset, w.bytes);
        if (body) enqueue.sendParent(emit({ type: 'send', peerId: context.peerId, linkId, message: { type: 'Want', body } }));
      }
      enqueue.assign({ plan });
    }),
    write: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'CHUNK_IN');
      const c = event.chunk;
      const plan = takeChunk(context.plan, c.offset, c.bytes);
      if (plan === null) return; // not asked for (or asked on an older link): dropped
      enqueue.assign({ plan });
      enqueue.sendParent(
        emit({ type: 'fileWrite', id: context.id, pass: plan.pass, offset: c.offset, bytes: c.bytes, ...(c.data ? { data: c.data } : {}) }),
      );
    }),
    written: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'WRITTEN');
      const { plan, check } = wrote(context.plan, event.pass, event.offset, event.bytes);
      enqueue.assign({ plan });
      if (check !== null) enqueue.sendParent(emit({ type: 'fileCheck', id: context.id, pass: plan.pass, piece: check }));
    }),
    verify: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'PIECE_CHECKED');
      const good = pieceDigest(context.digests, event.piece) === event.sha256;
      const { plan, failed } = checked(context.plan, event.pass, event.piece, good, context.retries);
      enqueue.assign({
        plan,
        at: event.at,
        ...(failed ? { reason: `piece ${event.piece} failed its hash ${context.retries} times` } : {}),
      });
      if (!good)
        enqueue.sendParent(
          emit(
            errorView(
              'BAD_PIECE',
              `${context.offer.name}: piece ${event.piece} from ${context.peerName} did not match its hash; fetching it again`,
              `piece:${context.id}`,
            ),
          ),
        );
    }),
    serve: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'WANT_IN');
      const w = event.want;
      enqueue.assign({
        sent: Math.min(context.offer.size, Math.max(context.sent, w.offset + w.bytes)),
        served: context.served + w.bytes,
        at: event.at,
      });
      enqueue.sendParent(emit({ type: 'fileServe', id: context.id, linkId: event.linkId, offset: w.offset, bytes: w.bytes }));
    }),
    finish: enqueueActions(({ context, enqueue }) => enqueue.sendParent(emit({ type: 'fileFinish', id: context.id }))),
    landed: assign(({ event }) => (event.type === 'FINISHED' ? { path: event.path } : {})),
    drop: enqueueActions(({ context, enqueue }, p: { keep: boolean }) => {
      enqueue.sendParent(emit({ type: 'fileDrop', id: context.id, keepData: p.keep }));
      enqueue.sendParent({ type: 'ENDED', id: context.id });
    }),
  },
  guards: {
    phaseIs: ({ context }, p: { phase: TransferPhase }) => context.phase === p.phase,
    linked: ({ context }) => context.linkId !== null,
    linkUp: ({ event }) => event.type === 'PEER_LINK' && event.linkId !== null,
    onLink: ({ context, event }) => 'linkId' in event && event.linkId === context.linkId,
    says: ({ event }, p: { state: ControlState }) => event.type === 'FILE_CTRL_IN' && event.control.state === p.state,
    accepting: ({ event }) => event.type === 'ANSWER' && event.accept,
    ok: ({ event }) => (event.type === 'OPENED' || event.type === 'FINISHED') && event.error === null,
    /** A range of the offer, within one piece: anything else is a confused or hostile receiver. */
    fair: ({ context, event }) => {
      if (event.type !== 'WANT_IN' || event.linkId !== context.linkId) return false;
      const { offset, bytes } = event.want;
      const span = pieceSpan(context.offer.size, context.offer.piece, Math.floor(offset / context.offer.piece));
      return offset + bytes <= span.offset + span.bytes;
    },
    whole: ({ context }) => complete(context.plan),
    gaveUp: ({ context }) => context.reason !== null,
  },
}).createMachine({
  id: 'transfer',
  context: ({ input }) => ({
    ...input,
    plan: newPlan(input.offer.size, input.offer.piece, input.verified),
    digests: Buffer.from(input.offer.pieces, 'base64'),
    sent: 0,
    served: 0,
    reason: null,
    path: null,
  }),
  initial: 'restoring',
  on: {
    PEER_LINK: { actions: 'adoptLink' },
  },
  states: {
    restoring: {
      always: [
        {
          guard: { type: 'phaseIs', params: { phase: 'offering' } },
          target: 'offering',
          actions: { type: 'open', params: { check: false } },
        },
        {
          guard: { type: 'phaseIs', params: { phase: 'serving' } },
          target: 'serving',
          actions: { type: 'open', params: { check: false } },
        },
        { guard: { type: 'phaseIs', params: { phase: 'asking' } }, target: 'asking' },
        {
          guard: { type: 'phaseIs', params: { phase: 'finishing' } },
          target: 'finishing',
          actions: { type: 'open', params: { check: false } },
        },
        { guard: { type: 'phaseIs', params: { phase: 'opening' } }, target: 'opening' },
        { target: 'moving', actions: { type: 'open', params: { check: false } } },
      ],
    },
    offering: {
      entry: [{ type: 'show', params: { state: 'offered', phase: 'offering' } }, 'sendOffer'],
      on: {
        PEER_LINK: { actions: ['adoptLink', 'sendOffer'] },
        FILE_CTRL_IN: [
          { guard: { type: 'says', params: { state: 'accepted' } }, target: 'serving', actions: 'stamp' },
          { guard: { type: 'says', params: { state: 'rejected' } }, target: 'rejected', actions: ['stamp', 'because'] },
          { guard: { type: 'says', params: { state: 'cancelled' } }, target: 'cancelled', actions: ['stamp', 'because'] },
        ],
        // A receiver that answered on a link we lost: its Want is its yes.
        WANT_IN: { guard: 'fair', target: 'serving', actions: 'serve' },
        CANCEL: { target: 'cancelled', actions: ['stamp', { type: 'tell', params: { state: 'cancelled' } }] },
      },
    },
    serving: {
      entry: { type: 'show', params: { state: 'accepted', phase: 'serving' } },
      on: {
        PEER_LINK: { actions: ['adoptLink', { type: 'show', params: { state: 'progress', phase: 'serving' } }] },
        WANT_IN: { guard: 'fair', actions: ['serve', { type: 'show', params: { state: 'progress', phase: 'serving' } }] },
        FILE_CTRL_IN: [
          { guard: { type: 'says', params: { state: 'done' } }, target: 'done', actions: 'stamp' },
          { guard: { type: 'says', params: { state: 'failed' } }, target: 'failed', actions: ['stamp', 'because'] },
          { guard: { type: 'says', params: { state: 'cancelled' } }, target: 'cancelled', actions: ['stamp', 'because'] },
        ],
        CANCEL: { target: 'cancelled', actions: ['stamp', { type: 'tell', params: { state: 'cancelled' } }] },
        // A file changed or vanished since it was offered: the receiver is told, not sent wrong bytes.
        FINISHED: { target: 'failed', actions: ['stamp', 'because', { type: 'tell', params: { state: 'failed' } }] },
      },
    },
    asking: {
      entry: { type: 'show', params: { state: 'offered', phase: 'asking' } },
      on: {
        ANSWER: [
          { guard: 'accepting', target: 'opening', actions: 'stamp' },
          { target: 'rejected', actions: ['stamp', { type: 'tell', params: { state: 'rejected' } }] },
        ],
        FILE_CTRL_IN: { guard: { type: 'says', params: { state: 'cancelled' } }, target: 'cancelled', actions: ['stamp', 'because'] },
        CANCEL: { target: 'rejected', actions: ['stamp', { type: 'tell', params: { state: 'rejected' } }] },
      },
    },
    opening: {
      entry: [
        { type: 'show', params: { state: 'accepted', phase: 'opening' } },
        { type: 'open', params: { check: true } },
      ],
      on: {
        OPENED: [
          { guard: 'ok', target: 'moving', actions: 'stamp' },
          { target: 'failed', actions: ['stamp', 'because', { type: 'tell', params: { state: 'failed' } }] },
        ],
      },
    },
    moving: {
      initial: 'choosing',
      on: {
        FILE_CTRL_IN: { guard: { type: 'says', params: { state: 'cancelled' } }, target: 'cancelled', actions: ['stamp', 'because'] },
        CANCEL: { target: 'cancelled', actions: ['stamp', { type: 'tell', params: { state: 'cancelled' } }] },
        // The disk failed midway (full, gone): the transfer ends, and the sender is told why.
        FINISHED: { target: 'failed', actions: ['stamp', 'because', { type: 'tell', params: { state: 'failed' } }] },
        PEER_LINK: [
          { guard: 'linkUp', target: '.pulling', reenter: true, actions: 'adoptLink' },
          { target: '.paused', actions: 'adoptLink' },
        ],
        CHUNK_IN: { guard: 'onLink', actions: 'write' },
        WRITTEN: { actions: 'written' },
        PIECE_CHECKED: { actions: 'verify', target: '.checked' },
      },
      states: {
        choosing: { always: [{ guard: 'linked', target: 'pulling' }, { target: 'paused' }] },
        pulling: { entry: ['pull', 'ask', { type: 'show', params: { state: 'progress', phase: 'moving' } }] },
        paused: { entry: { type: 'show', params: { state: 'paused', phase: 'moving' } } },
        /** A piece's verdict is in: done, given up, or on with the next ranges. */
        checked: {
          always: [
            { guard: 'whole', target: '#transfer.finishing' },
            { guard: 'gaveUp', target: '#transfer.failed', actions: { type: 'tell', params: { state: 'failed' } } },
            { guard: 'linked', target: 'flowing', actions: ['ask', { type: 'show', params: { state: 'progress', phase: 'moving' } }] },
            { target: 'paused' },
          ],
        },
        flowing: {},
      },
    },
    finishing: {
      entry: 'finish',
      on: {
        FINISHED: [
          { guard: 'ok', target: 'done', actions: ['stamp', 'landed', { type: 'tell', params: { state: 'done' } }] },
          { target: 'failed', actions: ['stamp', 'because', { type: 'tell', params: { state: 'failed' } }] },
        ],
      },
    },
    done: {
      type: 'final',
      entry: [
        { type: 'show', params: { state: 'done', phase: 'done' } },
        { type: 'drop', params: { keep: true } },
      ],
    },
    failed: {
      type: 'final',
      entry: [
        { type: 'show', params: { state: 'failed', phase: 'failed' } },
        { type: 'drop', params: { keep: false } },
      ],
    },
    rejected: {
      type: 'final',
      entry: [
        { type: 'show', params: { state: 'rejected', phase: 'rejected' } },
        { type: 'drop', params: { keep: false } },
      ],
    },
    cancelled: {
      type: 'final',
      entry: [
        { type: 'show', params: { state: 'cancelled', phase: 'cancelled' } },
        { type: 'drop', params: { keep: false } },
      ],
    },
  },
});
