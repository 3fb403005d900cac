import type { PeerView, TransferView } from '../../machines/index.js';
import { nameLabels } from '../console/render/name-labels.js';
import type { Output, Stats } from '../console/index.js';
import { addChat, findChat, keepJoined, LAN, onlyLan, privateKey, type JoinedChannel, type UiConversation } from './conversations.js';
import type { LogEntry } from './event-log.js';

export type { UiChat, UiConversation } from './conversations.js';

/** What the page draws: a plain, serialisable picture of the node. */
export interface UiPeer {
  /** Null until the node has shown this peer (its machine may be inspected first). */
  view: PeerView | null;
  chatsIn: number;
  chatsOut: number;
  /** The name as shown: `bob#43af` when two present peers share the name (nameLabels). */
  label: string;
  /** The peers it says it has a live link to (its `Links` frames): the mesh beyond our own links. */
  links: string[];
}

/** One machine actor as the inspector shows it: the states it is in and what it took. */
export interface UiActor {
  /** `node` (the supervisor), `peer:ID` or `outbox:ID`. */
  readonly id: string;
  /** The machine's id (`node`, `peer`, `outbox`): which chart to draw. */
  machine: string;
  /** Every active state's path, parents included: `connected`, `connected.liveness`, `connected.liveness.fresh`, … */
  active: string[];
  /** The whole state as one path, `connected.heartbeat.waiting+liveness.fresh`. */
  state: string;
  status: string;
  log: LogEntry[];
}

/** A transfer as the page shows it: its latest news and speed (bytes a second, while it moves). */
export interface UiTransfer {
  view: TransferView;
  rate: number | null;
}

export interface UiModel {
  self: { id: string; name: string } | null;
  /** `live`: a running node (the page can send); `replay`: a recording, at `at`. */
  mode: 'live' | 'replay';
  peers: Record<string, UiPeer>;
  actors: Record<string, UiActor>;
  /** Every conversation by key (`#lan`, `#tearn`, `@PEER-ID`), with its messages (issue 23). */
  conversations: Record<string, UiConversation>;
  /** The channels the node is in (its `joined` events; `#lan` from the start), by id. */
  joined: Record<string, JoinedChannel>;
  /** The node's current channel: where its console's plain lines go. */
  current: string;
  /** The node's latest answer to something its user did that it refused (a join, a part), numbered to be dismissed. */
  notice: { readonly text: string; readonly seq: number } | null;
  /** Files offered, moving, paused or done, by transfer id (the most recent kept). */
  transfers: Record<string, UiTransfer>;
  /** The node's live metrics (`/stats`), refreshed with every push. */
  stats: Stats | null;
  /** The node's clock at the last change (ms). */
  at: number;
  version: number;
}

const RECENT_TRANSFERS = 50;

/** Drops the oldest entries (insertion order) beyond `n`. */
function keepRecent(record: Record<string, unknown>, n: number): void {
  const keys = Object.keys(record);
  for (const k of keys.slice(0, Math.max(0, keys.length - n))) delete record[k];
}

export const emptyModel = (mode: UiModel['mode'] = 'live'): UiModel => ({
  self: null,
  mode,
  peers: {},
  actors: {},
  conversations: {},
  joined: onlyLan(),
  current: LAN,
  notice: null,
  transfers: {},
  stats: null,
  at: 0,
  version: 0,
});

export function peerEntry(model: UiModel, id: string): UiPeer {
  const existing = model.peers[id];
  if (existing) return existing;
  const fresh: UiPeer = { view: null, chatsIn: 0, chatsOut: 0, label: '', links: [] };
  model.peers[id] = fresh;
  return fresh;
}

function peerOf(model: UiModel, view: PeerView): UiPeer {
  const p = peerEntry(model, view.id);
  p.view = view;
  relabel(model);
  return p;
}

