// Unary ops and activations.

import * as tf from '@tensorflow/tfjs-core';
import type { OpType } from '../../ir/attrs';
import type { Kernel } from './types';
import { asFloat, normAxis } from './util';

type Unary = (x: tf.Tensor) => tf.Tensor;

function unary<T extends OpType>(f: Unary): Kernel<T> {
  return (ctx) => [f(ctx.input(0))];
}

/** Applies `f` along the last axis after moving `axis` there (tfjs softmax works on the last axis only). */
function alongAxis(x: tf.Tensor, axis: number, f: Unary): tf.Tensor {
  const ax = normAxis(axis, x.rank);
  if (ax === x.rank - 1) return f(x);
  const perm = [...Array(x.rank).keys()];
  perm[ax] = x.rank - 1;
  perm[x.rank - 1] = ax;
  return tf.transpose(f(tf.transpose(x, perm)), perm);
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

export const ACTIVATION_KERNELS = {
  Relu: unary<'Relu'>(tf.relu),
  Relu6: unary<'Relu6'>(tf.relu6),
  ReluN1To1: unary<'ReluN1To1'>((x) => tf.clipByValue(x, -1, 1)),
  LeakyRelu: (ctx, a) => [tf.leakyRelu(ctx.input(0), a.alpha)],
  PRelu: (ctx) => [tf.prelu(ctx.input(0), ctx.input(1))],
  Elu: unary<'Elu'>(tf.elu),
  Gelu: (ctx, a) => {
    const x = asFloat(ctx.input(0));
    const inner = a.approximate
      ? tf.tanh(tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))
      : tf.erf(tf.mul(x, Math.SQRT1_2));
    return [tf.mul(tf.mul(0.5, x), tf.add(1, inner))];
  },
  // x · relu6(x + 3) / 6
  HardSwish: unary<'HardSwish'>((x) => tf.div(tf.mul(x, tf.relu6(tf.add(x, 3))), 6)),
  Logistic: unary<'Logistic'>(tf.sigmoid),
  Tanh: unary<'Tanh'>(tf.tanh),
  Softmax: (ctx, a) => [alongAxis(ctx.input(0), a.axis, (x) => tf.softmax(a.beta === 1 ? x : tf.mul(x, a.beta)))],
  LogSoftmax: (ctx, a) => [alongAxis(ctx.input(0), a.axis, (x) => tf.logSoftmax(x))],
  Exp: unary<'Exp'>(tf.exp),
  Log: unary<'Log'>(tf.log),
  Sqrt: unary<'Sqrt'>(tf.sqrt),
  Rsqrt: unary<'Rsqrt'>(tf.rsqrt),
  Square: unary<'Square'>(tf.square),
  Abs: unary<'Abs'>(tf.abs),
  Neg: unary<'Neg'>(tf.neg),
  Sign: unary<'Sign'>(tf.sign),
  Floor: unary<'Floor'>(tf.floor),
  Ceil: unary<'Ceil'>(tf.ceil),
  // tfjs rounds half to even, as TF and ONNX do.
  Round: unary<'Round'>(tf.round),
  Sin: unary<'Sin'>(tf.sin),
  Cos: unary<'Cos'>(tf.cos),
  Erf: unary<'Erf'>(tf.erf),
  Clip: (ctx, a) => {
    let x = ctx.input(0);
    // One-sided clips use max/min: tfjs clipByValue wants both bounds finite on some backends.
    if (Number.isFinite(a.min) && Number.isFinite(a.max)) return [tf.clipByValue(x, a.min, a.max)];
    if (Number.isFinite(a.min)) x = tf.maximum(x, tf.scalar(a.min, x.dtype));
    if (Number.isFinite(a.max)) x = tf.minimum(x, tf.scalar(a.max, x.dtype));
    return [tf.clone(x)];
  },
} satisfies { [K in OpType]?: Kernel<K> };
