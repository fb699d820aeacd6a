import { describe, expect, it } from 'vitest';
import { floorMs, gmacPerSecond, median, percentile, wantsAnotherRun } from './stats';

describe('bench statistics', () => {
  it('median of odd and even counts, order-independent', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('p90 is the nearest-rank percentile', () => {
    const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(percentile(ten, 90)).toBe(9);
    expect(percentile(ten, 100)).toBe(10);
    expect(percentile(Array.from({ length: 20 }, (_, i) => i + 1), 90)).toBe(18);
    // With few runs p90 is the slowest run.
    expect(percentile([3, 1, 2], 90)).toBe(3);
    expect(() => percentile([1], 0)).toThrow(/percentile must be in \(0, 100\]/);
    expect(() => median([1, NaN])).toThrow(/finite/);
  });

  it('the run rule: at least minRuns, at most maxRuns, else stop before the budget is overrun', () => {
    const policy = { warmup: 1, maxRuns: 5, minRuns: 2, budgetMs: 100 };
    expect(wantsAnotherRun(policy, [])).toBe(true);
    expect(wantsAnotherRun(policy, [500])).toBe(true); // under minRuns, whatever the budget
    expect(wantsAnotherRun(policy, [500, 500])).toBe(false);
    expect(wantsAnotherRun(policy, [30, 30])).toBe(true); // 60 spent + 30 expected ≤ 100
    expect(wantsAnotherRun(policy, [30, 30, 30])).toBe(false); // 90 + 30 > 100
    expect(wantsAnotherRun(policy, [1, 1, 1, 1, 1])).toBe(false); // maxRuns
  });

  it('GMAC/s and compute floors', () => {
    // 1024³ MACs in 100 ms is 10.7 GMAC/s; a 2.3 G MAC graph needs ≥ 214 ms at that rate.
    const g = gmacPerSecond(1024 ** 3, 100);
    expect(g).toBeCloseTo(10.737, 3);
    expect(floorMs(2.3e9, g)).toBeCloseTo(214.2, 1);
    expect(floorMs(null, g)).toBeUndefined();
    expect(floorMs(1e6, undefined)).toBeUndefined();
  });
});
