// Non-maximum suppression over decoded detections (normalised frame boxes).
// `nms` is the usual hard suppression; `weightedNms` is MediaPipe's
// "WEIGHTED" overlap mode (used by BlazeFace/BlazePose/palm detectors): each
// kept detection's box and keypoints are the score-weighted mean of the
// overlapping candidates, which steadies the box from frame to frame.

import type { Box, Detection, ScoredPoint } from '../types';

function area(b: Box): number {
  return Math.max(0, b.x1 - b.x0) * Math.max(0, b.y1 - b.y0);
}

/** Intersection over union of two boxes; 0 when either is empty. */
export function iou(a: Box, b: Box): number {
  const inter = area({ x0: Math.max(a.x0, b.x0), y0: Math.max(a.y0, b.y0), x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1) });
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

const byScore = (dets: Detection[]): Detection[] => [...dets].sort((a, b) => b.score - a.score);

/** Hard NMS: keeps the best-scoring box and drops any later one overlapping a kept box by more than `iouThreshold`. */
export function nms(dets: Detection[], iouThreshold: number, maxResults: number): Detection[] {
  const kept: Detection[] = [];
  for (const d of byScore(dets)) {
    if (kept.length >= maxResults) break;
    if (kept.every((k) => k.label !== d.label || iou(k.box, d.box) <= iouThreshold)) kept.push(d);
  }
  return kept;
}

/**
 * Weighted NMS (MediaPipe NonMaxSuppressionCalculator, OverlapType WEIGHTED):
 * take the best remaining candidate, gather every remaining candidate that
 * overlaps it by more than `iouThreshold` (itself included), and emit one
 * detection whose box and keypoints are their score-weighted average, with the
 * best candidate's score and label. Candidates are compared regardless of label
 * (the single-class detectors that use this have one).
 */
export function weightedNms(dets: Detection[], iouThreshold: number, maxResults: number): Detection[] {
  let remaining = byScore(dets);
  const out: Detection[] = [];
  while (remaining.length > 0 && out.length < maxResults) {
    const best = remaining[0];
    const cluster: Detection[] = [];
    const rest: Detection[] = [];
    for (const d of remaining) (iou(best.box, d.box) > iouThreshold || d === best ? cluster : rest).push(d);
    remaining = rest;
    out.push(weightedMean(best, cluster));
  }
  return out;
}

function weightedMean(best: Detection, cluster: Detection[]): Detection {
  const total = cluster.reduce((s, d) => s + d.score, 0);
  const mean = (get: (d: Detection) => number): number => cluster.reduce((s, d) => s + get(d) * d.score, 0) / total;
  const box: Box = { x0: mean((d) => d.box.x0), y0: mean((d) => d.box.y0), x1: mean((d) => d.box.x1), y1: mean((d) => d.box.y1) };
  const result: Detection = { ...best, box };
  if (best.keypoints) {
    const kps = best.keypoints;
    // Only candidates carrying the same keypoint set contribute to the keypoint average.
    const withKps = cluster.filter((d) => d.keypoints?.length === kps.length);
    const kTotal = withKps.reduce((s, d) => s + d.score, 0);
    result.keypoints = kps.map((k, i): ScoredPoint => {
      const at = (d: Detection): ScoredPoint => (d.keypoints as ScoredPoint[])[i];
      return {
        ...k,
        x: withKps.reduce((s, d) => s + at(d).x * d.score, 0) / kTotal,
        y: withKps.reduce((s, d) => s + at(d).y * d.score, 0) / kTotal,
      };
    });
  }
  return result;
}
