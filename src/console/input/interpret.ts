import * as E from 'fp-ts/lib/Either.js';
import type { ChatView, JoinedChannel, NodeEvent, PeerView } from '../../../machines/events.js';
import type { TransferEvent, TransferView } from '../../../machines/transfer-events.js';
import type { ErrorCode, P2PError } from '../../wire/protocol/errors.js';
import type { RoomCommand } from '../../wire/ports/index.js';
import { errorView } from '../../../machines/error-view.js';
import { LIMITS } from '../../wire/protocol/limits.js';
import { chatOf, type PeerId } from '../../wire/protocol/messages.js';
import { LAN_CHANNEL, lanChannelId } from '../../wire/protocol/channel-id.js';
import { HELP, parseCommand } from './commands.js';
import { resolvePeer } from './resolve-peer.js';
import type { Output } from '../output.js';

export interface Self {
  readonly id: PeerId;
  readonly name: string;
  readonly fingerprint: string;
}

type SendChat = Extract<NodeEvent, { type: 'SEND_CHAT' }>;

/** `/history`, `/search`, `/pending`: the core asks the store (or the outboxes). */
export type Query =
  | {
      readonly kind: 'history';
      readonly peerId: string | null;
      /** One channel's messages (`/history #team`). */
      readonly channel?: string;
      readonly title: string;
      readonly count: number;
    }
  | { readonly kind: 'search'; readonly text: string }
  | { readonly kind: 'pending' };

/** Files: a path to offer to these peers (the disk builds the offer), or an event for a transfer. */
export type FileAct =
  | { readonly kind: 'send'; readonly to: readonly { readonly id: string; readonly name: string }[]; readonly path: string }
  | { readonly kind: 'event'; readonly event: TransferEvent };

/**
 * What one typed line makes the node do: one effect per kind, carried out by
 * the core's one exhaustive switch (src/core/command-effects.ts), so a kind
 * added here and handled nowhere does not compile.
 */
export type Reaction =
  /** Only lines to show (none for an empty line). */
  | { readonly kind: 'show'; readonly show: readonly Output[] }
  /** An own chat: shown as own, then handed to the machines (typed-lines.ts keeps it on disk first). */
  | { readonly kind: 'chat'; readonly send: SendChat; readonly own: Extract<Output, { type: 'own' }> }
  /** `/away [TEXT]`: away with this text, or back (null); the note is shown first. */
  | { readonly kind: 'away'; readonly away: string | null; readonly note: Output }
  /** `/nick NAME`: the node goes by this name from now on; the note is shown first. */
  | { readonly kind: 'nick'; readonly name: string; readonly note: Output }
  /** `/stats`: the core answers from its live counters. */
  | { readonly kind: 'stats' }
  /** `/doctor`: the core diagnoses from what it has seen (and what the system says). */
  | { readonly kind: 'doctor' }
  /** `/trust NAME [PREFIX]`: the core asks the trust store, which lives on disk. */
  | { readonly kind: 'trust'; readonly name: string; readonly prefix?: string }
  | { readonly kind: 'query'; readonly query: Query }
  | { readonly kind: 'file'; readonly file: FileAct }
  /** `/join`, `/leave`, `/rooms`, `/invite`: the rooms adapter answers. */
  | { readonly kind: 'room'; readonly room: RoomCommand }
  /** `/join #x`, `/part #x`, `/go #x`: the node machine holds the channels; it says what came of it. */
  | { readonly kind: 'tell'; readonly event: NodeEvent }
  | { readonly kind: 'quit' };

export interface InterpretDeps {
  readonly self: Self;
  readonly peers: () => readonly PeerView[];
  /** Peers met before (kept in the store), so a private message can wait for one who is away. */
  readonly known: () => readonly { readonly id: string; readonly name: string }[];
  /** Fingerprints of keys refused for a name (the trust store's), for /whois. */
  readonly refused?: (name: string) => readonly string[];
  readonly now: () => number;
  readonly newId: () => string;
  /** Transfers under way or waiting (the transfer machines'), for /accept, /cancel, /transfers. */
  readonly transfers?: () => readonly TransferView[];
  /** The channels the node is in and the current one (the node machine's); only `#lan` when absent. */
  readonly channels?: () => ChannelsNow;
}

/** The node machine's channels, as a typed line needs them. */
export interface ChannelsNow {
  readonly joined: Readonly<Record<string, JoinedChannel>>;
  readonly current: string;
  /** Chats shown per channel while it was not the current one. */
  readonly unread: Readonly<Record<string, number>>;
}

const ONLY_LAN: ChannelsNow = { joined: { [LAN_CHANNEL]: { name: LAN_CHANNEL, kind: 'lan', since: 0 } }, current: LAN_CHANNEL, unread: {} };

