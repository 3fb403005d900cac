import type { ChatView, PeerView, TransferView, ViewEvent } from '../../machines/index.js';
import type { RoomAnswer, StoredChat, TrustAnswer } from '../wire/ports/index.js';
import type { Stats } from './doctor/metrics.js';
import type { Finding } from './doctor/diagnose.js';

/** Everything the user can be shown: machine views plus the node's own answers. */
export type Output =
  | ViewEvent
  /** `newIdentity`: a first start in this data dir, where a key was just made. */
  | {
      type: 'ready';
      id: string;
      name: string;
      port: number;
      address: string;
      newIdentity?: { readonly keyPath: string; readonly fingerprint: string };
    }
  | { type: 'own'; chat: ChatView; to: { readonly id: string; readonly name: string; readonly legacy: boolean } | null }
  /** What became of an own chat: queued for someone away, delivered to all present, not delivered. */
  | { type: 'note'; id: string; text: string }
  | { type: 'history'; messages: readonly StoredChat[]; title: string; names: Readonly<Record<string, string>> }
  | {
      type: 'pending';
      items: readonly { readonly id: string; readonly peerName: string; readonly queuedAt: number; readonly content: string }[];
      now: number;
    }
  | { type: 'help'; lines: readonly string[] }
  | { type: 'peers'; peers: readonly PeerView[]; now: number }
  | { type: 'identity'; id: string; name: string; fingerprint: string }
  /** /whois of a name only refused keys claim (the pinned peer is away). */
  | { type: 'refused-keys'; name: string; refused: readonly string[] }
  /** `refused`: other keys that claimed the peer's name, shown beside its own before a /trust. */
  | { type: 'whois'; peer: PeerView; refused: readonly string[] }
  | { type: 'trusted'; answer: TrustAnswer }
  | { type: 'stats'; stats: Stats }
  /** `/doctor` and `p2p-chat doctor`: findings, most blocking first. */
  | { type: 'doctor'; findings: readonly Finding[] }
  /** A transfer's news; `rate`: bytes a second over the last stretch, while it moves. */
  | { type: 'transfer'; transfer: TransferView; rate?: number }
  | { type: 'transfers'; transfers: readonly TransferView[] }
  | { type: 'room'; answer: RoomAnswer }
  /** `/channels`: each channel the node is in, who of it is here, what came while it was not current. */
  | {
      type: 'channels';
      channels: readonly {
        readonly id: string;
        readonly name: string;
        readonly kind: 'lan' | 'secret';
        readonly current: boolean;
        readonly members: readonly { readonly id: string; readonly name: string }[];
        readonly unread: number;
      }[];
    }
  | { type: 'bye' }
  /** `/clear`: the terminal clears its screen; nothing is printed. */
  | { type: 'clear' }
  /** `/ignore` (on) and `/unignore` (off). */
  | { type: 'ignore'; id: string; name: string; on: boolean };
