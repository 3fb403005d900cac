import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { ChannelId, lanChannelId } from '../wire/protocol/channel-id.js';
import { LIMITS } from '../wire/protocol/limits.js';

const ChatText = t.refinement(t.string, (s) => s.trim() !== '' && Buffer.byteLength(s) <= LIMITS.contentBytes, 'ChatText');

/** A LAN channel's wire id (`#tearn`): what the page names a conversation by; a secret one has no `/msg` line. */
const LanChannelId = t.refinement(t.string, (s) => s.startsWith('#') && ChannelId.is(s), 'LanChannelId');

/** A channel name as a user types it (`team`, `#team`): one word that makes a LAN channel id. */
const TypedChannel = t.refinement(t.string, (s) => !/\s/.test(s) && E.isRight(lanChannelId(s)), 'ChannelName');

/**
 * What the page posts: text for a channel it shows (`channel`), for everyone
 * in the node's current channel (`to` null) or for one peer by id; or a join
 * or part, a separate explicit act (the box never runs a command).
 */
export const PageSend = t.union([
  t.type({ channel: LanChannelId, text: ChatText }),
  t.type({
    to: t.union([t.refinement(t.string, (s) => /^[0-9a-zA-Z-]{1,64}$/.test(s), 'PeerIdText'), t.null]),
    text: ChatText,
  }),
  t.type({ act: t.union([t.literal('join'), t.literal('part')]), channel: TypedChannel }),
]);
export type PageSend = t.TypeOf<typeof PageSend>;

const typedName = (channel: string): string => (channel.startsWith('#') ? channel.slice(1) : channel);

/**
 * The line the console would have to type for it: the page sends through the
 * same interpreter, so its chats are checked, stored, delivered and recorded
 * exactly as typed ones. A text that starts with `/` is a chat, never a command.
 */
export const lineOf = (s: PageSend): string => {
  if ('act' in s) return `/${s.act} #${typedName(s.channel)}`;
  if ('channel' in s) return `/msg ${s.channel} ${s.text}`;
  if (s.to !== null) return `/msg ${s.to} ${s.text}`;
  return s.text.startsWith('/') ? `/${s.text}` : s.text;
};

/** A join's or part's channel by its wire id, so the page can show it once the node has joined it; null for a chat. */
export const channelOf = (s: PageSend): string | null => {
  if (!('act' in s)) return null;
  const id = lanChannelId(typedName(s.channel));
  return E.isRight(id) ? id.right : null;
};
