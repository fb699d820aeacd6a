// Ops that copy or rearrange elements without arithmetic. 0 MACs, 0 element
// ops (their cost is memory traffic, which the simulator models from sizes).

import { defineOp, type ConstValue, type OpContext, type OpDef, type OutputInfo } from './types';
import { badShape, broadcastShapes, input, normalizeAxis, product, unknownDims } from './shape-utils';
import { broadcastMap, concatValues, forEachIndex, stridedBox, stridesOf, transposeValue } from './values';
import { stridedSliceBox } from './strided-slice';
import type { OpType } from '../attrs';

function transposePerm(ctx: OpContext<'Transpose'>, rank: number): number[] | null {
  const perm = ctx.attrs.perm;
  if (!perm) return null;
  // An empty perm reverses the dims (ONNX's default).
  const p = perm.length === 0 ? Array.from({ length: rank }, (_, i) => rank - 1 - i) : perm.map((a) => normalizeAxis(ctx.op, a, rank));
  if (p.length !== rank || new Set(p).size !== rank) throw badShape(ctx.op, `perm [${perm}] does not permute rank ${rank}`);
  return p;
}

function concatInfer(ctx: OpContext<'Concat'>): OutputInfo[] {
  const parts = ctx.inputs.filter((t) => t !== undefined);
  if (parts.length === 0) throw badShape(ctx.op, 'Concat has no inputs');
  const rank = parts[0].shape.length;
  const axis = normalizeAxis(ctx.op, ctx.attrs.axis, rank);
  const out = [...parts[0].shape];
  let sum = 0;
  for (const p of parts) {
    if (p.shape.length !== rank) throw badShape(ctx.op, `Concat inputs of ranks ${rank} and ${p.shape.length} (tensor ${p.id})`);
    p.shape.forEach((d, i) => {
      if (i === axis) return;
      if (out[i] >= 0 && d >= 0 && out[i] !== d) throw badShape(ctx.op, `Concat input ${p.id} dim ${i} is ${d}, expected ${out[i]}`);
      if (out[i] < 0) out[i] = d;
    });
    sum = sum < 0 || p.shape[axis] < 0 ? -1 : sum + p.shape[axis];
  }
  out[axis] = sum;
  return [{ shape: out, dtype: parts[0].dtype }];
}

function sliceParams(ctx: OpContext<'Slice'>, shape: number[]): { begin: number[]; counts: number[] } | null {
  const { begin, size } = ctx.attrs;
  if (!begin || !size) return null;
  if (begin.length !== shape.length || size.length !== shape.length) {
    throw badShape(ctx.op, `begin [${begin}] / size [${size}] do not match rank ${shape.length}`);
  }
  const counts = size.map((s, i) => (s === -1 ? (shape[i] < 0 ? -1 : shape[i] - begin[i]) : s));
  counts.forEach((c, i) => {
    if (shape[i] >= 0 && (begin[i] < 0 || c < 0 || begin[i] + c > shape[i])) throw badShape(ctx.op, `slice out of range in dim ${i} of [${shape}]`);
  });
  return { begin, counts };
}

function stridedBoxOf(ctx: OpContext<'StridedSlice'>, shape: number[]) {
  const { begin, end, strides } = ctx.attrs;
  if (!begin || !end || !strides) return null;
  return stridedSliceBox(ctx.op, shape, begin, end, strides, ctx.attrs);
}

function padsOf(ctx: OpContext<'Pad'>, rank: number): number[] | null {
  const pads = ctx.attrs.pads;
  if (!pads) return null;
  if (pads.length !== rank * 2) throw badShape(ctx.op, `pads [${pads}] do not match rank ${rank}`);
  return pads;
}

function gatherShape(ctx: OpContext<'Gather'>): number[] {
  const params = input(ctx, 0).shape;
  const indices = input(ctx, 1).shape;
  const axis = normalizeAxis(ctx.op, ctx.attrs.axis, params.length);
  const b = ctx.attrs.batchDims < 0 ? ctx.attrs.batchDims + indices.length : ctx.attrs.batchDims;
  return [...params.slice(0, axis), ...indices.slice(b), ...params.slice(axis + 1)];
}

function packAxis(ctx: OpContext<'Pack'>, rank: number): number {
  return normalizeAxis(ctx.op, ctx.attrs.axis, rank + 1);
}

function splitSizes(ctx: OpContext<'Split' | 'SplitV'>, dim: number, parts: number, sizes: number[] | null): number[] {
  if (sizes) {
    const inferAt = sizes.indexOf(-1);
    if (inferAt < 0 || dim < 0) return sizes;
    const rest = sizes.reduce((a, s, i) => (i === inferAt ? a : a + s), 0);
    return sizes.map((s, i) => (i === inferAt ? dim - rest : s));
  }
  if (dim >= 0 && dim % parts !== 0) throw badShape(ctx.op, `dim ${dim} does not split into ${parts} equal parts`);
  return new Array<number>(parts).fill(dim < 0 ? -1 : dim / parts);
}

