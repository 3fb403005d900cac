import type { AnyStateMachine, AnyStateNode } from 'xstate';

/**
 * A machine's statechart as data: read from the machine definition itself
 * (its state nodes and transition definitions), so a change to a machine
 * changes the picture with no hand edit. No positions: chart-layout.ts adds them.
 */
export interface ChartState {
  /** The state's path below the root, `connected.liveness.fresh`: what a snapshot's value names. */
  readonly path: string;
  readonly key: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** Null for the root's own children. */
  readonly parent: string | null;
  /** The state its parent enters first (not for regions of a parallel state). */
  readonly initial: boolean;
  /** Transitions that stay in this state or go inside it: listed in the box, not drawn as arrows. */
  readonly internal: readonly ChartLabel[];
}

export interface ChartLabel {
  /** The event type as the machine sees it (`xstate.after.…` for a delay). */
  readonly event: string;
  /** What is drawn: `EVENT [guard]`, `after delay [guard]`, `always [guard]`, then `→ target` for internal ones. */
  readonly text: string;
}

export interface ChartEdge extends ChartLabel {
  readonly id: string;
  /** Every event this arrow stands for (several events between the same two states share one arrow). */
  readonly events: readonly string[];
  readonly source: string;
  readonly target: string;
}

export interface Chart {
  readonly machine: string;
  readonly states: readonly ChartState[];
  readonly edges: readonly ChartEdge[];
  /** The root's own transitions (taken from any state), listed beside the chart. */
  readonly global: readonly ChartLabel[];
}

const pathOf = (node: AnyStateNode): string => node.path.join('.');

function guardName(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name || 'guard';
  if (typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') return guard.type;
  return 'guard';
}

interface TransitionLike {
  readonly eventType: string;
  readonly guard?: unknown;
  readonly delay?: unknown;
  readonly target?: ReadonlyArray<AnyStateNode> | undefined;
}

function trigger(t: TransitionLike, always: boolean): string {
  const guard = guardName(t.guard);
  const delay =
    t.delay === undefined ? null : typeof t.delay === 'number' ? `${t.delay} ms` : typeof t.delay === 'string' ? t.delay : 'a delay';
  const what = always ? 'always' : delay !== null ? `after ${delay}` : t.eventType;
  return guard === null ? what : `${what} [${guard}]`;
}

const isWithin = (node: AnyStateNode, ancestor: AnyStateNode): boolean => {
  for (let n: AnyStateNode | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
};

/** One line per event that stays put: `BEACON (9 branches)` rather than nine lines. */
function grouped(labels: readonly ChartLabel[]): ChartLabel[] {
  const out: ChartLabel[] = [];
  const count = new Map<string, number>();
  for (const l of labels) if (!l.text.includes('→')) count.set(l.event, (count.get(l.event) ?? 0) + 1);
  const done = new Set<string>();
  for (const l of labels) {
    const n = count.get(l.event);
    if (l.text.includes('→') || n === undefined || n === 1) out.push(l);
    else if (!done.has(l.event)) {
      done.add(l.event);
      out.push({ event: l.event, text: `${l.event} (${n} branches)` });
    }
  }
  return out;
}

export function chartOf(machine: AnyStateMachine): Chart {
  const states: ChartState[] = [];
  const edges: ChartEdge[] = [];
  const global: ChartLabel[] = [];
  const seen = new Map<string, { texts: string[]; events: string[] }>();

  const visit = (node: AnyStateNode): void => {
    const internal: ChartLabel[] = [];
    const own = node === machine.root ? global : internal;
    const transitions: Array<[TransitionLike, boolean]> = [
      ...Object.values(node.on).flatMap((ts) => ts.map((t): [TransitionLike, boolean] => [t, false])),
      ...(node.always ?? []).map((t): [TransitionLike, boolean] => [t, true]),
    ];
    for (const [t, always] of transitions) {
      const text = trigger(t, always);
      const targets = t.target ?? [];
      if (targets.length === 0) own.push({ event: t.eventType, text });
      for (const target of targets) {
        // An arrow from a state into its own inside cannot be laid out as an edge: it is listed.
        if (target !== node && isWithin(target, node)) {
          own.push({ event: t.eventType, text: `${text} → ${target.key}` });
          continue;
        }
        const key = `${pathOf(node)}→${pathOf(target)}`;
        const same = seen.get(key);
        if (same) {
          // Several events between the same two states: one arrow, every label on it.
          same.texts.push(text);
          same.events.push(t.eventType);
          continue;
        }
        edges.push({
          id: `e${edges.length}`,
          source: pathOf(node),
          target: pathOf(target),
          event: t.eventType,
          events: [t.eventType],
          text,
        });
        seen.set(key, { texts: [text], events: [t.eventType] });
      }
    }
    own.splice(0, own.length, ...grouped(own));
    if (node !== machine.root) {
      const parent = node.parent && node.parent !== machine.root ? node.parent : null;
      const first = node.parent?.type === 'parallel' ? false : node.parent?.initial.target.includes(node) === true;
      states.push({ path: pathOf(node), key: node.key, type: node.type, parent: parent ? pathOf(parent) : null, initial: first, internal });
    }
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);

  const merged = edges.map((e) => {
    const same = seen.get(`${e.source}→${e.target}`);
    return same && same.texts.length > 1 ? { ...e, text: same.texts.join(' / '), events: same.events } : e;
  });
  return { machine: machine.id, states, edges: merged, global };
}
