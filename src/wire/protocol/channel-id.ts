import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { displayName, nameKey } from '../identity/name-key.js';
import { p2pError, type P2PError } from './errors.js';
import { LIMITS } from './limits.js';

/**
 * A channel's id on the wire (issue 23, CHANNELS-CONTRACT.md "Names"): `#` and
 * a LAN channel's normal form, or `~` and 32 hex digits for a secret channel
 * (src/wire/identity/channel-proof.ts derives those from the secret). An id is
 * for matching only; people see the name they gave the channel.
 */

const ALLOWED_CHAR = /^[\p{L}\p{N}._-]$/u;
const NOT_ALLOWED = /[^\p{L}\p{N}._-]/gu;
const SECRET_FORM = /^~[0-9a-f]{32}$/;
/** The sigil takes one byte of `channelBytes`; the name has the rest. */
const NAME_BYTES = LIMITS.channelBytes - 1;

/**
 * A LAN channel's normal form: the name's confusable skeleton, so that `LAN`,
 * `Lan` and a Cyrillic look-alike are one channel, kept to the allowed
 * characters (the skeleton is in NFD and may hold combining marks, which go).
 */
const normalForm = (name: string): string => nameKey(name).replace(NOT_ALLOWED, '');

/*
 * Every chat of a channel and every `Channels` entry is checked, and a skeleton
 * costs some microseconds; the few ids a node meets are remembered once valid.
 * Bounded, so a peer inventing ids only ever empties it.
 */
const knownLan = new Set<string>();
const KNOWN_LAN_MAX = 1024;

function isLanForm(s: string): boolean {
  if (knownLan.has(s)) return true;
  const name = s.slice(1);
  const bytes = Buffer.byteLength(name, 'utf8');
  if (!s.startsWith('#') || bytes < 1 || bytes > NAME_BYTES || name.replace(NOT_ALLOWED, '') !== name) return false;
  // Only the normal form is an id: `#LAN` on the wire would otherwise be a channel beside `#lan`.
  if (normalForm(name) !== name) return false;
  if (knownLan.size >= KNOWN_LAN_MAX) knownLan.clear();
  knownLan.add(s);
  return true;
}

interface ChannelIdBrand {
  readonly ChannelId: unique symbol;
}
export const ChannelId = t.brand(
  t.string,
  (s): s is t.Branded<string, ChannelIdBrand> => s.length <= LIMITS.channelBytes && (SECRET_FORM.test(s) || isLanForm(s)),
  'ChannelId',
);
export type ChannelId = t.TypeOf<typeof ChannelId>;

/** The LAN's own channel: every node is in it, original nodes included; a chat without a channel is in it. */
export const LAN_CHANNEL: ChannelId = ((lan: string): ChannelId => {
  if (!ChannelId.is(lan)) throw new Error(`${lan} is not a channel id`);
  return lan;
})('#lan');

export const isLanChannel = (c: ChannelId): boolean => c.startsWith('#');
export const isSecretChannel = (c: ChannelId): boolean => c.startsWith('~');

/**
 * A LAN channel's id from the name a user typed (`team` or `#team`): the name
 * as shown must be 1-32 bytes of letters, digits, `.`, `_`, `-`; case and
 * look-alikes are the normal form's business (so `İstanbul`, whose lower case
 * holds a combining dot, is a name all the same).
 */
export function lanChannelId(typed: string): E.Either<P2PError, ChannelId> {
  const name = displayName(typed.startsWith('#') ? typed.slice(1) : typed);
  const shown = JSON.stringify(typed.slice(0, 40));
  if (name.length === 0) return E.left(p2pError('BAD_CHANNEL_NAME', 'a channel name is empty'));
  if (![...name].every((c) => ALLOWED_CHAR.test(c)))
    return E.left(p2pError('BAD_CHANNEL_NAME', `a channel name is letters, digits, ".", "_" or "-"; got ${shown}`));
  if (Buffer.byteLength(name, 'utf8') > NAME_BYTES)
    return E.left(p2pError('BAD_CHANNEL_NAME', `a channel name is at most ${NAME_BYTES} bytes; got ${shown}`));
  const id = `#${normalForm(name)}`;
  // The normal form may lose every character (only marks) or grow (ß → ss) past the limit.
  return ChannelId.is(id) ? E.right(id) : E.left(p2pError('BAD_CHANNEL_NAME', `${shown} has no channel id of at most ${NAME_BYTES} bytes`));
}
