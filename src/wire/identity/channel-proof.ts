import { createHmac, timingSafeEqual } from 'node:crypto';
import { ChannelId } from '../protocol/channel-id.js';

/**
 * A secret channel (issue 23) is its 32-byte secret, the one a room's invite
 * code carries (src/wire/identity/room.ts). Three keyed hashes of it, each
 * under its own label, so none gives away another or the secret: the room's
 * Hyperswarm topic (unchanged, in room.ts), the channel's id, and the key of
 * its membership proofs. None of them involves the name, which stays with
 * the members.
 */

const SECRET_BYTES = 32;
const ID_BYTES = 16;
/** A proof is a whole HMAC-SHA-256. */
const PROOF_BYTES = 32;

const hmac = (key: Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

function checked(secret: Buffer): Buffer {
  if (secret.byteLength !== SECRET_BYTES) throw new Error(`a channel secret is ${SECRET_BYTES} bytes, not ${secret.byteLength}`);
  return secret;
}

/** `~` and 32 hex digits: the first 16 bytes of the secret's hash under the id label. */
export function channelIdOfSecret(secret: Buffer): ChannelId {
  const id = `~${hmac(checked(secret), 'p2p-chat channel id').subarray(0, ID_BYTES).toString('hex')}`;
  if (!ChannelId.is(id)) throw new Error(`${id} is not a channel id`);
  return id;
}

/** The proof's own key, so a proof never doubles as an id, a topic or the secret's hash of anything else. */
const memberKey = (secret: Buffer): Buffer => hmac(checked(secret), 'p2p-chat channel member');

const proofBytes = (secret: Buffer, senderId: string, receiverId: string): Buffer => hmac(memberKey(secret), `${senderId}\n${receiverId}`);

/**
 * What a sender lists in its `Channels` frame for a secret channel it is in:
 * bound to both ends of the link, so it shows this one receiver that the
 * sender holds the secret, names nothing, and proves nothing replayed to anyone else.
 */
export const membershipProof = (secret: Buffer, senderId: string, receiverId: string): string =>
  proofBytes(secret, senderId, receiverId).toString('base64url');

/**
 * The secret channels a `Channels` frame shows the sender to be in that this
 * node is in too (in the order of `mine`): each expected proof, for (sender,
 * this node), against each proof listed, compared in constant time, so how
 * long the check takes tells nothing of how close a guess came.
 */
export function provenChannels(
  proofs: readonly string[],
  mine: readonly { readonly id: ChannelId; readonly secret: Buffer }[],
  senderId: string,
  receiverId: string,
): ChannelId[] {
  const given = proofs.map((p) => Buffer.from(p, 'base64url')).filter((b) => b.byteLength === PROOF_BYTES);
  const proven = new Set<ChannelId>();
  for (const channel of mine) {
    const expected = proofBytes(channel.secret, senderId, receiverId);
    if (given.some((g) => timingSafeEqual(g, expected))) proven.add(channel.id);
  }
  return [...proven];
}
