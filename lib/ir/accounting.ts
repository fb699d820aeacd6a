// Per-op and per-model cost accounting.
//
// Conventions:
//  - MACs: 1 MAC = one multiply-accumulate = 2 ops. conv = output elements ×
//    kh×kw×Cin/groups; depthwise = output elements × kh×kw; transpose conv =
//    input elements × kh×kw×Cout; FC = batch × in × out; MatMul = batch ×
//    M×K×N; LSTM = batch × time × (gate + projection weight elements). Bias
//    adds and fused activations are not counted. An op whose dims are not
//    known reports macs: null with a reason, never 0.
//  - elementOps: non-MAC element work (elementwise math and activations =
//    output elements; pools = output elements × window; reductions = input
//    elements; resizes = output elements × taps). Data movement counts 0.
//  - params: elements of constant tensors an op consumes at a weight position
//    (the op table's weightInputs: conv/FC/MatMul weights and biases, PRelu
//    alpha, embedding tables of Gather, constant operands of elementwise ops
//    such as folded batch-norm scales, LSTM weights). Shape-like operands
//    (Reshape shapes, axes, indices) are not params. Model totals count each
//    tensor once even when shared; per-op figures count it for every user.
//  - weightBytes: bytes of those param tensors as stored (float32=4,
//    float16=2, int8=1, int4=0.5, …). constantBytes: all constants.
//  - activation bytes: sizes of non-constant tensors (graph inputs and op
//    outputs). Peak memory depends on scheduling and is the simulator's job;
//    the summary reports the largest single activation.

import { ModelFormatError } from '../formats/errors';
import { isConstant, tensorBytes } from './dtype';
import { requireOpDef } from './ops';
import { buildContext } from './ops/context';
import type { OpCategory } from './ops/types';
import type { DType, Graph, Model, Op, Quantization, Tensor } from './types';

export interface OpCost {
  opId: string;
  name: string;
  type: string;
  category: OpCategory;
  macs: number | null;
  /** Why macs is null (which tensors have unknown dims). */
  macsUnknownReason?: string;
  elementOps: number | null;
  params: number;
  weightBytes: number;
  /** Bytes of the op's non-constant outputs; null while a shape is unknown. */
  outputBytes: number | null;
}

export interface TensorSummary {
  id: string;
  name: string;
  shape: number[];
  dtype: DType;
  quant?: Quantization;
}

export interface GraphAccounting {
  ops: OpCost[];
  /** Total MACs; null when any op's MACs are unknown (see unknownMacs). */
  macs: number | null;
  /** Sum over ops with known MACs (a lower bound when unknownMacs is non-empty). */
  knownMacs: number;
  unknownMacs: { opId: string; type: string; reason: string }[];
  elementOps: number;
  params: number;
  weightBytes: number;
  /** weightBytes split by stored dtype, e.g. { float16: 412000, float32: 1024 }. */
  weightBytesByDtype: Partial<Record<DType, number>>;
  constantBytes: number;
  /** Sum of known activation tensor sizes. */
  activationBytes: number;
  largestActivation: { tensor: string; bytes: number } | null;
  /** Non-constant tensors whose size is unknown. */
  unknownActivations: string[];
  opHistogram: Record<string, number>;
  categoryHistogram: Record<string, number>;
}

export interface ModelSummary extends GraphAccounting {
  inputs: TensorSummary[];
  outputs: TensorSummary[];
  opCount: number;
}

function unknownTensors(graph: Graph, op: Op): string[] {
  return [...op.inputs, ...op.outputs].filter((id) => {
    const t = id === '' ? undefined : graph.tensors.get(id);
    return t !== undefined && t.shape.some((d) => d < 0);
  });
}

/**
 * The constant behind a weight input. Float16 and int8-weight models store
 * weights as constants feeding DEQUANTIZE; those constants are the weights as
 * stored, so they count (in their stored dtype) for the op that consumes them.
 */
