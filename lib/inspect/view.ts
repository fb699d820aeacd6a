// The inspector's picture of one graph: every op as a node with its tensors,
// attributes, cost and weight statistics, as plain data that crosses a
// worker boundary (structured clone) and renders without the IR. Graph
// inputs and outputs become nodes of their own so the drawing shows where
// data enters and leaves; constants stay on the op that reads them.

import { accountGraph, type OpCost } from '../ir/accounting';
import { isConstant } from '../ir/dtype';
import { requireOpDef } from '../ir/ops';
import type { AttrValue, Model, Op, Tensor } from '../ir/types';
import { describeQuant, type QuantDescription } from './quant-text';
import { weightStats, type WeightStats } from './weight-stats';

export type NodeKind = 'op' | 'input' | 'output';

export interface TensorView {
  id: string;
  name: string;
  shape: number[];
  dtype: string;
  constant: boolean;
  quant?: QuantDescription;
  /** Statistics of a constant's values (real values when it is quantized). */
  stats?: WeightStats;
  /** Made at load time from constants only (see NodeView.constantOnly); stats are of the stored source. */
  fromConstants?: { op: string; source: string; sourceDtype: string };
}

export interface NodeView {
  /** Op id, or `input:<tensor id>` / `output:<tensor id>`. */
  id: string;
  kind: NodeKind;
  /** IR op type; 'Input'/'Output' for the graph interface. */
  type: string;
  /** Custom ops: the source op they stand for (e.g. a TF op name), and where it comes from. */
  customCode?: string;
  customSource?: string;
  name: string;
  category: string;
  /** Tensor ids, '' for an omitted optional input. */
  inputs: string[];
  outputs: string[];
  attrs: [string, string][];
  params: number;
  macs: number | null;
  macsUnknownReason?: string;
  /** Position in the graph's topological order (ops only; -1 for the interface). */
  order: number;
  /**
   * Every input is a constant or made from constants only (e.g. DEQUANTIZE of
   * float16 weights): runtimes compute it once at load, so the drawing leaves
   * it out unless asked.
   */
  constantOnly?: boolean;
}

export interface EdgeView {
  id: string;
  from: string;
  to: string;
  tensor: string;
}

export interface GraphView {
  graphIndex: number;
  name: string;
  nodes: NodeView[];
  edges: EdgeView[];
  tensors: Record<string, TensorView>;
  totals: { ops: number; params: number; macs: number | null };
}

export interface CustomOpSummary {
  code: string;
  /** Which importer kept it: 'tfjs', 'onnx', 'tflite' (a TFLite custom op), 'tflite-builtin'. */
  source: string;
  count: number;
}

export interface ModelView {
  format: Model['sourceFormat'];
  metadata: Record<string, string>;
  graphs: GraphView[];
  /** Source op names kept as opaque Custom ops, with how many of each. */
  customOps: CustomOpSummary[];
}

const ATTR_TEXT_LIMIT = 160;

/** One attribute value as short text (long arrays are elided). */
export function attrText(v: AttrValue): string {
  if (v === null) return 'none';
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  if (Array.isArray(v)) {
    const shown = v.slice(0, 16).map((x) => (typeof x === 'number' ? formatNumber(x) : JSON.stringify(x)));
    return `[${shown.join(', ')}${v.length > 16 ? `, … ${v.length - 16} more` : ''}]`;
  }
  if (typeof v === 'number') return formatNumber(v);
  const s = String(v);
  return s.length > ATTR_TEXT_LIMIT ? `${s.slice(0, ATTR_TEXT_LIMIT)}…` : s;
}

function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  return Number(x.toPrecision(6)).toString();
}

function tensorView(t: Tensor, withStats: boolean): TensorView {
  const view: TensorView = { id: t.id, name: t.name, shape: [...t.shape], dtype: t.dtype, constant: isConstant(t) };
  if (t.quant && t.quant.scale.length > 0) view.quant = describeQuant(t.dtype, t.quant);
  if (withStats && view.constant) {
    const stats = weightStats(t);
    if (stats) view.stats = stats;
  }
  return view;
}

function opNode(op: Op, cost: OpCost, order: number): NodeView {
  const attrs = Object.entries(op.attrs)
    .filter(([k]) => k !== 'customCode' && k !== 'sourceFormat')
    .map(([k, v]): [string, string] => [k, attrText(v)]);
  const node: NodeView = {
    id: op.id,
    kind: 'op',
    type: op.type,
    name: op.name || op.id,
    category: requireOpDef(op).category,
    inputs: [...op.inputs],
    outputs: [...op.outputs],
    attrs,
    params: cost.params,
    macs: cost.macs,
    order,
  };
  if (cost.macsUnknownReason) node.macsUnknownReason = cost.macsUnknownReason;
  if (op.type === 'Custom') {
    node.customCode = String(op.attrs.customCode ?? 'unknown');
    node.customSource = String(op.attrs.sourceFormat ?? 'unknown');
  }
  return node;
}

