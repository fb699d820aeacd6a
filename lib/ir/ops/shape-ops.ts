// Ops that only re-describe a tensor (Reshape, Squeeze, ExpandDims) or
// produce shape-like values (Shape, Fill, Range). They move no data worth
// counting: 0 MACs, 0 element ops.

import { defineOp, type OpContext, type OpDef, type TensorInfo } from './types';
import { badShape, input, normalizeAxis, product, unknownDims } from './shape-utils';
import { knownInts } from './values';
import type { OpType } from '../attrs';

/** Dims a shape-valued input describes: NaN elements become -1; a non-constant input of known length gives -1s. */
function dimsFromShapeInput(t: TensorInfo | undefined): number[] | null {
  if (!t) return null;
  const v = t.value();
  if (v) return Array.from(v.values, (d) => (Number.isNaN(d) ? -1 : d));
  return t.shape.length === 1 && t.shape[0] >= 0 ? unknownDims(t.shape[0]) : null;
}

/** Target shape of a Reshape with -1 (infer) resolved; `unknown` marks dims that are not known at all. */
function reshapeTarget(ctx: OpContext<'Reshape'>, inShape: number[]): number[] | null {
  let spec: number[] | null = ctx.attrs.newShape;
  const unknown = new Set<number>();
  if (!spec) {
    const partial = ctx.partialOperand('newShape');
    if (partial) {
      spec = partial.map((d, i) => {
        if (Number.isNaN(d)) unknown.add(i);
        return Number.isNaN(d) ? 0 : d;
      });
    } else {
      const shapeInput = ctx.inputs[1];
      return shapeInput && shapeInput.shape.length === 1 && shapeInput.shape[0] >= 0 ? unknownDims(shapeInput.shape[0]) : null;
    }
  }
  const inferAt = spec.flatMap((d, i) => (d === -1 && !unknown.has(i) ? [i] : []));
  if (inferAt.length > 1) throw badShape(ctx.op, `newShape [${spec}] has more than one -1`);
  const out = spec.map((d, i) => (unknown.has(i) || d === -1 ? -1 : d));
  const total = product(inShape);
  if (inferAt.length === 1 && unknown.size === 0 && total >= 0) {
    const rest = out.reduce((a, d, i) => (i === inferAt[0] ? a : a * d), 1);
    if (rest === 0 || total % rest !== 0) throw badShape(ctx.op, `cannot reshape [${inShape}] to [${spec}]`);
    out[inferAt[0]] = total / rest;
  } else if (inferAt.length === 0 && unknown.size === 0 && total >= 0 && product(out) !== total) {
    throw badShape(ctx.op, `cannot reshape [${inShape}] (${total} elements) to [${spec}]`);
  }
  return out;
}

function squeezedShape(ctx: OpContext<'Squeeze'>, shape: number[]): number[] | null {
  const axes = ctx.attrs.axes.map((a) => normalizeAxis(ctx.op, a, shape.length));
  if (axes.length === 0) {
    if (shape.some((d) => d < 0)) return null; // which dims are 1 is not known yet
    return shape.filter((d) => d !== 1);
  }
  for (const a of axes) {
    if (shape[a] >= 0 && shape[a] !== 1) throw badShape(ctx.op, `cannot squeeze dim ${a} of [${shape}]`);
  }
  return shape.filter((_, i) => !axes.includes(i));
}

function expandedShape(ctx: OpContext<'ExpandDims'>, shape: number[]): number[] {
  const axis = normalizeAxis(ctx.op, ctx.attrs.axis, shape.length + 1);
  return [...shape.slice(0, axis), 1, ...shape.slice(axis)];
}

export const SHAPE_OPS = {
  Reshape: defineOp({
    type: 'Reshape',
    category: 'shape',
    attrs: { newShape: 'ints' },
    operandStart: 1,
    foldsQuantized: true,
    infer(ctx) {
      const x = input(ctx, 0);
      return [{ shape: reshapeTarget(ctx, x.shape), dtype: x.dtype }];
    },
    fold(ctx) {
      const x = input(ctx, 0);
      const v = x.value();
      const shape = reshapeTarget(ctx, x.shape);
      if (!v || !shape || shape.some((d) => d < 0)) return null;
      return [{ ...v, shape }];
    },
  }),
  Squeeze: defineOp({
    type: 'Squeeze',
    category: 'shape',
    attrs: { axes: 'ints' },
    defaults: { axes: [] },
    foldsQuantized: true,
    infer(ctx) {
      const x = input(ctx, 0);
      return [{ shape: squeezedShape(ctx, x.shape), dtype: x.dtype }];
    },
    fold(ctx) {
      const v = input(ctx, 0).value();
      const shape = v && squeezedShape(ctx, v.shape);
      return v && shape ? [{ ...v, shape }] : null;
    },
  }),
  ExpandDims: defineOp({
    type: 'ExpandDims',
    category: 'shape',
    attrs: { axis: 'int' },
    foldsQuantized: true,
    infer(ctx) {
      const x = input(ctx, 0);
      return [{ shape: expandedShape(ctx, x.shape), dtype: x.dtype }];
    },
    fold(ctx) {
      const v = input(ctx, 0).value();
      return v ? [{ ...v, shape: expandedShape(ctx, v.shape) }] : null;
    },
  }),
  Shape: defineOp({
    type: 'Shape',
    category: 'shape',
    attrs: { outType: { oneOf: ['int32', 'int64'] } },
    defaults: { outType: 'int32' },
    infer: (ctx) => [{ shape: [input(ctx, 0).shape.length], dtype: ctx.attrs.outType }],
    // Needs only the input's shape; unknown dims become NaN (unknown elements).
    fold(ctx) {
      const x = input(ctx, 0);
      return [{
        dtype: ctx.attrs.outType,
        shape: [x.shape.length],
        values: Float64Array.from(x.shape, (d) => (d < 0 ? NaN : d)),
        partial: x.shape.some((d) => d < 0),
      }];
    },
  }),
  Fill: defineOp({
    type: 'Fill',
    category: 'shape',
    attrs: {},
    infer: (ctx) => [{ shape: dimsFromShapeInput(ctx.inputs[0]), dtype: input(ctx, 1).dtype }],
    fold(ctx) {
      const dims = knownInts(input(ctx, 0).value());
      const v = input(ctx, 1).value();
      if (!dims || !v || v.values.length !== 1) return null;
      return [{ dtype: v.dtype, shape: dims, values: new Float64Array(product(dims)).fill(v.values[0]) }];
    },
  }),
  Range: defineOp({
    type: 'Range',
    category: 'shape',
    attrs: {},
    infer(ctx) {
      const [start, limit, delta] = [0, 1, 2].map((i) => knownInts(input(ctx, i).value())?.[0]);
      const n = start !== undefined && limit !== undefined && delta !== undefined && delta !== 0
        ? Math.max(0, Math.ceil((limit - start) / delta))
        : -1;
      return [{ shape: [n], dtype: input(ctx, 0).dtype }];
    },
    fold(ctx) {
      const [start, limit, delta] = [0, 1, 2].map((i) => knownInts(input(ctx, i).value())?.[0]);
      if (start === undefined || limit === undefined || delta === undefined || delta === 0) return null;
      const n = Math.max(0, Math.ceil((limit - start) / delta));
      return [{ dtype: input(ctx, 0).dtype, shape: [n], values: Float64Array.from({ length: n }, (_, i) => start + i * delta) }];
    },
  }),
} satisfies { [K in OpType]?: OpDef<K> };