/** Every peer's shown name again: one peer's arrival or departure can make another's name ambiguous. */
function relabel(model: UiModel): void {
  const peers = Object.values(model.peers);
  const label = nameLabels(peers.flatMap((p) => (p.view ? [p.view] : [])));
  for (const p of peers) if (p.view) p.label = label(p.view.id, p.view.name);
}

const labelOf = (model: UiModel, id: string, name: string) => model.peers[id]?.label || name;

/** Folds one thing the node showed into the model; true if the page should redraw. */
export function applyOutput(model: UiModel, o: Output): boolean {
  switch (o.type) {
    case 'ready':
      model.self = { id: o.id, name: o.name };
      break;
    case 'peer':
      peerOf(model, o.peer);
      break;
    case 'chat': {
      const p = model.peers[o.chat.fromId];
      if (p) p.chatsIn++;
      const { id, fromId, content, timestamp, verified } = o.chat;
      addChat(model.conversations, o.chat.private ? privateKey(fromId) : (o.chat.channel ?? LAN), {
        id,
        fromId,
        content,
        timestamp,
        verified,
        private: o.chat.private,
        from: labelOf(model, fromId, o.chat.fromName),
        to: null,
        own: false,
        history: false,
        delivery: {},
      });
      break;
    }
    case 'own': {
      for (const p of Object.values(model.peers))
        if (p.view && (o.to === null ? p.view.state === 'connected' : p.view.id === o.to.id)) p.chatsOut++;
      const { id, fromId, content, timestamp } = o.chat;
      const to = o.to === null ? null : labelOf(model, o.to.id, o.to.name);
      addChat(model.conversations, o.to === null ? (o.chat.channel ?? LAN) : privateKey(o.to.id), {
        id,
        fromId,
        content,
        timestamp,
        private: o.chat.private,
        from: 'you',
        to,
        own: true,
        verified: true,
        history: false,
        delivery: {},
      });
      break;
    }
    case 'delivery': {
      const d = o.delivery;
      const chat = findChat(model.conversations, d.id);
      if (!chat) return false;
      chat.delivery[d.peerId] = { name: labelOf(model, d.peerId, d.peerName), state: d.state };
      break;
    }
    case 'history':
      for (const m of o.messages) {
        const name = (id: string) => o.names[id] ?? labelOf(model, id, id.slice(0, 8));
        const delivery = Object.fromEntries(m.deliveredTo.map((id) => [id, { name: name(id), state: 'delivered' as const }]));
        // A stored chat's channel is null exactly when it is private: then it is the other one's conversation.
        const key = m.channel ?? privateKey(m.own ? (m.toId ?? m.fromId) : m.fromId);
        addChat(model.conversations, key, {
          id: m.id,
          from: m.own ? 'you' : labelOf(model, m.fromId, m.fromName),
          fromId: m.fromId,
          to: m.own && m.toId !== null ? name(m.toId) : null,
          content: m.content,
          private: m.toId !== null,
          own: m.own,
          verified: !m.legacy,
          timestamp: m.timestamp,
          history: true,
          delivery,
        });
      }
      break;
    case 'joined':
      model.joined = { ...o.joined };
      model.current = o.current;
      keepJoined(model.conversations, model.joined);
      break;
    case 'error':
      // Only an answer to the user (the page's join or part among them); the LAN's noise stays in the console.
      if (o.own !== true) return false;
      model.notice = { text: o.error.message, seq: model.version + 1 };
      break;
    case 'transfer':
      model.transfers[o.transfer.id] = { view: o.transfer, rate: o.rate ?? null };
      keepRecent(model.transfers, RECENT_TRANSFERS);
      break;
    default:
      return false;
  }
  model.version++;
  return true;
}

/** Live RTTs and last-seen times come from the machines' own snapshots. */
export function refreshViews(model: UiModel, views: readonly PeerView[]): void {
  for (const v of views) peerEntry(model, v.id).view = v;
  // Labels once for the lot, not once per peer (each pass reads every peer).
  relabel(model);
}
