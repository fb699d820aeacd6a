// Convolutions, fully connected and matmul. IR weights are in TFLite layouts
// (attrs.ts); tfjs wants HWIO filters, so constant weights are re-laid out
// once (ctx.prepared) and kept.

import * as tf from '@tensorflow/tfjs-core';
import type { OpType, Padding } from '../../ir/attrs';
import { type Kernel, type KernelContext, UnsupportedOpError } from './types';
import { applyActivation, dims, fusableActivation, pair, padSpatial } from './util';

type Fused = 'linear' | 'relu' | 'relu6' | 'sigmoid';

function withActivation(ctx: KernelContext, activation: Parameters<typeof applyActivation>[1], run: (fused: Fused) => tf.Tensor): tf.Tensor {
  const fused = fusableActivation(activation);
  return fused ? run(fused) : applyActivation(run('linear'), activation, ctx.op.type);
}

function biasOf(ctx: KernelContext, index: number): tf.Tensor | undefined {
  return ctx.inputs[index];
}

const conv2d: Kernel<'Conv2D'> = (ctx, a) => {
  const { x, pad } = padSpatial(ctx.input(0), a.padding);
  // OHWI → HWIO.
  const filter = ctx.prepared(1, 'hwio', (w) => tf.transpose(w, [1, 2, 3, 0])) as tf.Tensor4D;
  const strides = pair(a.strides);
  const dilations = pair(a.dilations);
  const bias = biasOf(ctx, 2);
  const x4 = x as tf.Tensor4D;
  if (a.groups === 1) {
    return [withActivation(ctx, a.activation, (activation) =>
      tf.fused.conv2d({ x: x4, filter, strides, pad, dilations, bias, activation }))];
  }
  // Grouped: tfjs has no groups, so split channels, convolve each group, concatenate.
  const xs = tf.split(x4, a.groups, 3);
  const fs = tf.split(filter, a.groups, 3);
  const ys = xs.map((xg, g) => tf.conv2d(xg as tf.Tensor4D, fs[g] as tf.Tensor4D, strides, pad, 'NHWC', dilations));
  const y = tf.concat(ys, 3);
  return [applyActivation(bias ? tf.add(y, bias) : y, a.activation, ctx.op.type)];
};

const depthwise: Kernel<'DepthwiseConv2D'> = (ctx, a) => {
  const { x, pad } = padSpatial(ctx.input(0), a.padding);
  const c = dims(x)[3];
  // [1, kh, kw, C·M] → [kh, kw, C, M]: TFLite orders output channels c·M + m, as tfjs does.
  const filter = ctx.prepared(1, `hwcm:${c}`, (w) => tf.reshape(w, [dims(w)[1], dims(w)[2], c, a.depthMultiplier])) as tf.Tensor4D;
  const bias = biasOf(ctx, 2);
  return [withActivation(ctx, a.activation, (activation) =>
    tf.fused.depthwiseConv2d({ x: x as tf.Tensor4D, filter, strides: pair(a.strides), pad, dilations: pair(a.dilations), bias, activation }))];
};

/**
 * Transposed convolution with any padding: run tfjs's 'valid' transposed conv
 * (full output (in−1)·s + k), then crop from [top, left] to the wanted size,
 * zero-filling when the output reaches past the full result (ONNX
 * output_padding).
 */
export function transposeConv(
  x: tf.Tensor4D, filterHwoi: tf.Tensor4D, strides: [number, number], padding: Padding, outHW: [number, number],
): tf.Tensor4D {
  const [n, h, w] = x.shape;
  const [kh, kw, cout] = filterHwoi.shape;
  const full: [number, number] = [(h - 1) * strides[0] + kh, (w - 1) * strides[1] + kw];
  const top = padding === 'valid' ? 0 : padding === 'same'
    ? Math.floor(Math.max(full[0] - outHW[0], 0) / 2) : padding[0];
  const left = padding === 'valid' ? 0 : padding === 'same'
    ? Math.floor(Math.max(full[1] - outHW[1], 0) / 2) : padding[2];
  let y = tf.conv2dTranspose(x, filterHwoi, [n, full[0], full[1], cout], strides, 'valid');
  const extraH = Math.max(top + outHW[0] - full[0], 0);
  const extraW = Math.max(left + outHW[1] - full[1], 0);
  if (extraH > 0 || extraW > 0) y = tf.pad(y, [[0, 0], [0, extraH], [0, extraW], [0, 0]]);
  if (top !== 0 || left !== 0 || y.shape[1] !== outHW[0] || y.shape[2] !== outHW[1]) {
    y = tf.slice(y, [0, top, left, 0], [n, outHW[0], outHW[1], cout]);
  }
  return y;
}

const transposeConv2d: Kernel<'TransposeConv2D'> = (ctx, a) => {
  const x = ctx.input(0) as tf.Tensor4D;
  // [Cout, kh, kw, Cin] → tfjs's [kh, kw, Cout, Cin].
  const filter = ctx.prepared(1, 'hwoi', (w) => tf.transpose(w, [1, 2, 0, 3])) as tf.Tensor4D;
  const outputShape = ctx.operand('outputShape');
  const y = transposeConv(x, filter, pair(a.strides), a.padding, [outputShape[1], outputShape[2]]);
  const bias = ctx.inputs[2];
  return [applyActivation(bias ? tf.add(y, bias) : y, a.activation, ctx.op.type)];
};

const fullyConnected: Kernel<'FullyConnected'> = (ctx, a) => {
  const x = ctx.input(0);
  const [units, inDim] = dims(ctx.input(1));
  // [out, in] → [in, out] once: the wasm backend's fused matmul gives wrong
  // results with transposeB (hand-landmark-lite's heads), the plain product does not.
  const weights = ctx.prepared(1, 'io', (w) => tf.transpose(w)) as tf.Tensor2D;
  const x2 = tf.reshape(x, [-1, inDim]) as tf.Tensor2D;
  const bias = ctx.inputs[2];
  let y: tf.Tensor = withActivation(ctx, a.activation, (activation) =>
    tf.fused.matMul({ a: x2, b: weights, bias, activation }));
  if (a.keepNumDims) y = tf.reshape(y, [...x.shape.slice(0, -1), units]);
  return [y];
};

const matMul: Kernel<'MatMul'> = (ctx, a) => {
  let left = ctx.input(0);
  let right = ctx.input(1);
  // numpy semantics for rank-1 operands: promote, multiply, drop the added dim.
  const squeeze: number[] = [];
  if (left.rank === 1) { left = tf.expandDims(left, 0); squeeze.push(-2); }
  if (right.rank === 1) { right = tf.expandDims(right, 1); squeeze.push(-1); }
  if (left.rank < 2 || right.rank < 2) throw new UnsupportedOpError('MatMul', 'scalar operands');
  const y = tf.matMul(left, right, a.transposeA, a.transposeB);
  if (squeeze.length === 0) return [y];
  return [tf.squeeze(y, squeeze.map((d) => y.rank + d))];
};

export const CONV_KERNELS = {
  Conv2D: conv2d,
  DepthwiseConv2D: depthwise,
  TransposeConv2D: transposeConv2d,
  FullyConnected: fullyConnected,
  MatMul: matMul,
} satisfies { [K in OpType]?: Kernel<K> };
