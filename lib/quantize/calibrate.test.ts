import { describe, expect, it } from 'vitest';
import { createExecutor, type InputTensor } from '../exec';
import { GraphBuilder } from '../ir/builder';
import { activationTensorIds, collectRanges, HistogramObserver, MinMaxObserver, type CalibrationRunner } from './calibrate';

/** A runner that returns fixed arrays per sample: sample k yields data[k] for tensor 'a'. */
function fakeRunner(data: number[][]): CalibrationRunner<number> {
  return { run: async (k) => ({ captured: { a: { data: data[k] } } }) };
}

describe('observers', () => {
  it('min/max ignores non-finite values and accumulates across samples', async () => {
    const o = new MinMaxObserver();
    o.observe([1, -2, NaN, Infinity]);
    o.observe([5, 0]);
    expect(o.range()).toEqual({ min: -2, max: 5 });
    expect(new MinMaxObserver().range()).toBeNull();
    const r = await collectRanges(fakeRunner([[0, 1], [-3, 2]]), [0, 1], { tensors: ['a', 'missing'] });
    expect(r.get('a')).toEqual({ min: -3, max: 2 });
    expect(r.has('missing')).toBe(false);
  });

  it('percentile: 1000 values 0..999 plus one outlier at 1e6; 99.9% drops the outlier', async () => {
    const values = [...Array.from({ length: 1000 }, (_, i) => i), 1e6];
    const h = new HistogramObserver(0, 1e6, 100000);
    h.observe(values);
    const r = h.percentileRange(99.9);
    expect(r.min).toBe(0);
    // Bins are 10 wide: 0..999 lie in bins 0..99, so the upper bound is bin 99's edge.
    expect(r.max).toBe(1000);
    const viaCollect = await collectRanges(fakeRunner([values]), [0], { tensors: ['a'], observer: 'percentile', percentile: 99.9, bins: 100000 });
    expect(viaCollect.get('a')).toEqual({ min: 0, max: 1000 });
  });

  it('mse: clips the long tails of a Laplace distribution; keeps a lone far outlier (its squared error dominates)', () => {
    // 10⁶ Laplace(0, 1) quantiles: tails reach ±ln(10⁶/2)… ≈ ±13.1; 8-bit MSE-optimal clipping is near ±10.
    const n = 1_000_000;
    const laplace = Array.from({ length: n }, (_, i) => {
      const u = (i + 0.5) / n - 0.5;
      return -Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
    });
    const lo = Math.min(...laplace.slice(0, 10));
    const h = new HistogramObserver(lo, -lo, 2048);
    h.observe(laplace);
    const clipped = h.mseRange();
    expect(clipped.max).toBeLessThan(-lo * 0.9);
    expect(clipped.max).toBeGreaterThan(6);
    expect(clipped.min).toBeCloseTo(-clipped.max, 0);
    expect(h.quantizationError(clipped)).toBeLessThan(h.quantizationError({ min: lo, max: -lo }));

    const uniform = new HistogramObserver(-1, 20, 2048);
    uniform.observe([...Array.from({ length: 10000 }, (_, i) => (i / 10000) * 2 - 1), 20]);
    const kept = uniform.mseRange();
    // Within a few bins (21/2048 wide) of the full range.
    expect(kept.max).toBeGreaterThan(19.5);
    expect(kept.min).toBeLessThan(-0.95);
  });

  it('mse: an all-positive tensor (a sigmoid or pooled output) searches [0, max] and never crosses its bounds', () => {
    // Values in [0.027, 0.034]: the quantized range is widened to include 0, so only the upper bound matters.
    const h = new HistogramObserver(0.027, 0.034, 2048);
    h.observe(Array.from({ length: 1000 }, (_, i) => 0.027 + (i / 999) * 0.007));
    const r = h.mseRange();
    expect(r.min).toBe(0);
    expect(r.max).toBeGreaterThan(0.0335);
    expect(r.max).toBeLessThanOrEqual(0.034);
  });

  it('is deterministic and refuses an empty sample set', async () => {
    const data = [[0.5, -0.25, 3], [1, 2, -7]];
    const a = await collectRanges(fakeRunner(data), [0, 1], { tensors: ['a'], observer: 'mse' });
    const b = await collectRanges(fakeRunner(data), [0, 1], { tensors: ['a'], observer: 'mse' });
    expect([...a]).toEqual([...b]);
    await expect(collectRanges(fakeRunner(data), [], { tensors: ['a'] })).rejects.toThrow(RangeError);
  });
});

describe('collectRanges with lib/exec', () => {
  it('observes every activation of a real executor run: Relu(x·2 + 1)', async () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [1, 4]);
    const m = b.add('Mul', [x, b.addConst('two', [], [2])]);
    const a = b.add('Add', [m, b.addConst('one', [], [1])]);
    const r = b.add('Relu', [a]);
    b.markOutputs(r);
    const model = b.toModel();
    expect(activationTensorIds(model)).toEqual([x, m, a, r]);
    const exec = await createExecutor(model, { backend: 'cpu' });
    try {
      const samples: Record<string, InputTensor>[] = [
        { x: { data: Float32Array.from([-3, 0, 1, 2]), shape: [1, 4] } },
        { x: { data: Float32Array.from([0.5, 4, -1, 0]), shape: [1, 4] } },
      ];
      const ranges = await collectRanges(exec, samples, { tensors: activationTensorIds(model) });
      expect(ranges.get(x)).toEqual({ min: -3, max: 4 });
      expect(ranges.get(m)).toEqual({ min: -6, max: 8 });
      expect(ranges.get(a)).toEqual({ min: -5, max: 9 });
      expect(ranges.get(r)).toEqual({ min: 0, max: 9 });
    } finally {
      exec.dispose();
    }
  });
});
