// Large graphs (hundreds of ops) are drawn as blocks of consecutive ops that
// the reader can expand one by one. Blocks are runs of the topological order
// cut where the fewest tensors cross (a residual block ends where its skip
// connection rejoins), preferring cuts where the name scope changes; blocks
// with the same op sequence are marked as repeats of the first.

import type { EdgeView, GraphView, NodeView } from './view';

/** Graphs with more ops than this start collapsed. */
export const COLLAPSE_THRESHOLD = 300;
/** About how many blocks a collapsed graph is drawn with. */
const TARGET_UNITS = 80;

export interface OpGroup {
  id: string;
  /** Common name scope of the members, or the first member's name. */
  label: string;
  /** Op node ids in topological order. */
  members: string[];
  /** Op types in order, joined by '·' (identical for repeated blocks). */
  signature: string;
  /** Short op-type summary, e.g. "Conv2D ×2 · Relu ×2 · Add". */
  summary: string;
  /** Index (1-based) of this block among blocks with its signature, and how many there are. */
  repeat: { index: number; of: number; firstGroup: string };
}

function scopeOf(name: string): string[] {
  // TFLite names often list fused sources separated by ';': the first is the op's own.
  const own = name.split(';')[0];
  const parts = own.split('/').filter((p) => p !== '');
  return parts.slice(0, -1);
}

function commonPrefix(a: string[], b: string[]): string[] {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return a.slice(0, k);
}

/** Non-constant tensors live across each boundary: crossing[i] counts those made before op i and read at or after it. */
function crossingWidths(view: GraphView, ops: NodeView[]): number[] {
  const position = new Map(ops.map((n, i) => [n.id, i]));
  const made = new Map<string, number>();
  for (const n of view.nodes) {
    if (n.kind === 'input') for (const t of n.outputs) made.set(t, -1);
  }
  ops.forEach((n, i) => n.outputs.forEach((t) => made.set(t, i)));
  const lastUse = new Map<string, number>();
  for (const e of view.edges) {
    const at = e.to.startsWith('output:') ? ops.length : position.get(e.to);
    if (at === undefined) continue;
    lastUse.set(e.tensor, Math.max(lastUse.get(e.tensor) ?? -1, at));
  }
  const diff = new Array<number>(ops.length + 2).fill(0);
  for (const [t, from] of made) {
    const to = lastUse.get(t);
    if (to === undefined || to <= from) continue;
    // Crosses boundaries from + 1 … to.
    diff[from + 1]++;
    diff[to + 1]--;
  }
  const width = new Array<number>(ops.length + 1).fill(0);
  let run = 0;
  for (let i = 0; i <= ops.length; i++) {
    run += diff[i];
    width[i] = run;
  }
  return width;
}

function summarize(types: string[]): string {
  const runs: [string, number][] = [];
  for (const t of types) {
    const last = runs[runs.length - 1];
    if (last && last[0] === t) last[1]++;
    else runs.push([t, 1]);
  }
  const text = runs.map(([t, n]) => (n > 1 ? `${t} ×${n}` : t));
  return text.length > 6 ? `${text.slice(0, 6).join(' · ')} · …` : text.join(' · ');
}

/**
 * Splits the graph's ops into blocks of consecutive ops. Sizes range from
 * `min` to `max` ops; cut cost = tensors crossing + ½ when both sides share a
 * name scope, + 1 per block (fewer, larger blocks win ties).
 */
