import { LIMITS } from '../wire/protocol/limits.js';

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
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'none' }
  | { kind: 'invalid'; code: 'UNKNOWN_COMMAND' | 'BAD_COMMAND'; message: string };

export const HELP = [
  'Type a line to send it to every connected peer.',
  '/msg NAME|ID-PREFIX text   private message to one peer',
  '/peers (or /list)          peers with state, address, last seen and RTT',
  "/whois NAME|ID-PREFIX      a peer's key fingerprint (compare it with theirs out loud)",
  '/id                        your own id and fingerprint',
  '/stats                     messages/s, drops by reason, per-peer RTT, messages and bytes',
  '/history [NAME] [N]        the last N messages (default 20), or those with one peer',
  '/search TEXT               every kept message with these words, newest first',
  '/pending                   own messages not yet delivered, per recipient',
  '/trust NAME [FINGERPRINT]  accept the new key a known name now uses (after a KEY_CHANGED warning);',
  '                           when several keys were refused, the start of the one you checked',
  '/help                      this help',
  '/quit                      tell peers goodbye and exit (also Ctrl-C, Ctrl-D)',
  '//text                     send a line that starts with "/"',
];

export function parseCommand(line: string): Command {
  const trimmed = line.replace(/[\r\n]+$/, '');
  if (trimmed.trim() === '') return { kind: 'none' };
  if (trimmed.startsWith('//')) return { kind: 'chat', content: trimmed.slice(1) };
  if (!trimmed.startsWith('/')) return { kind: 'chat', content: trimmed };
  const [word = '', ...rest] = trimmed.slice(1).split(/\s+/);
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
    case 'id':
      return { kind: 'id' };
    case 'stats':
      return { kind: 'stats' };
    case 'pending':
      return { kind: 'pending' };
    case 'history': {
      const args = [...rest].filter(Boolean);
      const last = args[args.length - 1];
      const count = last !== undefined && /^\d+$/.test(last) ? Number(args.pop()) : 20;
      if (args.length > 1 || count < 1) return { kind: 'invalid', code: 'BAD_COMMAND', message: 'usage: /history [NAME|ID-PREFIX] [N]' };
      return { kind: 'history', target: args[0] ?? null, count: Math.min(count, LIMITS.historyLines) };
    }
    case 'search': {
      const text = trimmed.replace(/^\/\S+\s*/, '').trim();
      if (text === '') return { kind: 'invalid', code: 'BAD_COMMAND', message: 'usage: /search TEXT' };
      return { kind: 'search', text };
    }
    case 'whois':
    case 'trust': {
      const arg = trimmed.replace(/^\/\S+\s*/, '').trim();
      if (arg === '') return { kind: 'invalid', code: 'BAD_COMMAND', message: `usage: /${word.toLowerCase()} NAME` };
      if (word.toLowerCase() === 'whois') return { kind: 'whois', target: arg };
      // A fingerprint is shown in groups of four hex digits: whatever follows the name is its start.
      const [name = '', ...prefix] = arg.split(/\s+/);
      return prefix.length === 0 ? { kind: 'trust', name } : { kind: 'trust', name, prefix: prefix.join('') };
    }
    case 'msg': {
      const [target, ...words] = rest;
      const content = trimmed.replace(/^\/msg\s+\S+\s?/i, '');
      if (!target || words.length === 0 || content.trim() === '') {
        return { kind: 'invalid', code: 'BAD_COMMAND', message: 'usage: /msg NAME|ID-PREFIX text' };
      }
      return { kind: 'msg', target, content };
    }
    default:
      return {
        kind: 'invalid',
        code: 'UNKNOWN_COMMAND',
        message: `unknown command /${word.slice(0, 32)}; type /help for commands, or //text to send a line starting with "/"`,
      };
  }
}
