// Shape and data-movement ops. Small int shape math on known values is folded
// on the host; the rest becomes IR Shape/Gather/Concat/Reshape/… ops (shape
// operands as inputs, see OPERAND_ATTRS) for the IR's constant folding.
import { ModelFormatError } from '../../../errors';
import type { OnnxNode } from '../../types';
import type { GraphBuilder, Value } from '../builder';
import { alignedIn, inputsOf, pickLayout, required, type Handler } from '../common';
import { type HostTensor, elementCount, fromNumbers, fromOnnxTensor, permuteHost, toNumbers } from '../host';
import { dropAxes, identity, invert, isIdentity } from '../layout';
import { attrFloat, attrInt, attrInts, normAxis } from '../node-attrs';

const INT64_BIG = 2 ** 53;

/** Axes from the attr (older opsets) or the second input (newer); undefined if not known. */
function axesOf(b: GraphBuilder, n: OnnxNode, input: Value | undefined): number[] | undefined | null {
  const fromAttr = attrInts(n, 'axes');
  if (fromAttr) return fromAttr;
  if (!input) return null;
  return input.host ? toNumbers(input.host) : undefined;
}

function hostOut(b: GraphBuilder, n: OnnxNode, t: HostTensor): true {
  b.constant(n.outputs[0], t);
  return true;
}

export const constantHandler: Handler = (b, n, where) => {
  const a = n.attributes;
  if (a.value?.type === 'tensor') return hostOut(b, n, fromOnnxTensor(a.value.value, where));
  if (a.value_float?.type === 'float') return hostOut(b, n, fromNumbers('float32', [], [a.value_float.value]));
  if (a.value_floats?.type === 'floats') return hostOut(b, n, fromNumbers('float32', [a.value_floats.value.length], a.value_floats.value));
  if (a.value_int?.type === 'int') return hostOut(b, n, fromNumbers('int64', [], [a.value_int.value]));
  if (a.value_ints?.type === 'ints') return hostOut(b, n, fromNumbers('int64', [a.value_ints.value.length], a.value_ints.value));
  throw new ModelFormatError('bad-value', 'Constant has no supported value attribute', where);
};

export const shapeHandler: Handler = (b, n, where) => {
  const x = required(inputsOf(b, n, where)[0], 'X', where);
  if (!x.shape) return false;
  const rank = x.shape.length;
  const start = normClamp(attrInt(n, 'start', 0), rank);
  const end = normClamp(attrInt(n, 'end', rank), rank);
  const dims = x.shape.slice(start, end);
  if (dims.every((d) => d >= 0)) return hostOut(b, n, fromNumbers('int64', [dims.length], dims));
  if (start !== 0 || end !== rank) return false;
  const src = x.host ? b.plain(x) : x.id!;
  if (isIdentity(x.perm) || x.host) {
    const out = b.output(n.outputs[0], 'int64', [rank], [0]);
    b.addOp('Shape', n.name, [src], [out], { outType: 'int64' });
    return true;
  }
  // IR shape is in IR order; gather it back into ONNX order.
  const irShape = b.addTensor(`${n.outputs[0]}/ir_order`, 'int64', [rank], [0]);
  b.addOp('Shape', n.name, [src], [irShape], { outType: 'int64' });
  const idx = b.constTensor(`${n.outputs[0]}/onnx_order`, fromNumbers('int32', [rank], invert(x.perm)));
  const out = b.output(n.outputs[0], 'int64', [rank], [0]);
  b.addOp('Gather', `${n.name}/to_onnx_order`, [irShape, idx], [out], { axis: 0, batchDims: 0 });
  return true;
};

function normClamp(v: number, rank: number): number {
  return Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
}

export const sizeHandler: Handler = (b, n, where) => {
  const x = required(inputsOf(b, n, where)[0], 'X', where);
  if (!x.shape || x.shape.some((d) => d < 0)) return false;
  return hostOut(b, n, fromNumbers('int64', [], [elementCount(x.shape)]));
};

