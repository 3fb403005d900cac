import * as t from 'io-ts';
import { LIMITS } from '../wire/protocol/limits.js';

/** What the page's input box posts: text for everyone (`to` null) or for one peer by id. */
export const PageSend = t.type({
  to: t.union([t.refinement(t.string, (s) => /^[0-9a-zA-Z-]{1,64}$/.test(s), 'PeerIdText'), t.null]),
  text: t.refinement(t.string, (s) => s.trim() !== '' && Buffer.byteLength(s) <= LIMITS.contentBytes, 'ChatText'),
});
export type PageSend = t.TypeOf<typeof PageSend>;

/**
 * The line the console would have to type for it: the page sends through the
 * same interpreter, so its chats are checked, stored, delivered and recorded
 * exactly as typed ones. A text that starts with `/` is a chat, never a command.
 */
export const lineOf = (s: PageSend): string => {
  if (s.to !== null) return `/msg ${s.to} ${s.text}`;
  return s.text.startsWith('/') ? `/${s.text}` : s.text;
};
