// MoveNet SinglePose (Lightning and Thunder): the graph already decodes its
// heat maps, so the output is one row per COCO keypoint, [1, 1, 17, 3] of
// (y, x, score) normalised to the (letterboxed) input. Decoding only maps
// the points back to the frame and names them.

import type { EngineTensor } from '../../engines/types';
import { inputToFrame, type DecodeContext, type ScoredPoint, type TaskResult } from '../types';

/** COCO keypoint order of MoveNet's output rows; left/right are the person's own. */
export const COCO_KEYPOINTS = [
  'nose', 'left eye', 'right eye', 'left ear', 'right ear',
  'left shoulder', 'right shoulder', 'left elbow', 'right elbow', 'left wrist', 'right wrist',
  'left hip', 'right hip', 'left knee', 'right knee', 'left ankle', 'right ankle',
] as const;

/** The skeleton MoveNet's model card draws (KEYPOINT_EDGE_INDS_TO_COLOR). */
export const COCO_SKELETON: [number, number][] = [
  [0, 1], [0, 2], [1, 3], [2, 4], [0, 5], [0, 6],
  [5, 7], [7, 9], [6, 8], [8, 10], [5, 6],
  [5, 11], [6, 12], [11, 12], [11, 13], [13, 15], [12, 14], [14, 16],
];

const ROW = 3;

function keypointTensor(outputs: EngineTensor[]): EngineTensor {
  const n = COCO_KEYPOINTS.length;
  const t = outputs.find((o) => o.shape.length >= 2 && o.shape[o.shape.length - 1] === ROW && o.shape[o.shape.length - 2] === n && o.data.length === n * ROW);
  if (!t) throw new Error(`MoveNet: expected an output of shape [1, 1, ${n}, ${ROW}], got ${outputs.map((o) => `[${o.shape.join(', ')}]`).join(', ') || 'none'}`);
  return t;
}

/**
 * One skeleton whose score is the mean keypoint confidence. It is dropped when
 * that mean is below the score threshold (MoveNet always returns 17 points,
 * even with nobody in view, so only the confidence says whether a person is
 * there); points keep their own scores for the overlay to hide weak ones.
 */
export function decodeMoveNet(outputs: EngineTensor[], ctx: DecodeContext): TaskResult {
  const data = keypointTensor(outputs).data;
  const points: ScoredPoint[] = COCO_KEYPOINTS.map((name, i) => {
    const y = Number(data[i * ROW]);
    const x = Number(data[i * ROW + 1]);
    return { ...inputToFrame({ x, y }, ctx), score: Number(data[i * ROW + 2]), name };
  });
  const score = points.reduce((s, p) => s + p.score, 0) / points.length;
  const instances = score >= ctx.options.scoreThreshold && ctx.options.maxResults > 0 ? [{ points, score }] : [];
  return { kind: 'keypoints', instances, edges: COCO_SKELETON };
}
