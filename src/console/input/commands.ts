import { LIMITS } from '../../wire/protocol/limits.js';
import { looksLikeId } from '../../wire/identity/name-key.js';
import type { RoomCommand } from '../../wire/ports/index.js';

/**
 * What a typed line means. Pure: the same parser serves the console and `--json`
 * mode, so scripts type exactly what people type.
 */
export type Command =
  | { kind: 'chat'; content: string }
  | { kind: 'msg'; target: string; content: string }
  | { kind: 'peers' }
  | { kind: 'id' }
  | { kind: 'stats' }
  | { kind: 'whois'; target: string }
  | { kind: 'trust'; name: string; prefix?: string }
  | { kind: 'history'; target: string | null; count: number }
  | { kind: 'search'; text: string }
  | { kind: 'pending' }
  | { kind: 'doctor' }
  | { kind: 'help' }
  | { kind: 'clear' }
  | { kind: 'nick'; name: string }
  | { kind: 'away'; text: string | null }
  | { kind: 'ignore'; target: string; on: boolean }
  | { kind: 'quit' }
  /** Files: `*` offers to every connected peer. */
  | { kind: 'send'; target: string; path: string }
  | { kind: 'answer'; accept: boolean; id: string | null }
  | { kind: 'cancel'; id: string }
  | { kind: 'transfers' }
  /** Rooms over Hyperswarm (issue 14). */
  | { kind: 'room'; room: RoomCommand }
  /** LAN channels (`#NAME`): join (or make), leave, make current (issue 23). */
  | { kind: 'channel'; act: 'join' | 'part' | 'go'; name: string }
  | { kind: 'channels' }
  | { kind: 'none' }
  | { kind: 'invalid'; code: 'UNKNOWN_COMMAND' | 'BAD_COMMAND'; message: string };

export const HELP = [
  "Type a line to send it to the current channel (#lan, the LAN's own, unless you /go elsewhere).",
  '/msg NAME|ID-PREFIX text   private message to one peer ("quotes" for a name with spaces)',
  '/msg #NAME text            to a channel you are in, without making it current',
  '/join #NAME                join (or make) a LAN channel and make it current; /part #NAME leaves it',
  '/go #NAME                  plain lines go to this channel from now on (/go #lan to go back)',
  '/channels                  the channels you are in, who of them is here, and unread counts',
  '/peers (or /list)          peers with state, address, last seen and RTT',
  "/whois NAME|ID-PREFIX      a peer's key fingerprint (compare it with theirs out loud), and keys refused for the name",
  '/id                        your own id and fingerprint',
  '/stats                     messages/s, drops by reason, per-peer RTT, messages and bytes',
  '/history [NAME|#NAME] [N]  the last N messages (default 20), or those with one peer or of one channel',
  '/search TEXT               every kept message with these words, newest first',
  '/pending                   own messages not yet delivered, per recipient',
  '/doctor                    why you see nobody, or miss a peer: what this node has seen, and the fix',
  '/trust NAME [FINGERPRINT]  accept the new key a known name now uses (after a KEY_CHANGED warning);',
  '                           when several keys were refused, the start of the one you checked',
  '/me does something         an action, shown as "* you does something"',
  '/nick NAME                 go by another name from now on (same id and key)',
  '/away [TEXT]               tell peers you are away (shown in their /peers); /away alone: back',
  '/send NAME|ID-PREFIX|* PATH  offer a file or a folder to one peer (* every connected peer)',
  '/accept [ID], /reject [ID] take or refuse an offer (the ID prefix when several wait)',
  '/transfers                 transfers under way, paused or waiting, with their progress',
  '/cancel ID                 stop a transfer (both sides drop it)',
  '/join NAME|CODE            join a room beyond the LAN (a new NAME makes one); /leave NAME (or /part NAME)',
  '/rooms, /invite NAME       the rooms joined; the code that lets someone into one',
  '/clear                     clear the screen',
  '/ignore NAME, /unignore    hide (show again) what a peer says; kept across restarts',
  '/help                      this help',
  '/quit                      tell peers goodbye and exit (also Ctrl-C, Ctrl-D)',
  '//text                     send a line that starts with "/"',
];

