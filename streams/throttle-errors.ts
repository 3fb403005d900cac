import { groupBy, mergeMap, Observable, throttleTime, timer, type SchedulerLike } from 'rxjs';
import type { ViewEvent } from '../machines/events.js';

type ErrorView = Extract<ViewEvent, { type: 'error' }>;

/** Non-errors share the key '' and pass untouched. */
const errorKey = (e: { type: string }): string => {
  if (e.type !== 'error') return '';
  const { code, message } = (e as ErrorView).error;
  return `${code}|${message}`;
};

/**
 * Bad input is logged once: the same error (code and text) is shown at most once
 * per `window`, so a flood of one bad datagram cannot flood the terminal. Groups
 * expire, so the set of remembered errors stays bounded.
 */
export function throttleErrors<T extends { type: string }>(window: number, scheduler: SchedulerLike) {
  return (source: Observable<T>): Observable<T> =>
    source.pipe(
      groupBy((e: T) => errorKey(e), { duration: () => timer(window * 2, scheduler) }),
      mergeMap((group) => (group.key === '' ? group : group.pipe(throttleTime(window, scheduler)))),
    );
}
