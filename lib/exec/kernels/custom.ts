// Custom ops: MediaPipe's Convolution2DTransposeBias (TFLite) and ONNX nodes
// kept verbatim (onnx-custom.ts). Anything else is unsupported.

import * as tf from '@tensorflow/tfjs-core';
import type { OpType } from '../../ir/attrs';
import { decodeTransposeConvBias, TRANSPOSE_CONV_BIAS, transposeConvBiasDrop, transposeConvBiasOutput } from '../../ir/custom/transpose-conv-bias';
import { transposeConv } from './conv';
import { runOnnxCustom } from './onnx-custom';
import { type Kernel, type KernelContext, UnsupportedOpError } from './types';

/** MediaPipe's transposed conv + bias; options and output size from lib/ir/custom/transpose-conv-bias. */
function transposeConvBias(ctx: KernelContext, options: Uint8Array | null): tf.Tensor[] {
  const { padding, strides } = decodeTransposeConvBias(options);
  const x = ctx.input(0) as tf.Tensor4D;
  const filter = ctx.prepared(1, 'hwoi', (w) => tf.transpose(w, [1, 2, 0, 3])) as tf.Tensor4D;
  const [kh, kw] = filter.shape;
  const dropH = transposeConvBiasDrop(padding, kh, x.shape[1], strides[0]);
  const dropW = transposeConvBiasDrop(padding, kw, x.shape[2], strides[1]);
  const outHW: [number, number] = [
    transposeConvBiasOutput(padding, kh, x.shape[1], strides[0]),
    transposeConvBiasOutput(padding, kw, x.shape[2], strides[1]),
  ];
  const pads = [Math.floor(dropH / 2), dropH - Math.floor(dropH / 2), Math.floor(dropW / 2), dropW - Math.floor(dropW / 2)];
  return [tf.add(transposeConv(x, filter, strides, pads, outHW), ctx.input(2))];
}

const custom: Kernel<'Custom'> = (ctx, a) => {
  if (a.sourceFormat === 'onnx') return runOnnxCustom(ctx, a.customCode, a.options);
  if (a.sourceFormat === 'tflite' && a.customCode === TRANSPOSE_CONV_BIAS) return transposeConvBias(ctx, a.options);
  throw new UnsupportedOpError('Custom', `${a.sourceFormat} custom op ${a.customCode}`);
};

export const CUSTOM_KERNELS = {
  Custom: custom,
} satisfies { [K in OpType]?: Kernel<K> };
