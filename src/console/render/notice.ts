import type { Output } from '../output.js';
import { sanitize, sanitizeName } from './sanitize.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What deserves the user's attention when they are looking elsewhere: a private
 * message, or a message that says their name (as a word, any case). The text
 * of the notification, or null. Pure: the terminal decides how to ring.
 */
export function noticeOf(o: Output, selfName: string): string | null {
  if (o.type !== 'chat') return null;
  const c = o.chat;
  const mentioned = new RegExp(`(^|[^\\p{L}\\p{N}])${escape(selfName)}($|[^\\p{L}\\p{N}])`, 'iu').test(c.content);
  if (!c.private && !mentioned) return null;
  const text = `${sanitizeName(c.fromName)}${c.private ? ' (private)' : ''}: ${sanitize(c.content)}`;
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