function spaceDepth(ctx: OpContext<'DepthToSpace' | 'SpaceToDepth'>, toSpace: boolean): OutputInfo[] {
  const x = input(ctx, 0);
  if (x.shape.length !== 4) throw badShape(ctx.op, `expected NHWC input, got [${x.shape}]`);
  const [n, h, w, c] = x.shape;
  const b = ctx.attrs.blockSize;
  const mul = (d: number) => (d < 0 ? -1 : d * b);
  const div = (d: number, k: number) => {
    if (d < 0) return -1;
    if (d % k !== 0) throw badShape(ctx.op, `dim ${d} is not divisible by ${k}`);
    return d / k;
  };
  const shape = toSpace ? [n, mul(h), mul(w), div(c, b * b)] : [n, div(h, b), div(w, b), c < 0 ? -1 : c * b * b];
  return [{ shape, dtype: x.dtype }];
}

export const DATA_MOVEMENT_OPS = {
  Transpose: defineOp({
    type: 'Transpose',
    category: 'data-movement',
    attrs: { perm: 'ints' },
    operandStart: 1,
    foldsQuantized: true,
    infer(ctx) {
      const x = input(ctx, 0);
      const perm = transposePerm(ctx, x.shape.length);
      return [{ shape: perm ? perm.map((p) => x.shape[p]) : unknownDims(x.shape.length), dtype: x.dtype }];
    },
    fold(ctx) {
      const v = input(ctx, 0).value();
      const perm = v && transposePerm(ctx, v.shape.length);
      return v && perm ? [transposeValue(v, perm)] : null;
    },
  }),
  Concat: defineOp({
    type: 'Concat',
    category: 'data-movement',
    attrs: { axis: 'int', activation: 'activation' },
    defaults: { activation: 'none' },
    infer: concatInfer,
    fold(ctx) {
      const values = ctx.inputs.filter((t) => t !== undefined).map((t) => t.value());
      if (values.some((v) => !v)) return null;
      const vs = values as ConstValue[];
      const axis = normalizeAxis(ctx.op, ctx.attrs.axis, vs[0].shape.length);
      return [concatValues(vs, axis, vs[0].dtype)];
    },
  }),
  Split: defineOp({
    type: 'Split',
    category: 'data-movement',
    attrs: { axis: 'int', numSplits: 'int' },
    outputCount: (attrs) => attrs.numSplits ?? 1,
    infer(ctx) {
      const x = input(ctx, 0);
      const axis = normalizeAxis(ctx.op, ctx.attrs.axis, x.shape.length);
      return splitSizes(ctx, x.shape[axis], ctx.attrs.numSplits, null).map((s) => ({
        shape: x.shape.map((d, i) => (i === axis ? s : d)),
        dtype: x.dtype,
      }));
    },
  }),
  SplitV: defineOp({
    type: 'SplitV',
    category: 'data-movement',
    attrs: { axis: 'int', sizes: 'ints' },
    operandStart: 1,
    outputCount: (attrs) => attrs.sizes?.length ?? 1,
    infer(ctx) {
      const x = input(ctx, 0);
      const axis = normalizeAxis(ctx.op, ctx.attrs.axis, x.shape.length);
      const sizes = ctx.attrs.sizes ? splitSizes(ctx, x.shape[axis], ctx.attrs.sizes.length, ctx.attrs.sizes) : null;
      return ctx.outputs.map((_, k) => ({
        shape: x.shape.map((d, i) => (i === axis ? (sizes ? sizes[k] : -1) : d)),
        dtype: x.dtype,
      }));
    },
  }),
  Slice: defineOp({
    type: 'Slice',
    category: 'data-movement',
    attrs: { begin: 'ints', size: 'ints' },
    operandStart: 1,
    foldsQuantized: true,
    infer(ctx) {
      const x = input(ctx, 0);
      const p = sliceParams(ctx, x.shape);
      return [{ shape: p ? p.counts : unknownDims(x.shape.length), dtype: x.dtype }];
    },
    fold(ctx) {
      const v = input(ctx, 0).value();
      const p = v && sliceParams(ctx, v.shape);
      if (!v || !p) return null;
      return [{ dtype: v.dtype, shape: p.counts, values: stridedBox(v, p.begin, p.counts.map(() => 1), p.counts) }];
    },
  }),
  StridedSlice: defineOp({
    type: 'StridedSlice',
    category: 'data-movement',
    attrs: {
      begin: 'ints', end: 'ints', strides: 'ints', beginMask: 'int', endMask: 'int', ellipsisMask: 'int', newAxisMask: 'int', shrinkAxisMask: 'int',
    },
    defaults: { beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 },
    operandStart: 1,
    foldsQuantized: true,
    infer(ctx) {
      const x = input(ctx, 0);
      const box = stridedBoxOf(ctx, x.shape);
      return [{ shape: box ? box.outShape : null, dtype: x.dtype }];
    },
    fold(ctx) {
      const v = input(ctx, 0).value();
      const box = v && stridedBoxOf(ctx, v.shape);
      if (!v || !box) return null;
      return [{ dtype: v.dtype, shape: box.outShape, values: stridedBox(v, box.starts, box.steps, box.counts) }];
    },
  }),
  Pad: defineOp({
    type: 'Pad',
    category: 'data-movement',
    attrs: { pads: 'ints', mode: { oneOf: ['constant', 'reflect', 'symmetric'] }, value: 'number' },
    defaults: { mode: 'constant', value: 0 },
    operandStart: 1,
    infer(ctx) {
      const x = input(ctx, 0);
      const pads = padsOf(ctx, x.shape.length);
      const shape = x.shape.map((d, i) => (!pads || d < 0 ? -1 : d + pads[2 * i] + pads[2 * i + 1]));
      return [{ shape, dtype: x.dtype }];
    },
  }),
  Tile: defineOp({
    type: 'Tile',
    category: 'data-movement',
    attrs: { multiples: 'ints' },
    operandStart: 1,
    foldsQuantized: true,
    infer(ctx) {
      const x = input(ctx, 0);
      const m = ctx.attrs.multiples;
      if (m && m.length !== x.shape.length) throw badShape(ctx.op, `multiples [${m}] do not match rank ${x.shape.length}`);
      return [{ shape: x.shape.map((d, i) => (!m || d < 0 ? -1 : d * m[i])), dtype: x.dtype }];
    },
    fold(ctx) {
      const v = input(ctx, 0).value();
      const m = ctx.attrs.multiples;
      if (!v || !m) return null;
      const shape = v.shape.map((d, i) => d * m[i]);
      const inStrides = stridesOf(v.shape);
      const out = new Float64Array(product(shape));
      forEachIndex(shape, (flat, idx) => {
        let off = 0;
        for (let d = 0; d < idx.length; d++) off += (idx[d] % v.shape[d]) * inStrides[d];
        out[flat] = v.values[off];
      });
      return [{ dtype: v.dtype, shape, values: out }];
    },
  }),
  BroadcastTo: defineOp({
    type: 'BroadcastTo',
    category: 'data-movement',
    attrs: { shape: 'ints' },
    operandStart: 1,
    foldsQuantized: true,
    infer(ctx) {
      const x = input(ctx, 0);
      const target = ctx.attrs.shape;
      if (!target) {
        const partial = ctx.partialOperand('shape');
        return [{ shape: partial ? partial.map((d) => (Number.isNaN(d) ? -1 : d)) : null, dtype: x.dtype }];
      }
      return [{ shape: broadcastShapes(ctx.op, [x.shape, target]), dtype: x.dtype }];
    },
    fold(ctx) {
      const v = input(ctx, 0).value();
      const target = ctx.attrs.shape;
      if (!v || !target) return null;
      return [broadcastMap([v], broadcastShapes(ctx.op, [v.shape, target]), v.dtype, ([a]) => a)];
    },
  }),
  Gather: defineOp({
    type: 'Gather',
    category: 'data-movement',
    attrs: { axis: 'int', batchDims: 'int' },
    defaults: { axis: 0, batchDims: 0 },
    weightInputs: [0],
    foldsQuantized: true,
    infer: (ctx) => [{ shape: gatherShape(ctx), dtype: input(ctx, 0).dtype }],
    fold(ctx) {
      const p = input(ctx, 0).value();
      const idx = input(ctx, 1).value();
      if (!p || !idx || ctx.attrs.batchDims !== 0) return null;
      const axis = normalizeAxis(ctx.op, ctx.attrs.axis, p.shape.length);
      const dim = p.shape[axis];
      const outer = product(p.shape.slice(0, axis));
      const inner = product(p.shape.slice(axis + 1));
      const out = new Float64Array(outer * idx.values.length * inner);
      let o = 0;
      for (let i = 0; i < outer; i++) {
        for (const raw of idx.values) {
          const k = raw < 0 ? raw + dim : raw;
          if (!Number.isNaN(k) && (k < 0 || k >= dim)) throw badShape(ctx.op, `gather index ${raw} out of range for dim ${dim}`);
          for (let j = 0; j < inner; j++) out[o++] = Number.isNaN(k) ? NaN : p.values[(i * dim + k) * inner + j];
        }
      }
      return [{ dtype: p.dtype, shape: [...p.shape.slice(0, axis), ...idx.shape, ...p.shape.slice(axis + 1)], values: out }];
    },
  }),
  GatherNd: defineOp({
    type: 'GatherNd',
    category: 'data-movement',
    attrs: {},
    weightInputs: [0],
    infer(ctx) {
      const p = input(ctx, 0);
      const idx = input(ctx, 1).shape;
      const q = idx[idx.length - 1];
      if (q === undefined || q < 0) return [{ shape: null, dtype: p.dtype }];
      return [{ shape: [...idx.slice(0, -1), ...p.shape.slice(q)], dtype: p.dtype }];
    },
  }),
  DepthToSpace: defineOp({
    type: 'DepthToSpace', category: 'data-movement', attrs: { blockSize: 'int' },
    infer: (ctx) => spaceDepth(ctx, true),
  }),
  SpaceToDepth: defineOp({
    type: 'SpaceToDepth', category: 'data-movement', attrs: { blockSize: 'int' },
    infer: (ctx) => spaceDepth(ctx, false),
  }),
  Pack: defineOp({
    type: 'Pack',
    category: 'data-movement',
    attrs: { axis: 'int' },
    defaults: { axis: 0 },
    infer(ctx) {
      const parts = ctx.inputs.filter((t) => t !== undefined);
      const first = parts[0];
      if (!first) throw badShape(ctx.op, 'Pack has no inputs');
      const base = broadcastShapes(ctx.op, parts.map((p) => p.shape));
      const axis = packAxis(ctx, first.shape.length);
      return [{ shape: [...base.slice(0, axis), parts.length, ...base.slice(axis)], dtype: first.dtype }];
    },
    fold(ctx) {
      const values = ctx.inputs.map((t) => t?.value() ?? null);
      if (values.length === 0 || values.some((v) => !v)) return null;
      const vs = values as ConstValue[];
      const axis = packAxis(ctx, vs[0].shape.length);
      const expanded = vs.map((v) => ({ ...v, shape: [...v.shape.slice(0, axis), 1, ...v.shape.slice(axis)] }));
      return [concatValues(expanded, axis, vs[0].dtype)];
    },
  }),
  Unpack: defineOp({
    type: 'Unpack',
    category: 'data-movement',
    attrs: { axis: 'int', num: 'int' },
    defaults: { axis: 0 },
    outputCount: (attrs) => attrs.num ?? 1,
    infer(ctx) {
      const x = input(ctx, 0);
      const axis = normalizeAxis(ctx.op, ctx.attrs.axis, x.shape.length);
      if (x.shape[axis] >= 0 && x.shape[axis] !== ctx.attrs.num) throw badShape(ctx.op, `dim ${axis} of [${x.shape}] is not ${ctx.attrs.num}`);
      const shape = x.shape.filter((_, i) => i !== axis);
      return Array.from({ length: ctx.attrs.num }, () => ({ shape: [...shape], dtype: x.dtype }));
    },
    fold(ctx) {
      const v = input(ctx, 0).value();
      if (!v) return null;
      const axis = normalizeAxis(ctx.op, ctx.attrs.axis, v.shape.length);
      const shape = v.shape.filter((_, i) => i !== axis);
      return Array.from({ length: ctx.attrs.num }, (_, k) => {
        const starts = v.shape.map((_d, i) => (i === axis ? k : 0));
        const counts = v.shape.map((d, i) => (i === axis ? 1 : d));
        return { dtype: v.dtype, shape, values: stridedBox(v, starts, counts.map(() => 1), counts) };
      });
    },
  }),
  OneHot: defineOp({
    type: 'OneHot',
    category: 'data-movement',
    attrs: { axis: 'int' },
    defaults: { axis: -1 },
    infer(ctx) {
      const idx = input(ctx, 0);
      const depthValue = ctx.inputs[1]?.value();
      const depth = depthValue && !Number.isNaN(depthValue.values[0]) ? depthValue.values[0] : -1;
      const axis = ctx.attrs.axis === -1 ? idx.shape.length : normalizeAxis(ctx.op, ctx.attrs.axis, idx.shape.length + 1);
      const onValue = ctx.inputs[2];
      return [{ shape: [...idx.shape.slice(0, axis), depth, ...idx.shape.slice(axis)], dtype: onValue ? onValue.dtype : 'float32' }];
    },
  }),
} satisfies { [K in OpType]?: OpDef<K> };
