import type { ControlState } from '../src/wire/protocol/files.js';
import type { StoredTransfer } from '../src/wire/ports/index.js';
import type { TransferEmitted, TransferPhase, TransferState, TransferView } from './transfer-events.js';
import type { Plan } from './transfer-plan.js';

/**
 * What a transfer machine is given and keeps, and how it is told to the rest:
 * the machine's data apart from its behaviour (transfer.machine.ts), so the
 * supervisor and the streams can read a transfer without the machine.
 */

/** What the store keeps of a transfer (a new one: its first phase, nothing verified), and how it moves. */
export interface TransferInput extends StoredTransfer {
  readonly linkId: string | null;
  readonly window: number;
  readonly wantBytes: number;
  readonly retries: number;
}

export interface TransferContext extends TransferInput {
  readonly plan: Plan;
  readonly digests: Buffer;
  /** Outgoing: how far the receiver has asked (its verified count is its own), and every byte served, again or not. */
  readonly sent: number;
  readonly served: number;
  readonly reason: string | null;
  readonly path: string | null;
}

export type Emit = { type: 'EMIT'; emitted: TransferEmitted } | { type: 'ENDED'; id: string };

export const emit = (emitted: TransferEmitted): Emit => ({ type: 'EMIT', emitted });

/** A transfer as users see it. */
export function transferView(c: TransferContext, state: TransferState): TransferView {
  return {
    id: c.id,
    peerId: c.peerId,
    peerName: c.peerName,
    direction: c.direction,
    name: c.offer.name,
    size: c.offer.size,
    files: c.offer.files.length,
    bytes: c.direction === 'incoming' ? c.plan.verifiedBytes : c.sent,
    state,
    ...(c.reason !== null ? { reason: c.reason } : {}),
    ...(c.path !== null ? { path: c.path } : {}),
    ...(c.direction === 'outgoing' ? { served: c.served } : {}),
    at: c.at,
  };
}

/** What a transfer's machine state means to its user. */
export function stateOf(c: TransferContext, value: unknown): TransferState {
  const top = typeof value === 'string' ? value : typeof value === 'object' && value !== null ? (Object.keys(value)[0] ?? '') : '';
  if (top === 'offering' || top === 'asking' || top === 'restoring') return 'offered';
  if (top === 'opening') return 'accepted';
  if (top === 'serving' || top === 'moving') return c.linkId === null ? 'paused' : 'progress';
  if (top === 'finishing') return 'progress';
  return top === 'done' || top === 'failed' || top === 'rejected' || top === 'cancelled' ? top : 'progress';
}

export function announce(c: TransferContext, state: TransferState, phase: TransferPhase): Emit {
  return emit({
    type: 'transfer',
    transfer: transferView(c, state),
    record: {
      id: c.id,
      peerId: c.peerId,
      peerName: c.peerName,
      direction: c.direction,
      offer: c.offer,
      source: c.source,
      phase,
      verified: c.plan.verified,
      at: c.at,
    },
  });
}

export const control = (c: TransferContext, state: ControlState, reason?: string): Emit | null =>
  c.linkId === null
    ? null
    : emit({
        type: 'send',
        peerId: c.peerId,
        linkId: c.linkId,
        message: { type: 'FileControl', body: { id: c.offer.id, state, ...(reason ? { reason } : {}) } },
      });
