// Reductions. Empty axes reduce nothing (TF semantics, see lib/ir/ops/reduce.ts).

import * as tf from '@tensorflow/tfjs-core';
import type { OpType } from '../../ir/attrs';
import type { Kernel, KernelContext } from './types';
import { normAxis } from './util';

type Reducer = (x: tf.Tensor, axes: number[], keepDims: boolean) => tf.Tensor;

function reduction<T extends 'Mean' | 'Sum' | 'ReduceMax' | 'ReduceMin' | 'ReduceProd'>(reduce: Reducer): Kernel<T> {
  return (ctx: KernelContext, a) => {
    const x = ctx.input(0);
    const axes = ctx.operand('axes').map((ax) => normAxis(ax, x.rank));
    if (axes.length === 0) return [tf.clone(x)];
    return [reduce(x, [...new Set(axes)], a.keepDims)];
  };
}

function argReduce<T extends 'ArgMax' | 'ArgMin'>(reduce: (x: tf.Tensor, axis: number) => tf.Tensor): Kernel<T> {
  return (ctx, a) => [reduce(ctx.input(0), normAxis(a.axis, ctx.input(0).rank))];
}

export const REDUCE_KERNELS = {
  Mean: reduction<'Mean'>((x, axes, keep) => tf.mean(x, axes, keep)),
  Sum: reduction<'Sum'>((x, axes, keep) => tf.sum(x, axes, keep)),
  ReduceMax: reduction<'ReduceMax'>((x, axes, keep) => tf.max(x, axes, keep)),
  ReduceMin: reduction<'ReduceMin'>((x, axes, keep) => tf.min(x, axes, keep)),
  ReduceProd: reduction<'ReduceProd'>((x, axes, keep) => tf.prod(x, axes, keep)),
  ArgMax: argReduce<'ArgMax'>((x, axis) => tf.argMax(x, axis)),
  ArgMin: argReduce<'ArgMin'>((x, axis) => tf.argMin(x, axis)),
} satisfies { [K in OpType]?: Kernel<K> };
