import type { UiModel } from '../model.js';
import { el } from './dom.js';

/** One row per peer this node has shown; a click picks it (private chat, its machine in the inspector). */
export function drawPeers(tbody: HTMLElement, m: UiModel, selected: string | null, pick: (id: string) => void): void {
  tbody.replaceChildren();
  for (const p of Object.values(m.peers)) {
    const v = p.view;
    if (!v) continue;
    const tr = el('tr', { 'data-peer-id': v.id, 'data-state': v.state, class: v.id === selected ? 'selected' : '' });
    const name = el('td');
    name.append(el('span', {}, `${p.label || v.name} `), el('span', { class: 'mono' }, v.id.slice(0, 8)));
    if (!v.verified) name.append(el('div', { class: 'unverified' }, 'legacy, unverified'));
    if (v.away) name.append(el('div', { class: 'mono' }, `away: ${v.away}`));
    const machine = m.actors[`peer:${v.id}`]?.state ?? '';
    tr.append(
      name,
      el('td', { class: v.state }, v.state),
      el('td', { class: 'mono' }, machine),
      el('td', {}, v.rtt === null ? '-' : `${v.rtt.toFixed(2)} ms`),
      el('td', {}, `${p.chatsIn} / ${p.chatsOut}`),
    );
    tr.addEventListener('click', () => pick(v.id));
    tbody.append(tr);
  }
}

/** The node's metrics, one line per peer. */
export function drawStats(box: HTMLElement, m: UiModel): void {
  box.replaceChildren();
  if (!m.stats) return;
  const d = m.stats.drops;
  box.append(
    el(
      'div',
      {},
      `${m.stats.messagesPerSecond.toFixed(1)} messages/s; dropped: ${d.rate_limit} rate limit, ${d.decode} decode, ${d.size} size, ${d.refused} refused`,
    ),
  );
  for (const p of m.stats.peers)
    box.append(
      el(
        'div',
        { 'data-stats-peer': p.id },
        `${p.name}: in ${p.messagesIn} msgs / ${p.bytesIn} B, out ${p.messagesOut} msgs / ${p.bytesOut} B`,
      ),
    );
}
