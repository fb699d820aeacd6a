// Inputs for timing a model when no real sample is at hand (the inspector's
// profile): seeded, so repeated profiles feed the same values. Floats are
// uniform in [-1, 1); integer inputs are zeros, a valid index or id for any
// model that takes them. Dynamic dims run as 1.

import { seededRandom } from '../util/seeded-random';
import type { EngineTensor, TensorInfo } from './types';

export function syntheticInputs(inputs: readonly TensorInfo[], seed = 1): EngineTensor[] {
  const random = seededRandom(seed);
  return inputs.map((info): EngineTensor => {
    const shape = info.shape.map((d) => (d < 0 ? 1 : d));
    const n = shape.reduce((a, d) => a * d, 1);
    switch (info.dtype) {
      case 'float32':
      case 'float16':
      case 'float64':
        return { name: info.name, shape, dtype: 'float32', data: Float32Array.from({ length: n }, () => 2 * random() - 1) };
      case 'int64':
        return { name: info.name, shape, dtype: 'int64', data: new BigInt64Array(n) };
      case 'uint8':
        return { name: info.name, shape, dtype: 'uint8', data: new Uint8Array(n) };
      case 'int8':
        return { name: info.name, shape, dtype: 'int8', data: new Int8Array(n) };
      case 'bool':
        return { name: info.name, shape, dtype: 'bool', data: new Uint8Array(n) };
      case 'int32':
      case 'int16':
      case 'uint16':
      case 'uint32':
        return { name: info.name, shape, dtype: 'int32', data: new Int32Array(n) };
      default:
        throw new Error(`input ${info.name} is ${info.dtype}, which cannot be fed for a profile`);
    }
  });
}
