import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { Observable } from 'rxjs';
import { Chat } from '../wire/protocol/messages.js';
import type { MessageStore } from '../wire/ports/index.js';
import { StoredTransferC } from '../wire/ports/stored-transfer.js';

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
    transfers: rec(store.transfers),
  };
}

// What a recording says the store answered: decoded like any other input.
const StoredChatC = t.intersection([
  t.type({
    id: t.string,
    fromId: t.string,
    fromName: t.string,
    toId: t.union([t.string, t.null]),
    content: t.string,
    timestamp: t.number,
    own: t.boolean,
    legacy: t.boolean,
    deliveredTo: t.array(t.string),
  }),
  t.partial({ seq: t.number, sig: t.string, key: t.string, caughtUp: t.boolean }),
]);
const Chats = t.array(StoredChatC);
const Pending = t.array(
  t.type({ peerId: t.string, peerName: t.string, chat: t.intersection([Chat, t.type({ id: t.string })]), queuedAt: t.number }),
);
const Known = t.array(t.type({ id: t.string, name: t.string, lastSeen: t.number }));

/**
 * The store of a replay: reads answer what the recording says the live store
 * answered, in order; writes go nowhere; commits come from the recording. An
 * answer that does not decode (a damaged recording) reads as empty.
 */
export function replayedStore(answers: unknown[], committed$: Observable<void>): MessageStore {
  const next =
    <A>(codec: t.Decoder<unknown, A>, fallback: A) =>
    (): A => {
      const r = codec.decode(answers.shift());
      return E.isRight(r) ? r.right : fallback;
    };
  return {
    has: next(t.boolean, false),
    pending: next(Pending, []),
    history: next(Chats, []),
    search: next(Chats, []),
    knownPeers: next(Known, []),
    heads: next(t.record(t.string, t.number), {}),
    lastSeq: next(t.number, 0),
    since: next(Chats, []),
    transfers: next(t.array(StoredTransferC), []),
    saveTransfer: () => undefined,
    save: () => undefined,
    enqueue: () => undefined,
    settle: () => undefined,
    notePeer: () => undefined,
    flush: () => undefined,
    sync: () => undefined,
    prune: () => 0,
    committed$,
    close: () => undefined,
  };
}
