import { byId, fromNode } from './dom.js';

/** What the page posts to the node's `/send`. */
export type Post = (body: object) => Promise<Response>;

/**
 * The field beside the conversations: join (Enter, or the button) and part,
 * explicit acts of their own (the box only ever sends text). `joined` hears
 * the channel id a join meant, so the page can show it once the node is in it.
 */
export function wireChannelForm(post: Post, before: () => void, joined: (channel: string | null) => void): void {
  const form = byId<HTMLFormElement>('channel-form');
  const name = byId<HTMLInputElement>('channel-name');
  form.hidden = false;
  const act = async (what: 'join' | 'part') => {
    const typed = name.value.trim();
    if (typed === '') return;
    before();
    const r = await post({ act: what, channel: typed });
    if (!r.ok) {
      byId('status').textContent = `not ${what === 'join' ? 'joined' : 'left'}: ${await r.text()}`;
      return;
    }
    name.value = '';
    joined(what === 'join' ? (fromNode<{ channel?: string }>(await r.text()).channel ?? null) : null);
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void act('join');
  });
  byId('part').addEventListener('click', () => void act('part'));
}