export const gatherHandler: Handler = (b, n, where) => {
  const [data, indices] = inputsOf(b, n, where).map((v, i) => required(v, `${i}`, where));
  if (!data.shape || !indices.shape) return false;
  const rank = data.shape.length;
  const axis = normAxis(attrInt(n, 'axis', 0), rank, where);
  if (data.host && indices.host && rank === 1 && data.host.data) {
    const vals = toNumbers(data.host);
    const picked = toNumbers(indices.host).map((i) => {
      const j = i < 0 ? i + vals.length : i;
      if (j < 0 || j >= vals.length) throw new ModelFormatError('out-of-range', `Gather index ${i} outside [0, ${vals.length})`, where);
      return vals[j];
    });
    return hostOut(b, n, fromNumbers(data.host.dtype, indices.host.dims, picked));
  }
  const outShape = [...data.shape.slice(0, axis), ...indices.shape, ...data.shape.slice(axis + 1)];
  const scalarIndex = indices.shape.length === 0;
  const perm = scalarIndex ? data.perm : identity(rank);
  const dataId = scalarIndex ? b.tensorIn(data, perm) : b.plain(data);
  const outPerm = scalarIndex ? dropAxes(perm, [axis]) : identity(outShape.length);
  const out = b.output(n.outputs[0], data.dtype, outShape, outPerm);
  b.addOp('Gather', n.name, [dataId, b.plain(indices)], [out], { axis: invert(perm)[axis], batchDims: 0 });
  return true;
};

export const unsqueezeHandler: Handler = (b, n, where) => {
  const [x, axesIn] = inputsOf(b, n, where);
  const v = required(x, 'X', where);
  const axes = axesOf(b, n, axesIn);
  if (!axes || !v.shape) return false;
  const outRank = v.shape.length + axes.length;
  const norm = axes.map((a) => normAxis(a, outRank, where)).sort((p, q) => p - q);
  const outShape = [...v.shape];
  for (const a of norm) outShape.splice(a, 0, 1);
  if (v.host) return hostOut(b, n, { ...v.host, dims: outShape });
  let id = b.plain(v);
  let shape = [...v.shape];
  norm.forEach((a, i) => {
    shape = [...shape.slice(0, a), 1, ...shape.slice(a)];
    const next = i === norm.length - 1 ? b.output(n.outputs[0], v.dtype, outShape, identity(outRank)) : b.addTensor(n.outputs[0], v.dtype, shape, identity(shape.length));
    b.addOp('ExpandDims', n.name, [id], [next], { axis: a });
    id = next;
  });
  return true;
};

export const squeezeHandler: Handler = (b, n, where) => {
  const [x, axesIn] = inputsOf(b, n, where);
  const v = required(x, 'X', where);
  if (!v.shape) return false;
  const rank = v.shape.length;
  const given = axesOf(b, n, axesIn);
  if (given === undefined) return false;
  const axes = given === null ? v.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : given.map((a) => normAxis(a, rank, where));
  if (given === null && v.shape.some((d) => d < 0)) return false;
  const outShape = v.shape.filter((_, i) => !axes.includes(i));
  if (v.host) return hostOut(b, n, { ...v.host, dims: outShape });
  const inv = invert(v.perm);
  const out = b.output(n.outputs[0], v.dtype, outShape, dropAxes(v.perm, axes));
  b.addOp('Squeeze', n.name, [b.tensorIn(v, v.perm)], [out], { axes: axes.map((a) => inv[a]).sort((p, q) => p - q) });
  return true;
};

export const concatHandler: Handler = (b, n, where) => {
  const ins = inputsOf(b, n, where).filter((v): v is Value => v !== undefined);
  if (ins.length === 0 || ins.some((v) => !v.shape)) return false;
  const rank = ins[0].shape!.length;
  const axis = normAxis(attrInt(n, 'axis', 0), rank, where);
  if (ins.some((v) => v.shape!.length !== rank)) throw new ModelFormatError('bad-shape', 'Concat inputs differ in rank', where);
  const outShape = ins[0].shape!.map((d, i) => {
    if (i !== axis) return ins.map((v) => v.shape![i]).find((x) => x >= 0) ?? d;
    return ins.some((v) => v.shape![i] < 0) ? -1 : ins.reduce((s, v) => s + v.shape![i], 0);
  });
  if (rank === 1 && ins.every((v) => v.host?.data)) {
    return hostOut(b, n, fromNumbers(ins[0].host!.dtype, outShape, ins.flatMap((v) => toNumbers(v.host!))));
  }
  const perm = pickLayout(ins, rank);
  const ids = ins.filter((v) => v.shape![axis] !== 0).map((v) => alignedIn(b, v, rank, perm));
  const out = b.output(n.outputs[0], ins[0].dtype, outShape, perm);
  b.addOp('Concat', n.name, ids, [out], { axis: invert(perm)[axis], activation: 'none' });
  return true;
};

