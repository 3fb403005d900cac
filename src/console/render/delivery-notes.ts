import type { DeliveryView, Effect } from '../../../machines/index.js';
import { sanitizeName } from './sanitize.js';
import { dropOldest } from '../../base/caught.js';

type Queue = Extract<Effect, { type: 'queue' }>;

interface Tracked {
  readonly remaining: Set<string>;
  readonly total: number;
  readonly private: boolean;
}

/** A delivery this much slower than the send is reported on its own line. */
const SLOW_MS = 5_000;
/** Own messages tracked at once; the oldest are forgotten first (their notes then come one per recipient). */
const MAX_TRACKED = 10_000;

const span = (ms: number): string =>
  ms < 60_000
    ? `${Math.round(ms / 1000)} s`
    : ms < 3_600_000
      ? `${Math.round(ms / 60_000)} min`
      : ms < 86_400_000
        ? `${(ms / 3_600_000).toFixed(1)} h`
        : `${(ms / 86_400_000).toFixed(1)} days`;

/**
 * What the console says about own messages: one mark per message once every
 * present recipient has it, a line when someone is away (and when they got it
 * later), and a line when a message expires undelivered. Pure: fed the
 * machines' queue effects and delivery views, it returns the lines.
 */
export class DeliveryNotes {
  private readonly tracked = new Map<string, Tracked>();

  queued(q: Queue): string[] {
    if (q.recipients.length === 0 && q.legacy.length === 0) {
      return [
        q.to === null ? 'nobody is here to receive it (it is kept in your history)' : `not sent: ${sanitizeName(q.to.name)} is unknown`,
      ];
    }
    if (q.recipients.length === 0) return ['sent to original nodes (they cannot confirm delivery)'];
    if (this.tracked.size >= MAX_TRACKED) dropOldest(this.tracked);
    this.tracked.set(q.chat.id, { remaining: new Set(q.recipients.map((r) => r.id)), total: q.recipients.length, private: q.to !== null });
    return [];
  }

  delivery(d: DeliveryView): string[] {
    const name = sanitizeName(d.peerName);
    const t = this.tracked.get(d.id);
    switch (d.state) {
      case 'sent':
        return [];
      case 'queued':
        return [`queued for ${name}; will be delivered when ${name} is back`];
      case 'expired':
        t?.remaining.delete(d.peerId);
        if (t && t.remaining.size === 0) this.tracked.delete(d.id);
        return [`✗ not delivered to ${name}: expired after ${span(d.at - d.queuedAt)}`];
      case 'delivered': {
        const slow = d.at - d.queuedAt >= SLOW_MS;
        if (!t) return [`✓ delivered to ${name} (queued ${span(d.at - d.queuedAt)})`];
        t.remaining.delete(d.peerId);
        const lines = slow ? [`✓ delivered to ${name} (queued ${span(d.at - d.queuedAt)})`] : [];
        if (t.remaining.size > 0) return lines;
        this.tracked.delete(d.id);
        if (slow) return lines;
        return [t.private ? `✓ delivered` : t.total === 1 ? `✓ delivered to ${name}` : `✓ delivered to all ${t.total}`];
      }
    }
  }
}
