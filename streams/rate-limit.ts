import { Observable, type SchedulerLike } from 'rxjs';

export interface Bucket {
  /** Tokens a key starts with, and the most it can save up. */
  readonly burst: number;
  /** Tokens added back per second. */
  readonly perSecond: number;
  /** Keys remembered at once; the least recently seen is forgotten first. */
  readonly maxKeys: number;
}

/**
 * A token bucket per key (e.g. per source address), on the injected scheduler's
 * time. What passes is emitted as `{ pass: true }`; the first item dropped after
 * a key runs dry is emitted once as `{ pass: false }` so it can be logged once,
 * later drops of the same run are silent.
 */
export function rateLimitBy<T>(key: (item: T) => string, bucket: Bucket, scheduler: SchedulerLike) {
  return (source: Observable<T>): Observable<{ pass: boolean; item: T }> =>
    new Observable((sub) => {
      const state = new Map<string, { tokens: number; at: number; warned: boolean }>();
      return source.subscribe({
        next: (item) => {
          const k = key(item);
          const now = scheduler.now();
          const s = state.get(k) ?? { tokens: bucket.burst, at: now, warned: false };
          state.delete(k); // re-insert: Map order is recency order
          s.tokens = Math.min(bucket.burst, s.tokens + ((now - s.at) / 1000) * bucket.perSecond);
          s.at = now;
          state.set(k, s);
          if (state.size > bucket.maxKeys) state.delete(state.keys().next().value as string);
          if (s.tokens >= 1) {
            s.tokens -= 1;
            s.warned = false;
            sub.next({ pass: true, item });
          } else if (!s.warned) {
            s.warned = true;
            sub.next({ pass: false, item });
          }
        },
        error: (e) => sub.error(e),
        complete: () => sub.complete(),
      });
    });
}
