import { isPrivateKey, LAN, privateKey, unreadOf, type Seen } from '../conversations.js';
import type { UiModel } from '../model.js';
import { el } from './dom.js';

export interface ConversationEntry {
  readonly key: string;
  readonly label: string;
  readonly unread: number;
}

/** A private conversation's name: the peer's label, else what its messages called it (only the shown one's are sent). */
function peerLabel(m: UiModel, key: string): string {
  const id = key.slice(1);
  const p = m.peers[id];
  return p?.label || p?.view?.name || m.conversations[key]?.name || id.slice(0, 8);
}

/**
 * The conversations a page lists: the channels the node is in (`#lan` first,
 * then by name), then the private ones (by name), the one shown among them
 * even before its first message.
 */
export function conversationList(m: UiModel, shown: string, seen: Seen): ConversationEntry[] {
  const channels = Object.entries(m.joined)
    .map(([id, c]) => ({ key: id, label: c.name, unread: unreadOf(m.conversations[id], seen) }))
    .sort((a, b) => (a.key === LAN ? -1 : b.key === LAN ? 1 : a.label.localeCompare(b.label)));
  const keys = new Set(Object.values(m.conversations).flatMap((c) => (c.kind === 'private' ? [c.key] : [])));
  if (isPrivateKey(shown)) keys.add(shown);
  const privates = [...keys]
    .filter((k) => k !== privateKey(m.self?.id ?? ''))
    .map((key) => ({ key, label: peerLabel(m, key), unread: unreadOf(m.conversations[key], seen) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return [...channels, ...privates];
}

/** One line per conversation with its unread count; a click shows it (and makes it the box's target). */
export function drawConversations(
  list: HTMLElement,
  entries: readonly ConversationEntry[],
  shown: string,
  pick: (key: string) => void,
): void {
  list.replaceChildren();
  let privates = false;
  for (const c of entries) {
    if (isPrivateKey(c.key) && !privates) {
      privates = true;
      list.append(el('li', { class: 'heading' }, 'private'));
    }
    const li = el('li', {
      'data-conversation': c.key,
      'data-unread': c.unread,
      class: `${c.key === shown ? 'selected' : ''}${c.unread > 0 ? ' unread' : ''}`,
    });
    li.append(el('span', {}, c.label));
    if (c.unread > 0) li.append(el('span', { class: 'count' }, String(c.unread)));
    li.addEventListener('click', () => pick(c.key));
    list.append(li);
  }
}
