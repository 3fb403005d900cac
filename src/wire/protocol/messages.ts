import * as t from 'io-ts';
import { validate as isUuid } from 'uuid';
import { LIMITS } from './limits.js';
import * as E from 'fp-ts/lib/Either.js';
import { FileChunk, FileControl, Offer, Want } from './files.js';
import { ChannelId, isLanChannel, LAN_CHANNEL } from './channel-id.js';

/**
 * io-ts codecs for every message on the wire. The first four variants are the
 * original design's (serde, externally tagged); the optional fields and the
 * link-only variants are ours. Original nodes ignore unknown fields, so our
 * superset of Discovery and Chat still decodes there.
 */

interface PeerIdBrand {
  readonly PeerId: unique symbol;
}
export const PeerId = t.brand(t.string, (s): s is t.Branded<string, PeerIdBrand> => isUuid(s), 'PeerId');
export type PeerId = t.TypeOf<typeof PeerId>;

interface NameBrand {
  readonly Name: unique symbol;
}
export const Name = t.brand(t.string, (s): s is t.Branded<string, NameBrand> => s.length > 0 && [...s].length <= LIMITS.nameChars, 'Name');
export type Name = t.TypeOf<typeof Name>;

interface PortBrand {
  readonly Port: unique symbol;
}
export const Port = t.brand(t.Int, (n): n is t.Branded<t.Int, PortBrand> => n >= 0 && n <= 65535, 'Port');
export type Port = t.TypeOf<typeof Port>;

interface ContentBrand {
  readonly Content: unique symbol;
}
export const Content = t.brand(
  t.string,
  (s): s is t.Branded<string, ContentBrand> => Buffer.byteLength(s, 'utf8') <= LIMITS.contentBytes,
  'Content',
);
export type Content = t.TypeOf<typeof Content>;

/** Our fields after the original four: protocol version, then the beacon's signature proof. */
export const Discovery = t.intersection([
  t.type({ id: PeerId, name: Name, ip: t.string, port: Port }),
  t.partial({ version: t.Int, key: t.string, ts: t.Int, ctr: t.Int, sig: t.string }),
]);
export type Discovery = t.TypeOf<typeof Discovery>;

/**
 * `seq` and `sig` are on room messages: the author's sequence number and its
 * Ed25519 signature (src/wire/identity/chat-signature.ts), so any peer can pass
 * the message on and its receiver can check it came, unaltered, from its author.
 * `channel` is the conversation a room message is in; absent means `#lan`, so
 * a native peer of before channels still reads ours and is read. A private
 * chat is a conversation of its own and never names a channel.
 */
export const Chat = t.refinement(
  t.intersection([
    t.type({ from_id: PeerId, from_name: Name, content: Content, timestamp: t.Int }),
    t.partial({ id: t.string, private: t.boolean, seq: t.Int, sig: t.string, channel: ChannelId }),
  ]),
  (c) => !(c.private === true && c.channel !== undefined),
  'Chat',
);
export type Chat = t.TypeOf<typeof Chat>;
/** A chat with its id (ours always have one; only an original node's may lack it). */
export type IdChat = Chat & { readonly id: string };

/** A chat built from plain fields (our own, or read from the store), checked by its codec; null if it would not decode. */
export function chatOf(fields: {
  id: string;
  from_id: string;
  from_name: string;
  content: string;
  timestamp: number;
  private?: boolean;
  seq?: number;
  sig?: string;
  channel?: string;
}): IdChat | null {
  const r = Chat.decode(fields);
  return E.isRight(r) && r.right.id !== undefined ? { ...r.right, id: r.right.id } : null;
}

/** The channel a chat is in: null for a private chat, `#lan` when it names none. */
export const chatChannel = (c: Chat): ChannelId | null => (c.private === true ? null : (c.channel ?? LAN_CHANNEL));

/** First frame on a native link, both ways: who is at the other end. */
export const Hello = t.type({ id: PeerId, name: Name, port: Port, version: t.Int });
export type Hello = t.TypeOf<typeof Hello>;

/** Native heartbeat: `sent` is echoed back in Pong so the sender can time the round trip. */
export const Ping = t.type({ seq: t.Int, sent: t.number });
export type Ping = t.TypeOf<typeof Ping>;
export const Pong = Ping;

/** A Ping from our own counter and clock; null if the counter is not a whole number. */
export const pingOf = (seq: number, sent: number): Ping | null => {
  const p = { seq, sent };
  return Ping.is(p) ? p : null;
};
export type Pong = Ping;

/**
 * A receiver's word that chats are committed to its store: the sender may forget
 * them. Sent once per commit, for every chat that commit made durable.
 */
export const Ack = t.type({ ids: t.refinement(t.array(t.string), (a) => a.length > 0 && a.length <= LIMITS.ackIds, 'AckIds') });
export type Ack = t.TypeOf<typeof Ack>;

