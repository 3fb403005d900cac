import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { LAN_CHANNEL } from '../protocol/channel-id.js';
import { p2pError, type P2PError } from '../protocol/errors.js';
import type { Chat, IdChat } from '../protocol/messages.js';
import { fromBase64Url, peerIdOf, PUBLIC_KEY_BYTES, SIGNATURE_BYTES, verifySignature, type Identity } from './identity.js';

/** A room message as its author signed it. */
export type SignedChat = Chat & { readonly id: string; readonly seq: number; readonly sig: string };

/**
 * What an author signs: every field that means something, in a fixed order,
 * under a context string, so a chat signature is never valid as anything else
 * (a beacon's, say) and no field can be changed by whoever passes it on.
 * Version 1 is a `#lan` chat's (the bytes signed before channels, so those
 * signatures still hold); version 2 is any other channel's and ends with it,
 * so a chat cannot be passed on into another channel, nor out of one.
 */
export function chatSignedBytes(c: {
  id: string;
  from_id: string;
  from_name: string;
  content: string;
  timestamp: number;
  seq: number;
  channel?: string | undefined;
}): Buffer {
  const fields = [c.id, c.from_id, c.from_name, c.content, c.timestamp, c.seq];
  const signed =
    c.channel === undefined || c.channel === LAN_CHANNEL ? ['p2p-chat chat', 1, ...fields] : ['p2p-chat chat', 2, ...fields, c.channel];
  return Buffer.from(JSON.stringify(signed), 'utf8');
}

export function signChat(identity: Pick<Identity, 'sign'>, c: IdChat, seq: number): SignedChat {
  if (!t.Int.is(seq) || seq < 1) throw new Error(`a chat's sequence number is a positive integer, not ${seq}`);
  const sig = identity.sign(chatSignedBytes({ ...c, seq })).toString('base64url');
  return { ...c, seq, sig };
}

/** A passed-on chat is its author's: the key is the author's id's key, and the signature covers it. */
export function verifyRelayed(c: Chat, key: string): E.Either<P2PError, SignedChat> {
  if (c.id === undefined || c.seq === undefined || c.sig === undefined || c.private === true) {
    return E.left(p2pError('BAD_SIGNATURE', `a passed-on chat from ${c.from_id} is not a signed room message`));
  }
  const k = fromBase64Url(key, PUBLIC_KEY_BYTES);
  const sig = fromBase64Url(c.sig, SIGNATURE_BYTES);
  if (!k || !sig) return E.left(p2pError('BAD_SIGNATURE', `a passed-on chat from ${c.from_id} has a malformed key or signature`));
  if (peerIdOf(k) !== c.from_id)
    return E.left(p2pError('ID_MISMATCH', `a passed-on chat claims author ${c.from_id}, whose key it does not carry`));
  const bytes = chatSignedBytes({
    id: c.id,
    from_id: c.from_id,
    from_name: c.from_name,
    content: c.content,
    timestamp: c.timestamp,
    seq: c.seq,
    channel: c.channel,
  });
  if (!verifySignature(k, bytes, sig)) return E.left(p2pError('BAD_SIGNATURE', `a passed-on chat from ${c.from_id} has a bad signature`));
  return E.right({ ...c, id: c.id, seq: c.seq, sig: c.sig });
}