const show = (...outs: Output[]): Reaction => ({ kind: 'show', show: outs });
const error = (code: ErrorCode, message: string): Reaction => show(errorView(code, message));

/** Pure: a line and the current peer table in, one reaction out. */
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
      return { kind: 'quit' };
    case 'clear':
      return show({ type: 'clear' });
    case 'away':
      return {
        kind: 'away',
        away: cmd.text,
        note: { type: 'note', id: 'away', text: cmd.text === null ? 'you are back' : `you are away: ${cmd.text} (/away again to be back)` },
      };
    case 'nick':
      return {
        kind: 'nick',
        name: cmd.name,
        note: {
          type: 'note',
          id: 'nick',
          text: `you are now ${cmd.name}; peers see "${deps.self.name} is now ${cmd.name}" (same id and key)`,
        },
      };
    case 'ignore': {
      const found = resolveAnyone(deps, cmd.target);
      if (E.isLeft(found)) return show({ type: 'error', error: found.left });
      return show({ type: 'ignore', id: found.right.id, name: found.right.name, on: cmd.on });
    }
    case 'id':
      return show({ type: 'identity', ...deps.self });
    case 'stats':
      return { kind: 'stats' };
    case 'whois': {
      const found = resolvePeer(deps.peers(), cmd.target);
      const refused = deps.refused?.(E.isRight(found) ? found.right.name : cmd.target) ?? [];
      if (E.isLeft(found) && refused.length === 0) return show({ type: 'error', error: found.left });
      if (E.isLeft(found)) return show({ type: 'refused-keys', name: cmd.target, refused });
      return show({ type: 'whois', peer: found.right, refused });
    }
    case 'trust':
      return cmd.prefix === undefined ? { kind: 'trust', name: cmd.name } : { kind: 'trust', name: cmd.name, prefix: cmd.prefix };
    case 'pending':
      return { kind: 'query', query: { kind: 'pending' } };
    case 'doctor':
      return { kind: 'doctor' };
    case 'search':
      return { kind: 'query', query: { kind: 'search', text: cmd.text } };
    case 'history': {
      if (cmd.target === null)
        return { kind: 'query', query: { kind: 'history', peerId: null, title: `last ${cmd.count} messages`, count: cmd.count } };
      if (cmd.target.startsWith('#')) {
        const id = lanChannelId(cmd.target.slice(1));
        if (E.isLeft(id)) return show({ type: 'error', error: id.left });
        return { kind: 'query', query: { kind: 'history', peerId: null, channel: id.right, title: `in ${cmd.target}`, count: cmd.count } };
      }
      const found = resolveAnyone(deps, cmd.target);
      if (E.isLeft(found)) return show({ type: 'error', error: found.left });
      return { kind: 'query', query: { kind: 'history', peerId: found.right.id, title: `with ${found.right.name}`, count: cmd.count } };
    }
    case 'invalid':
      return error(cmd.code, cmd.message);
    case 'transfers':
      return show({ type: 'transfers', transfers: deps.transfers?.() ?? [] });
    case 'room':
      return { kind: 'room', room: cmd.room };
    case 'channel': {
      const id = lanChannelId(cmd.name.slice(1));
      if (E.isLeft(id)) return show({ type: 'error', error: id.left });
      const at = deps.now();
      const channel = id.right;
      if (cmd.act === 'join')
        return { kind: 'tell', event: { type: 'JOIN', channel, name: channel === LAN_CHANNEL ? LAN_CHANNEL : cmd.name, kind: 'lan', at } };
      return { kind: 'tell', event: cmd.act === 'part' ? { type: 'PART', channel, at } : { type: 'GO', channel, at } };
    }
    case 'channels': {
      const { joined, current, unread } = (deps.channels ?? (() => ONLY_LAN))();
      const peers = deps.peers().filter((p) => p.state === 'connected' || p.state === 'stale');
      const channels = Object.entries(joined).map(([id, c]) => ({
        id,
        name: c.name,
        kind: c.kind,
        current: id === current,
        members: peers
          .filter((p) => (id === LAN_CHANNEL ? p.legacy || p.via === undefined || p.via === 'lan' : (p.channels ?? []).includes(id)))
          .map((p) => ({ id: p.id, name: p.name })),
        unread: unread[id] ?? 0,
      }));
      return show({ type: 'channels', channels });
    }
    case 'send': {
      if (cmd.target === '*') {
        const to = deps.peers().filter((p) => p.state === 'connected' && !p.legacy);
        if (to.length === 0) return error('UNKNOWN_PEER', 'no connected peer to offer it to');
        return { kind: 'file', file: { kind: 'send', to: to.map((p) => ({ id: p.id, name: p.name })), path: cmd.path } };
      }
      const found = resolveAnyone(deps, cmd.target);
      if (E.isLeft(found)) return show({ type: 'error', error: found.left });
      if (found.right.legacy)
        return error('BAD_COMMAND', `${found.right.name} is an original (legacy) node: it cannot take files, only chat`);
      return { kind: 'file', file: { kind: 'send', to: [{ id: found.right.id, name: found.right.name }], path: cmd.path } };
    }
    case 'answer':
    case 'cancel': {
      const waiting = cmd.kind === 'answer';
      const found = resolveTransfer(
        (deps.transfers?.() ?? []).filter((t) => !waiting || (t.direction === 'incoming' && t.state === 'offered')),
        cmd.id,
        waiting ? 'offer waiting for an answer' : 'transfer',
      );
      if (E.isLeft(found)) return show({ type: 'error', error: found.left });
      const at = deps.now();
      const event: TransferEvent =
        cmd.kind === 'answer' ? { type: 'ANSWER', id: found.right.id, accept: cmd.accept, at } : { type: 'CANCEL', id: found.right.id, at };
      return { kind: 'file', file: { kind: 'event', event } };
    }
    case 'chat':
    case 'msg': {
      if (Buffer.byteLength(cmd.content, 'utf8') > LIMITS.contentBytes) {
        return error('CONTENT_TOO_LONG', `message is over ${LIMITS.contentBytes} bytes; not sent`);
      }
      let to: { id: string; name: string; legacy: boolean } | null = null;
      const { joined, current } = (deps.channels ?? (() => ONLY_LAN))();
      let channel = current;
      if (cmd.kind === 'msg' && cmd.target.startsWith('#')) {
        const id = lanChannelId(cmd.target.slice(1));
        if (E.isLeft(id)) return show({ type: 'error', error: id.left });
        if (joined[id.right] === undefined) return error('BAD_CHANNEL', `not in ${cmd.target}; /join ${cmd.target} first`);
        channel = id.right;
      } else if (cmd.kind === 'msg') {
        const found = resolveAnyone(deps, cmd.target);
        if (E.isLeft(found)) return show({ type: 'error', error: found.left });
        to = found.right;
      }
      const id = deps.newId();
      const chat = chatOf({
        id,
        from_id: deps.self.id,
        from_name: deps.self.name,
        content: cmd.content,
        timestamp: Math.floor(deps.now() / 1000),
        // A #lan chat names no channel: its bytes stay those every peer (and original node) reads.
        ...(to === null && channel !== LAN_CHANNEL ? { channel } : {}),
      });
      if (chat === null) return error('BAD_COMMAND', 'this message cannot be sent (it does not make a valid chat)');
      const view: ChatView = {
        id,
        fromId: chat.from_id,
        fromName: chat.from_name,
        content: chat.content,
        timestamp: chat.timestamp,
        private: to !== null,
        legacy: false,
        verified: true,
        ...(to === null ? { channel } : {}),
      };
      const send: SendChat = {
        type: 'SEND_CHAT',
        chat,
        to: to ? { id: to.id, name: to.name } : null,
        ...(to === null ? { channel } : {}),
        at: deps.now(),
      };
      return { kind: 'chat', send, own: { type: 'own', chat: view, to } };
    }
  }
}

