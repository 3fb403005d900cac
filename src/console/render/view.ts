import type { ChatView, PeerView } from '../../../machines/events.js';
import type { Stats } from '../doctor/metrics.js';
import type { Output } from '../output.js';
import { transferLines, transfersTable } from './transfer-lines.js';
import { roomLines } from './room-lines.js';
import { sanitize, sanitizeName } from './sanitize.js';
import { nameLabels } from './name-labels.js';
import { WRAP_INDENT } from './wrap.js';
import { renderJson } from './view-json.js';
import type { TrustAnswer } from '../../wire/ports/index.js';
import { LAN_CHANNEL } from '../../wire/protocol/channel-id.js';

export interface ViewOptions {
  readonly color: boolean;
  /** Unix seconds → wall-clock text; injected so rendering stays pure. */
  readonly formatTime: (unixSeconds: number) => string;
  /** A peer's name as shown (nameLabels: `bob#43af` when two present peers share the name); plain names without it. */
  readonly label?: (id: string, name: string) => string;
  /** The node's clock (ms), to stamp presence lines, errors and notes as chat lines are stamped. */
  readonly now?: () => number;
  /** A channel id as its members know it (`#team`), and whether it is the current one (whose lines go unlabelled). */
  readonly channel?: (id: string) => { readonly name: string; readonly current: boolean };
}

/** The channels as a renderer sees them: the node machine's (`#lan` alone when none is given). */
export interface ChannelNames {
  readonly joined: Readonly<Record<string, { readonly name: string }>>;
  readonly current: string;
}

/** `[21:03:07] ` (dim), or nothing when there is no clock or the time format is off. */
const stamp = (o: ViewOptions, unixSeconds: number | null): string => {
  if (unixSeconds === null) return '';
  const t = o.formatTime(unixSeconds);
  return t === '' ? '' : `${paint(o.color, 2, `[${t}]`)} `;
};
const nowStamp = (o: ViewOptions) => stamp(o, o.now ? o.now() / 1000 : null);

