// Statistics of a constant tensor for the node details panel: range, mean,
// standard deviation, share of exact zeros and a histogram. Quantized
// constants are measured in the real values they stand for.

import { readConstantValues } from '../ir/dtype';
import type { Tensor } from '../ir/types';

export const HISTOGRAM_BINS = 24;

export interface WeightStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  /** Fraction of elements that are exactly zero. */
  sparsity: number;
  /** Counts over HISTOGRAM_BINS equal bins from min to max. */
  histogram: number[];
  /** True when the values were dequantized from stored integers. */
  dequantized: boolean;
}

/** Real values of a (possibly quantized) constant, or null when it holds no numbers. */
export function realValues(t: Tensor): Float64Array | null {
  const values = readConstantValues(t);
  if (!values) return null;
  const q = t.quant;
  if (!q || q.scale.length === 0) return values;
  const axis = q.axis ?? 0;
  const inner = t.shape.slice(axis + 1).reduce((a, d) => a * d, 1);
  const channels = q.scale.length;
  for (let i = 0; i < values.length; i++) {
    const c = channels > 1 ? Math.floor(i / inner) % channels : 0;
    values[i] = q.scale[c] * (values[i] - (q.zeroPoint[c] ?? 0));
  }
  return values;
}

/** Stats of a constant with at least two elements; null for scalars, strings and non-constants. */
export function weightStats(t: Tensor): WeightStats | null {
  const values = realValues(t);
  if (!values || values.length < 2) return null;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let zeros = 0;
  let finite = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    finite++;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    if (v === 0) zeros++;
  }
  if (finite === 0) return null;
  const mean = sum / finite;
  let sq = 0;
  const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  const width = (max - min) / HISTOGRAM_BINS;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    sq += (v - mean) ** 2;
    const bin = width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor((v - min) / width)) : 0;
    histogram[bin]++;
  }
  return { count: finite, min, max, mean, std: Math.sqrt(sq / finite), sparsity: zeros / finite, histogram, dequantized: !!t.quant?.scale.length };
}
