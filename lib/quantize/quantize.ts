// Full-integer post-training quantization of an IR model: int8 weights
// (symmetric, per channel), int32 biases, int8 activations (per tensor,
// asymmetric, from calibrated ranges), with the per-op constraints of
// TFLite's int8 quantization spec (op-rules.ts). The graph's inputs and
// outputs are int8, uint8, or float32 behind a QUANTIZE / DEQUANTIZE.
//
// The input model is left untouched; the result is a new model whose
// tensors carry `quant` and integer dtypes, ready for exportTflite.

import { isConstant, isFloatDType, readConstantValues } from '../ir/dtype';
import { consumers, producers, removeDeadCode, validateGraph, type Use } from '../ir/graph';
import type { Graph, Model, Op, Tensor } from '../ir/types';
import { Int8UnsupportedError, MissingRangeError, type UnsupportedOpType } from './errors';
import { OP_RULES, reportedType, unsupportedReason, type RuleKind } from './op-rules';
import {
  activationParams, convertParams, FIXED_OUTPUT_PARAMS, quantizeValue, representedRange, sameParams,
  type IntType, type QParams, type Range,
} from './params';
import { prepareFloatModel, uniqueId, uniqueOpId } from './prepare';
import { quantizeBias, quantizeWeights, weightAxis } from './weights';

export type IoType = 'int8' | 'uint8' | 'float32';

export interface QuantizeOptions {
  inputType: IoType;
  outputType: IoType;
  /**
   * FullyConnected weights per output channel instead of per tensor. Off by
   * default: the spec and older TFLite / TFLite Micro kernels take per-tensor
   * FULLY_CONNECTED weights only.
   */
  perChannelFullyConnected?: boolean;
}

export type TensorRole = 'activation' | 'weight' | 'bias' | 'constant' | 'input' | 'output';

export interface TensorQuantInfo {
  id: string;
  name: string;
  role: TensorRole;
  dtype: string;
  scale: number[];
  zeroPoint: number[];
  axis?: number;
  /** Calibrated float range (activations only). */
  observed?: Range;
  /** Real interval the integers cover (per-tensor 8-bit tensors only). */
  represented?: Range;
}

export interface OpQuantInfo {
  id: string;
  type: string;
  name: string;
  quantized: boolean;
  /** Added by this pass (requantize, input QUANTIZE, output DEQUANTIZE, lowered Clip). */
  inserted?: boolean;
  note?: string;
}

export interface QuantReport {
  inputType: IoType;
  outputType: IoType;
  tensors: TensorQuantInfo[];
  ops: OpQuantInfo[];
  /** QUANTIZE ops inserted where a shared-scale constraint could not be met by retargeting. */
  requantizeOps: number;
}

export interface QuantizeResult {
  model: Model;
  report: QuantReport;
}

/** Clip bounds TFLite exports as RELU, RELU6 and RELU_N1_TO_1 (whose int8 kernels rescale). */
const RELU_BOUNDS: [number, number][] = [[0, Infinity], [0, 6], [-1, 1]];

const isFloatTensor = (t: Tensor | undefined): t is Tensor => t !== undefined && isFloatDType(t.dtype);

/**
 * Quantizes graph 0 of `model` with the calibrated activation `ranges`
 * (tensor id → float range, e.g. from collectRanges). Throws
 * Int8UnsupportedError naming every op type without an int8 path, or
 * MissingRangeError naming activations that need a range and have none.
 */
export function quantizeModel(model: Model, ranges: ReadonlyMap<string, Range>, opts: QuantizeOptions): QuantizeResult {
  const prepared = prepareFloatModel(model, ranges);
  const graph = prepared.model.graphs[0];
  if (!graph) throw new RangeError('the model has no graphs');
  validateGraph(graph);
  assertSupported(graph);
  const quantizer = new GraphQuantizer(graph, prepared.ranges, opts);
  const report = quantizer.run();
  // Control flow is refused above, so no other subgraph is reachable.
  return { model: { ...prepared.model, graphs: [graph] }, report };
}

/** Throws Int8UnsupportedError listing every op type (with its ops) that has no int8 path. */
export function assertSupported(graph: Graph): void {
  const byType = new Map<string, UnsupportedOpType>();
  for (const op of graph.ops) {
    const reason = supportProblem(graph, op);
    if (!reason) continue;
    const type = reportedType(op);
    const entry = byType.get(type) ?? { type, reason, ops: [] };
    entry.ops.push(op.name || op.id);
    byType.set(type, entry);
  }
  if (byType.size) throw new Int8UnsupportedError([...byType.values()].sort((a, b) => a.type.localeCompare(b.type)));
}

