import type { SchedulerLike, Subscription } from 'rxjs';

/**
 * One clock for XState and RxJS: XState's delays are scheduled on the same
 * RxJS scheduler the streams use, so a TestScheduler (or a replay) drives
 * both on one virtual time line.
 */
export interface NodeClock {
  now(): number;
  setTimeout(fn: (...args: unknown[]) => void, ms: number): Subscription;
  clearTimeout(handle: Subscription): void;
}

export function schedulerClock(scheduler: SchedulerLike): NodeClock {
  return {
    now: () => scheduler.now(),
    setTimeout: (fn, ms) => scheduler.schedule(() => fn(), ms),
    clearTimeout: (handle) => handle.unsubscribe(),
  };
}
