// Plane geometry for text boxes: convex hull and minimum-area rectangle
// (OpenCV's minAreaRect by rotating calipers), in input-pixel coordinates.

import type { Point } from '../types';

export interface RotatedRect {
  centre: Point;
  /** Unit vector along the rectangle's first side; the second side is its perpendicular. */
  axis: Point;
  /** Half side lengths along `axis` and along its perpendicular. */
  halfU: number;
  halfV: number;
}

const cross = (o: Point, a: Point, b: Point): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/** Andrew's monotone chain; collinear points dropped. Fewer than 3 distinct points come back as they are (deduplicated). */
export function convexHull(points: Point[]): Point[] {
  const p = [...points].sort((a, b) => a.x - b.x || a.y - b.y).filter((q, i, a) => i === 0 || q.x !== a[i - 1].x || q.y !== a[i - 1].y);
  if (p.length < 3) return p;
  const lower: Point[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: Point[] = [];
  for (let i = p.length - 1; i >= 0; i--) {
    const q = p[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop();
    upper.push(q);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** Smallest-area enclosing rectangle of a convex polygon: one of its sides lies along a hull edge. */
export function minAreaRect(hull: Point[]): RotatedRect {
  if (hull.length === 0) throw new Error('minAreaRect: no points');
  if (hull.length === 1) return { centre: hull[0], axis: { x: 1, y: 0 }, halfU: 0, halfV: 0 };
  let best: RotatedRect | undefined;
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i];
    const b = hull[(i + 1) % hull.length];
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len === 0) continue;
    const u = { x: (b.x - a.x) / len, y: (b.y - a.y) / len };
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const q of hull) {
      const pu = q.x * u.x + q.y * u.y;
      const pv = -q.x * u.y + q.y * u.x;
      minU = Math.min(minU, pu);
      maxU = Math.max(maxU, pu);
      minV = Math.min(minV, pv);
      maxV = Math.max(maxV, pv);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea) {
      bestArea = area;
      const cu = (minU + maxU) / 2;
      const cv = (minV + maxV) / 2;
      best = { centre: { x: cu * u.x - cv * u.y, y: cu * u.y + cv * u.x }, axis: u, halfU: (maxU - minU) / 2, halfV: (maxV - minV) / 2 };
    }
  }
  if (!best) throw new Error('minAreaRect: degenerate hull');
  return best;
}

/** The four corners ordered as PaddleOCR's get_mini_boxes orders them: top-left, top-right, bottom-right, bottom-left (clockwise, y down). */
export function rectCorners(r: RotatedRect): [Point, Point, Point, Point] {
  const { centre: c, axis: u, halfU, halfV } = r;
  const v = { x: -u.y, y: u.x };
  const pts = [-1, 1].flatMap((su) => [-1, 1].map((sv) => ({ x: c.x + su * halfU * u.x + sv * halfV * v.x, y: c.y + su * halfU * u.y + sv * halfV * v.y })));
  pts.sort((a, b) => a.x - b.x);
  const [l0, l1, r0, r1] = pts;
  const [tl, bl] = l0.y <= l1.y ? [l0, l1] : [l1, l0];
  const [tr, br] = r0.y <= r1.y ? [r0, r1] : [r1, r0];
  return [tl, tr, br, bl];
}

/** Whether p lies inside (or on) the convex quadrilateral `q` given in either winding. */
export function insideConvexQuad(p: Point, q: readonly Point[]): boolean {
  let sign = 0;
  for (let i = 0; i < q.length; i++) {
    const c = cross(q[i], q[(i + 1) % q.length], p);
    if (c === 0) continue;
    const s = Math.sign(c);
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}