function supportProblem(graph: Graph, op: Op): string | null {
  const tensor = (id: string | undefined) => (id ? graph.tensors.get(id) : undefined);
  const floatIn = op.inputs.map((id) => isFloatTensor(tensor(id)));
  const touchesFloat = floatIn.some(Boolean) || op.outputs.some((id) => isFloatTensor(tensor(id)));
  // Pure integer/bool ops (index arithmetic) stay as they are.
  if (!touchesFloat && op.type !== 'Custom' && op.type !== 'If' && op.type !== 'While') return null;
  const reason = unsupportedReason(op, floatIn);
  if (reason) return reason;
  if (OP_RULES[op.type]?.kind === 'weighted') {
    const w = tensor(op.inputs[1]);
    const b = tensor(op.inputs[2]);
    if (!w || !isConstant(w) || !isFloatTensor(w)) return 'weights that are not float constants cannot be quantized ahead of time';
    if (b && (!isConstant(b) || !isFloatTensor(b))) return 'a bias that is not a float constant cannot be quantized ahead of time';
  }
  return null;
}

class GraphQuantizer {
  private readonly params = new Map<string, QParams>();
  private readonly producedBy = new Map<string, RuleKind | 'inserted'>();
  private readonly uses: Map<string, Use[]>;
  private readonly roles = new Map<string, TensorRole>();
  private readonly missing = new Set<string>();
  private readonly ops: Op[] = [];
  private readonly opInfo: OpQuantInfo[] = [];
  private requantizeOps = 0;

  constructor(private readonly graph: Graph, private readonly ranges: ReadonlyMap<string, Range>, private readonly opts: QuantizeOptions) {
    this.uses = consumers(graph);
  }

  run(): QuantReport {
    const graph = this.graph;
    for (const id of graph.inputs) if (this.isActivation(id)) this.params.set(id, this.fromRange(id));
    for (const op of graph.ops) this.quantizeOp(op);
    if (this.missing.size) throw new MissingRangeError([...this.missing].map((id) => this.describe(id)));
    graph.ops = this.ops;
    this.applyParams();
    this.convertInputs();
    this.convertOutputs();
    removeDeadCode(graph);
    validateGraph(graph);
    return this.report();
  }

  // ---- helpers ---------------------------------------------------------------

  private tensor(id: string): Tensor {
    const t = this.graph.tensors.get(id);
    if (!t) throw new RangeError(`tensor ${id} does not exist`);
    return t;
  }

  private describe(id: string): string {
    const t = this.graph.tensors.get(id);
    return t && t.name && t.name !== id ? `${t.name} (${id})` : id;
  }

  private isActivation(id: string): boolean {
    const t = id === '' ? undefined : this.graph.tensors.get(id);
    return isFloatTensor(t) && !isConstant(t);
  }

  private isFloatConstant(id: string): boolean {
    const t = id === '' ? undefined : this.graph.tensors.get(id);
    return isFloatTensor(t) && isConstant(t);
  }

  /** Parameters from the tensor's calibrated range; records it as missing when there is none. */
  private fromRange(id: string): QParams {
    const r = this.ranges.get(id);
    if (!r) {
      this.missing.add(id);
      return { scale: 1, zeroPoint: 0 };
    }
    return activationParams(r);
  }

  private paramsOf(id: string): QParams {
    const p = this.params.get(id);
    if (!p) throw new RangeError(`tensor ${this.describe(id)} is used before it is quantized`);
    return p;
  }

  private addTensor(base: string, t: Omit<Tensor, 'id'>, role?: TensorRole): string {
    const id = uniqueId(this.graph, base);
    this.graph.tensors.set(id, { id, ...t });
    if (role) this.roles.set(id, role);
    return id;
  }

  /** An int8 copy of a float constant, per tensor: with `p`, or with parameters from its own min/max. */
  private quantizeConstant(id: string, p?: QParams): string {
    const t = this.tensor(id);
    const values = readConstantValues(t);
    if (!values) throw new RangeError(`constant ${this.describe(id)} cannot be read`);
    let lo = 0;
    let hi = 0;
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const params = p ?? activationParams({ min: lo, max: hi });
    const data = Int8Array.from(values, (v) => quantizeValue(v, params));
    return this.addTensor(`${id}/int8`, {
      name: t.name, shape: [...t.shape], dtype: 'int8', data, quant: { scale: [params.scale], zeroPoint: [params.zeroPoint] },
    }, 'constant');
  }

