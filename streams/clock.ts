import type { SchedulerLike, Subscription } from 'rxjs';
import type { ActorOptions, AnyActorLogic } from 'xstate';

/** XState's clock interface (not exported by name). */
type Clock = NonNullable<ActorOptions<AnyActorLogic>['clock']>;

/**
 * One clock for XState and RxJS: XState's delays are scheduled on the same
 * RxJS scheduler the streams use, so a TestScheduler (or a replay) drives
 * both on one virtual time line.
 */
export interface NodeClock extends Clock {
  now(): number;
}

export function schedulerClock(scheduler: SchedulerLike): NodeClock {
  return {
    now: () => scheduler.now(),
    setTimeout: (fn, ms) => scheduler.schedule(() => fn(), ms),
    clearTimeout: (handle: Subscription) => handle.unsubscribe(),
  };
}
