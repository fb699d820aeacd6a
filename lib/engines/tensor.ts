// Tensor helpers shared by the engines, the demo panel and the tests (no DOM,
// no Node APIs): element counts, NCHW ↔ NHWC permutes, a byte checksum and a
// short numeric summary.

import type { EngineTensor, TensorData } from './types';

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Permutes a rank-4 tensor's data; `toNhwc` picks the direction. Shape is given in the source layout. */
export function permute4<T extends TensorData>(data: T, shape: readonly number[], toNhwc: boolean): T {
  const [n, a, b, c] = shape;
  const out = new (data.constructor as new (len: number) => T)(data.length);
  // Source NCHW (a=C, b=H, c=W) → NHWC, or source NHWC (a=H, b=W, c=C) → NCHW.
  for (let i = 0; i < n; i++) {
    const base = i * a * b * c;
    for (let x = 0; x < a; x++) {
      for (let y = 0; y < b; y++) {
        for (let z = 0; z < c; z++) {
          const src = base + (x * b + y) * c + z;
          const dst = toNhwc ? base + (y * c + z) * a + x : base + (z * a + x) * b + y;
          out[dst] = data[src];
        }
      }
    }
  }
  return out;
}

export function nchwShapeToNhwc(s: readonly number[]): number[] {
  return [s[0], s[2], s[3], s[1]];
}

export function nhwcShapeToNchw(s: readonly number[]): number[] {
  return [s[0], s[3], s[1], s[2]];
}

/** FNV-1a over the data's bytes, as 8 hex digits: equal checksums mean bit-identical tensors. */
export function checksum(data: TensorData): string {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export interface TensorSummary {
  name: string;
  shape: number[];
  dtype: string;
  min: number;
  max: number;
  mean: number;
  /** Largest values with their flat indices, largest first. */
  top: { index: number; value: number }[];
  checksum: string;
}

export function summarise(t: EngineTensor, topK = 5): TensorSummary {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  const n = t.data.length;
  const top: { index: number; value: number }[] = [];
  for (let i = 0; i < n; i++) {
    const v = Number(t.data[i]);
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    // Insertion into a short sorted list: cheap for small k, one pass over the data.
    if (top.length < topK || v > top[top.length - 1].value) {
      let j = top.length < topK ? top.length : topK - 1;
      while (j > 0 && top[j - 1].value < v) j--;
      top.splice(j, 0, { index: i, value: v });
      if (top.length > topK) top.pop();
    }
  }
  return { name: t.name, shape: t.shape, dtype: t.dtype, min, max, mean: n ? sum / n : NaN, top, checksum: checksum(t.data) };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
