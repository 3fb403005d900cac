import * as E from 'fp-ts/lib/Either.js';
import type { ChatView, NodeEvent, PeerView } from '../../machines/events.js';
import type { ErrorCode } from '../wire/protocol/errors.js';
import { errorView } from '../../machines/error-view.js';
import { LIMITS } from '../wire/protocol/limits.js';
import type { Chat } from '../wire/protocol/messages.js';
import { HELP, parseCommand } from './commands.js';
import { resolvePeer } from './resolve-peer.js';
import type { Output } from './output.js';

export interface Self {
  readonly id: string;
  readonly name: string;
  readonly fingerprint: string;
}

/** What one typed line makes the node do: an event for the machines, lines to show, or quit. */
export interface Reaction {
  readonly send?: NodeEvent;
  /** `/stats`: the core answers from its live counters. */
  readonly stats?: true;
  /** `/trust NAME`: the composition root asks the trust store, which lives on disk. */
  readonly trust?: string;
  readonly show: readonly Output[];
  readonly quit: boolean;
}

export interface InterpretDeps {
  readonly self: Self;
  readonly peers: () => readonly PeerView[];
  readonly now: () => number;
  readonly newId: () => string;
}

const show = (...outs: Output[]): Reaction => ({ show: outs, quit: false });
const error = (code: ErrorCode, message: string): Reaction => show(errorView(code, message));

/** Pure: a line and the current peer table in, a reaction out. */
export function interpret(line: string, deps: InterpretDeps): Reaction {
  const cmd = parseCommand(line);
  switch (cmd.kind) {
    case 'none':
      return show();
    case 'help':
      return show({ type: 'help', lines: HELP });
    case 'peers':
      return show({ type: 'peers', peers: deps.peers(), now: deps.now() });
    case 'quit':
      return { show: [], quit: true };
    case 'id':
      return show({ type: 'identity', ...deps.self });
    case 'stats':
      return { stats: true, show: [], quit: false };
    case 'whois': {
      const found = resolvePeer(deps.peers(), cmd.target);
      return show(E.isLeft(found) ? { type: 'error', error: found.left } : { type: 'whois', peer: found.right });
    }
    case 'trust':
      return { trust: cmd.name, show: [], quit: false };
    case 'invalid':
      return error(cmd.code, cmd.message);
    case 'chat':
    case 'msg': {
      if (Buffer.byteLength(cmd.content, 'utf8') > LIMITS.contentBytes) {
        return error('CONTENT_TOO_LONG', `message is over ${LIMITS.contentBytes} bytes; not sent`);
      }
      let to: PeerView | null = null;
      if (cmd.kind === 'msg') {
        const found = resolvePeer(deps.peers(), cmd.target);
        if (E.isLeft(found)) return show({ type: 'error', error: found.left });
        to = found.right;
      }
      const chat = {
        id: deps.newId(),
        from_id: deps.self.id,
        from_name: deps.self.name,
        content: cmd.content,
        timestamp: Math.floor(deps.now() / 1000),
      } as Chat;
      const view: ChatView = {
        id: chat.id ?? '', fromId: chat.from_id, fromName: chat.from_name, content: chat.content, timestamp: chat.timestamp, private: to !== null, legacy: false, verified: true,
      };
      return { send: { type: 'SEND_CHAT', chat, to: to?.id ?? null }, show: [{ type: 'own', chat: view, to }], quit: false };
    }
  }
}
