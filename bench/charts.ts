import { writeFileSync } from 'node:fs';

interface Fig {
  readonly name: string;
  readonly value: number;
  readonly baseline: number | null;
  readonly params: Record<string, unknown>;
}

interface Series {
  readonly label: string;
  readonly color: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

const W = 590;
const H = 320;
const PAD = { left: 70, right: 180, top: 30, bottom: 45 };
const esc = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small line chart, log-scaled on y when the values span decades: plain SVG, no library. */
function lineChart(title: string, xLabel: string, yLabel: string, series: readonly Series[], logY: boolean): string {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter((y) => y > 0);
  if (xs.length === 0 || ys.length === 0) return '';
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const f = (y: number) => (logY ? Math.log10(Math.max(y, 1e-9)) : y);
  const [y0, y1] = logY ? [Math.floor(f(Math.min(...ys))), Math.ceil(f(Math.max(...ys)))] : [0, Math.max(...ys) * 1.1];
  const px = (x: number) => PAD.left + ((x - x0) / Math.max(1e-9, x1 - x0)) * (W - PAD.left - PAD.right);
  const py = (y: number) => H - PAD.bottom - ((f(y) - y0) / Math.max(1e-9, y1 - y0)) * (H - PAD.top - PAD.bottom);
  const ticks = logY ? Array.from({ length: y1 - y0 + 1 }, (_, i) => 10 ** (y0 + i)) : [0, 0.25, 0.5, 0.75, 1].map((t) => t * y1);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2 - PAD.right / 2}" y="18" text-anchor="middle" font-size="13">${esc(title)}</text>`,
    ...ticks.map(
      (t) =>
        `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${py(t)}" y2="${py(t)}" stroke="#eee"/><text x="${PAD.left - 6}" y="${py(t) + 4}" text-anchor="end">${Math.round(t).toLocaleString('en')}</text>`,
    ),
    ...[...new Set(xs)].map((x) => `<text x="${px(x)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${x}</text>`),
    `<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 8}" text-anchor="middle">${esc(xLabel)}</text>`,
    `<text x="14" y="${(H - PAD.bottom + PAD.top) / 2}" transform="rotate(-90 14 ${(H - PAD.bottom + PAD.top) / 2})" text-anchor="middle">${esc(yLabel)}</text>`,
  ];
  series.forEach((s, i) => {
    const pts = s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    s.points.forEach(([x, y]) => out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${s.color}"/>`));
    out.push(`<rect x="${W - PAD.right + 12}" y="${PAD.top + i * 18}" width="12" height="3" fill="${s.color}"/>`);
    out.push(`<text x="${W - PAD.right + 30}" y="${PAD.top + i * 18 + 5}">${esc(s.label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

const pick = (figs: readonly Fig[], re: RegExp, key: string, value: (f: Fig) => number | null): Array<[number, number]> =>
  figs.flatMap((f) => {
    const x = f.params[key];
    const y = value(f);
    return re.test(f.name) && typeof x === 'number' && y !== null ? [[x, y] as [number, number]] : [];
  });

/** bench/throughput.svg (throughput against fan-out) and bench/join.svg (join time against LAN size), from the figures. */
export function writeCharts(figs: readonly Fig[], dir: URL): void {
  const thr = lineChart(
    'Broadcast throughput against fan-out',
    'receivers',
    'messages/s (log)',
    [
      { label: 'bare NDJSON over TCP', color: '#999', points: pick(figs, /^broadcast throughput to/, 'receivers', (f) => f.baseline) },
      {
        label: 'bare over secret-stream',
        color: '#bf8700',
        points: pick(figs, /vs an encrypted baseline/, 'receivers', (f) => f.baseline),
      },
      { label: 'original (one connection each)', color: '#8250df', points: pick(figs, /original way/, 'receivers', (f) => f.value) },
      { label: 'p2p-chat (acked, stored)', color: '#0969da', points: pick(figs, /^broadcast throughput to/, 'receivers', (f) => f.value) },
    ],
    true,
  );
  if (thr) writeFileSync(new URL('throughput.svg', dir), thr);
  const join = lineChart(
    'A joiner linked to every host',
    'hosts on the LAN',
    'ms',
    [
      { label: 'namespaced LAN', color: '#0969da', points: pick(figs, /^discovery \(LAN\): joiner/, 'lan_size', (f) => f.value) },
      { label: 'loopback, one address', color: '#999', points: pick(figs, /^discovery \(loopback\): joiner/, 'lan_size', (f) => f.value) },
    ],
    false,
  );
  if (join) writeFileSync(new URL('join.svg', dir), join);
}
