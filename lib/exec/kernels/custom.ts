// Custom ops: MediaPipe's Convolution2DTransposeBias (TFLite) and ONNX nodes
// kept verbatim (onnx-custom.ts). Anything else is unsupported.

import * as tf from '@tensorflow/tfjs-core';
import type { OpType } from '../../ir/attrs';
import { transposeConv } from './conv';
import { runOnnxCustom } from './onnx-custom';
import { type Kernel, type KernelContext, UnsupportedOpError } from './types';

/** TfLitePadding enum values, as stored in TfLiteTransposeConvParams. */
const TFLITE_PADDING_SAME = 1;
const TFLITE_PADDING_VALID = 2;

/**
 * mediapipe/util/tflite/operations/transpose_conv_bias.cc: inputs [x,
 * weights OHWI, bias]; options are a TfLiteTransposeConvParams struct read
 * in place: int32 padding, int32 stride_width, int32 stride_height (little
 * endian). SAME drops max(0, k − (in−1) mod s − 1) rows/cols, the first half
 * (floored) at the top/left; VALID keeps the full (in−1)·s + k.
 */
function transposeConvBias(ctx: KernelContext, options: Uint8Array | null): tf.Tensor[] {
  if (!options || options.byteLength < 12) throw new UnsupportedOpError('Custom', 'Convolution2DTransposeBias without its 12-byte options');
  const view = new DataView(options.buffer, options.byteOffset, options.byteLength);
  const padding = view.getInt32(0, true);
  const strides: [number, number] = [view.getInt32(8, true), view.getInt32(4, true)];
  if (padding !== TFLITE_PADDING_SAME && padding !== TFLITE_PADDING_VALID) {
    throw new UnsupportedOpError('Custom', `Convolution2DTransposeBias padding enum ${padding}`);
  }
  const x = ctx.input(0) as tf.Tensor4D;
  const filter = ctx.prepared(1, 'hwoi', (w) => tf.transpose(w, [1, 2, 0, 3])) as tf.Tensor4D;
  const [kh, kw] = filter.shape;
  const drop = (k: number, inDim: number, s: number): number =>
    padding === TFLITE_PADDING_SAME ? Math.max(0, k - ((inDim - 1) % s) - 1) : 0;
  const dropH = drop(kh, x.shape[1], strides[0]);
  const dropW = drop(kw, x.shape[2], strides[1]);
  const outHW: [number, number] = [strides[0] * (x.shape[1] - 1) + kh - dropH, strides[1] * (x.shape[2] - 1) + kw - dropW];
  const pads = [Math.floor(dropH / 2), dropH - Math.floor(dropH / 2), Math.floor(dropW / 2), dropW - Math.floor(dropW / 2)];
  return [tf.add(transposeConv(x, filter, strides, pads, outHW), ctx.input(2))];
}

const custom: Kernel<'Custom'> = (ctx, a) => {
  if (a.sourceFormat === 'onnx') return runOnnxCustom(ctx, a.customCode, a.options);
  if (a.sourceFormat === 'tflite' && a.customCode === 'Convolution2DTransposeBias') return transposeConvBias(ctx, a.options);
  throw new UnsupportedOpError('Custom', `${a.sourceFormat} custom op ${a.customCode}`);
};

export const CUSTOM_KERNELS = {
  Custom: custom,
} satisfies { [K in OpType]?: Kernel<K> };
