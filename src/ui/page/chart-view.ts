import type { LaidOutChart } from '../chart-layout.js';
import type { UiActor } from '../model.js';
import { clock, el, sv } from './dom.js';

/**
 * One machine's statechart, as laid out by the node (ELK), with the actor's
 * active states lit and the arrow of the event it took last drawn red.
 */
export function drawChart(svg: SVGSVGElement, global: HTMLElement, chart: LaidOutChart | undefined, actor: UiActor | undefined): void {
  svg.replaceChildren();
  global.replaceChildren();
  if (!chart) return;
  svg.setAttribute('width', String(Math.ceil(chart.width)));
  svg.setAttribute('height', String(Math.ceil(chart.height)));
  svg.setAttribute('data-machine', chart.machine);
  const defs = sv('defs');
  const head = sv('marker', {
    id: 'head',
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  head.append(sv('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#888' }));
  defs.append(head);
  svg.append(defs);
  const active = new Set(actor?.active ?? []);
  for (const b of chart.boxes) {
    const g = sv('g', {
      class: `state ${b.type}${b.region ? ' region' : ''}${active.has(b.path) ? ' active' : ''}`,
      'data-path': b.path,
    });
    g.append(sv('rect', { x: b.x, y: b.y, width: b.width, height: b.height, rx: 8 }));
    g.append(
      sv(
        'text',
        { x: b.x + 8, y: b.y + 15, 'font-weight': 'bold' },
        `${b.initial ? '● ' : ''}${b.key}${b.type === 'final' ? ' (final)' : ''}`,
      ),
    );
    b.internal.forEach((l, i) => g.append(sv('text', { x: b.x + 8, y: b.y + 29 + i * 14, fill: '#555' }, l.text)));
    svg.append(g);
  }
  const last = actor?.log.at(-1);
  for (const a of chart.arrows) {
    const taken = last !== undefined && a.events.includes(last.event) && active.has(a.target);
    const [first, ...rest] = a.points;
    if (!first) continue;
    const d = `M${first[0]},${first[1]} ${rest.map(([x, y]) => `L${x},${y}`).join(' ')}`;
    svg.append(sv('path', { class: `arrow${taken ? ' taken' : ''}`, d, 'marker-end': 'url(#head)', 'data-events': a.events.join(' ') }));
    if (a.label) svg.append(sv('text', { class: `arrow-label${taken ? ' taken' : ''}`, x: a.label.x, y: a.label.y + 11 }, a.text));
  }
  scrollToActive(svg, chart, active);
  if (chart.global.length > 0) global.textContent = `from any state: ${chart.global.map((g) => g.text).join(', ')}`;
}

let lastScrolled = '';

/** A wide chart scrolls: bring the innermost active state into view when it changes (not on every redraw). */
function scrollToActive(svg: SVGSVGElement, chart: LaidOutChart, active: ReadonlySet<string>): void {
  const box = svg.parentElement;
  const deepest = chart.boxes.filter((b) => active.has(b.path)).at(-1);
  if (!box || !deepest) return;
  const key = `${chart.machine}:${deepest.path}`;
  if (key === lastScrolled) return;
  lastScrolled = key;
  if (deepest.x < box.scrollLeft || deepest.x + deepest.width > box.scrollLeft + box.clientWidth)
    box.scrollLeft = Math.max(0, deepest.x - 40);
}

/** The actor's events, newest first: time, type, payload (private content hidden unless asked), the state it led to. */
export function drawLog(tbody: HTMLElement, actor: UiActor | undefined): void {
  tbody.replaceChildren();
  for (const e of [...(actor?.log ?? [])].reverse()) {
    const payload = JSON.stringify(e.payload) ?? '';
    const tr = el('tr', { 'data-event': e.event });
    tr.append(
      el('td', {}, clock(e.at)),
      el('td', {}, e.event),
      el('td', {}, payload.length > 400 ? `${payload.slice(0, 400)}…` : payload),
      el('td', {}, e.to),
    );
    tbody.append(tr);
  }
}
