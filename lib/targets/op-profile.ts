// What the cost model needs to know about each op of a model, computed once
// per (model, dtype assumption) and independent of the target: MACs, element
// work, the dtype the kernel computes in, bytes read and written, kernel
// geometry for NPU constraints, and the activation arena plan.

import { opCost } from '../ir/accounting';
import { bytesPerElement, elementCount, isConstant, isFloatDType } from '../ir/dtype';
import { requireOpDef } from '../ir/ops';
import type { OpCategory } from '../ir/ops';
import type { Graph, Model, Op, Tensor } from '../ir/types';
import { planArena, type ArenaPlan, type BufferLifetime } from './arena';

/** 'as-stored' simulates the tensors' own dtypes; the others re-type every float (or int8) tensor. */
export type DtypeMode = 'as-stored' | 'int8' | 'float32';
/** The arithmetic a kernel runs in. int16 activations run int8-style kernels at about half the rate. */
export type ComputeDtype = 'int8' | 'int16' | 'float32';

export interface OpProfile {
  index: number;
  opId: string;
  name: string;
  type: string;
  category: OpCategory;
  macs: number;
  macsKnown: boolean;
  elementOps: number;
  computeDtype: ComputeDtype;
  /** Non-constant tensors read / written, with their bytes under the dtype mode. */
  inputs: { id: string; bytes: number; producer: number }[];
  outputs: { id: string; bytes: number }[];
  weightBytes: number;
  /** Ops the runtime folds at load time (Dequantize of a constant) or aliases (Reshape-like): no per-inference work. */
  free: boolean;
  kernel: number;
  stride: number;
  dilation: number;
  depthMultiplier: number;
}

export interface ModelProfile {
  mode: DtypeMode;
  ops: OpProfile[];
  arena: ArenaPlan;
  /** Each weight tensor once, under the dtype mode. */
  weightBytes: number;
  macs: number;
  unknownMacOps: string[];
  unknownSizeTensors: string[];
  graphInputBytes: number;
}

const ALIASING_OPS = new Set(['Reshape', 'Squeeze', 'ExpandDims']);

function effectiveBytes(t: Tensor, mode: DtypeMode, isBias: boolean): number | null {
  const n = elementCount(t.shape);
  const stored = bytesPerElement(t.dtype);
  if (n === null || stored === null) return null;
  let per = stored;
  if (mode === 'int8' && isFloatDType(t.dtype)) per = isBias ? 4 : 1;
  if (mode === 'float32' && (isFloatDType(t.dtype) || t.dtype === 'int8' || t.dtype === 'uint8' || t.dtype === 'int16' || t.dtype === 'int4')) {
    per = isBias && !isFloatDType(t.dtype) ? stored : 4;
  }
  return Math.ceil(n * per);
}

function computeDtypeOf(graph: Graph, op: Op, mode: DtypeMode): ComputeDtype {
  if (mode !== 'as-stored') return mode;
  for (const id of op.inputs) {
    const t = id ? graph.tensors.get(id) : undefined;
    if (!t || isConstant(t)) continue;
    if (t.dtype === 'int8' || t.dtype === 'uint8' || t.dtype === 'int4') return 'int8';
    if (t.dtype === 'int16') return 'int16';
    return 'float32';
  }
  const out = graph.tensors.get(op.outputs[0] ?? '');
  return out && (out.dtype === 'int8' || out.dtype === 'uint8') ? 'int8' : 'float32';
}

function numberAttr(op: Op, name: string, fallback: number): number {
  const v = op.attrs[name];
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && v.length && typeof v[0] === 'number') return Math.max(...(v as number[]));
  return fallback;
}

function kernelOf(graph: Graph, op: Op): number {
  if (op.type === 'Conv2D' || op.type === 'DepthwiseConv2D' || op.type === 'TransposeConv2D') {
    const f = graph.tensors.get(op.inputs[1] ?? '');
    return f && f.shape.length === 4 ? Math.max(f.shape[1], f.shape[2]) : 1;
  }
  if (op.type === 'AveragePool2D' || op.type === 'MaxPool2D') return numberAttr(op, 'filter', 1);
  return 1;
}

