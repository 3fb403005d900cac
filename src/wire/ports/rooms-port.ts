import type { Observable } from 'rxjs';
import type { P2PError } from '../protocol/errors.js';
import type { Link } from './link.js';
import type { RoomHealth } from './system-facts.js';

/** `/join`, `/leave`, `/rooms`, `/invite` (issue 14). */
export type RoomCommand = { readonly kind: 'join' | 'leave' | 'invite'; readonly arg: string } | { readonly kind: 'rooms' };

/** What a room command did. */
export type RoomAnswer =
  /** `channel`: the room is a secret channel (issue 23); its id, derived from the secret, names neither. */
  | { readonly kind: 'joined'; readonly name: string; readonly invite: string; readonly made: boolean; readonly channel: string }
  | { readonly kind: 'left'; readonly name: string; readonly channel: string }
  | { readonly kind: 'invite'; readonly name: string; readonly invite: string }
  | { readonly kind: 'rooms'; readonly rooms: readonly { readonly name: string; readonly invite: string }[] }
  | { readonly kind: 'error'; readonly error: P2PError };

/** Rooms over Hyperswarm: links found through them, and the commands. */
export interface RoomsPort {
  readonly links$: Observable<Link>;
  readonly errors$: Observable<P2PError>;
  act(c: RoomCommand): RoomAnswer;
  /** Proofs, one per room joined, that this node holds its secret: for `receiverId` only (a Channels frame's `secret`). */
  proofs(selfId: string, receiverId: string): string[];
  /** The secret channels a peer proves it is in, of those this node is in. */
  proven(proofs: readonly string[], senderId: string, selfId: string): string[];
  /** For the doctor: rooms joined, and how many DHT nodes answer (0: the bootstrap is unreachable). */
  health(): RoomHealth;
  close(): Promise<void>;
}
