import type { InspectionEvent } from 'xstate';
import { logEntry, type LogEntry } from './event-log.js';
import { peerEntry, type UiActor, type UiModel } from './model.js';

const LOG_LENGTH = 60;
/** Actors that have stopped are kept for the page this long (count), oldest dropped first. */
const STOPPED_KEPT = 200;

/** `{ connected: { liveness: 'fresh', heartbeat: 'waiting' } }` → `connected.heartbeat.waiting+liveness.fresh`. */
export function statePath(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  const entries: [string, unknown][] = Object.entries(value);
  const [only] = entries;
  if (entries.length === 1 && only) return `${only[0]}.${statePath(only[1])}`;
  return entries.map(([k, v]) => `${k}.${statePath(v)}`).join('+');
}

/** Every active state's path, parents first: what the chart lights. */
export function activePaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [`${prefix}${value}`];
  if (typeof value !== 'object' || value === null) return [];
  const entries: [string, unknown][] = Object.entries(value);
  return entries.flatMap(([k, v]) => [`${prefix}${k}`, ...activePaths(v, `${prefix}${k}.`)]);
}

export function field(o: unknown, k: string): unknown {
  if (typeof o !== 'object' || o === null) return undefined;
  const v: unknown = Reflect.get(o, k);
  return v;
}

function actorOf(model: UiModel, id: string, machine: string): UiActor {
  const existing = model.actors[id];
  if (existing) return existing;
  const fresh: UiActor = { id, machine, active: [], state: '', status: 'active', log: [] };
  model.actors[id] = fresh;
  forgetStopped(model);
  return fresh;
}

/** An entry in an actor's log, the oldest dropped past LOG_LENGTH. */
function record(actor: UiActor, entry: LogEntry): void {
  actor.log.push(entry);
  if (actor.log.length > LOG_LENGTH) actor.log.shift();
}

/** The two supervisors, root actors both: the node's (peers, outboxes) and the transfers'. */
const ROOTS: ReadonlySet<string> = new Set(['node', 'transfers']);
const supervisorOf = (child: string): string => (child.startsWith('transfer:') ? 'transfers' : 'node');

/** A supervisor's own log tells of its children: a spawn, a stop. */
function tellNode(model: UiModel, at: number, event: string, payload: { id: string; status?: string }): boolean {
  const node = model.actors[supervisorOf(payload.id)];
  if (node) record(node, { at, event, payload, to: node.state, private: false });
  return node !== undefined;
}

function forgetStopped(model: UiModel): void {
  const stopped = Object.values(model.actors).filter((a) => a.status !== 'active');
  for (const a of stopped.slice(0, Math.max(0, stopped.length - STOPPED_KEPT))) delete model.actors[a.id];
}

/**
 * Folds one inspection event (what the XState inspector gets) into the model:
 * each machine actor's active states and event log, and the supervisor's
 * spawns. The root actor is `node`; its children keep their own ids.
 */
export function applyInspection(model: UiModel, e: InspectionEvent, at: number): boolean {
  const ref = e.actorRef;
  // The node's supervisor is created without an id; the transfers' is named `transfers`.
  const own = String(field(ref, 'id'));
  const id = ref.sessionId === e.rootId ? (ROOTS.has(own) ? own : 'node') : own;
  if (e.type === '@xstate.actor') {
    return !ROOTS.has(id) && tellNode(model, at, 'spawn', { id });
  }
  if (e.type !== '@xstate.snapshot') return false;
  const snapshot: unknown = e.snapshot;
  const machine = field(field(snapshot, 'machine'), 'id');
  if (typeof machine !== 'string') return false;
  const actor = actorOf(model, id, machine);
  const value = field(snapshot, 'value');
  actor.state = statePath(value);
  actor.active = activePaths(value);
  const told = field(snapshot, 'status');
  const status = typeof told === 'string' ? told : 'active';
  if (status !== 'active' && actor.status === 'active' && !ROOTS.has(id)) tellNode(model, at, 'stopped', { id, status });
  actor.status = status;
  record(actor, logEntry(at, e.event, actor.state));
  if (id.startsWith('peer:')) {
    const links = field(field(snapshot, 'context'), 'links');
    if (Array.isArray(links)) peerEntry(model, id.slice('peer:'.length)).links = links.filter((l): l is string => typeof l === 'string');
  }
  model.at = at;
  model.version++;
  return true;
}
