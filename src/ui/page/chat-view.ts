import type { UiChat } from '../conversations.js';
import { el } from './dom.js';

const MARK: Record<string, string> = { queued: '⏳', sent: '→', delivered: '✓', expired: '✗' };

/** `✓ bob ⏳ carol`: where an own message stands with each recipient. */
function marks(c: UiChat): { text: string; all: string } {
  const states = Object.values(c.delivery);
  if (states.length === 0) return { text: '', all: '' };
  const all = states.every((s) => s.state === 'delivered')
    ? 'delivered'
    : states.some((s) => s.state === 'expired')
      ? 'expired'
      : 'pending';
  return { text: states.map((s) => `${MARK[s.state] ?? '?'} ${s.name}`).join('  '), all };
}

/** The conversation shown, oldest first, scrolled to the end while the reader is there (and on a switch). */
export function drawChat(box: HTMLElement, key: string, chats: readonly UiChat[]): void {
  const switched = box.dataset['conversation'] !== key;
  const atEnd = switched || box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
  box.dataset['conversation'] = key;
  box.replaceChildren();
  for (const c of chats) {
    const mk = marks(c);
    const d = el('div', {
      class: `msg${c.own ? ' own' : ''}${c.history ? ' history' : ''}${c.verified ? '' : ' unverified'}`,
      'data-id': c.id,
      'data-delivery': mk.all,
    });
    const who = c.own && c.to !== null ? `you → ${c.to}` : c.from;
    d.append(`[${new Date(c.timestamp * 1000).toTimeString().slice(0, 8)}] ${who}${c.private ? ' (private)' : ''}: ${c.content}`);
    if (mk.text) d.append(el('span', { class: 'marks' }, mk.text));
    box.append(d);
  }
  if (atEnd) box.scrollTop = box.scrollHeight;
}
