// Constant-tensor layout transforms used when TF weight layouts (HWIO, HWCM,
// [in,out]) are rewritten into the IR's TFLite layouts.

import type { TensorData } from '../../../ir/types';

type NumericArray = Exclude<TensorData, BigInt64Array | BigUint64Array>;

/** out[perm-indexed] = in: output dim i is input dim perm[i]. */
export function permuteData<T extends NumericArray>(data: T, shape: number[], perm: number[]): T {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p]);
  const inStrides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) inStrides[i] = inStrides[i + 1] * shape[i + 1];
  const strideForOut = perm.map((p) => inStrides[p]);
  const out = new (data.constructor as new (n: number) => T)(data.length);
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < data.length; o++) {
    let src = 0;
    for (let d = 0; d < rank; d++) src += idx[d] * strideForOut[d];
    out[o] = data[src];
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < outShape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

export function permuteShape(shape: number[], perm: number[]): number[] {
  return perm.map((p) => shape[p]);
}
