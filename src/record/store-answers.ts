import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { KnownPeer, PendingChat, StoredChat } from '../wire/ports/index.js';
import { Chat } from '../wire/protocol/messages.js';
import { StoredTransferC } from '../wire/ports/stored-transfer.js';

/**
 * What a recording says the store answered, decoded like any other input. A
 * recording made before a field existed still replays: the field gets what
 * the store's own migration gave the rows of that time.
 */
export interface AnswerDecoder<A> {
  readonly decode: (u: unknown) => E.Either<t.Errors, A>;
}

const completed = <A, B>(codec: t.Decoder<unknown, A>, complete: (a: A) => B): AnswerDecoder<B> => ({
  decode: (u) => E.map(complete)(codec.decode(u)),
});

const RecordedChat = t.intersection([
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
  t.partial({ channel: t.union([t.string, t.null]), seq: t.number, sig: t.string, key: t.string, caughtUp: t.boolean }),
]);

/** Before channels (schema v6) every non-private chat was the LAN's: `#lan`. */
export const ChatsAnswer: AnswerDecoder<StoredChat[]> = completed(t.array(RecordedChat), (chats) =>
  chats.map(({ channel, ...c }) => ({ ...c, channel: channel !== undefined ? channel : c.toId === null ? '#lan' : null })),
);

export const PendingAnswer: AnswerDecoder<PendingChat[]> = t.array(
  t.type({ peerId: t.string, peerName: t.string, chat: t.intersection([Chat, t.type({ id: t.string })]), queuedAt: t.number }),
);

/** Before first_seen, a peer's earliest known meeting was its last (as the migration sets it). */
export const KnownAnswer: AnswerDecoder<KnownPeer[]> = completed(
  t.array(t.intersection([t.type({ id: t.string, name: t.string, lastSeen: t.number }), t.partial({ firstSeen: t.number })])),
  (peers) => peers.map((p) => ({ ...p, firstSeen: p.firstSeen ?? p.lastSeen })),
);

/** Channel → since (ms): `heads` and `memberSince`. */
export const NumbersAnswer: AnswerDecoder<Record<string, number>> = t.record(t.string, t.number);

export const TransfersAnswer = t.array(StoredTransferC);