const paint = (on: boolean, code: number, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
const short = (id: string) => id.slice(0, 8);
const labelOf = (o: ViewOptions, id: string, name: string) => (o.label ? o.label(id, name) : name);
const who = (p: { id?: string; name: string; legacy: boolean }, o: ViewOptions) =>
  `${sanitizeName(p.id === undefined ? p.name : labelOf(o, p.id, p.name))}${p.legacy ? ' [legacy, unverified]' : ''}`;

function peerLine(p: PeerView, o: ViewOptions): string {
  const name = `${who(p, o)} (${short(p.id)})`;
  switch (p.state) {
    case 'discovered':
      return paint(o.color, 2, `~ found ${name} at ${p.address}:${p.port}`);
    case 'connected':
      return paint(o.color, 32, `+ ${name} connected${p.via !== undefined && p.via !== 'lan' ? ` (via ${p.via})` : ''}`);
    case 'stale':
      return paint(o.color, 33, `? ${name} is not answering`);
    case 'gone':
      return paint(
        o.color,
        31,
        p.reason === 'exit'
          ? `- ${name} left`
          : p.reason === 'evicted'
            ? `- ${name} dropped (peer table full)`
            : `- ${name} is gone (no answer)`,
      );
  }
}

/** Lines of one message shown at most; a peer's 64 KB of newlines cannot fill the screen. */
const MESSAGE_LINES = 40;

/**
 * A message as screen lines: the first after its author, every further line of a
 * multi-line message indented (so no line of it can pass for a message of its own).
 */
function chatLines(c: ChatView, o: ViewOptions, to: { name: string; legacy: boolean } | null, own: boolean, prefix = ''): string[] {
  const [first = '', ...rest] = c.content.split(/\r?\n/);
  const shown = rest.slice(0, MESSAGE_LINES - 1).map((l) => `${WRAP_INDENT}${sanitize(l)}`);
  const more = rest.length > shown.length ? [paint(o.color, 2, `${WRAP_INDENT}… ${rest.length - shown.length} more lines`)] : [];
  return [prefix + chatLine({ ...c, content: first }, o, to, own), ...shown, ...more];
}

function chatLine(c: ChatView, o: ViewOptions, to: { name: string; legacy: boolean } | null, own: boolean): string {
  const time = stamp(o, c.timestamp);
  const from = own ? 'you' : who({ id: c.fromId, name: c.fromName, legacy: c.legacy }, o);
  const target = own && to ? ` → ${who(to, o)}` : !own && c.private ? ' → you' : '';
  const ch = c.channel === undefined ? null : (o.channel?.(c.channel) ?? { name: c.channel, current: c.channel === LAN_CHANNEL });
  // A line of another channel than the current one says where it was said, as IRC clients do.
  const where = ch !== null && !ch.current ? `${paint(o.color, 34, sanitize(ch.name))} ` : '';
  const tag = (c.private ? paint(o.color, 35, ' (private)') : '') + (c.caughtUp ? paint(o.color, 2, ' (caught up)') : '');
  const action = /^\/me /.exec(c.content);
  if (action)
    return `${time}${where}${paint(o.color, own ? 36 : 1, `* ${from}`)}${target}${tag} ${sanitize(c.content.slice(action[0].length))}`;
  return `${time}${where}${paint(o.color, own ? 36 : 1, from)}${target}${tag}: ${sanitize(c.content)}`;
}

function ago(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms ago` : `${(ms / 1000).toFixed(1)}s ago`;
}

function peersTable(peers: readonly PeerView[], now: number, o: ViewOptions): string[] {
  if (peers.length === 0) return ['no peers yet'];
  const rows = peers.map((p) => [
    who(p, o) + (p.away !== undefined ? ` (away: ${sanitize(p.away)})` : ''),
    short(p.id),
    `${p.address}:${p.port}`,
    p.state,
    ago(now - p.lastSeen),
    p.rtt === null ? '-' : `${p.rtt.toFixed(1)}ms`,
  ]);
  const head = ['NAME', 'ID', 'ADDRESS', 'STATE', 'LAST SEEN', 'RTT'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [fmt(head), ...rows.map(fmt)];
}

/** One output → the lines a person sees. */
/** Side by side with the pinned fingerprint: the keys that claimed the name and were refused. */
function refusedLines(name: string, refused: readonly string[]): string[] {
  const arg = /\s/.test(name) ? `"${sanitizeName(name)}"` : sanitizeName(name);
  return refused.map((fp) => `refused  ${fp}  (not trusted; /trust ${arg} ${fp.slice(0, 9)} to accept it)`);
}

function trustLines(a: TrustAnswer): string[] {
  const name = sanitizeName(a.name);
  switch (a.kind) {
    case 'trusted':
      return [`trusted the new key of ${name}: ${a.fingerprint}`];
    case 'none':
      return [`no refused key for ${name} to trust`];
    case 'choose':
      return [
        `${a.fingerprints.length} keys for ${name} were refused; say which: /trust ${name} FINGERPRINT-PREFIX`,
        ...a.fingerprints.map((fp) => `  ${fp}`),
      ];
    case 'no-match':
      return [
        `no refused key for ${name} has a fingerprint starting "${sanitize(a.prefix)}"; refused were:`,
        ...a.fingerprints.map((fp) => `  ${fp}`),
      ];
  }
}

export function renderHuman(out: Output, o: ViewOptions): string[] {
  switch (out.type) {
    case 'ready':
      return [
        `p2p-chat: you are ${sanitizeName(out.name)} (${short(out.id)}), listening on ${out.address}:${out.port}. /help for commands.`,
        ...(out.newIdentity
          ? [
              `A new identity was made for you: ${out.newIdentity.keyPath} (keep it; it is who you are to your peers).`,
              `Your fingerprint: ${out.newIdentity.fingerprint}`,
              'Before you trust a peer with a private talk, compare fingerprints out loud or in person:',
              'they type /whois YOURNAME and read yours; you type /whois THEIRNAME and /id.',
            ]
          : []),
      ];
    case 'peer':
      return [nowStamp(o) + peerLine(out.peer, o)];
    case 'chat':
      return chatLines(out.chat, o, null, false);
    case 'own':
      return chatLines(out.chat, o, out.to, true);
    case 'error':
      return [nowStamp(o) + paint(o.color, 31, `! ${out.error.code}: ${sanitize(out.error.message)}`)];
    case 'help':
      return [...out.lines];
    case 'peers':
      return peersTable(out.peers, out.now, o);
    case 'identity':
      return [`you are ${sanitizeName(out.name)}, id ${out.id}`, `fingerprint ${out.fingerprint}`];
    case 'whois':
      return out.peer.legacy
        ? [`${who(out.peer, o)} (${out.peer.id}) is an original node: it has no key, nothing it says is verified`]
        : [
            `${sanitizeName(out.peer.name)} (${out.peer.id})`,
            `fingerprint ${out.peer.fingerprint}`,
            ...refusedLines(out.peer.name, out.refused),
          ];
    case 'refused-keys':
      return [`${sanitizeName(out.name)} is not here; keys refused for the name:`, ...refusedLines(out.name, out.refused)];
    case 'trusted':
      return trustLines(out.answer);
    case 'stats':
      return statsTable(out.stats, o);
    case 'doctor':
      return [
        paint(o.color, 1, 'doctor: what this node has seen'),
        ...out.findings.flatMap((f) => {
          const mark =
            f.level === 'ok' ? paint(o.color, 32, '✓') : f.level === 'warning' ? paint(o.color, 33, '!') : paint(o.color, 31, '✗');
          return [`  ${mark} ${sanitize(f.text)} [${f.code}]`, ...(f.fix ? [`      fix: ${sanitize(f.fix)}`] : [])];
        }),
      ];
    case 'delivery':
      return []; // the console shows notes (one per message, not one per recipient)
    case 'note':
      return [nowStamp(o) + paint(o.color, 2, `  ${out.text}`)];
    case 'history':
      return historyLines(out, o);
    case 'pending':
      return out.items.length === 0
        ? ['nothing pending: every message was delivered']
        : out.items.map(
            (p) => `… for ${sanitizeName(p.peerName)}, queued ${ago(out.now - p.queuedAt)}: ${sanitize(p.content).slice(0, 60)}`,
          );
    case 'bye':
      return ['bye'];
    case 'clear':
      return [];
    case 'away': {
      const name = who({ id: out.peerId, name: out.name, legacy: false }, o);
      return [nowStamp(o) + paint(o.color, 2, out.away === null ? `~ ${name} is back` : `~ ${name} is away: ${sanitize(out.away)}`)];
    }
    case 'joined':
      return [
        nowStamp(o) +
          joinedLine(
            out.change,
            Object.values(out.joined).map((c) => c.name),
          ),
      ];
    case 'channels':
      return channelsTable(out.channels, o);
    case 'renamed':
      return [
        nowStamp(o) + paint(o.color, 2, `~ ${sanitizeName(out.from)} is now ${sanitizeName(out.to)} (${short(out.peerId)}, same key)`),
      ];
    case 'transfer':
      return transferLines(out.transfer).map((l) => nowStamp(o) + l);
    case 'transfers':
      return transfersTable(out.transfers);
    case 'room':
      return roomLines(out.answer);
    case 'ignore':
      return [
        out.on
          ? `ignoring ${sanitizeName(out.name)} (${short(out.id)}): what they say is hidden; /unignore ${sanitizeName(out.name)} to see it again`
          : `no longer ignoring ${sanitizeName(out.name)} (${short(out.id)})`,
      ];
  }
}

function historyLines(out: Extract<Output, { type: 'history' }>, o: ViewOptions): string[] {
  if (out.messages.length === 0) return [paint(o.color, 2, `(no messages ${out.title})`)];
  const lines = out.messages.flatMap((m) => {
    const view: ChatView = {
      id: m.id,
      fromId: m.fromId,
      fromName: m.fromName,
      content: m.content,
      timestamp: m.timestamp,
      private: m.toId !== null,
      legacy: m.legacy,
      verified: !m.legacy,
    };
    const to = m.own && m.toId !== null ? { name: out.names[m.toId] ?? m.toId.slice(0, 8), legacy: false } : null;
    return chatLines(view, o, to, m.own, `${paint(o.color, 2, 'history')} `);
  });
  return [paint(o.color, 2, `── ${out.title} ──`), ...lines];
}

const kb = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} kB`);

function statsTable(s: Stats, o: ViewOptions): string[] {
  const d = s.drops;
  const head = [
    `${s.messagesPerSecond.toFixed(1)} messages/s (last ${s.windowSeconds} s); dropped: ${d.rate_limit} rate limit, ${d.decode} decode, ${d.size} size, ${d.refused} refused`,
  ];
  if (s.peers.length === 0) return [...head, 'no peers yet'];
  const rows = s.peers.map((p) => [
    sanitizeName(labelOf(o, p.id, p.name)),
    p.state,
    p.rtt === null ? '-' : `${p.rtt.toFixed(2)}ms`,
    `${p.messagesIn}/${p.messagesOut}`,
    `${kb(p.bytesIn)}/${kb(p.bytesOut)}`,
  ]);
  const title = ['PEER', 'STATE', 'RTT', 'MSGS IN/OUT', 'BYTES IN/OUT'];
  const w = title.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(w[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [...head, fmt(title), ...rows.map(fmt)];
}

/**
 * What one output prints, the same for the live node and its replay: JSON lines
 * with `--json`, else human lines. Names are labelled from the peers present,
 * asked for once per output and only when a name is shown.
 */
export function renderer(opts: {
  readonly json: boolean;
  readonly color: boolean;
  readonly formatTime: (unixSeconds: number) => string;
  readonly present: () => readonly PeerView[];
  readonly now: () => number;
  readonly channels?: () => ChannelNames;
}): (o: Output) => string[] {
  const channel = (id: string) => {
    const c = opts.channels?.();
    return { name: c?.joined[id]?.name ?? id, current: id === (c?.current ?? LAN_CHANNEL) };
  };
  if (opts.json)
    return (o) => {
      const json = renderJson(o, (id) => channel(id).name);
      return json === null ? [] : [JSON.stringify(json)];
    };
  return (o) => {
    let labels: ((id: string, name: string) => string) | null = null;
    return renderHuman(o, {
      color: opts.color,
      formatTime: opts.formatTime,
      now: opts.now,
      label: (id, name) => (labels ??= nameLabels(opts.present()))(id, name),
      channel,
    });
  };
}

function joinedLine(c: { readonly act: 'join' | 'part' | 'go' | 'start'; readonly name: string }, names: readonly string[]): string {
  const name = sanitize(c.name);
  if (c.act === 'start') return `you are in ${names.map(sanitize).join(', ')} again; plain lines go to ${name} (/channels lists them)`;
  if (c.act === 'join') return `you are in ${name}; plain lines go there now (/go #lan to go back, /part ${name} to leave)`;
  if (c.act === 'part') return `you left ${name}; nothing of it reaches you now`;
  return `plain lines go to ${name} now`;
}

function channelsTable(channels: Extract<Output, { type: 'channels' }>['channels'], o: ViewOptions): string[] {
  return channels.map((c) => {
    const members = c.members.length === 0 ? 'nobody else here' : c.members.map((m) => who({ ...m, legacy: false }, o)).join(', ');
    const unread = c.unread > 0 ? `, ${c.unread} unread` : '';
    return `${c.current ? '*' : ' '} ${sanitize(c.name)}${c.kind === 'secret' ? ' (secret)' : ''}: ${members}${unread}`;
  });
}
