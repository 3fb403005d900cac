import { filter, type Observable } from 'rxjs';
import type { Effect, Emitted } from '../machines/events.js';

/** The machines' effects of one type, typed as that type (as redux-observable's `ofType`). */
export const ofType =
  <K extends Effect['type']>(type: K) =>
  (source: Observable<Emitted>): Observable<Extract<Effect, { type: K }>> =>
    source.pipe(filter((e): e is Extract<Effect, { type: K }> => e.type === type));
