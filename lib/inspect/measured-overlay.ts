// A profile of the live engine (lib/engines EngineProfile) laid over the
// inspector's graph: each op's measured time in this browser and its share of
// the total. Our executor times IR ops by id. The TFLite runtime names its
// nodes by operator index, which is the IR op id (op<index>) of a .tflite
// import; an XNNPACK partition is one node named by its output tensors, whose
// member ops are found by walking back from them, and whose per-operator
// breakdown (one partition only) is aligned with those ops in order. Ops the
// runtime ran as one (an activation fused into its conv, a partition without
// breakdown) share one time, and say so.

import type { EngineProfile, ProfiledNode } from '../engines/types';
import type { OpGroup } from './collapse';
import type { GraphView, NodeView } from './view';

export interface MeasuredOp {
  /** This op's time per run (ms); its even share of `span` when the runtime timed it with others. */
  ms: number;
  /** Fraction of the measured total. */
  share: number;
  /** Set when the runtime timed this op together with others: what it ran, their time together, and an id per such group. */
  span?: { id: number; ms: number; ops: number; what: string };
}

export interface MeasuredOverlay {
  engine: string;
  backend: string;
  runs: number;
  method: string;
  /** Sum of every time the engine reported (ms): the heat map's 100 %. */
  totalMs: number;
  /** Median wall time of a profiled and of a plain inference (ms). */
  profiledMs: number;
  plainMs: number;
  byOp: Record<string, MeasuredOp>;
  /** Reported time no op of this graph could be given (ms), e.g. a delegate's own overhead. */
  unattributedMs: number;
  notes: string[];
}

interface Span {
  ops: string[];
  ms: number;
  what: string;
}

/** XNNPACK operator families (the name before " (") and the IR op types each can stand for. */
const XNNPACK_FAMILIES: Record<string, readonly string[]> = {
  Convolution: ['Conv2D', 'DepthwiseConv2D'],
  Deconvolution: ['TransposeConv2D'],
  'Fully Connected': ['FullyConnected', 'MatMul'],
  'Batch Matrix Multiply': ['MatMul'],
  Add: ['Add'],
  Subtract: ['Sub'],
  Multiply: ['Mul', 'Square'],
  Divide: ['Div'],
  Maximum: ['Maximum', 'Relu'],
  Minimum: ['Minimum'],
  'Squared Difference': ['SquaredDifference'],
  Clamp: ['Relu', 'Relu6', 'ReluN1To1', 'Clip', 'Maximum', 'Minimum'],
  'Max Pooling': ['MaxPool2D'],
  'Average Pooling': ['AveragePool2D'],
  'Global Average Pooling': ['Mean'],
  'Global Sum Pooling': ['Sum'],
  Mean: ['Mean'],
  Sum: ['Sum'],
  Softmax: ['Softmax'],
  Sigmoid: ['Logistic'],
  Tanh: ['Tanh'],
  HardSwish: ['HardSwish'],
  'Leaky ReLU': ['LeakyRelu'],
  PReLU: ['PRelu'],
  ELU: ['Elu'],
  GELU: ['Gelu'],
  'Constant Pad': ['Pad'],
  Copy: ['Reshape', 'Squeeze', 'ExpandDims', 'Concat', 'Split', 'SplitV', 'Slice', 'StridedSlice', 'Pack', 'Unpack'],
  Concatenate: ['Concat', 'Pack'],
  Slice: ['Slice', 'StridedSlice', 'Split', 'SplitV', 'Unpack'],
  Split: ['Split', 'SplitV', 'Unpack'],
  Transpose: ['Transpose'],
  'Resize Bilinear': ['ResizeBilinear'],
  Convert: ['Quantize', 'Dequantize', 'Cast'],
  'Square Root': ['Sqrt'],
  'Reciprocal Square Root': ['Rsqrt'],
  Square: ['Square', 'Mul'],
  Negate: ['Neg'],
  Abs: ['Abs'],
  'Absolute Value': ['Abs'],
  Floor: ['Floor'],
  Ceiling: ['Ceil'],
  'Bankers Rounding': ['Round'],
  'Depth To Space': ['DepthToSpace'],
  'Space To Depth': ['SpaceToDepth'],
  Exp: ['Exp'],
  Log: ['Log'],
};

