import { dropOldest } from './caught.js';

export interface Bucket {
  /** Tokens a key starts with, and the most it can save up. */
  readonly burst: number;
  /** Tokens added back per second. */
  readonly perSecond: number;
  /** Keys remembered at once; the least recently seen is forgotten first. */
  readonly maxKeys: number;
}

export type Take = 'pass' | 'first-drop' | 'drop';

/**
 * A token bucket per key, bounded in keys. Time is handed in with every call,
 * so the same code runs on a virtual clock in specs and replays. 'first-drop'
 * marks the start of a run of drops, so it can be logged once.
 */
export class TokenBuckets {
  private readonly state = new Map<string, { tokens: number; at: number; dropping: boolean }>();

  constructor(private readonly bucket: Bucket) {}

  take(key: string, now: number): Take {
    const s = this.state.get(key) ?? { tokens: this.bucket.burst, at: now, dropping: false };
    this.state.delete(key); // re-inserted below: Map order is recency order
    s.tokens = Math.min(this.bucket.burst, s.tokens + (Math.max(0, now - s.at) / 1000) * this.bucket.perSecond);
    s.at = now;
    this.state.set(key, s);
    if (this.state.size > this.bucket.maxKeys) dropOldest(this.state);
    if (s.tokens >= 1) {
      s.tokens -= 1;
      s.dropping = false;
      return 'pass';
    }
    if (s.dropping) return 'drop';
    s.dropping = true;
    return 'first-drop';
  }

  get size(): number {
    return this.state.size;
  }
}