function weightSource(graph: Graph, id: string): Tensor | undefined {
  const t = id ? graph.tensors.get(id) : undefined;
  if (!t) return undefined;
  if (isConstant(t)) return t;
  const producer = graph.ops.find((o) => o.outputs.includes(id));
  if (producer?.type !== 'Dequantize') return undefined;
  const src = graph.tensors.get(producer.inputs[0] ?? '');
  return src && isConstant(src) ? src : undefined;
}

function weightTensors(graph: Graph, op: Op, weightInputs: readonly number[]): Tensor[] {
  const out: Tensor[] = [];
  for (const i of weightInputs) {
    const t = weightSource(graph, op.inputs[i] ?? '');
    if (t) out.push(t);
  }
  return out;
}

const elements = (t: Tensor) => t.shape.reduce((a, d) => a * Math.max(d, 0), 1);

export function opCost(graph: Graph, op: Op): OpCost {
  const def = requireOpDef(op);
  const ctx = buildContext(op, graph, { maxValueElements: 4096 });
  let macs: number | null = 0;
  let shapeProblem: string | undefined;
  try {
    macs = def.macs ? def.macs(ctx) : 0;
  } catch (err) {
    // Inputs of unknown rank (downstream of an opaque Custom op) leave the cost unknown, not the model unreadable.
    if (!(err instanceof ModelFormatError) || err.code !== 'bad-shape') throw err;
    macs = null;
    shapeProblem = err.message;
  }
  const weights = weightTensors(graph, op, def.weightInputs ?? []);
  let outputBytes: number | null = 0;
  for (const id of op.outputs) {
    const t = graph.tensors.get(id);
    if (!t || isConstant(t)) continue;
    const b = tensorBytes(t);
    outputBytes = b === null || outputBytes === null ? null : outputBytes + b;
  }
  const cost: OpCost = {
    opId: op.id,
    name: op.name,
    type: op.type,
    category: def.category,
    macs,
    elementOps: shapeProblem ? null : def.elementOps ? def.elementOps(ctx) : 0,
    params: weights.reduce((a, t) => a + elements(t), 0),
    weightBytes: weights.reduce((a, t) => a + (tensorBytes(t) ?? 0), 0),
    outputBytes,
  };
  if (macs === null) {
    const unknown = unknownTensors(graph, op);
    cost.macsUnknownReason = shapeProblem ?? (unknown.length ? `unknown dims in tensor ${unknown.join(', ')}` : 'operand values unknown');
  }
  return cost;
}

/** The graph's weight tensors (each once, however many ops share it), as stored. */
export function collectWeights(graph: Graph): Tensor[] {
  const seen = new Map<string, Tensor>();
  for (const op of graph.ops) {
    for (const t of weightTensors(graph, op, requireOpDef(op).weightInputs ?? [])) seen.set(t.id, t);
  }
  return [...seen.values()];
}

export function accountGraph(graph: Graph): GraphAccounting {
  const ops = graph.ops.map((op) => opCost(graph, op));
  const acc: GraphAccounting = {
    ops, macs: 0, knownMacs: 0, unknownMacs: [], elementOps: 0, params: 0, weightBytes: 0, weightBytesByDtype: {}, constantBytes: 0,
    activationBytes: 0, largestActivation: null, unknownActivations: [], opHistogram: {}, categoryHistogram: {},
  };
  for (const c of ops) {
    if (c.macs === null) acc.unknownMacs.push({ opId: c.opId, type: c.type, reason: c.macsUnknownReason ?? '' });
    else acc.knownMacs += c.macs;
    acc.elementOps += c.elementOps ?? 0;
    acc.opHistogram[c.type] = (acc.opHistogram[c.type] ?? 0) + 1;
    acc.categoryHistogram[c.category] = (acc.categoryHistogram[c.category] ?? 0) + 1;
  }
  acc.macs = acc.unknownMacs.length ? null : acc.knownMacs;
  for (const t of collectWeights(graph)) {
    acc.params += elements(t);
    acc.weightBytes += tensorBytes(t) ?? 0;
    acc.weightBytesByDtype[t.dtype] = (acc.weightBytesByDtype[t.dtype] ?? 0) + (tensorBytes(t) ?? 0);
  }
  for (const t of graph.tensors.values()) {
    const bytes = tensorBytes(t);
    if (isConstant(t)) {
      acc.constantBytes += bytes ?? 0;
      continue;
    }
    if (bytes === null) {
      acc.unknownActivations.push(t.id);
      continue;
    }
    acc.activationBytes += bytes;
    if (!acc.largestActivation || bytes > acc.largestActivation.bytes) acc.largestActivation = { tensor: t.id, bytes };
  }
  return acc;
}