/** Resolves ONNX Reshape's 0 (copy) entries; null when a copied dim is unknown and a -1 exists. */
function resolveShape(target: number[], input: number[] | null, allowZero: boolean): number[] | null {
  const out = target.map((d, i) => (d === 0 && !allowZero ? (input?.[i] ?? -1) : d));
  if (out.filter((d) => d === -1).length > 1) return null;
  return out;
}

function inferReshape(target: number[], input: number[] | null): number[] {
  const i = target.indexOf(-1);
  if (i < 0 || !input || input.some((d) => d < 0)) return target;
  const known = target.reduce((p, d) => (d === -1 ? p : p * d), 1);
  const out = [...target];
  out[i] = known === 0 ? 0 : elementCount(input) / known;
  return out;
}

export const reshapeHandler: Handler = (b, n, where) => {
  const [x, shapeIn] = inputsOf(b, n, where).map((v, i) => required(v, `${i}`, where));
  const allowZero = attrInt(n, 'allowzero', 0) === 1;
  if (shapeIn.host) {
    const target = resolveShape(toNumbers(shapeIn.host), x.shape, allowZero);
    if (!target) return false;
    const outShape = inferReshape(target, x.shape);
    if (x.host) return hostOut(b, n, { ...x.host, dims: outShape });
    const out = b.output(n.outputs[0], x.dtype, outShape, identity(outShape.length));
    b.addOp('Reshape', n.name, [b.plain(x)], [out], { newShape: target });
    return true;
  }
  const rank = shapeIn.shape?.[0];
  if (rank === undefined || rank < 0) return false;
  const out = b.output(n.outputs[0], x.dtype, new Array<number>(rank).fill(-1), identity(rank));
  b.addOp('Reshape', n.name, [b.plain(x), b.plain(shapeIn)], [out], {});
  return true;
};

export const flattenHandler: Handler = (b, n, where) => {
  const x = required(inputsOf(b, n, where)[0], 'X', where);
  if (!x.shape) return false;
  const rank = x.shape.length;
  const axis = normClamp(attrInt(n, 'axis', 1), rank);
  const part = (dims: number[]) => (dims.some((d) => d < 0) ? -1 : elementCount(dims));
  const target = [part(x.shape.slice(0, axis)), part(x.shape.slice(axis))];
  if (target[0] === -1 && target[1] === -1) return false;
  if (x.host) return hostOut(b, n, { ...x.host, dims: target });
  const out = b.output(n.outputs[0], x.dtype, target, [0, 1]);
  b.addOp('Reshape', n.name, [b.plain(x)], [out], { newShape: target });
  return true;
};

/** Transpose is free: the output aliases the input tensor under a composed layout. */
export const transposeHandler: Handler = (b, n, where) => {
  const x = required(inputsOf(b, n, where)[0], 'X', where);
  if (!x.shape) return false;
  const rank = x.shape.length;
  const t = attrInts(n, 'perm') ?? identity(rank).reverse();
  if (t.length !== rank || [...t].sort((p, q) => p - q).some((p, i) => p !== i)) {
    throw new ModelFormatError('bad-value', `perm [${t.join(', ')}] is not a permutation of rank ${rank}`, where);
  }
  const outShape = t.map((p) => x.shape![p]);
  if (x.host) return hostOut(b, n, permuteHost(x.host, t));
  const invT = invert(t);
  b.define(n.outputs[0], { ...x, name: n.outputs[0], shape: outShape, perm: x.perm.map((p) => invT[p]) });
  return true;
};

