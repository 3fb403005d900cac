import { Observable } from 'rxjs';
import type { Actor } from 'xstate';
import type { nodeMachine } from '../machines/node.machine.js';
import type { NodeContext } from '../machines/node-context.js';
import type { transfersMachine } from '../machines/transfers.machine.js';
import { stateOf as transferStateOf, transferView } from '../machines/transfer-context.js';
import type { TransferEmitted, TransferView } from '../machines/transfer-events.js';
import { peerView } from '../machines/peer-context.js';
import type { Emitted, PeerState, PeerView } from '../machines/events.js';

/** The only place the XState world becomes an RxJS stream. */
export type NodeActor = Actor<typeof nodeMachine>;

/** What an actor that emits looks like from outside: its emitted events and its end. */
interface Emitting<E> {
  on(type: '*', handler: (e: E) => void): { unsubscribe(): void };
  subscribe(o: { complete: () => void; error: (err: unknown) => void }): { unsubscribe(): void };
}

/** Everything the supervisor emits, in order; completes when the actor stops. */
export function emitted$(actor: NodeActor): Observable<Emitted> {
  return emittedBy<Emitted>(actor);
}

/** Everything an actor emits, in order; completes when it stops. */
function emittedBy<E>(actor: Emitting<E>): Observable<E> {
  return new Observable<E>((sub) => {
    const listener = actor.on('*', (e) => sub.next(e));
    const done = actor.subscribe({ complete: () => sub.complete(), error: (err) => sub.error(err) });
    return () => {
      listener.unsubscribe();
      done.unsubscribe();
    };
  });
}

const STATES: readonly PeerState[] = ['discovered', 'connected', 'stale', 'gone'];

function stateOf(value: unknown): PeerState {
  const key = typeof value === 'string' ? value : typeof value === 'object' && value !== null ? Object.keys(value)[0] : undefined;
  return STATES.find((s) => s === key) ?? 'discovered';
}

/** The peer table as the machines hold it right now (nothing else keeps one). */
export function peersOf(actor: NodeActor): PeerView[] {
  return Object.values(actor.getSnapshot().context.peers).map((ref) => {
    const snap = ref.getSnapshot();
    return peerView(snap.context, stateOf(snap.value));
  });
}

/** The node's own name and away text, as the machine holds them right now. */
export function selfOf(actor: NodeActor): { readonly name: string; readonly away: string | null } {
  const { selfName, away } = actor.getSnapshot().context;
  return { name: selfName, away };
}

/** The channels the node is in, the current one, and what came unread in the others. */
export function channelsOf(actor: NodeActor): {
  readonly joined: NodeContext['joined'];
  readonly current: string;
  readonly unread: Readonly<Record<string, number>>;
} {
  const { joined, current, unread } = actor.getSnapshot().context;
  return { joined, current, unread };
}

/** Own chats still owed, per recipient, as the outboxes hold them right now. */
export function pendingOf(actor: NodeActor): { id: string; peerName: string; queuedAt: number; content: string }[] {
  return Object.values(actor.getSnapshot().context.outboxes).flatMap((ref) => {
    const c = ref.getSnapshot().context;
    return c.queue.map((q) => ({ id: q.chat.id, peerName: c.peerName, queuedAt: q.queuedAt, content: q.chat.content }));
  });
}

/** The ids of own chats still owed to one peer (its outbox will deliver them; catch-up need not). */
export function owedTo(actor: NodeActor, peerId: string): ReadonlySet<string> {
  const ref = actor.getSnapshot().context.outboxes[peerId];
  return new Set(ref ? ref.getSnapshot().context.queue.map((q) => q.chat.id) : []);
}

/** Everything a transfers supervisor emits, in order; completes when it stops. */
export function transferEmitted$(actor: TransfersActor): Observable<TransferEmitted> {
  return emittedBy<TransferEmitted>(actor);
}

export type TransfersActor = Actor<typeof transfersMachine>;

/** The transfers as their machines hold them right now (nothing else keeps them). */
export function transfersOf(actor: TransfersActor): TransferView[] {
  return Object.values(actor.getSnapshot().context.transfers).flatMap((ref) => {
    const snap = ref.getSnapshot();
    return snap.status === 'active' ? [transferView(snap.context, transferStateOf(snap.context, snap.value))] : [];
  });
}