function summarizeTensor(graph: Graph, id: string): TensorSummary {
  const t = graph.tensors.get(id);
  if (!t) return { id, name: id, shape: [], dtype: 'float32' };
  return { id, name: t.name, shape: [...t.shape], dtype: t.dtype, ...(t.quant ? { quant: t.quant } : {}) };
}

/**
 * MACs of one graph including the bodies its control-flow ops call. An If
 * counts its costlier branch (the branch taken depends on data); a While's
 * trip count is data-dependent, so it makes the total unknown.
 */
function graphMacs(model: Model, index: number, depth = 0): { macs: number | null; reasons: string[] } {
  const graph = model.graphs[index];
  if (!graph || depth > 32) return { macs: null, reasons: [`subgraph ${index} is missing or nested too deeply`] };
  const acc = accountGraph(graph);
  let macs: number | null = acc.macs;
  const reasons = acc.unknownMacs.map((u) => `${u.opId} (${u.type}): ${u.reason}`);
  for (const op of graph.ops) {
    if (op.type === 'If') {
      const branches = [Number(op.attrs.thenGraph), Number(op.attrs.elseGraph)].map((i) => graphMacs(model, i, depth + 1));
      reasons.push(...branches.flatMap((b) => b.reasons));
      const known = branches.every((b) => b.macs !== null);
      macs = macs === null || !known ? null : macs + Math.max(...branches.map((b) => b.macs ?? 0));
    } else if (op.type === 'While') {
      macs = null;
      reasons.push(`${op.id} (While): the number of iterations depends on the data`);
    }
  }
  return { macs, reasons };
}

/**
 * Accounting of a model: ops costs and activations of the main graph
 * (subgraph 0); params, weights and the op histogram of every graph (each
 * weight once); MACs of the main graph plus the bodies it calls (see graphMacs).
 */
export function summarizeModel(model: Model): ModelSummary {
  const graph = model.graphs[0];
  if (!graph) throw new ModelFormatError('bad-value', 'model has no graphs');
  const acc = accountGraph(graph);
  if (model.graphs.length > 1) {
    acc.params = 0;
    acc.weightBytes = 0;
    acc.weightBytesByDtype = {};
    for (const g of model.graphs) {
      for (const t of collectWeights(g)) {
        acc.params += elements(t);
        acc.weightBytes += tensorBytes(t) ?? 0;
        acc.weightBytesByDtype[t.dtype] = (acc.weightBytesByDtype[t.dtype] ?? 0) + (tensorBytes(t) ?? 0);
      }
    }
    acc.opHistogram = {};
    acc.categoryHistogram = {};
    for (const g of model.graphs) {
      for (const op of g.ops) {
        acc.opHistogram[op.type] = (acc.opHistogram[op.type] ?? 0) + 1;
        const category = requireOpDef(op).category;
        acc.categoryHistogram[category] = (acc.categoryHistogram[category] ?? 0) + 1;
      }
    }
    const total = graphMacs(model, 0);
    acc.macs = total.macs;
    if (total.macs === null && !acc.unknownMacs.length) {
      acc.unknownMacs.push({ opId: 'subgraphs', type: 'control-flow', reason: total.reasons.slice(0, 3).join('; ') });
    }
  }
  return {
    ...acc,
    inputs: graph.inputs.map((id) => summarizeTensor(graph, id)),
    outputs: graph.outputs.map((id) => summarizeTensor(graph, id)),
    opCount: model.graphs.reduce((n, g) => n + g.ops.length, 0),
  };
}
