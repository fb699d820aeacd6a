// Normalisation ops.

import * as tf from '@tensorflow/tfjs-core';
import type { OpType } from '../../ir/attrs';
import type { Kernel } from './types';
import { applyActivation } from './util';

/** TFLite's L2_NORMALIZATION floor on the squared norm. */
const L2_EPSILON = 1e-6;

export const NORMALIZATION_KERNELS = {
  L2Normalization: (ctx, a) => {
    const x = ctx.input(0);
    const norm = tf.sqrt(tf.maximum(tf.sum(tf.square(x), -1, true), L2_EPSILON));
    return [applyActivation(tf.div(x, norm), a.activation, ctx.op.type)];
  },
  LocalResponseNormalization: (ctx, a) => [tf.localResponseNormalization(
    ctx.input(0) as tf.Tensor4D, a.radius, a.bias, a.alpha, a.beta)],
} satisfies { [K in OpType]?: Kernel<K> };
