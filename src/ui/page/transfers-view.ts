import type { UiModel } from '../model.js';
import { el } from './dom.js';

const mb = (n: number) => `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB`;

/** One row per transfer: what, with whom, a progress bar, the state (and speed while it moves, where it landed once done). */
export function drawTransfers(box: HTMLElement, m: UiModel): void {
  box.replaceChildren();
  const list = Object.values(m.transfers).reverse();
  if (list.length === 0) box.append(el('div', { class: 'mono' }, 'no transfers'));
  for (const { view: t, rate } of list) {
    const incoming = t.direction === 'incoming';
    const bar = el('progress', { max: String(Math.max(1, t.size)), value: String(t.size === 0 ? 1 : t.bytes) });
    const pct = t.size === 0 ? 100 : Math.floor((100 * t.bytes) / t.size);
    const detail =
      t.state === 'progress' && rate !== null && rate > 0
        ? `${pct}% · ${mb(rate)}/s`
        : t.state === 'done' && t.path
          ? `done · ${t.path}`
          : `${t.state}${t.reason ? ` · ${t.reason}` : ''}`;
    const row = el('div', { class: 'transfer', 'data-transfer-id': t.id, 'data-state': t.state });
    row.append(
      `${incoming ? '⇣' : '⇡'} ${t.name} ${incoming ? 'from' : 'to'} ${t.peerName} (${t.files === 1 ? '' : `${t.files} files, `}${mb(t.size)}) `,
      bar,
      el('span', { class: 'mono' }, ` ${detail}`),
    );
    box.append(row);
  }
}
