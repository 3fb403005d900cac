import { TokenBuckets, type Take } from '../../base/token-buckets.js';
import { LIMITS } from './limits.js';
import type { Message } from './messages.js';

/**
 * Every frame a link reads costs from its budget, whatever its type: a ping
 * flood costs a pong each and a machine step each, and slowed every other
 * peer's chat 100-fold before this. Two buckets per link: one for all frames
 * (chats are paced by the window, so this only stops a sender that ignores
 * it), and a small one for control frames (ping, pong, heartbeat, have,
 * exit), which a well-behaved peer sends a few times a second. A frame over
 * budget is dropped before anything answers it; a link that keeps flooding
 * after its first drop is cut, so the flood costs the attacker a handshake.
 */
export type Verdict = Take | 'cut';

const CONTROL: ReadonlySet<Message['type']> = new Set([
  'Ping',
  'Pong',
  'Heartbeat',
  'Have',
  'Exit',
  'Hello',
  'Refused',
  'Status',
  'Links',
  'Channels',
  'Offer',
  'FileControl',
]);

export class FrameBudget {
  private readonly all = new TokenBuckets({ burst: LIMITS.linkFrameBurst, perSecond: LIMITS.linkFramesPerSecond, maxKeys: 1 });
  private readonly control = new TokenBuckets({ burst: LIMITS.controlFrameBurst, perSecond: LIMITS.controlFramesPerSecond, maxKeys: 1 });
  private dropped = 0;
  private lastDrop = -Infinity;

  take(type: Message['type'], now: number): Verdict {
    const overall = this.all.take('link', now);
    const verdict = overall === 'pass' && CONTROL.has(type) ? this.control.take('link', now) : overall;
    if (verdict === 'pass') {
      // Forgiven only after a quiet second: the refill's passes amid a flood do not reset the
      // count (they did, so a flood read slowly, under load, was answered far past its budget).
      if (now - this.lastDrop >= LIMITS.dropsForgivenAfterMs) this.dropped = 0;
      return verdict;
    }
    this.lastDrop = now;
    return ++this.dropped > LIMITS.framesDroppedBeforeCut ? 'cut' : verdict;
  }
}