export function groupOps(view: GraphView, opts: { targetUnits?: number; showConstantOnly?: boolean } = {}): OpGroup[] {
  const ops = view.nodes.filter((n) => n.kind === 'op' && (opts.showConstantOnly || !n.constantOnly)).sort((a, b) => a.order - b.order);
  const n = ops.length;
  if (n === 0) return [];
  const target = opts.targetUnits ?? TARGET_UNITS;
  const max = Math.max(3, Math.ceil((2.5 * n) / target));
  const min = Math.max(1, Math.floor(n / (target * 1.5)));
  const width = crossingWidths(view, ops);
  // A scope every op shares (e.g. TF.js "PartitionedCall") tells blocks apart by nothing.
  const allScopes = ops.map((o) => scopeOf(o.name));
  const shared = allScopes.reduce((p, s) => commonPrefix(p, s)).length;
  const scopes = allScopes.map((s) => s.slice(shared));
  const cutCost = (i: number): number => {
    if (i === 0 || i === n) return 0;
    const a = scopes[i - 1];
    const b = scopes[i];
    const sameScope = a.length > 0 && a.length === b.length && commonPrefix(a, b).length === a.length;
    return width[i] + (sameScope ? 0.5 : 0) + 1;
  };
  // best[j]: cheapest split of ops[0 … j); from[j]: where its last block starts.
  const best = new Array<number>(n + 1).fill(Infinity);
  const from = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  for (let j = 1; j <= n; j++) {
    for (let size = min; size <= max && size <= j; size++) {
      const i = j - size;
      if (best[i] === Infinity) continue;
      const c = best[i] + cutCost(j);
      if (c < best[j]) {
        best[j] = c;
        from[j] = i;
      }
    }
    // A tail shorter than `min` joins the previous block.
    if (best[j] === Infinity && j < min) {
      best[j] = cutCost(j);
      from[j] = 0;
    }
  }
  const bounds: [number, number][] = [];
  for (let j = n; j > 0; j = from[j]) bounds.unshift([from[j], j]);

  const groups: OpGroup[] = bounds.map(([a, b], k) => {
    const members = ops.slice(a, b);
    const common = scopes.slice(a, b).reduce((p, s) => commonPrefix(p, s));
    const types = members.map((m) => m.type);
    return {
      id: `group:${k}`,
      label: common.length ? common.join('/') : b - a > 1 ? `${members[0].name} … ${members[b - a - 1].name}` : members[0].name,
      members: members.map((m) => m.id),
      signature: types.join('·'),
      summary: summarize(types),
      repeat: { index: 1, of: 1, firstGroup: `group:${k}` },
    };
  });
  const bySignature = new Map<string, OpGroup[]>();
  for (const g of groups) {
    const list = bySignature.get(g.signature);
    if (list) list.push(g);
    else bySignature.set(g.signature, [g]);
  }
  for (const list of bySignature.values()) {
    list.forEach((g, i) => (g.repeat = { index: i + 1, of: list.length, firstGroup: list[0].id }));
  }
  return groups;
}

/** A box in the drawing: one node, or a collapsed block of ops. */
export interface Unit {
  id: string;
  node?: NodeView;
  group?: OpGroup;
}

export interface UnitEdge {
  id: string;
  from: string;
  to: string;
  /** Tensors the edge carries (several when blocks are joined by more than one). */
  tensors: string[];
}

/**
 * Boxes and edges to draw when the groups not in `expanded` are collapsed.
 * Constant-only ops (see NodeView.constantOnly) are left out unless asked for.
 */
export function visibleGraph(view: GraphView, groups: OpGroup[], expanded: ReadonlySet<string>, opts: { showConstantOnly?: boolean } = {}): { units: Unit[]; edges: UnitEdge[] } {
  const unitOf = new Map<string, string>();
  const units: Unit[] = [];
  const grouped = new Map<string, OpGroup>();
  for (const g of groups) {
    if (expanded.has(g.id) || g.members.length < 2) continue;
    for (const m of g.members) grouped.set(m, g);
  }
  const emitted = new Set<string>();
  for (const node of view.nodes) {
    if (node.constantOnly && !opts.showConstantOnly) continue;
    const g = grouped.get(node.id);
    if (!g) {
      units.push({ id: node.id, node });
      unitOf.set(node.id, node.id);
      continue;
    }
    unitOf.set(node.id, g.id);
    if (!emitted.has(g.id)) {
      emitted.add(g.id);
      units.push({ id: g.id, group: g });
    }
  }
  const merged = new Map<string, UnitEdge>();
  for (const e of view.edges as EdgeView[]) {
    const from = unitOf.get(e.from);
    const to = unitOf.get(e.to);
    if (!from || !to || from === to) continue;
    const key = `${from}->${to}`;
    const edge = merged.get(key);
    if (edge) {
      if (!edge.tensors.includes(e.tensor)) edge.tensors.push(e.tensor);
    } else {
      merged.set(key, { id: key, from, to, tensors: [e.tensor] });
    }
  }
  return { units, edges: [...merged.values()] };
}
