// BlazeFace post-processing as MediaPipe's face_detection graphs do it:
// anchors → boxes and six keypoints (TensorsToDetectionsCalculator), sigmoid
// scores clipped at ±100, weighted NMS at IoU 0.3 in input coordinates, then
// the letterbox removed (DetectionLetterboxRemovalCalculator).

import type { EngineTensor } from '../../engines/types';
import { weightedNms } from '../shared/nms';
import { clippedSigmoid } from '../shared/sigmoid';
import { inputToFrame, type DecodeContext, type Detection, type ScoredPoint, type TaskDecoder, type TaskResult } from '../types';
import { ssdAnchors, type Anchor, type SsdAnchorOptions } from './anchors';

/** MediaPipe FaceKeyPoint order; "right" is the subject's right (the left one in an unmirrored photo). */
export const FACE_KEYPOINTS = ['right eye', 'left eye', 'nose tip', 'mouth centre', 'right ear tragion', 'left ear tragion'] as const;

const VALUES_PER_ANCHOR = 4 + 2 * FACE_KEYPOINTS.length;
const SCORE_CLIP = 100;
const NMS_IOU = 0.3;

export type BlazeFaceAnchors = Pick<SsdAnchorOptions, 'inputWidth' | 'inputHeight' | 'strides' | 'interpolatedScaleAspectRatio'>;

/** The per-model settings MediaPipe's face_detection_*_range graphs pass to SsdAnchorsCalculator. */
export function blazeFaceAnchors(a: BlazeFaceAnchors): Anchor[] {
  return ssdAnchors({ ...a, minScale: 0.1484375, maxScale: 0.75, aspectRatios: [1], anchorOffsetX: 0.5, anchorOffsetY: 0.5, fixedAnchorSize: true });
}

function floats(t: EngineTensor): ArrayLike<number> {
  if (t.data instanceof BigInt64Array) throw new Error(`output ${t.name} is int64; BlazeFace outputs are float`);
  return t.data;
}

/** The regressor [1, n, 16] and classifier [1, n, 1] outputs, found by shape (names differ between files). */
function findOutputs(outputs: EngineTensor[], anchors: number): { boxes: ArrayLike<number>; logits: ArrayLike<number> } {
  const last = (t: EngineTensor) => t.shape[t.shape.length - 1];
  const boxes = outputs.find((t) => last(t) === VALUES_PER_ANCHOR);
  const logits = outputs.find((t) => last(t) === 1 && t.data.length > 1);
  if (!boxes || !logits) {
    throw new Error(`BlazeFace expects a [1, n, ${VALUES_PER_ANCHOR}] box output and a [1, n, 1] score output; got ${outputs.map((t) => `${t.name} [${t.shape.join(', ')}]`).join(', ')}`);
  }
  if (boxes.data.length !== anchors * VALUES_PER_ANCHOR || logits.data.length !== anchors) {
    throw new Error(`BlazeFace outputs cover ${logits.data.length} anchors; this model's anchor layout has ${anchors}`);
  }
  return { boxes: floats(boxes), logits: floats(logits) };
}

export function decodeBlazeFace(outputs: EngineTensor[], ctx: DecodeContext, anchors: Anchor[]): TaskResult {
  const { boxes, logits } = findOutputs(outputs, anchors.length);
  const [w, h] = ctx.feed.size;
  const candidates: Detection[] = [];
  anchors.forEach((a, i) => {
    const score = clippedSigmoid(logits[i], SCORE_CLIP);
    if (score < ctx.options.scoreThreshold) return;
    const r = (k: number) => boxes[i * VALUES_PER_ANCHOR + k];
    // Offsets are in input pixels relative to the anchor centre (x/y/w/h scale = input size).
    const cx = a.x + (r(0) / w) * a.w;
    const cy = a.y + (r(1) / h) * a.h;
    const bw = (r(2) / w) * a.w;
    const bh = (r(3) / h) * a.h;
    const keypoints = FACE_KEYPOINTS.map((name, k): ScoredPoint => ({ name, score, x: a.x + (r(4 + 2 * k) / w) * a.w, y: a.y + (r(5 + 2 * k) / h) * a.h }));
    candidates.push({ label: 'face', score, box: { x0: cx - bw / 2, y0: cy - bh / 2, x1: cx + bw / 2, y1: cy + bh / 2 }, keypoints });
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

/** A decoder for one BlazeFace variant; its anchors are generated once, on first use. */
export function blazeFaceDecoder(anchorSettings: BlazeFaceAnchors): TaskDecoder {
  let anchors: Anchor[] | undefined;
  return (outputs, ctx) => {
    anchors ??= blazeFaceAnchors(anchorSettings);
    return decodeBlazeFace(outputs, ctx, anchors);
  };
}
