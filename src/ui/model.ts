import type { InspectionEvent } from 'xstate';
import type { PeerView } from '../../machines/index.js';
import { nameLabels } from '../console/name-labels.js';
import type { Output, Stats } from '../console/index.js';

/** What the live page draws: a plain, serialisable picture of the node. */
export interface UiPeer {
  /** Null until the node has shown this peer (its machine may be inspected first). */
  view: PeerView | null;
  /** The peer machine's full state path, e.g. `connected.liveness.fresh`. */
  machineState: string;
  transitions: Array<{ readonly event: string; readonly to: string; readonly at: number }>;
  chatsIn: number;
  chatsOut: number;
  /** The name as shown: `bob#43af` when two present peers share the name (nameLabels). */
  label: string;
}

export interface UiModel {
  self: { id: string; name: string } | null;
  peers: Record<string, UiPeer>;
  chat: Array<{ from: string; content: string; private: boolean; own: boolean; verified: boolean; timestamp: number }>;
  /** The node's live metrics (`/stats`), refreshed with every push. */
  stats: Stats | null;
  version: number;
}

const RECENT_TRANSITIONS = 12;
const RECENT_CHAT = 30;

export const emptyModel = (): UiModel => ({ self: null, peers: {}, chat: [], stats: null, version: 0 });

/** `{ connected: { liveness: 'fresh', heartbeat: 'waiting' } }` → `connected.heartbeat.waiting+liveness.fresh`. */
export function statePath(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  const entries: [string, unknown][] = Object.entries(value);
  const [only] = entries;
  if (entries.length === 1 && only) return `${only[0]}.${statePath(only[1])}`;
  return entries.map(([k, v]) => `${k}.${statePath(v)}`).join('+');
}

function entry(model: UiModel, id: string): UiPeer {
  const existing = model.peers[id];
  if (existing) return existing;
  const fresh: UiPeer = { view: null, machineState: '', transitions: [], chatsIn: 0, chatsOut: 0, label: '' };
  model.peers[id] = fresh;
  return fresh;
}

function peerOf(model: UiModel, view: PeerView): UiPeer {
  const p = entry(model, view.id);
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
      model.chat.push({
        from: p?.label ?? o.chat.fromName,
        content: o.chat.content,
        private: o.chat.private,
        own: false,
        verified: o.chat.verified,
        timestamp: o.chat.timestamp,
      });
      break;
    }
    case 'own':
      for (const p of Object.values(model.peers))
        if (p.view && (o.to === null ? p.view.state === 'connected' : p.view.id === o.to.id)) p.chatsOut++;
      model.chat.push({
        from: 'you',
        content: o.chat.content,
        private: o.chat.private,
        own: true,
        verified: true,
        timestamp: o.chat.timestamp,
      });
      break;
    default:
      return false;
  }
  if (model.chat.length > RECENT_CHAT) model.chat.splice(0, model.chat.length - RECENT_CHAT);
  model.version++;
  return true;
}

/** Folds one inspection event (the ones the XState inspector gets) into the model. */
export function applyInspection(model: UiModel, e: InspectionEvent, at: number): boolean {
  if (e.type !== '@xstate.snapshot') return false;
  const ref: unknown = e.actorRef;
  const id = typeof ref === 'object' && ref !== null && 'id' in ref && typeof ref.id === 'string' ? ref.id : '';
  if (!id.startsWith('peer:')) return false;
  const peer = entry(model, id.slice('peer:'.length));
  const to = statePath('value' in e.snapshot ? e.snapshot.value : undefined);
  if (to === peer.machineState) return false;
  peer.machineState = to;
  peer.transitions.push({ event: e.event.type, to, at });
  if (peer.transitions.length > RECENT_TRANSITIONS) peer.transitions.shift();
  model.version++;
  return true;
}

/** Live RTTs and last-seen times come from the machines' own snapshots. */
export function refreshViews(model: UiModel, views: readonly PeerView[]): void {
  for (const v of views) peerOf(model, v);
}
