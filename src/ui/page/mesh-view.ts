import type { UiModel } from '../model.js';
import { sv } from './dom.js';

const COLORS: Record<string, string> = { connected: '#1a7f37', discovered: '#999', stale: '#bf8700', gone: '#cf222e' };

interface Spot {
  readonly id: string;
  readonly label: string;
  readonly state: string;
  readonly self: boolean;
}

/**
 * The whole mesh as far as this node knows it: its own links (coloured by the
 * peer's state) and the links each peer reports (grey), peers it has only
 * heard of included. Every node on one circle, this one marked.
 */
export function drawMesh(svg: SVGSVGElement, m: UiModel, selected: string | null, pick: (id: string) => void): void {
  svg.replaceChildren();
  const spots = new Map<string, Spot>();
  if (m.self) spots.set(m.self.id, { id: m.self.id, label: `${m.self.name} (you)`, state: 'self', self: true });
  for (const [id, p] of Object.entries(m.peers))
    if (p.view && p.view.state !== 'gone') spots.set(id, { id, label: p.label || p.view.name, state: p.view.state, self: false });
  for (const p of Object.values(m.peers))
    for (const id of p.links) if (!spots.has(id)) spots.set(id, { id, label: id.slice(0, 8), state: 'heard of', self: false });
  const all = [...spots.values()];
  const at = new Map(
    all.map((s, i) => {
      const a = (2 * Math.PI * i) / Math.max(1, all.length) - Math.PI / 2;
      return [s.id, [Math.round(150 * Math.cos(a)), Math.round(150 * Math.sin(a))] as const];
    }),
  );
  const drawn = new Set<string>();
  const line = (a: string, b: string, kind: 'own' | 'reported', color: string, dashed: boolean) => {
    const key = [a, b].sort().join(' ');
    const pa = at.get(a);
    const pb = at.get(b);
    if (drawn.has(key) || !pa || !pb) return;
    drawn.add(key);
    const [x1, y1] = pa;
    const [x2, y2] = pb;
    svg.append(
      sv('line', {
        class: `link ${kind}`,
        'data-link': key,
        x1,
        y1,
        x2,
        y2,
        stroke: color,
        'stroke-width': kind === 'own' ? 3 : 1.5,
        'stroke-dasharray': dashed ? '6 4' : '',
      }),
    );
  };
  if (m.self) {
    const self = m.self.id;
    for (const [id, p] of Object.entries(m.peers))
      if (p.view && (p.view.state === 'connected' || p.view.state === 'stale'))
        line(self, id, 'own', COLORS[p.view.state] ?? '#999', p.view.legacy || p.view.state === 'stale');
  }
  for (const [id, p] of Object.entries(m.peers)) for (const other of p.links) line(id, other, 'reported', '#aaa', false);
  for (const s of all) {
    const [x, y] = at.get(s.id) ?? [0, 0];
    const g = sv('g', { class: `peer${s.id === selected ? ' selected' : ''}`, 'data-peer-id': s.id, 'data-state': s.state });
    g.append(
      sv('circle', {
        cx: x,
        cy: y,
        r: s.self ? 22 : 18,
        fill: s.self ? '#0969da' : '#fff',
        stroke: COLORS[s.state] ?? '#999',
        'stroke-width': 3,
      }),
      sv('text', { x, y: y + 34, 'text-anchor': 'middle', 'font-size': 12 }, s.label),
    );
    if (!s.self) g.addEventListener('click', () => pick(s.id));
    svg.append(g);
  }
}
