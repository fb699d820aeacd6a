// The parts of an import that are not op mappings: constants from weights,
// graph inputs (Placeholders), graph outputs, output counts and Custom ops.

import type { DType, TensorData } from '../../../ir/types';
import { ModelFormatError } from '../../errors';
import { irDTypeOf } from '../dtype';
import type { TfAttr, TfjsModel, TfjsNode, TfjsWeight } from '../types';
import { type ImportContext, tensorIdOf, UNKNOWN_SHAPE } from './context';
import { intAttr } from './node-attrs';

/** TF.js stores strings as u32 length + bytes per element; the IR keeps that layout in `bytes`. */
function encodeStrings(values: Uint8Array[]): Uint8Array {
  const total = values.reduce((n, v) => n + 4 + v.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const v of values) {
    view.setUint32(at, v.length, true);
    out.set(v, at + 4);
    at += 4 + v.length;
  }
  return out;
}

export function addWeightConstant(ctx: ImportContext, node: TfjsNode, weight: TfjsWeight): void {
  const id = tensorIdOf(node.name, 0);
  switch (weight.dtype) {
    case 'float32':
    case 'int32':
      ctx.addConstant(id, weight.dtype, weight.shape, weight.values as TensorData);
      return;
    case 'complex64':
      ctx.addConstant(id, 'complex64', weight.shape, weight.values);
      return;
    case 'bool':
      ctx.addConstant(id, 'bool', weight.shape, undefined, weight.values);
      return;
    case 'string':
      ctx.addConstant(id, 'string', weight.shape, undefined, encodeStrings(weight.values));
      return;
  }
}

function signatureEntry(model: TfjsModel, which: 'inputs' | 'outputs', node: string, index: number) {
  const list = model.signature?.[which] ?? [];
  return list.find(([, info]) => info.name === `${node}:${index}` || (index === 0 && info.name === node))?.[1];
}

export function addGraphInput(ctx: ImportContext, node: TfjsNode): string {
  const sig = signatureEntry(ctx.model, 'inputs', node.name, 0);
  const attrShape = node.attrs.shape?.kind === 'shape' ? node.attrs.shape.value : undefined;
  const shape = sig && !sig.shape.unknownRank ? sig.shape : attrShape;
  const dtypeAttr = node.attrs.dtype;
  const dtype: DType = (dtypeAttr?.kind === 'type' ? irDTypeOf(dtypeAttr.value) : undefined) ?? 'float32';
  // Unknown rank (rvm's recurrent-state inputs) gets the same marker as un-inferred tensors.
  if (!shape || shape.unknownRank) return ctx.declareTensor(tensorIdOf(node.name, 0), dtype, UNKNOWN_SHAPE, false);
  return ctx.declareTensor(tensorIdOf(node.name, 0), dtype, shape.dims, true);
}

const KNOWN_OUTPUT_COUNTS: Record<string, (n: TfjsNode) => number> = {
  Split: (n) => intAttr(n, 'num_split', 1),
  SplitV: (n) => intAttr(n, 'num_split', 1),
  Unpack: (n) => intAttr(n, 'num', 1),
  TopKV2: () => 2,
  NonMaxSuppressionV4: () => 2,
  NonMaxSuppressionV5: () => 3,
  Switch: () => 2,
  Merge: () => 2,
  FusedBatchNorm: () => 5,
  FusedBatchNormV2: () => 5,
  FusedBatchNormV3: () => 6,
  IdentityN: (n) => n.inputs.length,
  NoOp: () => 0,
};

/** Outputs per node: what the op defines, or more if a consumer reads a higher index. */
export function outputCounts(model: TfjsModel): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of model.nodes) counts.set(n.name, Math.max(0, KNOWN_OUTPUT_COUNTS[n.op]?.(n) ?? 1));
  const bump = (node: string, index: number): void => {
    if (counts.has(node)) counts.set(node, Math.max(counts.get(node) ?? 0, index + 1));
  };
  for (const n of model.nodes) for (const r of n.inputs) bump(r.node, r.index);
  for (const [, info] of model.signature?.outputs ?? []) {
    const m = /^(.*?)(?::(\d+))?$/.exec(info.name);
    if (m) bump(m[1], Number(m[2] ?? 0));
  }
  return counts;
}

/** TF attrs as JSON, kept in Custom options so nothing about the node is lost. */
function attrsJson(attrs: Record<string, TfAttr>): Uint8Array {
  const plain: Record<string, unknown> = {};
  for (const [k, a] of Object.entries(attrs)) plain[k] = a.value;
  return new TextEncoder().encode(JSON.stringify(plain));
}

export function emitCustom(ctx: ImportContext, node: TfjsNode, outs: string[]): void {
  ctx.addOp('Custom', node.name, node.inputs.map((r) => ctx.input(r)), outs, {
    customCode: node.op,
    options: attrsJson(node.attrs),
    sourceFormat: 'tfjs',
  });
}

/** Signature outputs if present, else tensors of nodes nobody consumes (excluding Const/NoOp like tfjs minus dead weights). */
export function graphOutputs(ctx: ImportContext, counts: Map<string, number>): string[] {
  const model = ctx.model;
  const sigOutputs = model.signature?.outputs ?? [];
  if (sigOutputs.length > 0) {
    return sigOutputs.map(([key, info]) => {
      const m = /^(.*?)(?::(\d+))?$/.exec(info.name);
      const node = m?.[1] ?? info.name;
      const index = Number(m?.[2] ?? 0);
      if (!counts.has(node)) throw new ModelFormatError('dangling-tensor', `signature output "${key}" names missing node "${node}"`, 'model.json.signature');
      const id = ctx.resolve(tensorIdOf(node, index));
      const t = ctx.tensor(id);
      if (t && !info.shape.unknownRank && !ctx.knownShape(id)) t.shape = [...info.shape.dims];
      return id;
    });
  }
  const consumed = new Set<string>();
  for (const n of model.nodes) {
    for (const r of n.inputs) consumed.add(r.node);
    for (const c of n.controlInputs) consumed.add(c);
  }
  const outs: string[] = [];
  for (const n of model.nodes) {
    if (consumed.has(n.name) || n.op === 'Const' || n.op === 'NoOp') continue;
    for (let i = 0; i < (counts.get(n.name) ?? 0); i++) outs.push(ctx.resolve(tensorIdOf(n.name, i)));
  }
  return outs;
}
