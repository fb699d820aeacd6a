// Shape ops: reshape, squeeze, transpose, tile, and ops that compute from
// shapes (Shape, Fill, Range).

import * as tf from '@tensorflow/tfjs-core';
import type { OpType } from '../../ir/attrs';
import type { Kernel } from './types';
import { normAxis, readInts } from './util';

function scalarOf(x: tf.Tensor): number {
  return Number(x.dataSync()[0]);
}

export const SHAPE_KERNELS = {
  Reshape: (ctx) => [tf.reshape(ctx.input(0), ctx.operand('newShape'))],
  Squeeze: (ctx, a) => {
    const x = ctx.input(0);
    return [tf.squeeze(x, a.axes.length ? a.axes.map((ax) => normAxis(ax, x.rank)) : undefined)];
  },
  ExpandDims: (ctx, a) => {
    const x = ctx.input(0);
    return [tf.expandDims(x, a.axis < 0 ? a.axis + x.rank + 1 : a.axis)];
  },
  Transpose: (ctx) => [tf.transpose(ctx.input(0), ctx.operand('perm'))],
  Tile: (ctx) => [tf.tile(ctx.input(0), ctx.operand('multiples'))],
  BroadcastTo: (ctx) => [tf.broadcastTo(ctx.input(0), ctx.operand('shape'))],
  Shape: (ctx) => [tf.tensor1d(ctx.input(0).shape, 'int32')],
  Fill: (ctx) => {
    const value = ctx.input(1);
    return [tf.fill(readInts(ctx.input(0)), scalarOf(value), value.dtype)];
  },
  Range: (ctx) => {
    const [start, limit, delta] = [0, 1, 2].map((i) => scalarOf(ctx.input(i)));
    const dtype = ctx.input(0).dtype === 'int32' ? 'int32' : 'float32';
    return [tf.range(start, limit, delta, dtype)];
  },
} satisfies { [K in OpType]?: Kernel<K> };