/**
 * The first argument of a command: one word, or a name in double quotes (names may
 * have spaces: `/msg "mary jane" hi`). Null when a quote is left open.
 */
function target(args: string): { target: string; rest: string } | null {
  const text = args.trimStart();
  if (text.startsWith('"')) {
    const close = text.indexOf('"', 1);
    if (close < 0) return null;
    return { target: text.slice(1, close), rest: text.slice(close + 1).replace(/^\s/, '') };
  }
  const m = /^(\S*)\s?([\s\S]*)$/.exec(text);
  return { target: m?.[1] ?? '', rest: m?.[2] ?? '' };
}

export function parseCommand(line: string): Command {
  const trimmed = line.replace(/[\r\n]+$/, '');
  if (trimmed.trim() === '') return { kind: 'none' };
  if (trimmed.startsWith('//')) return { kind: 'chat', content: trimmed.slice(1) };
  if (!trimmed.startsWith('/')) return { kind: 'chat', content: trimmed };
  const [word = ''] = trimmed.slice(1).split(/\s+/, 1);
  const args = trimmed.slice(1 + word.length);
  switch (word.toLowerCase()) {
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'peers':
    case 'list':
      return { kind: 'peers' };
    case 'quit':
    case 'exit':
      return { kind: 'quit' };
    case 'clear':
      return { kind: 'clear' };
    case 'away': {
      const text = args.trim();
      if ([...text].length > 200) return { kind: 'invalid', code: 'BAD_COMMAND', message: 'usage: /away [TEXT] (at most 200 characters)' };
      return { kind: 'away', text: text === '' ? null : text };
    }
    case 'nick': {
      const name = args.trim();
      if (name === '' || [...name].length > LIMITS.nameChars)
        return { kind: 'invalid', code: 'BAD_COMMAND', message: `usage: /nick NAME (1 to ${LIMITS.nameChars} characters)` };
      if (looksLikeId(name))
        return { kind: 'invalid', code: 'BAD_COMMAND', message: `"${name}" looks like a peer id; peers would refuse it` };
      return { kind: 'nick', name };
    }
    case 'ignore':
    case 'unignore': {
      const t = target(args);
      const on = word.toLowerCase() === 'ignore';
      if (t === null || t.target === '')
        return { kind: 'invalid', code: 'BAD_COMMAND', message: `usage: /${on ? 'ignore' : 'unignore'} NAME|ID-PREFIX` };
      return { kind: 'ignore', target: t.target, on };
    }
    case 'me': {
      // An action, IRC style: sent as the text "/me waves" (which original nodes show as it is),
      // shown here as "* bob waves".
      const text = args.trim();
      if (text === '') return { kind: 'invalid', code: 'BAD_COMMAND', message: 'usage: /me does something' };
      return { kind: 'chat', content: `/me ${text}` };
    }
    case 'id':
      return { kind: 'id' };
    case 'stats':
      return { kind: 'stats' };
    case 'pending':
      return { kind: 'pending' };
    case 'doctor':
      return { kind: 'doctor' };
    case 'history': {
      const usage = { kind: 'invalid', code: 'BAD_COMMAND', message: 'usage: /history [NAME|"NAME WITH SPACES"|ID-PREFIX] [N]' } as const;
      const t = target(args);
      if (t === null) return usage;
      const [first, second] = [t.target, t.rest.trim()];
      const isCount = (s: string) => /^\d+$/.test(s);
      const quoted = args.trimStart().startsWith('"');
      const who = first === '' || (!quoted && isCount(first) && second === '') ? null : first;
      const countText = who === null ? first : second;
      if (countText !== '' && !isCount(countText)) return usage;
      const count = countText === '' ? 20 : Number(countText);
      if (count < 1) return usage;
      return { kind: 'history', target: who, count: Math.min(count, LIMITS.historyLines) };
    }
    case 'search': {
      const text = trimmed.replace(/^\/\S+\s*/, '').trim();
      if (text === '') return { kind: 'invalid', code: 'BAD_COMMAND', message: 'usage: /search TEXT' };
      return { kind: 'search', text };
    }
    case 'whois': {
      // Nothing follows a /whois target, so an unquoted name with spaces is taken whole too.
      const t = target(args);
      const whole = args.trim().startsWith('"') ? (t?.target ?? '') : args.trim();
      if (t === null || whole === '')
        return { kind: 'invalid', code: 'BAD_COMMAND', message: 'usage: /whois NAME|"NAME WITH SPACES"|ID-PREFIX' };
      return { kind: 'whois', target: whole };
    }
    case 'trust': {
      const t = target(args);
      if (t === null || t.target === '')
        return { kind: 'invalid', code: 'BAD_COMMAND', message: 'usage: /trust NAME|"NAME WITH SPACES" [FINGERPRINT-PREFIX]' };
      // A fingerprint is shown in groups of four hex digits: whatever follows the name is its start.
      const prefix = t.rest.replace(/\s+/g, '');
      return prefix === '' ? { kind: 'trust', name: t.target } : { kind: 'trust', name: t.target, prefix };
    }
    case 'send': {
      const t = target(args);
      const file = t?.rest.trim().replace(/^"(.*)"$/, '$1') ?? '';
      if (t === null || t.target === '' || file === '')
        return { kind: 'invalid', code: 'BAD_COMMAND', message: 'usage: /send NAME|"NAME WITH SPACES"|ID-PREFIX|* PATH' };
      return { kind: 'send', target: t.target, path: file };
    }
    case 'accept':
    case 'reject': {
      const id = args.trim();
      if (/\s/.test(id)) return { kind: 'invalid', code: 'BAD_COMMAND', message: `usage: /${word.toLowerCase()} [TRANSFER-ID-PREFIX]` };
      return { kind: 'answer', accept: word.toLowerCase() === 'accept', id: id === '' ? null : id };
    }
    case 'cancel': {
      const id = args.trim();
      if (id === '' || /\s/.test(id)) return { kind: 'invalid', code: 'BAD_COMMAND', message: 'usage: /cancel TRANSFER-ID-PREFIX' };
      return { kind: 'cancel', id };
    }
    case 'transfers':
      return { kind: 'transfers' };
    case 'rooms':
      return { kind: 'room', room: { kind: 'rooms' } };
    case 'channels':
      return { kind: 'channels' };
    case 'go': {
      const arg = args.trim();
      if (!arg.startsWith('#') || /\s/.test(arg)) return { kind: 'invalid', code: 'BAD_COMMAND', message: 'usage: /go #NAME' };
      return { kind: 'channel', act: 'go', name: arg };
    }
    case 'join':
    case 'leave':
    case 'part':
    case 'invite': {
      const arg = args.trim();
      const typed = word.toLowerCase();
      // A name with '#' is a LAN channel; anything else is a room beyond the LAN (issue 14).
      if (arg.startsWith('#') && typed !== 'invite' && !/\s/.test(arg))
        return { kind: 'channel', act: typed === 'join' ? 'join' : 'part', name: arg };
      const kind = typed === 'join' ? 'join' : typed === 'invite' ? 'invite' : 'leave';
      if (arg === '' || /\s/.test(arg))
        return { kind: 'invalid', code: 'BAD_COMMAND', message: `usage: /${kind} ${kind === 'join' ? 'NAME|CODE' : 'NAME'}` };
      return { kind: 'room', room: { kind, arg } };
    }
    case 'msg': {
      const t = target(args);
      if (t === null || t.target === '' || t.rest.trim() === '') {
        return { kind: 'invalid', code: 'BAD_COMMAND', message: 'usage: /msg NAME|"NAME WITH SPACES"|ID-PREFIX text' };
      }
      return { kind: 'msg', target: t.target, content: t.rest };
    }
    default:
      return {
        kind: 'invalid',
        code: 'UNKNOWN_COMMAND',
        message: `unknown command /${word.slice(0, 32)}; type /help for commands, or //text to send a line starting with "/"`,
      };
  }
}
