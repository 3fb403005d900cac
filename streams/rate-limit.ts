import { Observable, type SchedulerLike } from 'rxjs';
import { TokenBuckets, type Bucket } from '../src/base/token-buckets.js';

export type { Bucket };

/**
 * A token bucket per key (e.g. per source address), on the injected scheduler's
 * time. What passes is emitted as `{ pass: true }`; the first item dropped after
 * a key runs dry is emitted once as `{ pass: false }` so it can be logged once;
 * later drops of the same run are silent.
 */
export function rateLimitBy<T>(key: (item: T) => string, bucket: Bucket, scheduler: SchedulerLike) {
  return (source: Observable<T>): Observable<{ pass: boolean; item: T }> =>
    new Observable((sub) => {
      const buckets = new TokenBuckets(bucket);
      return source.subscribe({
        next: (item) => {
          const r = buckets.take(key(item), scheduler.now());
          if (r !== 'drop') sub.next({ pass: r === 'pass', item });
        },
        error: (e) => sub.error(e),
        complete: () => sub.complete(),
      });
    });
}
