// Uploads an IR constant to a tfjs tensor once: float types (float16,
// bfloat16, float64 included) become float32, integer types int32 (int64
// narrowed), bool stays bool. Quantised integer weights keep their stored
// integers; Dequantize scales them.

import * as tf from '@tensorflow/tfjs-core';
import { elementCount, readConstantValues } from '../ir/dtype';
import type { Tensor } from '../ir/types';
import { runtimeDType } from './kernels/quantize';

/** The tfjs tensor for a constant, or null when its dtype has no tfjs counterpart (strings, complex). */
export function uploadConstant(t: Tensor): tf.Tensor | null {
  const dtype = runtimeDType(t.dtype);
  if (!dtype || elementCount(t.shape) === null) return null;
  if (t.dtype === 'float32' && t.data instanceof Float32Array) return tf.tensor(t.data, t.shape, 'float32');
  if (t.dtype === 'int32' && t.data instanceof Int32Array) return tf.tensor(t.data, t.shape, 'int32');
  const values = readConstantValues(t);
  if (!values) return null;
  if (dtype === 'float32') return tf.tensor(Float32Array.from(values), t.shape, 'float32');
  if (dtype === 'bool') return tf.tensor(Uint8Array.from(values, (v) => (v ? 1 : 0)), t.shape, 'bool');
  // int64 sentinels (INT64_MAX as "to the end") saturate into int32.
  return tf.tensor(Int32Array.from(values, (v) => Math.max(-2147483648, Math.min(2147483647, v))), t.shape, 'int32');
}
