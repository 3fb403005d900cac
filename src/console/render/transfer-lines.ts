import type { TransferView } from '../../../machines/index.js';
import { sanitize, sanitizeName } from './sanitize.js';

/**
 * How transfers read on the console: a line when one changes state (offered,
 * accepted, done, failed…), one live status line per transfer under way
 * (redrawn in place above the prompt, never between typed characters), and
 * the /transfers table.
 */

/** 1536 → "1.5 kB"; decimal units, as file managers show them. */
export function sizeText(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i] ?? 'TB'}`;
}

const short = (id: string) => id.slice(0, 8);
const what = (t: TransferView) => `"${sanitize(t.name)}" (${t.files === 1 ? '' : `${t.files} files, `}${sizeText(t.size)})`;
const arrow = (t: TransferView) => (t.direction === 'incoming' ? '⇣' : '⇡');

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s % 60).padStart(2, '0')}`;
}

/** The line printed when a transfer changes state; none for progress (the status line shows it). */
export function transferLines(t: TransferView): string[] {
  const peer = sanitizeName(t.peerName);
  const incoming = t.direction === 'incoming';
  const why = t.reason ? `: ${sanitize(t.reason)}` : '';
  switch (t.state) {
    case 'offered':
      return incoming
        ? [`⇣ ${peer} offers ${what(t)}: /accept ${short(t.id)} or /reject ${short(t.id)}`]
        : [`⇡ offering ${what(t)} to ${peer} (${short(t.id)}); waiting for an answer`];
    case 'accepted':
      return [incoming ? `⇣ receiving ${what(t)} from ${peer}` : `⇡ ${peer} accepted ${what(t)}; sending`];
    case 'progress':
    case 'paused':
      return [];
    case 'done':
      return incoming
        ? [`✓ received ${what(t)} from ${peer}, every byte verified (SHA-256): ${sanitize(t.path ?? '')}`]
        : [`✓ ${peer} has ${what(t)}, verified at their end`];
    case 'rejected':
      return [incoming ? `✗ refused ${what(t)} from ${peer}` : `✗ ${peer} refused ${what(t)}${why}`];
    case 'cancelled':
      return [`✗ ${what(t)} ${incoming ? 'from' : 'to'} ${peer} cancelled${why}`];
    case 'failed':
      return [`✗ ${what(t)} ${incoming ? 'from' : 'to'} ${peer} failed${why}`];
  }
}

/** The live line of a transfer under way (bytes, %, speed, time left), or null once it is over. */
export function statusLine(t: TransferView, rate: number | undefined): string | null {
  if (t.state !== 'accepted' && t.state !== 'progress' && t.state !== 'paused') return null;
  const pct = t.size === 0 ? 100 : Math.floor((100 * t.bytes) / t.size);
  const head = `${arrow(t)} ${sanitize(t.name)} ${t.direction === 'incoming' ? 'from' : 'to'} ${sanitizeName(t.peerName)}  ${pct}%  ${sizeText(t.bytes)}/${sizeText(t.size)}`;
  if (t.state === 'paused') return `${head}  paused: waiting for ${sanitizeName(t.peerName)} (/cancel ${short(t.id)})`;
  if (rate === undefined || rate <= 0) return head;
  return `${head}  ${sizeText(rate)}/s  ${clock((t.size - t.bytes) / rate)} left`;
}

export function transfersTable(list: readonly TransferView[]): string[] {
  if (list.length === 0) return ['no transfers'];
  return list.map((t) => {
    const pct = t.size === 0 ? 100 : Math.floor((100 * t.bytes) / t.size);
    return `${short(t.id)}  ${arrow(t)} ${sanitize(t.name)}  ${t.direction === 'incoming' ? 'from' : 'to'} ${sanitizeName(t.peerName)}  ${t.state}  ${pct}% of ${sizeText(t.size)}`;
  });
}
