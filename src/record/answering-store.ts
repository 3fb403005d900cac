import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { Observable } from 'rxjs';
import type { MessageStore } from '../wire/ports/index.js';
import { type AnswerDecoder, ChatsAnswer, KnownAnswer, NumbersAnswer, PendingAnswer, TransfersAnswer } from './store-answers.js';

/**
 * The store seen through the recording: every read's answer is recorded, so a
 * replay gets the same answers without the database. Writes are outputs and
 * are not recorded.
 */
export function recordingStore(store: MessageStore, record: (value: unknown) => void): MessageStore {
  const rec =
    <A extends unknown[], R>(read: (...a: A) => R) =>
    (...a: A): R => {
      const value = read(...a);
      record(value);
      return value;
    };
  return {
    ...store,
    has: rec(store.has),
    pending: rec(store.pending),
    history: rec(store.history),
    search: rec(store.search),
    knownPeers: rec(store.knownPeers),
    heads: rec(store.heads),
    lastSeq: rec(store.lastSeq),
    since: rec(store.since),
    memberSince: rec(store.memberSince),
    transfers: rec(store.transfers),
  };
}

/**
 * The store of a replay: reads answer what the recording says the live store
 * answered, in order; writes go nowhere; commits come from the recording. An
 * answer that does not decode (a damaged recording) reads as empty.
 */
export function replayedStore(answers: unknown[], committed$: Observable<void>): MessageStore {
  const next =
    <A>(codec: AnswerDecoder<A>, fallback: A) =>
    (): A => {
      const r = codec.decode(answers.shift());
      return E.isRight(r) ? r.right : fallback;
    };
  return {
    has: next(t.boolean, false),
    pending: next(PendingAnswer, []),
    history: next(ChatsAnswer, []),
    search: next(ChatsAnswer, []),
    knownPeers: next(KnownAnswer, []),
    heads: next(NumbersAnswer, {}),
    lastSeq: next(t.number, 0),
    since: next(ChatsAnswer, []),
    memberSince: next(NumbersAnswer, {}),
    transfers: next(TransfersAnswer, []),
    saveTransfer: () => undefined,
    save: () => undefined,
    enqueue: () => undefined,
    settle: () => undefined,
    notePeer: () => undefined,
    noteMembership: () => undefined,
    flush: () => undefined,
    sync: () => undefined,
    prune: () => 0,
    committed$,
    close: () => undefined,
  };
}
