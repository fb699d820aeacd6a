import { describe, expect, it } from 'vitest';
import type { Box, Detection } from '../types';
import { iou, nms, weightedNms } from './nms';
import { clippedSigmoid, sigmoid } from './sigmoid';

const det = (x0: number, y0: number, x1: number, y1: number, score: number, label = 'face'): Detection => ({
  box: { x0, y0, x1, y1 },
  score,
  label,
  keypoints: [{ x: (x0 + x1) / 2, y: (y0 + y1) / 2, score, name: 'centre' }],
});

describe('sigmoid', () => {
  it('maps logits to probabilities and clips huge logits', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(Math.log(3))).toBeCloseTo(0.75, 12);
    expect(clippedSigmoid(1e6, 100)).toBe(sigmoid(100));
    expect(clippedSigmoid(-1e6, 100)).toBe(sigmoid(-100));
    expect(clippedSigmoid(-1e6, 100)).toBeGreaterThan(0);
  });
});

describe('iou', () => {
  const a: Box = { x0: 0, y0: 0, x1: 2, y1: 1 };
  it('is 1 for identical boxes, 0 for disjoint or empty ones, and area-exact otherwise', () => {
    expect(iou(a, a)).toBe(1);
    expect(iou(a, { x0: 3, y0: 0, x1: 4, y1: 1 })).toBe(0);
    expect(iou(a, { x0: 1, y0: 1, x1: 1, y1: 1 })).toBe(0);
    // Overlap 1 × 1, union 2 + 2 − 1.
    expect(iou(a, { x0: 1, y0: 0, x1: 3, y1: 1 })).toBeCloseTo(1 / 3, 12);
  });
});

describe('nms (hard)', () => {
  const dets = [det(0, 0, 1, 1, 0.6), det(0.05, 0, 1.05, 1, 0.9), det(2, 2, 3, 3, 0.7)];
  it('keeps the best of each overlapping group, best first', () => {
    const kept = nms(dets, 0.3, 10);
    expect(kept.map((d) => d.score)).toEqual([0.9, 0.7]);
    expect(kept[0].box).toEqual(dets[1].box);
  });
  it('honours maxResults and keeps overlapping boxes of different labels', () => {
    expect(nms(dets, 0.3, 1).map((d) => d.score)).toEqual([0.9]);
    expect(nms([det(0, 0, 1, 1, 0.9, 'cat'), det(0, 0, 1, 1, 0.8, 'dog')], 0.3, 10)).toHaveLength(2);
  });
  it('keeps boxes that overlap no more than the threshold', () => {
    // IoU of these two is exactly 1/3.
    expect(nms([det(0, 0, 2, 1, 0.9), det(1, 0, 3, 1, 0.8)], 1 / 3, 10)).toHaveLength(2);
    expect(nms([det(0, 0, 2, 1, 0.9), det(1, 0, 3, 1, 0.8)], 0.3, 10)).toHaveLength(1);
  });
});

describe('weightedNms (MediaPipe WEIGHTED)', () => {
  it('averages an overlapping cluster by score, keeping the best score and label', () => {
    const [merged, other] = weightedNms([det(0, 0, 1, 1, 0.25), det(0.2, 0, 1.2, 1, 0.75), det(5, 5, 6, 6, 0.5)], 0.3, 10);
    // x0 = (0 × 0.25 + 0.2 × 0.75) / 1.0
    expect(merged.score).toBe(0.75);
    expect(merged.box.x0).toBeCloseTo(0.15, 12);
    expect(merged.box.x1).toBeCloseTo(1.15, 12);
    expect(merged.box.y1).toBeCloseTo(1, 12);
    expect(merged.keypoints?.[0].x).toBeCloseTo(0.65, 12);
    expect(merged.keypoints?.[0].name).toBe('centre');
    expect(other.box).toEqual({ x0: 5, y0: 5, x1: 6, y1: 6 });
  });
  it('leaves a lone detection unchanged and honours maxResults', () => {
    const lone = det(0, 0, 1, 1, 0.9);
    expect(weightedNms([lone], 0.3, 5)).toEqual([lone]);
    expect(weightedNms([det(0, 0, 1, 1, 0.9), det(3, 3, 4, 4, 0.8)], 0.3, 1)).toHaveLength(1);
    expect(weightedNms([], 0.3, 5)).toEqual([]);
  });
});
