import elkModule, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { Chart, ChartLabel, ChartState } from './chart.js';

/** A chart with every box and arrow placed, in absolute page coordinates: what the page draws. */
export interface ChartBox {
  readonly path: string;
  readonly key: string;
  readonly type: ChartState['type'];
  readonly initial: boolean;
  /** A region of a parallel state (drawn dashed: all regions are active at once). */
  readonly region: boolean;
  readonly internal: readonly ChartLabel[];
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface ChartArrow {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly event: string;
  readonly events: readonly string[];
  readonly text: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
  readonly label: { readonly x: number; readonly y: number; readonly width: number; readonly height: number } | null;
}

export interface LaidOutChart {
  readonly machine: string;
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly ChartBox[];
  readonly arrows: readonly ChartArrow[];
  readonly global: readonly ChartLabel[];
}

// A CommonJS module: Node's default import is its module.exports, the constructor, which also
// carries itself as `.default`: the one its typings see.
const ELK = elkModule.default;

/** The page draws text in 11px monospace: widths are known without a browser. */
export const CHAR_WIDTH = 6.7;
export const LINE_HEIGHT = 14;
const TITLE = 22;
const textWidth = (s: string) => Math.ceil([...s].length * CHAR_WIDTH);

function ancestors(states: ReadonlyMap<string, ChartState>, path: string): string[] {
  const out: string[] = [];
  for (let p: string | null = path; p !== null; p = states.get(p)?.parent ?? null) out.unshift(p);
  return out;
}

/** The innermost state holding both ends (root when none does): where ELK wants the edge. */
function container(states: ReadonlyMap<string, ChartState>, a: string, b: string): string | null {
  const pa = ancestors(states, a);
  const pb = ancestors(states, b);
  let common: string | null = null;
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] !== pb[i]) break;
    // A state is never its own edge's container: a self-loop lives in the parent.
    if (pa[i] === a || pa[i] === b) break;
    common = pa[i] ?? null;
  }
  return common;
}

/**
 * Lays a chart out with ELK's layered algorithm (the engine Stately's own
 * tools use): compound and parallel states hold their children, arrows are
 * routed between levels, labels are placed by ELK.
 */
export async function layoutChart(chart: Chart): Promise<LaidOutChart> {
  const byPath = new Map(chart.states.map((s) => [s.path, s]));
  const nodes = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: '',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '40',
      'elk.spacing.nodeNode': '24',
      'elk.spacing.edgeLabel': '4',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
    },
    children: [],
    edges: [],
  };
  for (const s of chart.states) {
    const lines = [s.key, ...s.internal.map((l) => l.text)];
    const hasChildren = chart.states.some((c) => c.parent === s.path);
    const node: ElkNode = hasChildren
      ? {
          id: s.path,
          layoutOptions: { 'elk.padding': `[top=${TITLE + s.internal.length * LINE_HEIGHT + 6},left=12,bottom=12,right=12]` },
          children: [],
          edges: [],
        }
      : { id: s.path, width: Math.max(...lines.map(textWidth)) + 20, height: TITLE + s.internal.length * LINE_HEIGHT + 8 };
    nodes.set(s.path, node);
    const parent = s.parent === null ? root : nodes.get(s.parent);
    parent?.children?.push(node);
  }
  for (const e of chart.edges) {
    const where = container(byPath, e.source, e.target);
    const holder = where === null ? root : (nodes.get(where) ?? root);
    const edge: ElkExtendedEdge = {
      id: e.id,
      sources: [e.source],
      targets: [e.target],
      labels: [{ text: e.text, width: textWidth(e.text), height: LINE_HEIGHT }],
    };
    (holder.edges ??= []).push(edge);
  }
  const laid = await new ELK().layout(root);

  const boxes: ChartBox[] = [];
  const offsets = new Map<string, [number, number]>([['', [0, 0]]]);
  const walk = (n: ElkNode, ox: number, oy: number) => {
    for (const c of n.children ?? []) {
      const x = ox + (c.x ?? 0);
      const y = oy + (c.y ?? 0);
      offsets.set(c.id, [x, y]);
      const s = byPath.get(c.id);
      if (s) {
        const region = s.parent !== null && byPath.get(s.parent)?.type === 'parallel';
        boxes.push({ ...s, region, x, y, width: c.width ?? 0, height: c.height ?? 0 });
      }
      walk(c, x, y);
    }
  };
  walk(laid, 0, 0);

  const arrows: ChartArrow[] = [];
  const edgeById = new Map(chart.edges.map((e) => [e.id, e]));
  const collect = (n: ElkNode) => {
    for (const e of n.edges ?? []) {
      const spec = edgeById.get(e.id);
      // ELK gives an edge's points relative to its container.
      const container: unknown = Reflect.get(e, 'container');
      const holder = typeof container === 'string' ? container : n.id;
      const [ox, oy] = offsets.get(holder) ?? [0, 0];
      const points = (e.sections ?? []).flatMap((sec) =>
        [sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint].map((p): [number, number] => [ox + p.x, oy + p.y]),
      );
      const l = e.labels?.[0];
      if (spec)
        arrows.push({
          ...spec,
          points,
          label: l ? { x: ox + (l.x ?? 0), y: oy + (l.y ?? 0), width: l.width ?? 0, height: l.height ?? 0 } : null,
        });
    }
    for (const c of n.children ?? []) collect(c);
  };
  collect(laid);
  return { machine: chart.machine, width: laid.width ?? 0, height: laid.height ?? 0, boxes, arrows, global: chart.global };
}
