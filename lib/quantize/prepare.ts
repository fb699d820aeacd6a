// Float-graph rewrites before quantization, on a copy of the model:
//  - constant folding, which turns float16 (and int8) weights behind a
//    Dequantize into float32 constants the quantizer can requantize;
//  - Div by a constant becomes Mul by its reciprocal (TFLite DIV has no int8
//    kernel, MUL has);
//  - fused sigmoid/tanh activations (which int8 kernels cannot fuse: they
//    only clamp to the output range) become separate Logistic/Tanh ops. The
//    new pre-activation tensor gets the range the activation's inverse maps
//    the calibrated output range to, so no extra calibration is needed;
//  - a tensor that only feeds a Logistic/Tanh gets its range clipped to
//    where the activation saturates: the int8 output (fixed scale 1/256 or
//    1/128) cannot tell larger inputs apart, while a wide calibrated range
//    (segmentation logits reach ±900) would leave steps of several units
//    around 0, where the activation's output actually changes.

import { isConstant, readConstantValues } from '../ir/dtype';
import { foldConstants } from '../ir/fold';
import { cloneGraph } from '../ir/graph';
import type { Graph, Model, Op, Tensor } from '../ir/types';
import type { Range } from './params';

/** Pre-activation bounds when the output range saturates the activation (beyond them int8 steps cannot tell values apart). */
const SIGMOID_INPUT_LIMIT = 8;
const TANH_INPUT_LIMIT = 4;

export interface PreparedModel {
  model: Model;
  /** Calibrated ranges plus the derived ranges of tensors the rewrites created. */
  ranges: Map<string, Range>;
}

export function prepareFloatModel(model: Model, ranges: ReadonlyMap<string, Range>): PreparedModel {
  const copy: Model = { ...model, metadata: { ...model.metadata }, graphs: model.graphs.map((g) => cloneGraph(g)) };
  foldConstants(copy);
  const derived = new Map(ranges);
  const graph = copy.graphs[0];
  if (graph) {
    divisionByConstantToMul(graph);
    unfuseTableActivations(graph, derived);
    clipSaturatedInputs(graph, derived);
  }
  return { model: copy, ranges: derived };
}

function divisionByConstantToMul(graph: Graph): void {
  for (const op of graph.ops) {
    if (op.type !== 'Div') continue;
    const divisor = graph.tensors.get(op.inputs[1] ?? '');
    if (!divisor || !isConstant(divisor) || divisor.dtype !== 'float32') continue;
    const values = readConstantValues(divisor);
    if (!values || values.some((v) => v === 0)) continue;
    const id = uniqueId(graph, `${divisor.id}/reciprocal`);
    graph.tensors.set(id, { id, name: `${divisor.name}/reciprocal`, shape: [...divisor.shape], dtype: 'float32', data: Float32Array.from(values, (v) => 1 / v) });
    op.type = 'Mul';
    op.inputs = [op.inputs[0], id];
  }
}

function inverseRange(kind: 'sigmoid' | 'tanh', out: Range): Range {
  const limit = kind === 'sigmoid' ? SIGMOID_INPUT_LIMIT : TANH_INPUT_LIMIT;
  const inverse = (y: number): number => {
    if (kind === 'sigmoid') return y <= 0 ? -limit : y >= 1 ? limit : Math.log(y / (1 - y));
    return y <= -1 ? -limit : y >= 1 ? limit : Math.atanh(y);
  };
  const clampTo = (v: number) => Math.max(-limit, Math.min(limit, v));
  return { min: clampTo(inverse(out.min)), max: clampTo(inverse(out.max)) };
}

function unfuseTableActivations(graph: Graph, ranges: Map<string, Range>): void {
  const ops: Op[] = [];
  for (const op of graph.ops) {
    ops.push(op);
    const act = op.attrs.activation;
    if (act !== 'sigmoid' && act !== 'tanh') continue;
    const outId = op.outputs[0];
    const out = graph.tensors.get(outId) as Tensor;
    const pre = uniqueId(graph, `${outId}/pre_${act}`);
    graph.tensors.set(pre, { id: pre, name: `${out.name}/pre_${act}`, shape: [...out.shape], dtype: out.dtype });
    const outRange = ranges.get(outId);
    if (outRange) ranges.set(pre, inverseRange(act, outRange));
    op.attrs = { ...op.attrs, activation: 'none' };
    op.outputs = [pre, ...op.outputs.slice(1)];
    const type = act === 'sigmoid' ? 'Logistic' : 'Tanh';
    ops.push({ id: uniqueOpId(graph, `${op.id}_${act}`), type, name: `${op.name}/${act}`, inputs: [pre], outputs: [outId], attrs: {} });
  }
  graph.ops = ops;
}

function clipSaturatedInputs(graph: Graph, ranges: Map<string, Range>): void {
  const limitOf = (type: string) => (type === 'Logistic' ? SIGMOID_INPUT_LIMIT : type === 'Tanh' ? TANH_INPUT_LIMIT : undefined);
  const uses = new Map<string, Op[]>();
  for (const op of graph.ops) for (const id of op.inputs) uses.set(id, [...(uses.get(id) ?? []), op]);
  for (const [id, users] of uses) {
    const limits = users.map((u) => limitOf(u.type));
    const r = ranges.get(id);
    if (!r || graph.outputs.includes(id) || limits.some((l) => l === undefined)) continue;
    const limit = Math.max(...(limits as number[]));
    ranges.set(id, { min: Math.max(r.min, -limit), max: Math.min(r.max, limit) });
  }
}

export function uniqueId(graph: Graph, base: string): string {
  let id = base;
  for (let k = 1; graph.tensors.has(id); k++) id = `${base}_${k}`;
  return id;
}

export function uniqueOpId(graph: Graph, base: string): string {
  const ids = new Set(graph.ops.map((o) => o.id));
  let id = base;
  for (let k = 1; ids.has(id); k++) id = `${base}_${k}`;
  return id;
}
