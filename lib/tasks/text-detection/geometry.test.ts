// Hull, minimum-area rectangle, corner order and unclip arithmetic on exact shapes.

import { describe, expect, it } from 'vitest';
import { unclip } from './db';
import { convexHull, insideConvexQuad, minAreaRect, rectCorners } from './geometry';

describe('text box geometry', () => {
  it('convexHull drops interior and collinear points', () => {
    const hull = convexHull([{ x: 0, y: 0 }, { x: 2, y: 0 }, { x: 4, y: 0 }, { x: 4, y: 3 }, { x: 0, y: 3 }, { x: 2, y: 1 }, { x: 0, y: 0 }]);
    expect(hull).toHaveLength(4);
    expect(hull).toContainEqual({ x: 4, y: 3 });
    expect(hull).not.toContainEqual({ x: 2, y: 1 });
  });

  it('minAreaRect recovers a rotated 40 × 10 rectangle from its corners and side points', () => {
    const a = Math.PI / 6;
    const u = { x: Math.cos(a), y: Math.sin(a) };
    const v = { x: -u.y, y: u.x };
    const at = (s: number, t: number) => ({ x: 100 + s * u.x + t * v.x, y: 50 + s * u.y + t * v.y });
    const pts = [at(-20, -5), at(20, -5), at(20, 5), at(-20, 5), at(0, 5), at(7, -5), at(3, 1)];
    const r = minAreaRect(convexHull(pts));
    expect(r.centre.x).toBeCloseTo(100, 9);
    expect(r.centre.y).toBeCloseTo(50, 9);
    expect([2 * r.halfU, 2 * r.halfV].sort((p, q) => p - q)).toEqual([expect.closeTo(10, 9), expect.closeTo(40, 9)]);
  });

  it('rectCorners orders top-left, top-right, bottom-right, bottom-left', () => {
    const c = rectCorners({ centre: { x: 10, y: 5 }, axis: { x: 1, y: 0 }, halfU: 4, halfV: 2 });
    expect(c).toEqual([{ x: 6, y: 3 }, { x: 14, y: 3 }, { x: 14, y: 7 }, { x: 6, y: 7 }]);
    expect(insideConvexQuad({ x: 10, y: 5 }, c)).toBe(true);
    expect(insideConvexQuad({ x: 14, y: 7 }, c)).toBe(true);
    expect(insideConvexQuad({ x: 15, y: 5 }, c)).toBe(false);
  });

  it('unclip grows every side by area × ratio / perimeter', () => {
    // 100 × 10: offset 1000 × 1.5 / 220 = 6.818…
    const r = unclip({ centre: { x: 0, y: 0 }, axis: { x: 1, y: 0 }, halfU: 50, halfV: 5 }, 1.5);
    expect(r.halfU - 50).toBeCloseTo(1500 / 220, 9);
    expect(r.halfV - 5).toBeCloseTo(1500 / 220, 9);
  });
});
