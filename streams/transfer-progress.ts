import { Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { TransferView } from '../machines/transfer-events.js';

/** A transfer's news with its speed (bytes a second over the last few seconds), while it moves. */
export interface Progress {
  readonly type: 'transfer';
  readonly transfer: TransferView;
  readonly rate?: number;
}

/** How far back the speed looks, ms: long enough to be steady, short enough to follow a change. */
const RATE_SPAN = 3000;

/**
 * Transfers' news for the screen and scripts: every change of state at once,
 * progress of one transfer at most once per `every` ms (the latest, at the end
 * of the wait), never a stale progress after the state that followed it.
 * Time is the injected scheduler's, so a replay shows the same lines.
 */
export function transferProgress(every: number, scheduler: SchedulerLike) {
  return (source: Observable<TransferView>): Observable<Progress> =>
    new Observable<Progress>((sub) => {
      const last = new Map<string, number>();
      const held = new Map<string, { view: TransferView; timer: Subscription }>();
      const samples = new Map<string, { at: number; bytes: number }[]>();
      const rateOf = (t: TransferView): number | undefined => {
        const s = samples.get(t.id) ?? [];
        const now = scheduler.now();
        s.push({ at: now, bytes: t.bytes });
        while (s.length > 2 && (s[0]?.at ?? now) < now - RATE_SPAN) s.shift();
        samples.set(t.id, s);
        const first = s[0];
        return first && now > first.at ? ((t.bytes - first.bytes) * 1000) / (now - first.at) : undefined;
      };
      const out = (t: TransferView) => {
        // The window is between progress lines; a change of state is no progress line.
        if (t.state === 'progress') last.set(t.id, scheduler.now());
        const rate = t.state === 'progress' ? rateOf(t) : undefined;
        sub.next(rate === undefined ? { type: 'transfer', transfer: t } : { type: 'transfer', transfer: t, rate });
      };
      const inner = source.subscribe({
        next: (t) => {
          const pending = held.get(t.id);
          if (t.state !== 'progress') {
            pending?.timer.unsubscribe();
            held.delete(t.id);
            // A pause or a new run starts the speed afresh; a finished transfer is forgotten.
            samples.delete(t.id);
            if (t.state !== 'accepted' && t.state !== 'paused' && t.state !== 'offered') last.delete(t.id);
            return out(t);
          }
          const wait = (last.get(t.id) ?? -Infinity) + every - scheduler.now();
          if (wait <= 0 && !pending) return out(t);
          if (pending) return void held.set(t.id, { view: t, timer: pending.timer });
          const timer = scheduler.schedule(() => {
            const h = held.get(t.id);
            held.delete(t.id);
            if (h) out(h.view);
          }, wait);
          held.set(t.id, { view: t, timer });
        },
        error: (e) => sub.error(e),
        complete: () => sub.complete(),
      });
      return () => {
        inner.unsubscribe();
        for (const h of held.values()) h.timer.unsubscribe();
      };
    });
}
