// Helpers shared by kernel families: fused activations, padding, dtype
// alignment and axis handling.

import * as tf from '@tensorflow/tfjs-core';
import type { Activation, Padding } from '../../ir/attrs';
import { UnsupportedOpError } from './types';

export function applyActivation(x: tf.Tensor, activation: Activation, opType: string): tf.Tensor {
  switch (activation) {
    case 'none': return x;
    case 'relu': return tf.relu(x);
    case 'relu6': return tf.relu6(x);
    case 'relu_n1_to_1': return tf.clipByValue(x, -1, 1);
    case 'tanh': return tf.tanh(x);
    case 'sigmoid': return tf.sigmoid(x);
    case 'sign_bit': throw new UnsupportedOpError(opType, 'fused activation sign_bit');
  }
}

/** The fused activations tf.fused.* runs natively; the others are applied after. */
export function fusableActivation(activation: Activation): 'linear' | 'relu' | 'relu6' | 'sigmoid' | null {
  switch (activation) {
    case 'none': return 'linear';
    case 'relu': return 'relu';
    case 'relu6': return 'relu6';
    case 'sigmoid': return 'sigmoid';
    default: return null;
  }
}

/** [sh, sw] from [h, w], [1, h, w, 1] or a single value. */
export function pair(values: readonly number[], fallback = 1): [number, number] {
  if (values.length === 4) return [values[1], values[2]];
  if (values.length === 2) return [values[0], values[1]];
  if (values.length === 1) return [values[0], values[0]];
  return [fallback, fallback];
}

/**
 * tfjs takes 'same'/'valid' directly; explicit [top, bottom, left, right]
 * pads are applied with tf.pad (value `fill`) and the op then runs 'valid'.
 */
export function padSpatial(x: tf.Tensor, padding: Padding, fill = 0): { x: tf.Tensor; pad: 'same' | 'valid' } {
  if (padding === 'same' || padding === 'valid') return { x, pad: padding };
  const [t, b, l, r] = padding;
  if (t === 0 && b === 0 && l === 0 && r === 0) return { x, pad: 'valid' };
  return { x: tf.pad(x, [[0, 0], [t, b], [l, r], [0, 0]], fill), pad: 'valid' };
}

/** TF 'same' pads [before, after] for one spatial dim. */
export function samePads(inDim: number, k: number, stride: number, dilation = 1): [number, number] {
  const effK = (k - 1) * dilation + 1;
  const out = Math.ceil(inDim / stride);
  const total = Math.max((out - 1) * stride + effK - inDim, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** Makes two operands the same dtype for tfjs ops that require it (float wins, then int32). */
export function aligned(a: tf.Tensor, b: tf.Tensor): [tf.Tensor, tf.Tensor] {
  if (a.dtype === b.dtype) return [a, b];
  const to = a.dtype === 'float32' || b.dtype === 'float32' ? 'float32' : 'int32';
  return [a.dtype === to ? a : tf.cast(a, to), b.dtype === to ? b : tf.cast(b, to)];
}

export function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

export function asFloat(x: tf.Tensor): tf.Tensor {
  return x.dtype === 'float32' ? x : tf.cast(x, 'float32');
}

/** Reads a small tensor's values synchronously (shape operands, conditions, indices). */
export function readInts(x: tf.Tensor): number[] {
  return Array.from(x.dataSync(), (v) => Number(v));
}

/** A tensor's dims as a plain array (tfjs types ranked shapes as tuples). */
export function dims(x: tf.Tensor): number[] {
  return x.shape;
}
