import { filter, map, Observable } from 'rxjs';
import type { ErrorView, NodeEvent } from '../machines/events.js';
import { errorView } from '../machines/error-view.js';

type Out = NodeEvent | ErrorView;

/**
 * Chats on native links, per peer, between two commits of the store. Acks go
 * out at each commit, so a sender that keeps to its window never has more than
 * `window` chats unacknowledged here; twice that (a resend on a new link while
 * the old one drains) is the most a well-behaved sender can reach. Beyond it
 * the sender ignores its window: the excess is dropped (and counted) with one
 * error per peer per commit, and the sender resends it later, unacknowledged.
 */
export function limitWindow(committed$: Observable<unknown>, window: number) {
  return (source: Observable<Out>): Observable<Out> =>
    new Observable<Out>((sub) => {
      // Per subscription: two subscribers never share (or reset) each other's counts.
      const counts = new Map<string, number>();
      const checked = source.pipe(
        map((e): Out | null => {
          if (e.type !== 'CHAT_IN' || e.linkId === null) return e;
          const n = (counts.get(e.peerId) ?? 0) + 1;
          counts.set(e.peerId, n);
          if (n <= 2 * window) return e;
          return n === 2 * window + 1
            ? errorView(
                'RATE_LIMITED',
                `${e.chat.from_name} sent over ${2 * window} chats without waiting for acks; dropping the excess`,
                `window:${e.peerId}`,
              )
            : null;
        }),
        filter((e): e is Out => e !== null),
      );
      const reset = committed$.subscribe(() => counts.clear());
      const out = checked.subscribe(sub);
      return () => {
        reset.unsubscribe();
        out.unsubscribe();
      };
    });
}