export const sliceHandler: Handler = (b, n, where) => {
  const ins = inputsOf(b, n, where);
  const x = required(ins[0], 'data', where);
  if (!x.shape) return false;
  const rank = x.shape.length;
  const param = (i: number, attr: string): number[] | undefined | null => {
    if (b.opset < 10) return attrInts(n, attr) ?? null;
    const v = ins[i];
    if (!v) return null;
    return v.host ? toNumbers(v.host) : undefined;
  };
  const starts = param(1, 'starts');
  const ends = param(2, 'ends');
  const axesP = param(3, 'axes');
  const stepsP = b.opset < 10 ? null : param(4, 'steps');
  if (!starts || !ends || axesP === undefined || stepsP === undefined) return false;
  const axes = (axesP ?? starts.map((_, i) => i)).map((a) => normAxis(a, rank, where));
  const steps = stepsP ?? starts.map(() => 1);
  if (steps.some((s) => s === 0)) throw new ModelFormatError('bad-value', 'Slice step of 0', where);
  const begin = new Array<number>(rank).fill(0);
  const end = new Array<number>(rank).fill(0);
  const stride = new Array<number>(rank).fill(1);
  let beginMask = 0;
  let endMask = 0;
  const outShape = [...x.shape];
  for (let a = 0; a < rank; a++) {
    const k = axes.indexOf(a);
    if (k < 0) { beginMask |= 1 << a; endMask |= 1 << a; continue; }
    begin[a] = starts[k];
    stride[a] = steps[k];
    const e = ends[k];
    if (Math.abs(e) >= INT64_BIG / 2) endMask |= 1 << a; else end[a] = e;
    const d = x.shape[a];
    if (d >= 0) outShape[a] = sliceLength(d, starts[k], e, steps[k]);
    else outShape[a] = -1;
  }
  if (x.host?.data && rank === 1) {
    const vals = toNumbers(x.host);
    const picked: number[] = [];
    const d = vals.length;
    const s = stride[0];
    let i = clampIndex(begin[0], d, s);
    const stop = endMask & 1 ? (s > 0 ? d : -1) : clampIndex(end[0], d, s);
    for (; s > 0 ? i < stop : i > stop; i += s) picked.push(vals[i]);
    return hostOut(b, n, fromNumbers(x.host.dtype, [picked.length], picked));
  }
  // IR axis i is ONNX axis perm[i]: reorder every per-axis parameter and mask bit.
  const p = x.perm;
  const maskIn = (m: number) => p.reduce((acc, a, i) => acc | (((m >> a) & 1) << i), 0);
  const out = b.output(n.outputs[0], x.dtype, outShape, p);
  b.addOp('StridedSlice', n.name, [b.tensorIn(x, p)], [out], {
    begin: p.map((a) => begin[a]), end: p.map((a) => end[a]), strides: p.map((a) => stride[a]),
    beginMask: maskIn(beginMask), endMask: maskIn(endMask), ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
  });
  return true;
};

function clampIndex(i: number, d: number, step: number): number {
  let v = i < 0 ? i + d : i;
  if (step > 0) v = Math.min(Math.max(v, 0), d);
  else v = Math.min(Math.max(v, -1), d - 1);
  return v;
}

function sliceLength(d: number, start: number, end: number, step: number): number {
  const s = clampIndex(start, d, step);
  const e = Math.abs(end) >= INT64_BIG / 2 ? (end > 0 ? (step > 0 ? d : d - 1) : -1) : clampIndex(end, d, step);
  return Math.max(0, Math.ceil((e - s) / step));
}

export const constantOfShapeHandler: Handler = (b, n, where) => {
  const shapeIn = required(inputsOf(b, n, where)[0], 'input', where);
  const valueAttr = n.attributes.value;
  const fill = valueAttr?.type === 'tensor' ? fromOnnxTensor(valueAttr.value, where) : fromNumbers('float32', [1], [0]);
  const fillValue = toNumbers(fill)[0] ?? 0;
  if (shapeIn.host) {
    const dims = toNumbers(shapeIn.host);
    if (dims.some((d) => d < 0) || elementCount(dims) > 1 << 20) return false;
    return hostOut(b, n, fromNumbers(fill.dtype, dims, new Array<number>(elementCount(dims)).fill(fillValue)));
  }
  const rank = shapeIn.shape?.[0];
  if (rank === undefined || rank < 0) return false;
  const out = b.output(n.outputs[0], fill.dtype, new Array<number>(rank).fill(-1), identity(rank));
  b.addOp('Fill', n.name, [b.plain(shapeIn), b.constTensor(`${n.outputs[0]}/value`, fromNumbers(fill.dtype, [], [fillValue]))], [out], {});
  return true;
};

