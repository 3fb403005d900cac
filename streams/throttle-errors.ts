import { Observable, type SchedulerLike } from 'rxjs';
import type { ViewEvent } from '../machines/events.js';
import { dropOldest } from '../src/base/caught.js';

type ErrorView = Extract<ViewEvent, { type: 'error' }>;

const isErrorView = (e: { type: string }): e is ErrorView => e.type === 'error' && 'error' in e;

/** One source's errors of one code count as the same error; without a source, the text decides. */
const errorKey = (e: ErrorView): string => `${e.error.code}|${e.source ?? e.error.message}`;

/**
 * Bad input is logged once: the same error is shown at most once per `window`,
 * so a flood of bad datagrams from one address cannot flood the terminal. At
 * most `maxKeys` errors are remembered (least recent forgotten first), so a
 * flood of different errors cannot grow memory either. Everything else passes.
 */
export function throttleErrors<T extends { type: string }>(window: number, maxKeys: number, scheduler: SchedulerLike) {
  return (source: Observable<T>): Observable<T> =>
    new Observable<T>((sub) => {
      const shown = new Map<string, number>();
      return source.subscribe({
        next: (e) => {
          // What peers cause is held back; an answer to the user's own send never is.
          if (!isErrorView(e) || e.own) return sub.next(e);
          const key = errorKey(e);
          const now = scheduler.now();
          const last = shown.get(key);
          if (last !== undefined && now - last < window) return;
          shown.delete(key);
          shown.set(key, now);
          if (shown.size > maxKeys) dropOldest(shown);
          sub.next(e);
        },
        error: (err) => sub.error(err),
        complete: () => sub.complete(),
      });
    });
}
