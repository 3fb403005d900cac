import { Observable, type OperatorFunction } from 'rxjs';

/**
 * What a source emits within one event-loop turn, handed on as one array when
 * the turn ends: a paste arrives as readline's burst of 'line' events in one
 * turn, and the node handles (and commits) it as one batch. An end of input
 * hands on what is held first.
 */
export function turnBatches<T>(): OperatorFunction<T, T[]> {
  return (source) =>
    new Observable<T[]>((sub) => {
      let batch: T[] = [];
      let pending: NodeJS.Immediate | null = null;
      const handOn = () => {
        pending = null;
        const out = batch;
        batch = [];
        if (out.length > 0) sub.next(out);
      };
      const inner = source.subscribe({
        next: (v) => {
          batch.push(v);
          pending ??= setImmediate(handOn);
        },
        error: (e) => sub.error(e),
        complete: () => {
          if (pending) clearImmediate(pending);
          handOn();
          sub.complete();
        },
      });
      return () => {
        inner.unsubscribe();
        if (pending) clearImmediate(pending);
      };
    });
}