/**
 * Sent by both ends of a new link: per author, the room messages this side holds
 * without a gap, from that author's first (sequence 1) up to `n`. The other side
 * then sends what comes after, from its store, as Relay messages.
 */
export const Have = t.type({
  authors: t.refinement(t.record(t.string, t.Int), (r) => Object.keys(r).length <= LIMITS.haveAuthors, 'HaveAuthors'),
});
export type Have = t.TypeOf<typeof Have>;

/** A Have from the store's heads: whole numbers only, at most the limit's authors. */
export const haveOf = (heads: Readonly<Record<string, number>>): Have => ({
  authors: Object.fromEntries(
    Object.entries(heads)
      .filter((e): e is [string, t.Int] => t.Int.is(e[1]))
      .slice(0, LIMITS.haveAuthors),
  ),
});

/** Another author's (or the sender's own) room message, passed on with the author's key. */
export const Relay = t.type({ chat: Chat, key: t.string });
export type Relay = t.TypeOf<typeof Relay>;

/**
 * The last frame on a link the other side will not keep: why (a stable error
 * code and a sentence), so the refused node can tell its user once and back off
 * instead of redialing in the dark. Native links only; original nodes never see it.
 */
export const Refused = t.type({
  code: t.refinement(t.string, (s) => s.length <= 32, 'RefusedCode'),
  reason: t.refinement(t.string, (s) => s.length <= 200, 'RefusedReason'),
});
export type Refused = t.TypeOf<typeof Refused>;

/** `/away [TEXT]`: the sender is away (with why), or back (null). Native links only. */
export const Status = t.type({ away: t.union([t.refinement(t.string, (s) => [...s].length <= 200, 'AwayText'), t.null]) });
export type Status = t.TypeOf<typeof Status>;

/**
 * The peers the sender has a live link to, by id: how a node draws the mesh
 * beyond its own links (the `--ui` page). Sent on each new link and, at most once
 * a second, when the set changes. Native links only.
 */
export const Links = t.type({
  peers: t.refinement(t.array(PeerId), (a) => a.length <= LIMITS.peers, 'LinksPeers'),
});
export type Links = t.TypeOf<typeof Links>;

/** A `Channels` list: its length is checked before its entries, so a long list costs nothing to refuse. */
const upTo = <C extends t.Mixed>(item: C, max: number, name: string): t.Type<Array<t.TypeOf<C>>, Array<t.OutputOf<C>>, unknown> => {
  const list = t.array(item);
  return new t.Type(
    name,
    (u): u is Array<t.TypeOf<C>> => list.is(u) && u.length <= max,
    (u, c) => (Array.isArray(u) && u.length > max ? t.failure(u, c, `more than ${max} entries`) : list.validate(u, c)),
    list.encode,
  );
};

/** A LAN channel the sender lists: `#lan` is implied, never listed. */
const ListedLanChannel = t.refinement(ChannelId, (c) => isLanChannel(c) && c !== LAN_CHANNEL, 'ListedLanChannel');

interface ChannelProofBrand {
  readonly ChannelProof: unique symbol;
}
/** HMAC-SHA-256 output is 32 bytes: 43 base64url characters, no padding, in the one spelling Node writes. */
export const ChannelProof = t.brand(
  t.string,
  (s): s is t.Branded<string, ChannelProofBrand> =>
    s.length === 43 && /^[A-Za-z0-9_-]{43}$/.test(s) && Buffer.from(s, 'base64url').toString('base64url') === s,
  'ChannelProof',
);
export type ChannelProof = t.TypeOf<typeof ChannelProof>;

/**
 * The channels the sender is in, besides `#lan`: LAN channels by id, secret
 * ones only as a proof of their secret bound to this link's two ids
 * (src/wire/identity/channel-proof.ts), so the frame names no secret channel.
 * Sent on each new link after the hello and again when it changes. Native links only.
 */
export const Channels = t.type({
  lan: upTo(ListedLanChannel, LIMITS.channelsPerFrame, 'ChannelsLan'),
  secret: upTo(ChannelProof, LIMITS.channelsPerFrame, 'ChannelsSecret'),
});
export type Channels = t.TypeOf<typeof Channels>;

/** The variants by their external tag; a message is `{ [tag]: body }`. */
/* The file transfer's four (Offer, FileControl, Want, FileChunk) are in files.ts. */
export const VARIANTS = {
  Discovery,
  Heartbeat: PeerId,
  Chat,
  Exit: PeerId,
  Hello,
  Ping,
  Pong,
  Ack,
  Have,
  Relay,
  Refused,
  Status,
  Links,
  Channels,
  Offer,
  FileControl,
  Want,
  FileChunk,
} as const;

export type Variant = keyof typeof VARIANTS;

export type Message = {
  [K in Variant]: { readonly type: K; readonly body: t.TypeOf<(typeof VARIANTS)[K]> };
}[Variant];

export type MessageOf<K extends Variant> = Extract<Message, { type: K }>;

export const isVariant = (k: string): k is Variant => Object.prototype.hasOwnProperty.call(VARIANTS, k);
