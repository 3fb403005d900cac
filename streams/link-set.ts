import { auditTime, distinctUntilChanged, map, type Observable, type SchedulerLike } from 'rxjs';
import type { PeerView } from '../machines/events.js';
import { PeerId } from '../src/wire/protocol/messages.js';

/** The peers a node has a live native link to, sorted by id: what a `Links` frame says. */
export const linkedIds = (peers: readonly PeerView[]): PeerId[] =>
  peers
    .filter((p) => p.state === 'connected' && !p.legacy)
    .map((p) => p.id)
    .filter(PeerId.is)
    .sort();

/**
 * The node's own link set, each time it changes, at most once per `window`: a
 * burst of joins (a LAN of 50 starting at once) costs each link one `Links`
 * frame per window, not one per join. `current` reads the machines' snapshot,
 * so what goes out is what the machines hold when the window closes.
 */
export function linkSetChanges(
  changes$: Observable<unknown>,
  current: () => readonly PeerView[],
  window: number,
  scheduler: SchedulerLike,
): Observable<readonly PeerId[]> {
  return changes$.pipe(
    auditTime(window, scheduler),
    map(() => linkedIds(current())),
    distinctUntilChanged((a, b) => a.length === b.length && a.every((id, i) => id === b[i])),
  );
}
