// Pooling. Explicit pads: max pooling pads with −∞; average pooling excludes
// the pads from the count (TF 'same' and ONNX count_include_pad=0), computed
// as pooled(x) / pooled(ones).

import * as tf from '@tensorflow/tfjs-core';
import type { OpType, Padding } from '../../ir/attrs';
import type { Kernel } from './types';
import { applyActivation, pair, samePads } from './util';

/** Explicit pads that equal TF 'same' become 'same', which tfjs pools natively. */
function normalisePadding(x: tf.Tensor, padding: Padding, filter: [number, number], strides: [number, number]): Padding {
  if (!Array.isArray(padding)) return padding;
  if (padding.every((p) => p === 0)) return 'valid';
  const [t, b] = samePads(x.shape[1] ?? 0, filter[0], strides[0]);
  const [l, r] = samePads(x.shape[2] ?? 0, filter[1], strides[1]);
  return padding[0] === t && padding[1] === b && padding[2] === l && padding[3] === r ? 'same' : padding;
}

const maxPool: Kernel<'MaxPool2D'> = (ctx, a) => {
  const filter = pair(a.filter);
  const strides = pair(a.strides);
  let x = ctx.input(0) as tf.Tensor4D;
  let padding = normalisePadding(x, a.padding, filter, strides);
  if (Array.isArray(padding)) {
    x = tf.pad(x, [[0, 0], [padding[0], padding[1]], [padding[2], padding[3]], [0, 0]], -Infinity);
    padding = 'valid';
  }
  return [applyActivation(tf.maxPool(x, filter, strides, padding), a.activation, ctx.op.type)];
};

const avgPool: Kernel<'AveragePool2D'> = (ctx, a) => {
  const filter = pair(a.filter);
  const strides = pair(a.strides);
  const x = ctx.input(0) as tf.Tensor4D;
  const padding = normalisePadding(x, a.padding, filter, strides);
  if (!Array.isArray(padding)) return [applyActivation(tf.avgPool(x, filter, strides, padding), a.activation, ctx.op.type)];
  const pads: [number, number][] = [[0, 0], [padding[0], padding[1]], [padding[2], padding[3]], [0, 0]];
  const sums = tf.avgPool(tf.pad(x, pads), filter, strides, 'valid');
  const ones = tf.ones([1, x.shape[1], x.shape[2], 1]) as tf.Tensor4D;
  const counts = tf.avgPool(tf.pad(ones, pads), filter, strides, 'valid');
  return [applyActivation(tf.div(sums, counts), a.activation, ctx.op.type)];
};

export const POOL_KERNELS = {
  MaxPool2D: maxPool,
  AveragePool2D: avgPool,
} satisfies { [K in OpType]?: Kernel<K> };