export function profileModel(model: Model, mode: DtypeMode = 'as-stored'): ModelProfile {
  const graph = model.graphs[0];
  if (!graph) throw new Error('model has no graphs');
  const producer = new Map<string, number>();
  graph.ops.forEach((op, i) => op.outputs.forEach((id) => producer.set(id, i)));
  const foldedDequant = new Set<number>();
  graph.ops.forEach((op, i) => {
    const src = op.type === 'Dequantize' ? graph.tensors.get(op.inputs[0] ?? '') : undefined;
    if (src && isConstant(src)) foldedDequant.add(i);
  });
  /** The constant behind a weight input (through a folded Dequantize). */
  const weightSource = (id: string): Tensor | undefined => {
    const t = id ? graph.tensors.get(id) : undefined;
    if (!t) return undefined;
    if (isConstant(t)) return t;
    const p = producer.get(id);
    return p !== undefined && foldedDequant.has(p) ? graph.tensors.get(graph.ops[p].inputs[0]) : undefined;
  };

  const unknownSize = new Set<string>();
  const sizeOf = (t: Tensor, isBias = false): number => {
    const b = effectiveBytes(t, mode, isBias);
    if (b === null) {
      unknownSize.add(t.id);
      return 0;
    }
    return b;
  };
  const isActivation = (id: string) => {
    const t = id ? graph.tensors.get(id) : undefined;
    if (!t || isConstant(t)) return false;
    const p = producer.get(id);
    return !(p !== undefined && foldedDequant.has(p));
  };

  const weightSeen = new Map<string, number>();
  const unknownMacOps: string[] = [];
  const ops: OpProfile[] = graph.ops.map((op, index) => {
    const def = requireOpDef(op);
    const cost = opCost(graph, op);
    if (cost.macs === null) unknownMacOps.push(op.id);
    let weightBytes = 0;
    for (const wi of def.weightInputs ?? []) {
      const t = weightSource(op.inputs[wi] ?? '');
      if (!t) continue;
      const bytes = sizeOf(t, wi === 2 && t.shape.length === 1);
      weightBytes += bytes;
      weightSeen.set(t.id, bytes);
    }
    const inputs = op.inputs.filter(isActivation).map((id) => ({
      id,
      bytes: sizeOf(graph.tensors.get(id) as Tensor),
      producer: producer.get(id) ?? -1,
    }));
    const outputs = op.outputs.filter(isActivation).map((id) => ({ id, bytes: sizeOf(graph.tensors.get(id) as Tensor) }));
    return {
      index,
      opId: op.id,
      name: op.name,
      type: op.type,
      category: def.category,
      macs: cost.macs ?? 0,
      macsKnown: cost.macs !== null,
      elementOps: cost.elementOps ?? 0,
      computeDtype: computeDtypeOf(graph, op, mode),
      inputs,
      outputs,
      weightBytes,
      free: foldedDequant.has(index) || ALIASING_OPS.has(op.type),
      kernel: kernelOf(graph, op),
      stride: numberAttr(op, 'strides', 1),
      dilation: numberAttr(op, 'dilations', 1),
      depthMultiplier: numberAttr(op, 'depthMultiplier', 1),
    };
  });

  // Lifetimes: written by its producer (graph inputs: before op 0), alive until its last reader.
  const lifetimes = new Map<string, BufferLifetime>();
  for (const id of graph.inputs) {
    const t = graph.tensors.get(id);
    if (t && !isConstant(t)) lifetimes.set(id, { id, bytes: sizeOf(t), first: -1, last: -1 });
  }
  for (const p of ops) {
    for (const o of p.outputs) lifetimes.set(o.id, { id: o.id, bytes: o.bytes, first: p.index, last: p.index });
    for (const i of p.inputs) {
      const lt = lifetimes.get(i.id);
      if (lt) lt.last = Math.max(lt.last, p.index);
    }
  }
  for (const id of graph.outputs) {
    const lt = lifetimes.get(id);
    if (lt) lt.last = ops.length;
  }
  const arena = planArena([...lifetimes.values()]);
  const graphInputBytes = graph.inputs.reduce((a, id) => a + (lifetimes.get(id)?.bytes ?? 0), 0);
  return {
    mode,
    ops,
    arena,
    weightBytes: [...weightSeen.values()].reduce((a, b) => a + b, 0),
    macs: ops.reduce((a, p) => a + p.macs, 0),
    unknownMacOps,
    unknownSizeTensors: [...unknownSize],
    graphInputBytes,
  };
}