  private emit(op: Op, info: Omit<OpQuantInfo, 'id' | 'type' | 'name'>): void {
    this.ops.push(op);
    this.opInfo.push({ id: op.id, type: op.type, name: op.name, ...info });
  }

  private setOutputs(op: Op, kind: RuleKind | 'inserted', p: (id: string) => QParams): void {
    for (const id of op.outputs) {
      if (!this.isActivation(id)) continue;
      this.params.set(id, p(id));
      this.producedBy.set(id, kind);
    }
  }

  // ---- per op ----------------------------------------------------------------

  private quantizeOp(op: Op): void {
    const touchesFloat = [...op.inputs, ...op.outputs].some((id) => id !== '' && isFloatTensor(this.graph.tensors.get(id)));
    if (!touchesFloat) {
      this.emit(op, { quantized: false, note: 'integer op, unchanged' });
      return;
    }
    const kind = (OP_RULES[op.type] as { kind: RuleKind }).kind;
    switch (kind) {
      case 'weighted':
        this.quantizeWeighted(op);
        break;
      case 'free':
        if (op.type === 'Clip' && !isReluClip(op)) return this.lowerClip(op);
        this.quantizeConstantInputs(op);
        this.setOutputs(op, kind, (id) => this.fromRange(id));
        break;
      case 'fixed':
        this.setOutputs(op, kind, () => ({ ...FIXED_OUTPUT_PARAMS[op.type] }));
        break;
      case 'same': {
        const source = op.inputs.findIndex((id) => this.isActivation(id) || this.isFloatConstant(id));
        if (source < 0) {
          this.setOutputs(op, 'free', (id) => this.fromRange(id));
          break;
        }
        if (this.isFloatConstant(op.inputs[source])) op.inputs[source] = this.quantizeConstant(op.inputs[source]);
        const p = this.paramsOfAny(op.inputs[source]);
        this.setOutputs(op, kind, () => ({ ...p }));
        break;
      }
      case 'shared': {
        const out = this.fromRange(op.outputs[0]);
        op.inputs.forEach((id, i) => {
          if (this.isFloatConstant(id)) op.inputs[i] = this.quantizeConstant(id, out);
          else if (this.isActivation(id)) this.reconcile(op, i, out);
        });
        this.setOutputs(op, kind, () => ({ ...out }));
        break;
      }
      case 'indexOutput':
        this.quantizeConstantInputs(op);
        break;
    }
    this.emit(op, { quantized: true });
  }

  /** Parameters of an activation, or of a constant this pass just quantized. */
  private paramsOfAny(id: string): QParams {
    const q = this.graph.tensors.get(id)?.quant;
    if (!this.params.has(id) && q) return { scale: q.scale[0], zeroPoint: q.zeroPoint[0] };
    return this.paramsOf(id);
  }

  private quantizeConstantInputs(op: Op): void {
    op.inputs.forEach((id, i) => {
      if (this.isFloatConstant(id)) op.inputs[i] = this.quantizeConstant(id);
    });
  }

  private quantizeWeighted(op: Op): void {
    const inScale = this.paramsOf(op.inputs[0]).scale;
    const w = this.tensor(op.inputs[1]);
    const biasId = op.inputs[2] ?? '';
    const bias = biasId === '' ? null : readConstantValues(this.tensor(biasId));
    const axis = op.type === 'FullyConnected' && !this.opts.perChannelFullyConnected ? null : weightAxis(op);
    const qw = quantizeWeights(w, axis, bias, inScale);
    const wId = this.addTensor(`${w.id}/int8`, { name: w.name, shape: [...w.shape], dtype: 'int8', data: qw.data, quant: qw.quant }, 'weight');
    const inputs = [op.inputs[0], wId];
    const channels = w.shape[weightAxis(op)];
    // TFLite's CONV_2D / DEPTHWISE_CONV_2D want a bias; an int32 zero bias keeps them integer.
    const biasValues = bias ?? (op.type === 'Conv2D' || op.type === 'DepthwiseConv2D' ? new Float64Array(channels) : null);
    if (biasValues) {
      const qb = quantizeBias(biasValues, inScale, qw.scales);
      const name = biasId === '' ? `${op.name}/bias` : this.tensor(biasId).name;
      inputs.push(this.addTensor(`${biasId === '' ? op.id : biasId}/int32`, { name, shape: [biasValues.length], dtype: 'int32', data: qb.data, quant: qb.quant }, 'bias'));
    }
    op.inputs = inputs;
    this.setOutputs(op, 'weighted', (id) => this.fromRange(id));
  }

