// Imports one ONNX graph (main graph or If branch) into a new IR graph.
// Main-graph rank-4 inputs/outputs are NHWC (ONNX NCHW permuted by
// [0, 2, 3, 1]) unless the file itself transposes them to/from NHWC right at
// the boundary; branch graphs keep plain ONNX layout at their boundary.
import type { Model } from '../../../ir/types';
import { ModelFormatError } from '../../errors';
import type { OnnxGraph, OnnxNode } from '../types';
import { GraphBuilder, type Value } from './builder';
import { emitCustom } from './common';
import { checkFrozenNames, FROZEN_INPUT_KEY, frozenInputTensor } from './frozen-inputs';
import { HANDLERS } from './handlers';
import { fromOnnxTensor, irDType } from './host';
import { canEvaluateOnHost, evaluateOnHost } from './host-eval';
import { channelLast, identity, samePerm } from './layout';

export interface GraphImportOptions {
  /** NHWC at rank-4 graph boundaries (main graph only). */
  layoutIO: boolean;
  /** ONNX-order shapes that replace dynamic input dims. */
  inputShapes?: Record<string, number[]>;
  /** Values that freeze graph inputs to constants (main graph only; see frozen-inputs.ts). */
  inputValues?: Record<string, number[]>;
  /** Outer values a branch reads: passed as leading graph inputs. */
  operands?: Value[];
  /** Outer constants a branch reads: copied in. */
  constants?: Value[];
}

export interface GraphImportResult {
  index: number;
  outputs: Value[];
  builder: GraphBuilder;
}

function isTransposeTo(n: OnnxNode | undefined, perm: number[]): boolean {
  const a = n?.attributes.perm;
  return n?.opType === 'Transpose' && n.domain === '' && a?.type === 'ints' && samePerm(a.value, perm);
}

function inputShape(dims: Array<number | string | null>, fixed: number[] | undefined, where: string): number[] {
  const shape = dims.map((d) => (typeof d === 'number' ? d : -1));
  if (!fixed) return shape;
  if (fixed.length !== shape.length || fixed.some((d, i) => !Number.isInteger(d) || d < 0 || (shape[i] >= 0 && shape[i] !== d))) {
    throw new ModelFormatError('bad-shape', `inputShapes [${fixed.join(', ')}] do not fit the declared shape [${shape.join(', ')}]`, where);
  }
  return fixed;
}

/**
 * Model.metadata key prefix marking a main-graph input or output that the
 * file has in NCHW and the IR holds in NHWC (permuted by [0, 2, 3, 1]); value
 * 'NCHW'. Runners and exporters use it to feed and compare in either layout.
 */
export const LAYOUT_KEY = 'layout:';

/** Defines a node's outputs as host constants when all its inputs are known; false when it is not foldable. */
function foldOnHost(b: GraphBuilder, n: OnnxNode): boolean {
  if (!canEvaluateOnHost(n)) return false;
  const ins = n.inputs.map((name) => (name === '' ? undefined : b.optional(name)?.host));
  if (n.inputs.some((name, i) => name !== '' && !ins[i])) return false;
  const out = evaluateOnHost(n, ins, b.opset);
  if (!out) return false;
  n.outputs.forEach((name, i) => b.constant(name, out[i]));
  return true;
}

/**
 * Converts nodes into `b`: folds those computable from constants, maps the
 * rest through HANDLERS and keeps what no handler takes as Custom ops. Also
 * used to inline an If branch whose condition is known at import.
 */
export function importNodes(b: GraphBuilder, nodes: OnnxNode[], where: string): void {
  nodes.forEach((n, i) => {
    const at = `${where} / node ${i}${n.name ? ` '${n.name}'` : ''} (${n.opType})`;
    if (foldOnHost(b, n)) return;
    const handler = n.domain === '' ? HANDLERS[n.opType] : undefined;
    if (!handler || !handler(b, n, at)) emitCustom(b, n, at);
  });
}

export function importGraph(model: Model, g: OnnxGraph, opset: number, opts: GraphImportOptions, where: string, slot?: number): GraphImportResult {
  const index = slot ?? model.graphs.length;
  const b = new GraphBuilder(model, g.name, opset);
  if (slot === undefined) model.graphs.push(b.graph);
  for (const vi of [...g.valueInfo, ...g.outputs]) {
    if (vi.type.kind !== 'tensor') continue;
    const dtype = (() => { try { return irDType(vi.type.elemType, where); } catch { return 'float32' as const; } })();
    b.hints.set(vi.name, { dtype, shape: vi.type.shape?.map((d) => (typeof d === 'number' ? d : -1)) ?? null });
  }
  for (const v of opts.constants ?? []) if (v.host) b.constant(v.name, v.host);
  for (const [i, t] of g.initializers.entries()) b.constant(t.name, fromOnnxTensor(t, `${where} / initializer ${i}`));
  for (const v of opts.operands ?? []) {
    const id = b.output(v.name, v.dtype, v.shape, identity(v.shape?.length ?? 0));
    b.graph.inputs.push(id);
  }
  const consumers = new Map<string, OnnxNode[]>();
  for (const n of g.nodes) for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n]);

  const initNames = new Set(g.initializers.map((t) => t.name));
  checkFrozenNames(g, opts.inputValues, where);
  for (const [i, vi] of g.inputs.entries()) {
    if (initNames.has(vi.name)) continue; // old-style: initializers listed as inputs
    const at = `${where} / input ${i} '${vi.name}'`;
    if (vi.type.kind !== 'tensor') throw new ModelFormatError('unsupported', `non-tensor graph input (${vi.type.kind})`, at);
    const dims = vi.type.shape;
    const shape = dims ? inputShape(dims, opts.inputShapes?.[vi.name], at) : null;
    const frozen = opts.inputValues?.[vi.name];
    if (frozen) {
      b.constant(vi.name, frozenInputTensor(vi.type.elemType, shape, frozen, at));
      model.metadata[`${FROZEN_INPUT_KEY}${vi.name}`] = frozen.join(',');
      continue;
    }
    const users = consumers.get(vi.name) ?? [];
    const alreadyNhwc = users.length > 0 && users.every((u) => isTransposeTo(u, [0, 3, 1, 2]));
    const perm = opts.layoutIO && shape?.length === 4 && !alreadyNhwc ? channelLast(4) : identity(shape?.length ?? 0);
    b.graph.inputs.push(b.output(vi.name, irDType(vi.type.elemType, at), shape, perm));
    if (perm.some((p, k) => p !== k)) model.metadata[`${LAYOUT_KEY}${vi.name}`] = 'NCHW';
  }

  const producer = new Map<string, OnnxNode>();
  for (const n of g.nodes) for (const o of n.outputs) producer.set(o, n);
  importNodes(b, g.nodes, where);

  const outputs = g.outputs.map((vi, i) => {
    const at = `${where} / output ${i} '${vi.name}'`;
    const v = b.value(vi.name, at);
    const rank = v.shape?.length ?? 0;
    const nhwc = opts.layoutIO && rank === 4 && !isTransposeTo(producer.get(vi.name), [0, 2, 3, 1]);
    const perm = nhwc ? channelLast(4) : identity(rank);
    if (nhwc) model.metadata[`${LAYOUT_KEY}${vi.name}`] = 'NCHW';
    const id = b.tensorIn(v, perm);
    const t = b.graph.tensors.get(id);
    if (t) t.name = vi.name;
    b.graph.outputs.push(id);
    return v;
  });
  return { index, outputs, builder: b };
}
