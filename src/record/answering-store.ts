import { Subject, type Observable } from 'rxjs';
import type { MessageStore } from '../wire/ports.js';

type Reads = Pick<MessageStore, 'has' | 'pending' | 'history' | 'search' | 'knownPeers' | 'heads' | 'since' | 'lastSeq'>;
const READS = ['has', 'pending', 'history', 'search', 'knownPeers', 'heads', 'since', 'lastSeq'] as const;

/**
 * The store seen through the recording: every read's answer is recorded, so a
 * replay gets the same answers without the database. Writes are outputs and
 * are not recorded.
 */
export function recordingStore(store: MessageStore, record: (value: unknown) => void): Omit<MessageStore, 'committed$'> {
  const wrapped = { ...store } as Record<string, unknown>;
  for (const k of READS) {
    const read = store[k] as (...a: unknown[]) => unknown;
    wrapped[k] = (...args: unknown[]) => {
      const value = read(...args);
      record(value);
      return value;
    };
  }
  // Same keys as the store, each read wrapped with the same signature.
  return wrapped as unknown as Omit<MessageStore, 'committed$'>;
}

/**
 * The store of a replay: reads answer what the recording says the live store
 * answered, in order; writes go nowhere; commits come from the recording.
 */
export function replayedStore(answers: unknown[], committed$: Observable<void>): MessageStore {
  const next = <T>(fallback: T) => (): T => (answers.length > 0 ? (answers.shift() as T) : fallback);
  const reads: Reads = {
    has: next(false),
    pending: next([]),
    history: next([]),
    search: next([]),
    knownPeers: next([]),
    heads: next({}),
    since: next([]),
    lastSeq: next(0),
  };
  return {
    ...reads,
    save: () => undefined,
    enqueue: () => undefined,
    settle: () => undefined,
    notePeer: () => undefined,
    flush: () => undefined,
    prune: () => 0,
    committed$,
    close: () => undefined,
  };
}

/** A commit signal a replay drives by hand. */
export const commitSignal = (): Subject<void> => new Subject<void>();
