// Precision changes. Quantised tensors run as their stored integers (int32 in
// tfjs); Dequantize applies real = scale · (q − zeroPoint), per tensor or per
// channel. float16 constants are already float32 on upload, so their
// Dequantize is a copy.

import * as tf from '@tensorflow/tfjs-core';
import type { OpType } from '../../ir/attrs';
import type { DType, Quantization } from '../../ir/types';
import { type Kernel, UnsupportedOpError } from './types';

const INT_RANGES: Partial<Record<DType, [number, number]>> = {
  int4: [-8, 7], int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535],
};

/** scale and zeroPoint shaped to broadcast against a tensor of `rank` (per channel along q.axis). */
function quantParams(q: Quantization, rank: number): { scale: tf.Tensor; zeroPoint: tf.Tensor } {
  const perChannel = q.axis !== undefined && q.scale.length > 1;
  const shape = Array.from({ length: rank }, (_, i) => (perChannel && i === (q.axis ?? 0) ? q.scale.length : 1));
  const zp = q.scale.map((_, i) => q.zeroPoint[i] ?? q.zeroPoint[0] ?? 0);
  return {
    scale: tf.tensor(perChannel ? q.scale : [q.scale[0]], perChannel ? shape : [], 'float32'),
    zeroPoint: tf.tensor(perChannel ? zp : [zp[0]], perChannel ? shape : [], 'float32'),
  };
}

const dequantize: Kernel<'Dequantize'> = (ctx) => {
  const info = ctx.inputInfo(0);
  const q = info?.quant;
  if (!q || !info || info.dtype === 'float16' || info.dtype === 'bfloat16' || info.dtype === 'float32') {
    return [ctx.prepared(0, 'float', (x) => tf.cast(x, 'float32'))];
  }
  return [ctx.prepared(0, 'dequant', (x) => {
    const { scale, zeroPoint } = quantParams(q, x.rank);
    return tf.mul(tf.sub(tf.cast(x, 'float32'), zeroPoint), scale);
  })];
};

const quantize: Kernel<'Quantize'> = (ctx) => {
  const out = ctx.outputInfo(0);
  const q = out.quant;
  const range = INT_RANGES[out.dtype];
  if (!q || !range) throw new UnsupportedOpError('Quantize', `output ${out.id} is ${out.dtype}${q ? '' : ' without quantization'}`);
  const x = ctx.input(0);
  const { scale, zeroPoint } = quantParams(q, x.rank);
  const qv = tf.add(tf.round(tf.div(tf.cast(x, 'float32'), scale)), zeroPoint);
  return [tf.cast(tf.clipByValue(qv, range[0], range[1]), 'int32')];
};

/** tfjs holds every integer type as int32 and every float type as float32. */
export function runtimeDType(dtype: DType): 'float32' | 'int32' | 'bool' | null {
  if (dtype === 'bool') return 'bool';
  if (dtype === 'float32' || dtype === 'float16' || dtype === 'float64' || dtype === 'bfloat16') return 'float32';
  if (dtype === 'string' || dtype === 'complex64' || dtype === 'complex128') return null;
  return 'int32';
}

const cast: Kernel<'Cast'> = (ctx, a) => {
  const to = runtimeDType(a.to as DType);
  if (!to) throw new UnsupportedOpError('Cast', `to ${a.to}`);
  const x = ctx.input(0);
  const range = INT_RANGES[a.to as DType];
  // Narrow integer targets wrap in C casts; the models we run only cast in-range values, so saturate.
  if (range && x.dtype === 'float32') return [tf.cast(tf.clipByValue(x, range[0], range[1]), to)];
  return [tf.cast(x, to)];
};

export const QUANTIZE_KERNELS = {
  Dequantize: dequantize,
  Quantize: quantize,
  Cast: cast,
} satisfies { [K in OpType]?: Kernel<K> };
