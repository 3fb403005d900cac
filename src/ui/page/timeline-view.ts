import type { UiModel } from '../model.js';
import type { Marker } from '../timeline.js';
import { byId, clock, el, fromNode, withToken } from './dom.js';

const TICK_MS = 100;

/**
 * The replay player: a slider over the recording's span, markers for peer
 * changes, chats and errors, play/pause at a speed. Each position asks the
 * node for the model at that moment (one request at a time; the latest wins).
 */
export async function startReplay(show: (m: UiModel) => void, view: () => Record<string, string>): Promise<() => void> {
  const box = byId('timeline');
  const slider = byId<HTMLInputElement>('slider');
  const play = byId<HTMLButtonElement>('play');
  const speed = byId<HTMLSelectElement>('speed');
  box.hidden = false;
  byId('status').textContent = 'replay';
  const span = fromNode<{ start: number; end: number; markers: Marker[] }>(await (await fetch(withToken('/timeline'))).text());
  // The slider counts ms from the start: an input keeps ~15 digits, too few for epoch ms with fractions.
  const width = Math.max(1, span.end - span.start);
  slider.min = '0';
  slider.max = String(width);
  slider.value = '0';
  const at = () => span.start + Number(slider.value);
  const marks = byId('marks');

  let inFlight = false;
  let wanted: number | null = null;
  const fetchFrame = async (t: number) => {
    if (inFlight) {
      wanted = t;
      return;
    }
    inFlight = true;
    const r = await fetch(withToken('/frame', { t: String(t), ...view() }));
    show(fromNode<UiModel>(await r.text()));
    byId('clock').textContent = `${clock(t)} (+${((t - span.start) / 1000).toFixed(1)} s of ${(width / 1000).toFixed(1)} s)`;
    slider.dataset['shown'] = String(t);
    inFlight = false;
    if (wanted !== null) {
      const next = wanted;
      wanted = null;
      void fetchFrame(next);
    }
  };
  slider.addEventListener('input', () => void fetchFrame(at()));
  // A marker is a way to jump to the exact moment of what it marks.
  for (const m of span.markers) {
    const mark = el('span', {
      class: m.kind,
      title: `${clock(m.at)} ${m.text}`,
      'data-at': m.at,
      style: `left:${(100 * (m.at - span.start)) / width}%`,
    });
    mark.addEventListener('click', () => {
      slider.value = String(m.at - span.start);
      void fetchFrame(m.at);
    });
    marks.append(mark);
  }
  let timer: ReturnType<typeof setInterval> | null = null;
  const stop = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
    play.textContent = '▶ play';
  };
  play.addEventListener('click', () => {
    if (timer !== null) return stop();
    if (at() >= span.end) slider.value = '0';
    play.textContent = '⏸ pause';
    timer = setInterval(() => {
      const t = Math.min(span.end, at() + TICK_MS * Number(speed.value));
      slider.value = String(t - span.start);
      void fetchFrame(t);
      if (t >= span.end) stop();
    }, TICK_MS);
  });
  await fetchFrame(span.start);
  return () => void fetchFrame(at());
}
