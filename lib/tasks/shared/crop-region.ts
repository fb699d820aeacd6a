// Crops cut from a detector's detections (a recipe's cropFrom) and the way
// back: a model that sees one face, hand or text line at a time runs on a
// rotated rectangle of the frame, and its result is placed onto the frame.
// The rectangle follows MediaPipe's RectTransformationCalculator: size from
// the detection, optional square, scale, shift along the rotated axes.

import type { CropFrom } from '../../catalogue/recipe-schema';
import type { Box, Detection, Point, ScoredPoint, TaskResult } from '../types';

/** A rotated rectangle in frame pixels. */
export interface CropRegion {
  /** Centre, px. */
  cx: number;
  cy: number;
  /** Sides, px, along the rectangle's own axes. */
  width: number;
  height: number;
  /** The rectangle's x axis in the frame is (cos θ, sin θ), y pointing down (radians, clockwise on screen). */
  angle: number;
}

export interface FrameSize {
  width: number;
  height: number;
}

const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** The points a rotation spec indexes: the detection's keypoints, or its quadrilateral's corners. */
function rotationPoints(d: Detection): Point[] {
  return d.quad ?? d.keypoints ?? [];
}

/** The crop a detection gives (normalised detection → frame pixels). */
export function cropRegionOf(d: Detection, frame: FrameSize, spec: Pick<CropFrom, 'square' | 'scale' | 'shift' | 'rotation'>): CropRegion {
  const px = (p: Point): Point => ({ x: p.x * frame.width, y: p.y * frame.height });
  let angle = 0;
  if (spec.rotation) {
    const pts = rotationPoints(d);
    const a = pts[spec.rotation.from];
    const b = pts[spec.rotation.to];
    if (!a || !b) throw new Error(`the detection has no point ${pts.length <= spec.rotation.from ? spec.rotation.from : spec.rotation.to} to turn the crop by (it has ${pts.length})`);
    const [pa, pb] = [px(a), px(b)];
    // The line's angle in the image (y down), turned so it points at `degrees` on screen in the crop.
    angle = Math.atan2(pb.y - pa.y, pb.x - pa.x) + (spec.rotation.degrees * Math.PI) / 180;
  }
  let width: number;
  let height: number;
  let centre: Point;
  if (d.quad) {
    const q = d.quad.map(px);
    width = (dist(q[0], q[1]) + dist(q[3], q[2])) / 2;
    height = (dist(q[0], q[3]) + dist(q[1], q[2])) / 2;
    centre = { x: (q[0].x + q[1].x + q[2].x + q[3].x) / 4, y: (q[0].y + q[1].y + q[2].y + q[3].y) / 4 };
  } else {
    width = (d.box.x1 - d.box.x0) * frame.width;
    height = (d.box.y1 - d.box.y0) * frame.height;
    centre = { x: ((d.box.x0 + d.box.x1) / 2) * frame.width, y: ((d.box.y0 + d.box.y1) / 2) * frame.height };
  }
  const [sx, sy] = spec.shift;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = centre.x + sx * width * cos - sy * height * sin;
  const cy = centre.y + sx * width * sin + sy * height * cos;
  if (spec.square === 'long') width = height = Math.max(width, height);
  return { cx, cy, width: width * spec.scale, height: height * spec.scale, angle };
}

/** A point normalised to the crop ((0, 0) its top-left corner along its own axes) → normalised to the frame. */
export function cropPointToFrame(p: Point, r: CropRegion, frame: FrameSize): Point {
  const u = (p.x - 0.5) * r.width;
  const v = (p.y - 0.5) * r.height;
  const cos = Math.cos(r.angle);
  const sin = Math.sin(r.angle);
  return { x: (r.cx + u * cos - v * sin) / frame.width, y: (r.cy + u * sin + v * cos) / frame.height };
}

/**
 * The canvas transform (a, b, c, d, e, f of setTransform) that draws the frame
 * so the crop lands on `dest` (pixels of the model's input canvas): frame
 * point → crop point → dest.
 */
