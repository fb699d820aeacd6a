// Small-tensor arithmetic for constant evaluators: row-major index helpers
// and the data-movement primitives several ops share.

import type { DType } from '../types';
import { isIntegerDType } from '../dtype';
import type { ConstValue } from './types';

export function makeValue(dtype: DType, shape: number[], values: ArrayLike<number>): ConstValue {
  return { dtype, shape, values: Float64Array.from(values) };
}

export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** Calls `fn(flatIndex, multiIndex)` for every element of `shape` in row-major order. */
export function forEachIndex(shape: readonly number[], fn: (flat: number, idx: number[]) => void): void {
  const n = shape.reduce((a, b) => a * b, 1);
  const idx = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < n; flat++) {
    fn(flat, idx);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
}

/** Elementwise op over numpy-broadcast operands; `outShape` must be their broadcast. */
export function broadcastMap(
  operands: readonly ConstValue[],
  outShape: number[],
  dtype: DType,
  fn: (args: number[]) => number,
): ConstValue {
  const rank = outShape.length;
  const strides = operands.map((v) => {
    const own = stridesOf(v.shape);
    // Broadcast dims (size 1 or missing) contribute stride 0.
    return outShape.map((_, i) => {
      const d = i - (rank - v.shape.length);
      return d < 0 || v.shape[d] === 1 ? 0 : own[d];
    });
  });
  const n = outShape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  const args = new Array<number>(operands.length);
  forEachIndex(outShape, (flat, idx) => {
    for (let k = 0; k < operands.length; k++) {
      let off = 0;
      for (let d = 0; d < rank; d++) off += idx[d] * strides[k][d];
      args[k] = operands[k].values[off];
    }
    out[flat] = fn(args);
  });
  return { dtype, shape: outShape, values: out };
}

export function transposeValue(v: ConstValue, perm: readonly number[]): ConstValue {
  const outShape = perm.map((p) => v.shape[p]);
  const inStrides = stridesOf(v.shape);
  const out = new Float64Array(v.values.length);
  forEachIndex(outShape, (flat, idx) => {
    let off = 0;
    for (let d = 0; d < perm.length; d++) off += idx[d] * inStrides[perm[d]];
    out[flat] = v.values[off];
  });
  return { dtype: v.dtype, shape: outShape, values: out };
}

/** Gathers a strided box: per dim a start, step and count (counts give the output shape). */
export function stridedBox(v: ConstValue, starts: readonly number[], steps: readonly number[], counts: readonly number[]): Float64Array {
  const inStrides = stridesOf(v.shape);
  const n = counts.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  forEachIndex(counts, (flat, idx) => {
    let off = 0;
    for (let d = 0; d < counts.length; d++) off += (starts[d] + idx[d] * steps[d]) * inStrides[d];
    out[flat] = v.values[off];
  });
  return out;
}

export function concatValues(values: readonly ConstValue[], axis: number, dtype: DType): ConstValue {
  const outShape = [...values[0].shape];
  outShape[axis] = values.reduce((a, v) => a + v.shape[axis], 0);
  const outer = outShape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = outShape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = new Float64Array(outer * outShape[axis] * inner);
  let o = 0;
  for (let i = 0; i < outer; i++) {
    for (const v of values) {
      const chunk = v.shape[axis] * inner;
      out.set(v.values.subarray(i * chunk, (i + 1) * chunk), o);
      o += chunk;
    }
  }
  return { dtype, shape: outShape, values: out };
}

/** Shape values as plain ints, or null if any element is unknown (NaN). */
export function knownInts(v: ConstValue | null): number[] | null {
  if (!v) return null;
  const out: number[] = [];
  for (const x of v.values) {
    if (Number.isNaN(x)) return null;
    out.push(x);
  }
  return out;
}

/** Rounds a computed element to what `dtype` can hold; NaN (unknown) stays NaN. */
export function roundTo(dtype: DType, x: number): number {
  if (Number.isNaN(x)) return x;
  if (isIntegerDType(dtype)) return Math.trunc(x);
  if (dtype === 'bool') return x ? 1 : 0;
  if (dtype === 'float32') return Math.fround(x);
  return x;
}
