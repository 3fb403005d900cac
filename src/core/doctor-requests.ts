import { exhaustMap, ignoreElements, merge, type Observable, share, Subject, Subscription, take } from 'rxjs';
import type { SystemFacts } from '../wire/ports/index.js';

export interface DoctorDeps {
  /** Asks the system what it can tell; the answer comes on `facts$` (absent: the findings come from what the node saw). */
  readonly probe?: () => void;
  readonly facts$?: Observable<SystemFacts>;
  /** Shows the findings, with what the system said when it was asked. */
  readonly show: (system: SystemFacts | null) => void;
}

export interface DoctorRequests {
  /** A `/doctor`. */
  ask(): void;
  start(): Subscription;
}

/**
 * `/doctor`: the findings wait for the system's next answer. A request while
 * one waits is answered by the same facts; facts nobody asked for show nothing.
 */
export function doctorRequests(deps: DoctorDeps): DoctorRequests {
  const { probe, facts$ } = deps;
  const asked = new Subject<void>();
  return {
    ask() {
      if (!probe || !facts$) return deps.show(null);
      // Waiting before asking: an answer that comes at once is not missed.
      asked.next();
      probe();
    },
    start() {
      if (!facts$) return Subscription.EMPTY;
      const facts = facts$.pipe(share());
      // The facts are read from the start, asked for or not: each passes the recording once, as it comes.
      return merge(facts.pipe(ignoreElements()), asked.pipe(exhaustMap(() => facts.pipe(take(1))))).subscribe((f) => deps.show(f));
    },
  };
}
