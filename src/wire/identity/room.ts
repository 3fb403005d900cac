import * as E from 'fp-ts/lib/Either.js';
import { createHmac } from 'node:crypto';
import { p2pError, type P2PError } from '../protocol/errors.js';

/**
 * A room (issue 14): a name for people and a 32-byte secret for the network.
 * Its Hyperswarm topic is a keyed hash of the secret, so the topic gives away
 * neither the name nor the secret, and nobody without the secret finds it. An
 * invite code carries both: `NAME~SECRET` (the secret in base64url, 43 characters).
 */
export interface Room {
  readonly name: string;
  readonly key: Buffer;
}

const NAME = /^[\p{L}\p{N}._-]{1,32}$/u;

/** A new room under `name`, with fresh random bytes for its secret. */
export function newRoom(name: string, random: Buffer): E.Either<P2PError, Room> {
  if (!NAME.test(name))
    return E.left(p2pError('BAD_COMMAND', `a room name is 1-32 letters, digits, ".", "_" or "-"; got "${name.slice(0, 40)}"`));
  if (random.byteLength !== 32) return E.left(p2pError('BAD_COMMAND', 'a room secret is 32 bytes'));
  return E.right({ name, key: Buffer.from(random) });
}

export const inviteCode = (r: Room): string => `${r.name}~${r.key.toString('base64url')}`;

/** `NAME~SECRET` → the room; null when it is not a code (a bare name, say). */
export function parseInvite(text: string): Room | null {
  const at = text.lastIndexOf('~');
  if (at < 0) return null;
  const name = text.slice(0, at);
  const key = Buffer.from(text.slice(at + 1), 'base64url');
  if (!NAME.test(name) || key.byteLength !== 32 || key.toString('base64url') !== text.slice(at + 1)) return null;
  return { name, key };
}

/** The 32-byte Hyperswarm topic of a room: HMAC-SHA-256 of a fixed label under its secret. */
export const topicOf = (r: Room): Buffer => createHmac('sha256', r.key).update('p2p-chat/room-topic/v1').digest();