/** Flags ops computable from constants alone (transitively); they run once at load. */
function markConstantOnly(ops: Op[], nodes: NodeView[], isConst: (id: string) => boolean): void {
  const fromConstants = new Set<string>();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const op of ops) {
    const inputs = op.inputs.filter((id) => id !== '');
    if (inputs.length === 0 || !inputs.every((id) => isConst(id) || fromConstants.has(id))) continue;
    // Control flow and custom ops may have effects or state; keep them visible.
    if (op.type === 'Custom' || op.type === 'If' || op.type === 'While') continue;
    for (const o of op.outputs) fromConstants.add(o);
    const node = byId.get(op.id);
    if (node) node.constantOnly = true;
  }
}

/** The view of graph `index` of an imported (and shape-inferred) model. */
export function buildGraphView(model: Model, index: number): GraphView {
  const graph = model.graphs[index];
  if (!graph) throw new RangeError(`the model has no graph ${index}`);
  const acc = accountGraph(graph);
  const nodes: NodeView[] = [];
  const producer = new Map<string, string>();
  for (const id of graph.inputs) {
    const t = graph.tensors.get(id);
    nodes.push({ id: `input:${id}`, kind: 'input', type: 'Input', name: t?.name ?? id, category: 'interface', inputs: [], outputs: [id], attrs: [], params: 0, macs: 0, order: -1 });
    producer.set(id, `input:${id}`);
  }
  graph.ops.forEach((op, i) => {
    nodes.push(opNode(op, acc.ops[i], i));
    for (const o of op.outputs) if (o !== '') producer.set(o, op.id);
  });
  for (const id of graph.outputs) {
    const t = graph.tensors.get(id);
    nodes.push({ id: `output:${id}`, kind: 'output', type: 'Output', name: t?.name ?? id, category: 'interface', inputs: [id], outputs: [], attrs: [], params: 0, macs: 0, order: -1 });
  }

  markConstantOnly(graph.ops, nodes, (id) => {
    const t = graph.tensors.get(id);
    return t !== undefined && isConstant(t);
  });

  const edges: EdgeView[] = [];
  const used = new Set<string>();
  for (const node of nodes) {
    node.inputs.forEach((tensor, k) => {
      if (tensor === '') return;
      used.add(tensor);
      const from = producer.get(tensor);
      if (from) edges.push({ id: `${node.id}#${k}`, from, to: node.id, tensor });
    });
    for (const o of node.outputs) used.add(o);
  }

  const tensors: Record<string, TensorView> = {};
  for (const id of used) {
    const t = graph.tensors.get(id);
    if (t) tensors[id] = tensorView(t, true);
  }
  // Weights stored as float16/int8 behind a DEQUANTIZE: show the values the consumer reads.
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  for (const op of graph.ops) {
    const node = nodeById.get(op.id);
    if (!node?.constantOnly || op.type !== 'Dequantize') continue;
    const src = graph.tensors.get(op.inputs[0] ?? '');
    const out = tensors[op.outputs[0] ?? ''];
    if (!src || !out || !isConstant(src)) continue;
    out.fromConstants = { op: op.name || op.id, source: src.name, sourceDtype: src.dtype };
    const stats = weightStats(src);
    if (stats) out.stats = stats;
  }
  // Totals as the catalogue counts them (accountGraph): each weight once, however many ops read it.
  return { graphIndex: index, name: graph.name || `graph ${index}`, nodes, edges, tensors, totals: { ops: graph.ops.length, params: acc.params, macs: acc.macs } };
}

/** Views of every graph of the model (subgraph 0 first: the main graph). */
export function buildModelView(model: Model): ModelView {
  const custom = new Map<string, CustomOpSummary>();
  for (const g of model.graphs) {
    for (const op of g.ops) {
      if (op.type !== 'Custom') continue;
      const code = String(op.attrs.customCode ?? 'unknown');
      const source = String(op.attrs.sourceFormat ?? 'unknown');
      const key = `${source}:${code}`;
      const entry = custom.get(key);
      if (entry) entry.count++;
      else custom.set(key, { code, source, count: 1 });
    }
  }
  return {
    format: model.sourceFormat,
    metadata: { ...model.metadata },
    graphs: model.graphs.map((_, i) => buildGraphView(model, i)),
    customOps: [...custom.values()].sort((a, b) => a.code.localeCompare(b.code)),
  };
}
