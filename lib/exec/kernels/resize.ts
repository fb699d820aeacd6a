// Image resizing; alignCorners/halfPixelCenters follow TF, as tfjs does.

import * as tf from '@tensorflow/tfjs-core';
import type { OpType } from '../../ir/attrs';
import type { Kernel } from './types';
import { asFloat } from './util';

function size(values: number[]): [number, number] {
  return [values[0], values[1]];
}

export const RESIZE_KERNELS = {
  ResizeBilinear: (ctx, a) => [tf.image.resizeBilinear(
    asFloat(ctx.input(0)) as tf.Tensor4D, size(ctx.operand('size')), a.alignCorners, a.halfPixelCenters)],
  ResizeNearestNeighbor: (ctx, a) => [tf.image.resizeNearestNeighbor(
    ctx.input(0) as tf.Tensor4D, size(ctx.operand('size')), a.alignCorners, a.halfPixelCenters)],
} satisfies { [K in OpType]?: Kernel<K> };
