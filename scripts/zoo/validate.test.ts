import { describe, expect, it } from 'vitest';
import { int8Sqnr, taskMetric } from './validate';

const t = (values: number[]) => ({ data: Float32Array.from(values), shape: [values.length] });

describe('int8 gates over the validation set', () => {
  // Sample 1 carries the signal; sample 2's reference is ~0 (no text / no person), so any error swamps it.
  const fp32 = [[t([1, 0.9, 0.8, 0, 0, 0])], [t([0.001, 0, 0, 0, 0, 0])]];
  const int8 = [[t([0.98, 0.92, 0.8, 0.01, 0, 0])], [t([0.011, 0, 0, 0, 0, 0])]];

  it('gates SQNR on signal and noise energy summed over every sample and still reports the worst sample', () => {
    const [r] = int8Sqnr(['p'], fp32, int8, { minSqnrDb: { p: 25 }, maxAbsDiff: {} });
    // Pooled: signal 1 + 0.81 + 0.64 + 1e-6 = 2.450001, noise 4e-4 + 4e-4 + 1e-4 + 1e-4 = 1e-3 → 33.9 dB.
    expect(r.pooledDb).toBeCloseTo(10 * Math.log10(2.450001 / 1e-3), 3);
    // Sample 2 alone: 1e-6 / 1e-4 → −20 dB.
    expect(r.minDb).toBeCloseTo(-20, 3);
    expect(r.ok).toBe(true);
    expect(int8Sqnr(['p'], fp32, int8, { minSqnrDb: { p: 34 }, maxAbsDiff: {} })[0].ok).toBe(false);
  });

  it('gates a score by its largest absolute difference instead, and reports it for every output', () => {
    const [r] = int8Sqnr(['p'], fp32, int8, { minSqnrDb: {}, maxAbsDiff: { p: 0.021 } });
    // Largest |int8 − fp32|: 0.02 (1 → 0.98) and 0.01 elsewhere.
    expect(r.maxAbsDiff).toBeCloseTo(0.02, 6);
    expect(r.maxAbsDiffThreshold).toBe(0.021);
    expect(r.thresholdDb).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(int8Sqnr(['p'], fp32, int8, { minSqnrDb: {}, maxAbsDiff: { p: 0.019 } })[0].ok).toBe(false);
  });

  it('refuses an output without a gate, and a gate on an output that does not exist', () => {
    expect(() => int8Sqnr(['p', 'q'], [[t([1]), t([1])]], [[t([1]), t([1])]], { minSqnrDb: { p: 20 }, maxAbsDiff: {} })).toThrow(/output q has no floor: set validation\.int8\.minSqnrDb or maxAbsDiff/);
    expect(() => int8Sqnr(['p'], fp32, int8, { minSqnrDb: { p: 20 }, maxAbsDiff: { x: 0.1 } })).toThrow(/maxAbsDiff names x, which is not an output \(p\)/);
  });

  it('pools mask IoU (total intersection over total union) and reports the worst sample', () => {
    const m = taskMetric({ kind: 'mask-iou', output: 'p', threshold: 0.5, minIoU: 0.8 }, ['p'], [[t([1, 1, 1, 1, 0])], [t([0, 0, 0, 0, 0.6])]], [[t([1, 1, 1, 1, 0])], [t([0, 0, 0, 0, 0.4])]]);
    // Union 5 (four pixels in sample 1, one in sample 2), intersection 4.
    expect(m.value).toBeCloseTo(0.8, 9);
    expect(m.detail?.worstSampleIoU).toBe(0);
    expect(m.ok).toBe(true);
  });
});
