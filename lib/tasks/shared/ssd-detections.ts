// Single-class SSD detectors of the MediaPipe family (BlazeFace, the palm
// detector) decoded as MediaPipe's graphs decode them: anchors → box and
// keypoints (TensorsToDetectionsCalculator with x/y/w/h scale = input size),
// sigmoid scores clipped at ±100, weighted NMS at IoU 0.3 in input
// coordinates, then the letterbox removed (DetectionLetterboxRemovalCalculator).
// The models differ only in where the values sit in their output tensors
// (BlazeFace: a score tensor and a box tensor; Human's palm detector: both in
// one tensor, score first), so the decoder reads them through column views.

import type { EngineTensor } from '../../engines/types';
import { inputToFrame, type DecodeContext, type Detection, type ScoredPoint, type TaskResult } from '../types';
import { weightedNms } from './nms';
import { clippedSigmoid } from './sigmoid';
import type { Anchor } from './ssd-anchors';

/** score_clipping_thresh and min_suppression_threshold of both MediaPipe graphs. */
const SCORE_CLIP = 100;
const NMS_IOU = 0.3;

/** Values of anchor i start at data[i * stride + offset]. */
export interface AnchorColumns {
  data: ArrayLike<number>;
  stride: number;
  offset: number;
}

export interface AnchorOutputs {
  /** One score logit per anchor. */
  logits: AnchorColumns;
  /** Box centre x, y, width, height, then x, y of each keypoint: input pixels, relative to the anchor centre. */
  regressors: AnchorColumns;
}

export interface SsdDetector {
  label: string;
  /** Keypoint names in the model's output order. */
  keypoints: readonly string[];
}

/** The float data of an output; int64 means the caller found the wrong tensor. */
export function floatData(t: EngineTensor, model: string): ArrayLike<number> {
  if (t.data instanceof BigInt64Array) throw new Error(`output ${t.name} is int64; ${model} outputs are float`);
  return t.data;
}

export function decodeSsdDetections(out: AnchorOutputs, anchors: readonly Anchor[], detector: SsdDetector, ctx: DecodeContext): TaskResult {
  const [w, h] = ctx.feed.size;
  const { logits, regressors } = out;
  const candidates: Detection[] = [];
  anchors.forEach((a, i) => {
    const score = clippedSigmoid(logits.data[i * logits.stride + logits.offset], SCORE_CLIP);
    if (score < ctx.options.scoreThreshold) return;
    const r = (k: number) => regressors.data[i * regressors.stride + regressors.offset + k];
    const cx = a.x + (r(0) / w) * a.w;
    const cy = a.y + (r(1) / h) * a.h;
    const bw = (r(2) / w) * a.w;
    const bh = (r(3) / h) * a.h;
    const keypoints = detector.keypoints.map((name, k): ScoredPoint => ({ name, score, x: a.x + (r(4 + 2 * k) / w) * a.w, y: a.y + (r(5 + 2 * k) / h) * a.h }));
    candidates.push({ label: detector.label, score, box: { x0: cx - bw / 2, y0: cy - bh / 2, x1: cx + bw / 2, y1: cy + bh / 2 }, keypoints });
  });
  const kept = weightedNms(candidates, NMS_IOU, ctx.options.maxResults);
  const toFrame = (x: number, y: number) => inputToFrame({ x, y }, ctx);
  const detections = kept.map((d): Detection => {
    const p0 = toFrame(d.box.x0, d.box.y0);
    const p1 = toFrame(d.box.x1, d.box.y1);
    return { ...d, box: { x0: p0.x, y0: p0.y, x1: p1.x, y1: p1.y }, keypoints: d.keypoints?.map((k) => ({ ...k, ...toFrame(k.x, k.y) })) };
  });
  return { kind: 'detections', detections };
}
