// How far one int8 activation is from the float model's: SQNR, cosine, the
// float values' range against the range the tensor's int8 grid can hold, and
// how many float values fall outside that grid (clipped). Pure functions over
// flat arrays, shared by the probe (lib/quantize/probe.ts) and light enough
// for pages to import.

import { cosineSimilarity, sqnr } from './metrics';
import { clamp, INT_LIMITS, representedRange, type IntType, type Range } from './params';

/** A per-tensor int8 or uint8 grid: real = scale × (q − zeroPoint). */
export interface Grid {
  type: IntType;
  scale: number;
  zeroPoint: number;
}

export interface ActivationError {
  /** 10·log10(Σ float² / Σ (float − int8)²); Infinity when identical. */
  sqnrDb: number;
  cosine: number;
  /** Smallest and largest float value of the reference. */
  floatRange: Range;
  /** Real interval the int8 grid covers; null for float tensors of the int8 model (dequantized outputs). */
  representable: Range | null;
  /** Fraction of float values more than half a step outside the grid (they round to its ends). */
  clipped: number;
  /**
   * Float values left out of every figure because they are not finite: e.g.
   * the −∞ a float max-pool's padding holds, which int8 holds as −128.
   */
  nonFinite: number;
}

/** Integer values (as stored) → the real values they stand for. */
export function dequantize(values: ArrayLike<number>, grid: Grid): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = grid.scale * (values[i] - grid.zeroPoint);
  return out;
}

/**
 * Real values → integers for an int8/uint8 model input, rounded half up and
 * saturated exactly as the run page and the zoo build feed int8 artifacts
 * (lib/engines/boundary), so the probe sees the input they see.
 */
export function quantizeToGrid(values: ArrayLike<number>, grid: Grid): Int8Array | Uint8Array {
  const { qmin, qmax } = INT_LIMITS[grid.type];
  const out = grid.type === 'int8' ? new Int8Array(values.length) : new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = clamp(Math.round(values[i] / grid.scale) + grid.zeroPoint, qmin, qmax);
  return out;
}

export function valueRange(values: ArrayLike<number>): Range {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** The pairs whose reference is finite, and how many were not. */
function finitePairs(reference: ArrayLike<number>, test: ArrayLike<number>): { reference: ArrayLike<number>; test: ArrayLike<number>; dropped: number } {
  let dropped = 0;
  for (let i = 0; i < reference.length; i++) if (!Number.isFinite(reference[i])) dropped++;
  if (!dropped) return { reference, test, dropped };
  const r = new Float32Array(reference.length - dropped);
  const t = new Float32Array(r.length);
  let k = 0;
  for (let i = 0; i < reference.length; i++) {
    if (!Number.isFinite(reference[i])) continue;
    r[k] = reference[i];
    t[k++] = test[i];
  }
  return { reference: r, test: t, dropped };
}

/** Compares the int8 model's (dequantized) activation with the float model's. */
export function compareActivation(floatValues: ArrayLike<number>, dequantized: ArrayLike<number>, grid: Grid | null): ActivationError {
  if (floatValues.length !== dequantized.length) throw new RangeError(`length mismatch: ${floatValues.length} float values vs ${dequantized.length} int8`);
  const { reference, test, dropped: nonFinite } = finitePairs(floatValues, dequantized);
  const floatRange = valueRange(reference);
  if (!grid) return { sqnrDb: sqnr(reference, test), cosine: cosineSimilarity(reference, test), floatRange, representable: null, clipped: 0, nonFinite };
  const representable = representedRange({ scale: grid.scale, zeroPoint: grid.zeroPoint }, grid.type);
  const lo = representable.min - grid.scale / 2;
  const hi = representable.max + grid.scale / 2;
  let clipped = 0;
  for (let i = 0; i < reference.length; i++) if (reference[i] < lo || reference[i] > hi) clipped++;
  return {
    sqnrDb: sqnr(reference, test),
    cosine: cosineSimilarity(reference, test),
    floatRange,
    representable,
    clipped: reference.length ? clipped / reference.length : 0,
    nonFinite,
  };
}

/** Layers from worst (lowest SQNR) to best; ties keep graph order. */
export function worstFirst<T extends { sqnrDb: number; position: number }>(layers: readonly T[]): T[] {
  return [...layers].sort((a, b) => a.sqnrDb - b.sqnrDb || a.position - b.position);
}