  /**
   * A shared-scale input that differs from the target: retarget it when its
   * producer chooses its own output scale and nothing else reads it (no
   * extra op), else requantize it with an inserted QUANTIZE.
   */
  private reconcile(op: Op, index: number, target: QParams): void {
    const id = op.inputs[index];
    if (sameParams(this.paramsOf(id), target)) return;
    const producer = this.producedBy.get(id);
    const soleUse = (this.uses.get(id) ?? []).length === 1;
    const isInterface = this.graph.outputs.includes(id) || this.graph.inputs.includes(id);
    if ((producer === 'free' || producer === 'weighted') && soleUse && !isInterface) {
      this.params.set(id, { ...target });
      return;
    }
    const src = this.tensor(id);
    const requant = this.addTensor(`${id}/requantized`, { name: `${src.name}/requantized`, shape: [...src.shape], dtype: src.dtype });
    this.params.set(requant, { ...target });
    this.producedBy.set(requant, 'inserted');
    const q: Op = { id: uniqueOpId(this.graph, `${op.id}_requantize_${index}`), type: 'Quantize', name: `${op.name}/requantize_${index}`, inputs: [id], outputs: [requant], attrs: {} };
    this.emit(q, { quantized: true, inserted: true, note: `requantize input ${index} to the shared scale of ${op.type}` });
    this.requantizeOps++;
    op.inputs[index] = requant;
  }

  /** Clip(x, lo, hi) with non-ReLU bounds: MAXIMUM / MINIMUM against int8 bounds, all at x's scale (spec: same scale). */
  private lowerClip(op: Op): void {
    const lo = typeof op.attrs.min === 'number' ? op.attrs.min : -Infinity;
    const hi = typeof op.attrs.max === 'number' ? op.attrs.max : Infinity;
    const p = this.paramsOf(op.inputs[0]);
    const steps: ['Maximum' | 'Minimum', number][] = [];
    if (lo > -Infinity) steps.push(['Maximum', lo]);
    if (hi < Infinity) steps.push(['Minimum', hi]);
    const out = op.outputs[0];
    const outT = this.tensor(out);
    let current = op.inputs[0];
    if (steps.length === 0) steps.push(['Maximum', -Infinity]);
    steps.forEach(([type, bound], k) => {
      const target = k === steps.length - 1 ? out : this.addTensor(`${out}/${type.toLowerCase()}`, { name: `${outT.name}/${type}`, shape: [...outT.shape], dtype: outT.dtype });
      const boundId = this.addTensor(`${op.id}/${type.toLowerCase()}_bound`, {
        name: `${op.name}/${type}_bound`, shape: [], dtype: 'int8', data: Int8Array.of(quantizeValue(bound, p)), quant: { scale: [p.scale], zeroPoint: [p.zeroPoint] },
      }, 'constant');
      const lowered: Op = { id: uniqueOpId(this.graph, `${op.id}_${type}`), type, name: `${op.name}/${type}`, inputs: [current, boundId], outputs: [target], attrs: {} };
      this.params.set(target, { ...p });
      this.producedBy.set(target, 'same');
      this.emit(lowered, { quantized: true, inserted: true, note: `lowered from Clip [${lo}, ${hi}] at the input's scale` });
      current = target;
    });
  }

  // ---- finishing ----------------------------------------------------------------

  private applyParams(): void {
    for (const [id, p] of this.params) {
      const t = this.tensor(id);
      t.dtype = 'int8';
      t.quant = { scale: [p.scale], zeroPoint: [p.zeroPoint] };
      if (!this.roles.has(id)) this.roles.set(id, 'activation');
    }
    const left = this.graph.ops.flatMap((op) => [...op.inputs, ...op.outputs]).filter((id) => this.isActivation(id));
    if (left.length) throw new RangeError(`internal: float activations left unquantized: ${[...new Set(left)].join(', ')}`);
  }

