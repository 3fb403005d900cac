import { filter, map, Observable, share, merge, type SchedulerLike } from 'rxjs';
import type { ErrorView, NodeEvent } from '../machines/events.js';
import { errorView } from '../machines/error-view.js';
import { rateLimitBy, type Bucket } from './rate-limit.js';

type Out = NodeEvent | ErrorView;

/**
 * One-shot (legacy) chats per peer through a token bucket: a chatty or hostile
 * peer is cut back to the limit with one warning per run of drops; other
 * events, and other peers' chats, pass untouched. Chats on native links are
 * paced by the sender's window instead (see limitWindow).
 */
export function limitChats(bucket: Bucket, scheduler: SchedulerLike) {
  return (source: Observable<Out>): Observable<Out> => {
    const shared = source.pipe(share());
    const chats = shared.pipe(
      filter((e): e is Extract<NodeEvent, { type: 'CHAT_IN' }> => e.type === 'CHAT_IN' && e.linkId === null),
      rateLimitBy((e) => e.peerId, bucket, scheduler),
      map((r): Out =>
        r.pass
          ? r.item
          : errorView('RATE_LIMITED', `${r.item.chat.from_name} sends over ${bucket.perSecond} messages/s; dropping the excess`),
      ),
    );
    return merge(shared.pipe(filter((e) => e.type !== 'CHAT_IN' || e.linkId !== null)), chats);
  };
}