/** Whether an XNNPACK operator (e.g. "Convolution (NHWC, F32) GEMM") can be the IR op type. */
export function operatorFits(operator: string, irType: string): boolean {
  const family = operator.split(' (')[0].trim();
  return XNNPACK_FAMILIES[family]?.includes(irType) ?? false;
}

/**
 * The longest in-order pairing of operators with ops of a fitting type (an
 * LCS by dynamic programming): XNNPACK keeps the TFLite node order, but may
 * fuse an op away (an activation into its conv) or run one op as several
 * operators (a concatenation as copies).
 */
export function alignOperators(ops: readonly NodeView[], operators: readonly { name: string }[]): [number, number][] {
  const n = ops.length;
  const m = operators.length;
  const best = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const take = operatorFits(operators[j].name, ops[i].type) ? best[i + 1][j + 1] + 1 : -1;
      best[i][j] = Math.max(take, best[i + 1][j], best[i][j + 1]);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    if (operatorFits(operators[j].name, ops[i].type) && best[i][j] === best[i + 1][j + 1] + 1) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (best[i + 1][j] >= best[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

/** Spans of a partition's ops from its aligned operators; unpaired ops join the span before them (fused), unpaired operators add to it. */
function alignedSpans(members: readonly NodeView[], operators: readonly { name: string; ms: number }[]): Span[] {
  const pairs = alignOperators(members, operators);
  if (!pairs.length) return [];
  const spans: Span[] = pairs.map(([i, j]) => ({ ops: [members[i].id], ms: operators[j].ms, what: `XNNPACK ${operators[j].name}` }));
  const spanOfOp = new Map(pairs.map(([i], k) => [i, k]));
  const spanOfOperator = new Map(pairs.map(([, j], k) => [j, k]));
  let current = 0;
  members.forEach((op, i) => {
    const k = spanOfOp.get(i);
    if (k !== undefined) current = k;
    else spans[i < pairs[0][0] ? 0 : current].ops.push(op.id);
  });
  current = 0;
  operators.forEach((o, j) => {
    const k = spanOfOperator.get(j);
    if (k !== undefined) {
      current = k;
      return;
    }
    const to = spans[j < pairs[0][1] ? 0 : current];
    to.ms += o.ms;
    to.what += ` + ${o.name}`;
  });
  return spans;
}

const opIndex = (id: string): number | undefined => {
  const m = /^op(\d+)$/.exec(id);
  return m ? Number(m[1]) : undefined;
};

/** Ops of a delegate partition: walking back from its outputs through ops the interpreter did not run itself. */
function partitionMembers(graph: GraphView, outputs: readonly string[], delegated: (n: NodeView) => boolean, taken: Set<string>): NodeView[] {
  const producer = new Map<string, NodeView>();
  for (const n of graph.nodes) if (n.kind === 'op') for (const t of n.outputs) if (t !== '') producer.set(t, n);
  const byName = new Map<string, string[]>();
  for (const t of Object.values(graph.tensors)) byName.set(t.name, [...(byName.get(t.name) ?? []), t.id]);
  const found = new Set<string>();
  const stack = outputs.flatMap((name) => byName.get(name) ?? []);
  while (stack.length) {
    const n = producer.get(stack.pop() ?? '');
    if (!n || found.has(n.id) || taken.has(n.id) || !delegated(n)) continue;
    found.add(n.id);
    stack.push(...n.inputs.filter((t) => t !== ''));
  }
  return graph.nodes.filter((n) => found.has(n.id)).sort((a, b) => a.order - b.order);
}

function tfliteSpans(graph: GraphView, nodes: readonly ProfiledNode[], notes: string[]): { spans: Span[]; unattributedMs: number } {
  const ownIndices = new Set(nodes.flatMap((n) => (n.kind === 'tflite-node' ? [n.index] : [])));
  const opIds = new Set(graph.nodes.filter((n) => n.kind === 'op').map((n) => n.id));
  // Load-time ops (e.g. DEQUANTIZE of float16 weights) are folded by the delegate, not run per call.
  const delegated = (n: NodeView) => !n.constantOnly && !ownIndices.has(opIndex(n.id) ?? -1);
  const taken = new Set<string>();
  const spans: Span[] = [];
  let unattributedMs = 0;
  // Partitions in creation order, which is execution order: walking back from a later one's
  // outputs must stop at the ops an earlier one (feeding it directly) already holds.
  const ordered = [...nodes].sort((a, b) => (a.kind === 'tflite-delegate' ? a.index : -1) - (b.kind === 'tflite-delegate' ? b.index : -1));
  for (const node of ordered) {
    if (node.kind === 'ir-op') {
      unattributedMs += node.ms;
      continue;
    }
    if (node.kind === 'tflite-node') {
      const id = `op${node.index}`;
      if (opIds.has(id)) spans.push({ ops: [id], ms: node.ms, what: node.type });
      else unattributedMs += node.ms;
      continue;
    }
    const members = partitionMembers(graph, node.outputs, delegated, taken);
    for (const m of members) taken.add(m.id);
    if (!members.length) {
      unattributedMs += node.ms;
      notes.push(`An XNNPACK partition ending in ${node.outputs.join(', ')} (${node.ms.toFixed(3)} ms) matched no op of this graph.`);
      continue;
    }
    const aligned = node.operators ? alignedSpans(members, node.operators) : [];
    if (aligned.length) {
      const inside = aligned.reduce((a, s) => a + s.ms, 0);
      spans.push(...aligned);
      // The partition's own time beyond its operators' (entering and leaving the delegate).
      unattributedMs += Math.max(0, node.ms - inside);
    } else {
      spans.push({ ops: members.map((m) => m.id), ms: node.ms, what: `one XNNPACK partition of ${members.length} ops` });
    }
  }
  const partitions = nodes.filter((n) => n.kind === 'tflite-delegate').length;
  if (partitions > 1) notes.push(`XNNPACK ran ${partitions} partitions; the runtime times each partition as a whole, so the ops inside one share its time.`);
  return { spans, unattributedMs };
}

/** The profile mapped onto `graph` (graph 0 of the model the engine ran). */
export function measuredOverlay(graph: GraphView, profile: EngineProfile): MeasuredOverlay {
  const notes: string[] = [];
  let spans: Span[];
  let unattributedMs = 0;
  if (profile.engine === 'tflite') {
    ({ spans, unattributedMs } = tfliteSpans(graph, profile.nodes, notes));
  } else {
    const opIds = new Set(graph.nodes.filter((n) => n.kind === 'op').map((n) => n.id));
    spans = [];
    for (const n of profile.nodes) {
      if (n.kind === 'ir-op' && opIds.has(n.opId)) spans.push({ ops: [n.opId], ms: n.ms, what: 'op' });
      else unattributedMs += n.ms;
    }
  }
  const totalMs = spans.reduce((a, s) => a + s.ms, 0) + unattributedMs;
  const byOp: Record<string, MeasuredOp> = {};
  spans.forEach((s, k) => {
    const each = s.ms / s.ops.length;
    for (const id of s.ops) {
      byOp[id] = { ms: each, share: totalMs > 0 ? each / totalMs : 0, ...(s.ops.length > 1 ? { span: { id: k, ms: s.ms, ops: s.ops.length, what: s.what } } : {}) };
    }
  });
  const missing = graph.nodes.filter((n) => n.kind === 'op' && !n.constantOnly && !byOp[n.id]).length;
  if (missing) notes.push(`${missing} op${missing === 1 ? '' : 's'} got no time: the engine reported none for ${missing === 1 ? 'it' : 'them'}.`);
  return {
    engine: profile.engine,
    backend: profile.backend,
    runs: profile.runs,
    method: profile.method,
    totalMs,
    profiledMs: profile.profiledMs,
    plainMs: profile.plainMs,
    byOp,
    unattributedMs,
    notes,
  };
}

/** A collapsed block: the sum of its ops' measured time, or null when none was measured. */
export function groupMeasured(overlay: MeasuredOverlay, group: OpGroup): MeasuredOp | null {
  let ms = 0;
  let any = false;
  for (const id of group.members) {
    const e = overlay.byOp[id];
    if (!e) continue;
    any = true;
    ms += e.ms;
  }
  return any ? { ms, share: overlay.totalMs > 0 ? ms / overlay.totalMs : 0 } : null;
}

/** "0.123 ms", "<0.001 ms". */
export function formatMs(ms: number): string {
  return ms < 0.001 ? '<0.001 ms' : `${ms < 10 ? ms.toFixed(3) : ms.toFixed(1)} ms`;
}
