import { describe, expect, it } from 'vitest';
import { boxIoU, cosineSimilarity, matchDetections, maskIoU, meanKeypointDistance, sqnr, top1Agreement } from './metrics';

describe('metrics (hand-computed values)', () => {
  it('sqnr: signal 1+4+9+16 = 30, noise 0.01·4 = 0.04 → 10·log10(750) = 28.75 dB', () => {
    expect(sqnr([1, 2, 3, 4], [1.1, 1.9, 3.1, 3.9])).toBeCloseTo(10 * Math.log10(750), 9);
    expect(sqnr([1, 2], [1, 2])).toBe(Infinity);
    expect(() => sqnr([1], [1, 2])).toThrow(RangeError);
  });

  it('cosine similarity', () => {
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 1], [1, 0])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosineSimilarity([0, 0], [0, 0])).toBe(1);
  });

  it('mask IoU at a threshold: {0,1,2} ∩ {1,2,3} = 2 of 4', () => {
    expect(maskIoU([0.9, 0.8, 0.7, 0.1], [0.2, 0.6, 0.9, 0.8], 0.5)).toBe(0.5);
    // At 0.65: {0,1,2} vs {2,3} → 1 of 4.
    expect(maskIoU([0.9, 0.8, 0.7, 0.1], [0.2, 0.6, 0.9, 0.8], 0.65)).toBe(0.25);
    expect(maskIoU([0, 0], [0, 0])).toBe(1);
  });

  it('box IoU: unit overlap of two 2×2 boxes = 1/7', () => {
    expect(boxIoU([0, 0, 2, 2], [1, 1, 3, 3])).toBeCloseTo(1 / 7, 12);
    expect(boxIoU([0, 0, 1, 1], [2, 2, 3, 3])).toBe(0);
    expect(boxIoU([0, 0, 2, 2], [0, 0, 2, 2])).toBe(1);
  });

  it('greedy detection matching by IoU ≥ 0.5, best first, one-to-one', () => {
    const ref = [{ box: [0, 0, 10, 10] as const }, { box: [20, 20, 30, 30] as const }, { box: [50, 50, 60, 60] as const }];
    // test 0 overlaps ref 0 with IoU 81/100; test 1 overlaps ref 0 (IoU 0.9·10 / … ) less; test 2 matches ref 1 exactly.
    const test = [{ box: [1, 1, 10, 10] as const }, { box: [0, 0, 10, 9] as const }, { box: [20, 20, 30, 30] as const }];
    const m = matchDetections(ref, test, 0.5);
    expect(m.pairs).toEqual([[1, 2], [0, 1]]);
    expect(m.ious[0]).toBe(1);
    expect(m.ious[1]).toBeCloseTo(0.9, 12);
    expect(m.unmatchedReference).toEqual([2]);
    expect(m.unmatchedTest).toEqual([0]);
    expect(m.agreement).toBeCloseTo(2 / 3, 12);
    // Labels must agree when both are given.
    expect(matchDetections([{ box: [0, 0, 1, 1], label: 1 }], [{ box: [0, 0, 1, 1], label: 2 }]).pairs).toEqual([]);
  });

  it('mean keypoint distance: 3-4-5 triangle and an exact match → 2.5', () => {
    expect(meanKeypointDistance([0, 0, 5, 5], [3, 4, 5, 5])).toBe(2.5);
    expect(meanKeypointDistance([0, 0, 0], [1, 2, 2], 3)).toBe(3);
    expect(() => meanKeypointDistance([1, 2, 3], [1, 2, 3], 2)).toThrow(RangeError);
  });

  it('top-1 agreement over rows', () => {
    expect(top1Agreement([0.1, 0.9, 0.8, 0.2], [0.2, 0.7, 0.3, 0.6], 2)).toBe(0.5);
    expect(top1Agreement([1, 3, 2], [0, 5, 1])).toBe(1);
  });
});