/** A peer in the table first; else one met before (known to the store), who may be away. */
function resolveAnyone(deps: InterpretDeps, target: string): E.Either<P2PError, { id: string; name: string; legacy: boolean }> {
  const live = resolvePeer(deps.peers(), target);
  if (E.isRight(live) || live.left.code !== 'UNKNOWN_PEER') return live;
  const present = new Set(
    deps
      .peers()
      .filter((p) => p.state !== 'gone')
      .map((p) => p.id),
  );
  const known = resolvePeer(
    deps.known().filter((p) => !present.has(p.id)),
    target,
  );
  return E.isRight(known) ? E.right({ ...known.right, legacy: false }) : live;
}

/** One transfer by id prefix (none needed when only one fits); an error naming the candidates otherwise. */
function resolveTransfer(list: readonly TransferView[], prefix: string | null, what: string): E.Either<P2PError, TransferView> {
  const fits = prefix === null ? list : list.filter((t) => t.id.startsWith(prefix.toLowerCase()));
  const [only] = fits;
  if (fits.length === 1 && only) return E.right(only);
  if (fits.length === 0)
    return E.left({ code: 'UNKNOWN_TRANSFER', message: prefix === null ? `no ${what}` : `no ${what} with id ${prefix}` });
  const names = fits.slice(0, 5).map((t) => `${t.id.slice(0, 8)} (${t.name} ${t.direction === 'incoming' ? 'from' : 'to'} ${t.peerName})`);
  return E.left({ code: 'UNKNOWN_TRANSFER', message: `${fits.length} match; which one? ${names.join(', ')}` });
}
