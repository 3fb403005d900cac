import type { ChatView, PeerView, ViewEvent } from '../../machines/index.js';
import type { Stats } from './metrics.js';

/** Everything the user can be shown: machine views plus the node's own answers. */
export type Output =
  | ViewEvent
  | { type: 'ready'; id: string; name: string; port: number; address: string }
  | { type: 'own'; chat: ChatView; to: PeerView | null }
  | { type: 'help'; lines: readonly string[] }
  | { type: 'peers'; peers: readonly PeerView[]; now: number }
  | { type: 'identity'; id: string; name: string; fingerprint: string }
  | { type: 'whois'; peer: PeerView }
  | { type: 'trusted'; name: string; fingerprint: string | null }
  | { type: 'stats'; stats: Stats }
  | { type: 'bye' };
