// Calibration: runs the float model on representative samples and records
// the value range of every activation tensor, from which quantize.ts derives
// per-tensor int8 parameters.
//
// Observers:
//  - 'minmax': the observed min and max. Exact coverage; one outlier widens
//    the scale for every other value.
//  - 'percentile': clips to the p-th / (100−p)-th percentile of all observed
//    values (default p = 99.99). Trades saturating rare outliers for finer
//    steps everywhere else.
//  - 'mse': picks the clipping range that minimises the expected squared
//    int8 quantization error (rounding noise inside, clipping error outside)
//    over the observed value histogram.
// The histogram methods run the samples twice: once for min/max (fixing the
// histogram's bins), once to fill the histograms. Everything is a pure
// function of the samples, so results are deterministic.

import { isConstant, isFloatDType } from '../ir/dtype';
import type { Model } from '../ir/types';
import { activationParams, representedRange, type Range } from './params';

/** The part of an executor calibration needs (lib/exec's Executor satisfies it). */
export interface CalibrationRunner<I> {
  run(inputs: I, opts: { capture: string[] }): Promise<{ captured: Record<string, { data: ArrayLike<number> }> }>;
}

export type ObserverKind = 'minmax' | 'percentile' | 'mse';

export interface CalibrationOptions {
  /** Tensor ids to observe; default every float activation of graph 0 (see activationTensorIds). */
  tensors: string[];
  observer?: ObserverKind;
  /** For 'percentile': the upper percentile kept, in (50, 100]. */
  percentile?: number;
  /** Histogram resolution of 'percentile' and 'mse'. */
  bins?: number;
}

export const DEFAULT_PERCENTILE = 99.99;
export const DEFAULT_BINS = 2048;

/** Float tensors of graph 0 that carry activations: graph inputs and op outputs that are not constants. */
export function activationTensorIds(model: Model): string[] {
  const graph = model.graphs[0];
  if (!graph) return [];
  const ids = new Set<string>(graph.inputs);
  for (const op of graph.ops) for (const id of op.outputs) if (id !== '') ids.add(id);
  return [...ids].filter((id) => {
    const t = graph.tensors.get(id);
    return t !== undefined && isFloatDType(t.dtype) && !isConstant(t);
  });
}

/** Running min/max of one tensor. */
export class MinMaxObserver {
  min = Infinity;
  max = -Infinity;

  observe(values: ArrayLike<number>): void {
    let lo = this.min;
    let hi = this.max;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      // NaN/±Infinity would make every scale meaningless; a float model producing them is already broken there.
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    this.min = lo;
    this.max = hi;
  }

  /** Null when nothing finite was observed. */
  range(): Range | null {
    return this.min <= this.max ? { min: this.min, max: this.max } : null;
  }
}

/** Counts of values in `bins` equal bins over a fixed [lo, hi]. */
export class HistogramObserver {
  readonly counts: Float64Array;
  private readonly width: number;

  constructor(readonly lo: number, readonly hi: number, bins = DEFAULT_BINS) {
    this.counts = new Float64Array(bins);
    this.width = hi > lo ? (hi - lo) / bins : 1;
  }

  observe(values: ArrayLike<number>): void {
    const n = this.counts.length;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      const b = Math.floor((v - this.lo) / this.width);
      this.counts[b < 0 ? 0 : b >= n ? n - 1 : b]++;
    }
  }

  private center(b: number): number {
    return this.lo + (b + 0.5) * this.width;
  }

  /** [lower, upper] value bounds holding all but (100 − p)% of the mass on each side. */
  percentileRange(p: number): Range {
    const total = this.counts.reduce((a, c) => a + c, 0);
    const tail = (total * (100 - p)) / 100;
    let lower = this.lo;
    let upper = this.hi;
    let acc = 0;
    for (let b = 0; b < this.counts.length; b++) {
      acc += this.counts[b];
      if (acc > tail) {
        lower = this.lo + b * this.width;
        break;
      }
    }
    acc = 0;
    for (let b = this.counts.length - 1; b >= 0; b--) {
      acc += this.counts[b];
      if (acc > tail) {
        upper = this.lo + (b + 1) * this.width;
        break;
      }
    }
    return { min: Math.max(lower, this.lo), max: Math.min(upper, this.hi) };
  }

  /** Expected squared int8 error of quantizing the histogram's values over `range`. */
  quantizationError(range: Range): number {
    const r = representedRange(activationParams(range));
    const step = (r.max - r.min) / 255;
    const rounding = (step * step) / 12;
    let err = 0;
    for (let b = 0; b < this.counts.length; b++) {
      const c = this.counts[b];
      if (c === 0) continue;
      const x = this.center(b);
      const clip = x < r.min ? r.min - x : x > r.max ? x - r.max : 0;
      err += c * (clip > 0 ? clip * clip : rounding);
    }
    return err;
  }

  /**
   * The clipping range with the least error. Each bound is searched over 100
   * shrinkings toward 0 with the other held fixed, twice over (coordinate
   * descent), so a one-sided outlier clips only its own side.
   */
  mseRange(): Range {
    // Quantized ranges always include 0 (activationParams), so the search runs
    // over [min(lo, 0), max(hi, 0)] and shrinks each bound toward 0: a bound
    // can never cross the other, even for an all-positive tensor.
    const full = { min: Math.min(this.lo, 0), max: Math.max(this.hi, 0) };
    let best: Range = { ...full };
    let bestErr = this.quantizationError(best);
    for (let round = 0; round < 2; round++) {
      for (const side of ['max', 'min'] as const) {
        if (full[side] === 0) continue;
        for (let k = 1; k < 100; k++) {
          const candidate = { ...best, [side]: full[side] * (1 - k / 100) };
          const err = this.quantizationError(candidate);
          // Strictly better only, so ties keep the wider (more faithful) range.
          if (err < bestErr) {
            best = candidate;
            bestErr = err;
          }
        }
      }
    }
    return best;
  }
}

/**
 * Runs every sample and returns the observed range of each requested tensor
 * (tensors never observed with a finite value are left out). Samples run one
 * after another, in order.
 */
export async function collectRanges<I>(runner: CalibrationRunner<I>, samples: readonly I[], opts: CalibrationOptions): Promise<Map<string, Range>> {
  if (samples.length === 0) throw new RangeError('calibration needs at least one sample');
  const kind = opts.observer ?? 'minmax';
  const capture = [...opts.tensors];
  const minmax = new Map(capture.map((id) => [id, new MinMaxObserver()]));
  const each = async (visit: (id: string, data: ArrayLike<number>) => void) => {
    for (const sample of samples) {
      const { captured } = await runner.run(sample, { capture });
      for (const id of capture) {
        const t = captured[id];
        if (t) visit(id, t.data);
      }
    }
  };
  await each((id, data) => minmax.get(id)?.observe(data));
  const ranges = new Map<string, Range>();
  for (const [id, o] of minmax) {
    const r = o.range();
    if (r) ranges.set(id, r);
  }
  if (kind === 'minmax') return ranges;

  const percentile = opts.percentile ?? DEFAULT_PERCENTILE;
  if (!(percentile > 50 && percentile <= 100)) throw new RangeError(`percentile must be in (50, 100], got ${percentile}`);
  const histograms = new Map([...ranges].map(([id, r]) => [id, new HistogramObserver(r.min, r.max, opts.bins ?? DEFAULT_BINS)]));
  await each((id, data) => histograms.get(id)?.observe(data));
  for (const [id, h] of histograms) ranges.set(id, kind === 'percentile' ? h.percentileRange(percentile) : h.mseRange());
  return ranges;
}
