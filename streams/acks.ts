import { buffer, from, mergeMap, type Observable } from 'rxjs';
import type { Effect } from '../machines/events.js';

/** What an ack needs of a received chat: the link it came by and its id. */
type Received = Pick<Extract<Effect, { type: 'received' }>, 'linkId' | 'legacy'> & { readonly chat: { readonly id?: string } };

export interface AckWrite {
  readonly linkId: string;
  readonly ids: readonly string[];
}

/**
 * Acks follow commits: every chat received on a native link since the last
 * commit is acknowledged, on the link it came by, once that commit is on disk.
 * Duplicates are acknowledged too (the sender's first ack was lost with a link).
 */
export function acks(received$: Observable<Received>, committed$: Observable<unknown>, maxIds: number): Observable<AckWrite> {
  return received$.pipe(
    mergeMap((r) => (r.linkId !== null && r.chat.id !== undefined && !r.legacy ? [{ linkId: r.linkId, id: r.chat.id }] : [])),
    buffer(committed$),
    mergeMap((batch) => {
      const byLink = new Map<string, string[]>();
      for (const r of batch) {
        const ids = byLink.get(r.linkId);
        if (ids) ids.push(r.id);
        else byLink.set(r.linkId, [r.id]);
      }
      const out: AckWrite[] = [];
      for (const [linkId, ids] of byLink) for (let i = 0; i < ids.length; i += maxIds) out.push({ linkId, ids: ids.slice(i, i + maxIds) });
      return from(out);
    }),
  );
}
