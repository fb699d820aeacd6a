// PaddleOCR's DBPostProcess for the PP-OCRv4 detector's [1, 1, H, W] text
// probability map: binarise at 0.3, one candidate per 8-connected component
// (OpenCV's contours in PaddleOCR), its minimum-area (rotated) rectangle,
// scored by the mean probability inside that rectangle (box_score_fast),
// expanded ("unclipped") by area × 1.5 / perimeter on every side to undo the
// shrinking the training labels had, and mapped back to the frame. For a
// rectangle, PaddleOCR's pyclipper offset followed by minAreaRect gives the
// same rectangle grown by that offset, which is what is computed here.

import type { EngineTensor } from '../../engines/types';
import { inputToFrame, type DecodeContext, type Detection, type Point, type TaskResult } from '../types';
import { convexHull, insideConvexQuad, minAreaRect, rectCorners, type RotatedRect } from './geometry';

/** PaddleOCR's DBPostProcess defaults for PP-OCRv4 (det_db_thresh, det_db_unclip_ratio, min_size, max_candidates). */
export const DB_BINARY_THRESHOLD = 0.3;
export const DB_UNCLIP_RATIO = 1.5;
export const DB_MIN_SIZE = 3;
export const DB_MAX_CANDIDATES = 1000;

interface ProbabilityMap {
  width: number;
  height: number;
  data: EngineTensor['data'];
}

function probabilityMap(outputs: EngineTensor[], ctx: DecodeContext): ProbabilityMap {
  const [width, height] = ctx.feed.size;
  // [1, 1, H, W] (NCHW, the ONNX file), [1, H, W, 1] or [1, H, W]: the same row-major data.
  const t = outputs.find((o) => o.data.length === width * height && o.shape.filter((d) => d !== 1).join() === `${height},${width}`);
  if (!t) throw new Error(`DB text detector: expected a ${height}×${width} probability map, got ${outputs.map((o) => `[${o.shape.join(', ')}]`).join(', ') || 'none'}`);
  return { width, height, data: t.data };
}

/** Per 8-connected component of pixels above the threshold: the leftmost and rightmost pixel of each row, which span its convex hull. */
function componentOutlines(map: ProbabilityMap, threshold: number): { points: Point[]; pixels: number }[] {
  const { width, height, data } = map;
  const label = new Int32Array(width * height).fill(-1);
  const stack: number[] = [];
  const components: { points: Point[]; pixels: number }[] = [];
  for (let start = 0; start < width * height; start++) {
    if (label[start] >= 0 || !(Number(data[start]) > threshold)) continue;
    const id = components.length;
    const rowMin = new Map<number, number>();
    const rowMax = new Map<number, number>();
    let pixels = 0;
    label[start] = id;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop() as number;
      const x = p % width;
      const y = (p - x) / width;
      pixels++;
      rowMin.set(y, Math.min(rowMin.get(y) ?? x, x));
      rowMax.set(y, Math.max(rowMax.get(y) ?? x, x));
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (label[q] < 0 && Number(data[q]) > threshold) {
            label[q] = id;
            stack.push(q);
          }
        }
      }
    }
    // Pixel centres, as OpenCV's contour points are (pixel (x, y) covers [x, x+1) × [y, y+1)).
    const points: Point[] = [];
    for (const [y, x0] of rowMin) points.push({ x: x0 + 0.5, y: y + 0.5 }, { x: (rowMax.get(y) as number) + 0.5, y: y + 0.5 });
    components.push({ points, pixels });
  }
  return components;
}

/** Mean probability over the pixels whose centres lie inside the rectangle (PaddleOCR's box_score_fast). */
function meanInside(map: ProbabilityMap, corners: Point[]): number {
  const xs = corners.map((c) => c.x);
  const ys = corners.map((c) => c.y);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const x1 = Math.min(map.width - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(map.height - 1, Math.ceil(Math.max(...ys)));
  let sum = 0;
  let n = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!insideConvexQuad({ x: x + 0.5, y: y + 0.5 }, corners)) continue;
      sum += Number(map.data[y * map.width + x]);
      n++;
    }
  }
  return n > 0 ? sum / n : 0;
}

/** Grows a rectangle by PaddleOCR's unclip distance: area × ratio / perimeter on every side. */
export function unclip(r: RotatedRect, ratio: number): RotatedRect {
  const w = 2 * r.halfU;
  const h = 2 * r.halfV;
  const d = (w * h * ratio) / (2 * (w + h));
  return { ...r, halfU: r.halfU + d, halfV: r.halfV + d };
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** Reading order: top to bottom, and left to right within a line (tops closer than half the upper box's height). */
function readingOrder(a: Detection, b: Detection): number {
  const sameLine = Math.abs(a.box.y0 - b.box.y0) < (Math.min(a.box.y1 - a.box.y0, b.box.y1 - b.box.y0)) / 2;
  return sameLine ? a.box.x0 - b.box.x0 : a.box.y0 - b.box.y0;
}

export function decodeDbText(outputs: EngineTensor[], ctx: DecodeContext): TaskResult {
  const map = probabilityMap(outputs, ctx);
  const components = componentOutlines(map, DB_BINARY_THRESHOLD)
    .sort((a, b) => b.pixels - a.pixels)
    .slice(0, DB_MAX_CANDIDATES);
  const found: Detection[] = [];
  for (const c of components) {
    const rect = minAreaRect(convexHull(c.points));
    if (2 * Math.min(rect.halfU, rect.halfV) < DB_MIN_SIZE) continue;
    const score = meanInside(map, rectCorners(rect));
    if (!(score >= ctx.options.scoreThreshold)) continue;
    const grown = unclip(rect, DB_UNCLIP_RATIO);
    if (2 * Math.min(grown.halfU, grown.halfV) < DB_MIN_SIZE + 2) continue;
    const quad = rectCorners(grown).map((p) => {
      const f = inputToFrame({ x: p.x / map.width, y: p.y / map.height }, ctx);
      return { x: clamp01(f.x), y: clamp01(f.y) };
    }) as [Point, Point, Point, Point];
    const xs = quad.map((p) => p.x);
    const ys = quad.map((p) => p.y);
    const box = { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
    // Boxes that fall wholly in letterbox bars vanish when clipped to the frame.
    if (box.x1 > box.x0 && box.y1 > box.y0) found.push({ box, score, label: 'text', quad });
  }
  const kept = found.sort((a, b) => b.score - a.score).slice(0, Math.max(0, ctx.options.maxResults));
  return { kind: 'detections', detections: kept.sort(readingOrder) };
}