export const padHandler: Handler = (b, n, where) => {
  const ins = inputsOf(b, n, where);
  const x = required(ins[0], 'data', where);
  if (!x.shape) return false;
  const rank = x.shape.length;
  const mode = n.attributes.mode?.type === 'string' ? n.attributes.mode.value : 'constant';
  if (mode !== 'constant' && mode !== 'reflect') return false;
  const pads = b.opset < 11 ? attrInts(n, 'pads') : ins[1]?.host ? toNumbers(ins[1].host) : undefined;
  const value = b.opset < 11 ? attrFloat(n, 'value', 0) : ins[2]?.host ? toNumbers(ins[2].host)[0] ?? 0 : ins[2] ? undefined : 0;
  if (!pads || value === undefined || ins[3] || pads.length !== 2 * rank) return false;
  const outShape = x.shape.map((d, i) => (d < 0 ? -1 : d + pads[i] + pads[i + rank]));
  const out = b.output(n.outputs[0], x.dtype, outShape, x.perm);
  b.addOp('Pad', n.name, [b.tensorIn(x, x.perm)], [out], { pads: x.perm.flatMap((a) => [pads[a], pads[a + rank]]), mode, value });
  return true;
};

export const splitHandler: Handler = (b, n, where) => {
  const ins = inputsOf(b, n, where);
  const x = required(ins[0], 'input', where);
  if (!x.shape) return false;
  const rank = x.shape.length;
  const axis = normAxis(attrInt(n, 'axis', 0), rank, where);
  const sizes = attrInts(n, 'split') ?? (ins[1]?.host ? toNumbers(ins[1].host) : undefined);
  if (ins[1] && !ins[1].host) return false;
  const count = n.outputs.length;
  const d = x.shape[axis];
  const parts = sizes ?? (d >= 0 ? new Array<number>(count).fill(Math.ceil(d / count)).map((s, i) => Math.min(s, d - s * i)) : undefined);
  const irAxis = invert(x.perm)[axis];
  const outs = n.outputs.map((name, i) => {
    const shape = [...x.shape!];
    shape[axis] = parts ? parts[i] : -1;
    return b.output(name, x.dtype, shape, x.perm);
  });
  const src = b.tensorIn(x, x.perm);
  if (parts) b.addOp('SplitV', n.name, [src], outs, { axis: irAxis, sizes: parts });
  else b.addOp('Split', n.name, [src], outs, { axis: irAxis, numSplits: count });
  return true;
};

export const expandHandler: Handler = (b, n, where) => {
  const [x, shapeIn] = inputsOf(b, n, where).map((v, i) => required(v, `${i}`, where));
  if (!shapeIn.host || !x.shape) return false;
  const target = toNumbers(shapeIn.host);
  const outShape = [...new Array<number>(Math.max(0, target.length - x.shape.length)).fill(1), ...x.shape].map((d, i) => {
    const t = target[i - Math.max(0, x.shape!.length - target.length)] ?? 1;
    return d === 1 ? t : d;
  });
  const out = b.output(n.outputs[0], x.dtype, outShape, identity(outShape.length));
  b.addOp('BroadcastTo', n.name, [b.plain(x)], [out], { shape: outShape });
  return true;
};

export const tileHandler: Handler = (b, n, where) => {
  const [x, reps] = inputsOf(b, n, where).map((v, i) => required(v, `${i}`, where));
  if (!reps.host || !x.shape) return false;
  const multiples = toNumbers(reps.host);
  const out = b.output(n.outputs[0], x.dtype, x.shape.map((d, i) => (d < 0 ? -1 : d * multiples[i])), x.perm);
  b.addOp('Tile', n.name, [b.tensorIn(x, x.perm)], [out], { multiples: x.perm.map((a) => multiples[a]) });
  return true;
};