  /** Graph inputs: int8 as is; uint8 or float32 feed a QUANTIZE to the internal int8 tensor. */
  private convertInputs(): void {
    const type = this.opts.inputType;
    const front: Op[] = [];
    for (const id of this.graph.inputs) {
      const t = this.tensor(id);
      const p = this.params.get(id);
      if (!p || type === 'int8') {
        if (p) this.roles.set(id, 'input');
        continue;
      }
      const inner = this.addTensor(`${id}/int8`, { name: `${t.name}/int8`, shape: [...t.shape], dtype: 'int8', quant: { scale: [p.scale], zeroPoint: [p.zeroPoint] } }, 'activation');
      for (const op of this.graph.ops) op.inputs = op.inputs.map((x) => (x === id ? inner : x));
      this.graph.outputs = this.graph.outputs.map((x) => (x === id ? inner : x));
      this.setInterfaceType(t, p, type);
      const q: Op = { id: uniqueOpId(this.graph, `quantize_${id}`), type: 'Quantize', name: `${t.name}/quantize`, inputs: [id], outputs: [inner], attrs: {} };
      front.push(q);
      this.opInfo.push({ id: q.id, type: q.type, name: q.name, quantized: true, inserted: true, note: `${type} input → int8` });
    }
    this.graph.ops = [...front, ...this.graph.ops];
  }

  /** Graph outputs: int8 as is; uint8 or float32 come from a QUANTIZE / DEQUANTIZE of the internal int8 tensor. */
  private convertOutputs(): void {
    const type = this.opts.outputType;
    const done = new Set<string>();
    const producedBy = producers(this.graph);
    for (const id of this.graph.outputs) {
      const t = this.tensor(id);
      const p = this.params.get(id);
      if (!p || done.has(id) || t.dtype !== 'int8') continue;
      done.add(id);
      if (type === 'int8') {
        this.roles.set(id, 'output');
        continue;
      }
      const inner = this.addTensor(`${id}/int8`, { name: `${t.name}/int8`, shape: [...t.shape], dtype: 'int8', quant: { scale: [p.scale], zeroPoint: [p.zeroPoint] } }, 'activation');
      const producer = producedBy.get(id);
      if (producer) producer.outputs = producer.outputs.map((x) => (x === id ? inner : x));
      for (const op of this.graph.ops) op.inputs = op.inputs.map((x) => (x === id ? inner : x));
      this.setInterfaceType(t, p, type);
      const conv: Op = {
        id: uniqueOpId(this.graph, `${type === 'float32' ? 'dequantize' : 'quantize'}_${id}`), type: type === 'float32' ? 'Dequantize' : 'Quantize',
        name: `${t.name}/${type === 'float32' ? 'dequantize' : 'quantize'}`, inputs: [inner], outputs: [id], attrs: {},
      };
      this.graph.ops.push(conv);
      this.opInfo.push({ id: conv.id, type: conv.type, name: conv.name, quantized: true, inserted: true, note: `int8 → ${type} output` });
    }
  }

  private setInterfaceType(t: Tensor, p: QParams, type: IoType): void {
    this.roles.set(t.id, this.graph.inputs.includes(t.id) ? 'input' : 'output');
    if (type === 'float32') {
      t.dtype = 'float32';
      delete t.quant;
      return;
    }
    const u = convertParams(p, 'int8', type);
    t.dtype = type;
    t.quant = { scale: [u.scale], zeroPoint: [u.zeroPoint] };
  }

  private report(): QuantReport {
    const tensors: TensorQuantInfo[] = [];
    for (const t of this.graph.tensors.values()) {
      if (!t.quant) continue;
      const info: TensorQuantInfo = {
        id: t.id, name: t.name, role: this.roles.get(t.id) ?? 'constant', dtype: t.dtype, scale: [...t.quant.scale], zeroPoint: [...t.quant.zeroPoint],
      };
      if (t.quant.axis !== undefined) info.axis = t.quant.axis;
      const observed = this.ranges.get(t.id);
      if (observed && info.role !== 'weight' && info.role !== 'bias') info.observed = { ...observed };
      if (t.quant.scale.length === 1 && (t.dtype === 'int8' || t.dtype === 'uint8')) {
        info.represented = representedRange({ scale: t.quant.scale[0], zeroPoint: t.quant.zeroPoint[0] }, t.dtype as IntType);
      }
      tensors.push(info);
    }
    return { inputType: this.opts.inputType, outputType: this.opts.outputType, tensors, ops: this.opInfo, requantizeOps: this.requantizeOps };
  }
}

function isReluClip(op: Op): boolean {
  const lo = typeof op.attrs.min === 'number' ? op.attrs.min : -Infinity;
  const hi = typeof op.attrs.max === 'number' ? op.attrs.max : Infinity;
  return RELU_BOUNDS.some(([a, b]) => a === lo && b === hi);
}
