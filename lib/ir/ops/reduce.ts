// Reductions, arg-reductions, cumulative sum and top-k. Element ops are the
// input elements read.

import { defineOp, type ConstValue, type OpContext, type OpDef, type OutputInfo } from './types';
import { count, input, normalizeAxis, unknownDims } from './shape-utils';
import { forEachIndex, stridesOf } from './values';
import type { OpType } from '../attrs';

type ReduceType = 'Mean' | 'Sum' | 'ReduceMax' | 'ReduceMin' | 'ReduceProd';

/** Axes normalised to non-negative and deduplicated; null while unknown. */
function reduceAxes(ctx: OpContext<ReduceType>, rank: number): number[] | null {
  const axes = ctx.attrs.axes;
  if (!axes) return null;
  return [...new Set(axes.map((a) => normalizeAxis(ctx.op, a, rank)))].sort((a, b) => a - b);
}

function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}

function reduceInfer(ctx: OpContext<ReduceType>): OutputInfo[] {
  const x = input(ctx, 0);
  // Empty axes reduce nothing (TF semantics); importers of ONNX's reduce-all expand the axes.
  const axes = reduceAxes(ctx, x.shape.length);
  if (!axes) {
    return [{ shape: ctx.attrs.keepDims ? unknownDims(x.shape.length) : null, dtype: x.dtype }];
  }
  return [{ shape: reducedShape(x.shape, axes, ctx.attrs.keepDims), dtype: x.dtype }];
}

function reduceFold(kind: ReduceType) {
  return (ctx: OpContext<ReduceType>): ConstValue[] | null => {
    const x = input(ctx, 0);
    const v = x.value();
    const axes = reduceAxes(ctx, x.shape.length);
    if (!v || !axes) return null;
    const outShapeKeep = reducedShape(v.shape, axes, true);
    const outStrides = stridesOf(outShapeKeep);
    const n = outShapeKeep.reduce((a, b) => a * b, 1);
    const init = kind === 'ReduceMax' ? -Infinity : kind === 'ReduceMin' ? Infinity : kind === 'ReduceProd' ? 1 : 0;
    const acc = new Float64Array(n).fill(init);
    forEachIndex(v.shape, (flat, idx) => {
      let o = 0;
      for (let d = 0; d < idx.length; d++) if (!axes.includes(d)) o += idx[d] * outStrides[d];
      const a = v.values[flat];
      acc[o] = kind === 'ReduceMax' ? Math.max(acc[o], a) : kind === 'ReduceMin' ? Math.min(acc[o], a)
        : kind === 'ReduceProd' ? acc[o] * a : acc[o] + a;
    });
    if (kind === 'Mean') {
      const per = axes.reduce((a, ax) => a * v.shape[ax], 1);
      for (let i = 0; i < n; i++) acc[i] /= per;
    }
    return [{ dtype: v.dtype, shape: reducedShape(v.shape, axes, ctx.attrs.keepDims), values: acc }];
  };
}

function reduceDef<T extends ReduceType>(type: T) {
  return defineOp<ReduceType>({
    type,
    category: 'reduce',
    attrs: { axes: 'ints', keepDims: 'bool' },
    defaults: { keepDims: false },
    operandStart: 1,
    infer: reduceInfer,
    elementOps: (ctx) => count(ctx.inputs[0]),
    fold: reduceFold(type),
  }) as OpDef<T>;
}

function argInfer(ctx: OpContext<'ArgMax' | 'ArgMin'>): OutputInfo[] {
  const x = input(ctx, 0);
  const axis = normalizeAxis(ctx.op, ctx.attrs.axis, x.shape.length);
  return [{ shape: x.shape.filter((_, i) => i !== axis), dtype: ctx.attrs.outputType }];
}

const ARG_ATTRS = { axis: 'int', outputType: { oneOf: ['int32', 'int64'] } } as const;

export const REDUCE_OPS = {
  Mean: reduceDef('Mean'),
  Sum: reduceDef('Sum'),
  ReduceMax: reduceDef('ReduceMax'),
  ReduceMin: reduceDef('ReduceMin'),
  ReduceProd: reduceDef('ReduceProd'),
  ArgMax: defineOp({
    type: 'ArgMax', category: 'reduce', attrs: ARG_ATTRS, defaults: { outputType: 'int32' },
    infer: argInfer, elementOps: (ctx) => count(ctx.inputs[0]),
  }),
  ArgMin: defineOp({
    type: 'ArgMin', category: 'reduce', attrs: ARG_ATTRS, defaults: { outputType: 'int32' },
    infer: argInfer, elementOps: (ctx) => count(ctx.inputs[0]),
  }),
  CumSum: defineOp({
    type: 'CumSum',
    category: 'reduce',
    attrs: { axis: 'int', exclusive: 'bool', reverse: 'bool' },
    defaults: { exclusive: false, reverse: false },
    infer: (ctx) => [{ shape: [...input(ctx, 0).shape], dtype: input(ctx, 0).dtype }],
    elementOps: (ctx) => count(ctx.inputs[0]),
  }),
  TopK: defineOp({
    type: 'TopK',
    category: 'postprocess',
    attrs: { k: 'int' },
    outputCount: () => 2,
    infer(ctx) {
      const x = input(ctx, 0);
      const shape = x.shape.length ? [...x.shape.slice(0, -1), ctx.attrs.k] : null;
      return [{ shape, dtype: x.dtype }, { shape, dtype: 'int32' }];
    },
    elementOps: (ctx) => count(ctx.inputs[0]),
  }),
} satisfies { [K in OpType]?: OpDef<K> };