export function cropTransform(r: CropRegion, dest: { x: number; y: number; width: number; height: number }): [number, number, number, number, number, number] {
  const kx = dest.width / r.width;
  const ky = dest.height / r.height;
  const cos = Math.cos(r.angle);
  const sin = Math.sin(r.angle);
  // crop x = (f − c)·(cos, sin) + W/2, crop y = (f − c)·(−sin, cos) + H/2, then scaled into dest.
  return [
    kx * cos,
    -ky * sin,
    kx * sin,
    ky * cos,
    dest.x + kx * (r.width / 2 - cos * r.cx - sin * r.cy),
    dest.y + ky * (r.height / 2 + sin * r.cx - cos * r.cy),
  ];
}

function boundingBox(points: readonly Point[]): Box {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/** The part of a crop between two fractions of its width, as a crop of its own. */
export function subRegion(r: CropRegion, from: number, to: number): CropRegion {
  const mid = ((from + to) / 2 - 0.5) * r.width;
  return { ...r, cx: r.cx + mid * Math.cos(r.angle), cy: r.cy + mid * Math.sin(r.angle), width: (to - from) * r.width };
}

/** The crop's corners in normalised frame coordinates, clockwise from its top-left. */
export function cropCorners(r: CropRegion, frame: FrameSize): [Point, Point, Point, Point] {
  return [
    cropPointToFrame({ x: 0, y: 0 }, r, frame),
    cropPointToFrame({ x: 1, y: 0 }, r, frame),
    cropPointToFrame({ x: 1, y: 1 }, r, frame),
    cropPointToFrame({ x: 0, y: 1 }, r, frame),
  ];
}

/** One crop's result, placed on the frame. */
export interface PlacedCrop {
  /** The detection the crop was cut from. */
  detection: Detection;
  region: CropRegion;
  /** The crop model's result, decoded in the crop's normalised coordinates. */
  result: TaskResult;
}

/**
 * Every crop's result on the frame, as one result: landmarks stay landmarks
 * (moved onto the frame); a class or a text per crop becomes a labelled
 * detection at the detector's box (a class list or a recognised text each).
 * `kind` is what the crop model's decoder returns (no crops: an empty result).
 */
export function placeCropResults(crops: readonly PlacedCrop[], frame: FrameSize, kind: TaskResult['kind']): TaskResult {
  const other = crops.find((c) => c.result.kind !== kind);
  if (other) throw new Error(`a crop decoded to ${other.result.kind}, not ${kind}`);
  if (kind === 'keypoints') {
    if (!crops.length) return { kind: 'keypoints', instances: [], edges: [] };
    const first = crops[0].result;
    const edges = first.kind === 'keypoints' ? first.edges : [];
    const instances = crops.flatMap((c) => {
      if (c.result.kind !== 'keypoints') return [];
      return c.result.instances.map((inst) => ({
        ...inst,
        points: inst.points.map((p): ScoredPoint => ({ ...p, ...cropPointToFrame(p, c.region, frame) })),
      }));
    });
    return { kind: 'keypoints', instances, edges };
  }
  if (kind === 'classes' || kind === 'text') {
    const detections = crops.flatMap((c): Detection[] => {
      const { box, quad } = c.detection;
      if (c.result.kind === 'classes') {
        // No class above the threshold: the box stays, labelled by what the detector found.
        const top = c.result.classes[0] ?? { label: c.detection.label, score: c.detection.score };
        return [{ box, score: top.score, label: top.label, classes: c.result.classes }];
      }
      if (c.result.kind !== 'text') return [];
      return [{ box: quad ? boundingBox(quad) : box, ...(quad ? { quad } : {}), score: c.result.score, label: 'text', text: c.result.text }];
    });
    // Text reads top to bottom, then left to right.
    if (kind === 'text') detections.sort((a, b) => a.box.y0 - b.box.y0 || a.box.x0 - b.box.x0);
    return { kind: 'detections', detections };
  }
  throw new Error(`a ${kind} result cannot be placed back from crops`);
}
