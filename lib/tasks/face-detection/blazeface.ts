// BlazeFace post-processing as MediaPipe's face_detection graphs do it: a
// [1, n, 16] regressor (box and six keypoints) and a [1, n, 1] score logit
// per anchor, decoded by the shared MediaPipe SSD decoder.

import type { EngineTensor } from '../../engines/types';
import { ssdAnchors, type Anchor, type SsdAnchorOptions } from '../shared/ssd-anchors';
import { decodeSsdDetections, floatData, type AnchorOutputs } from '../shared/ssd-detections';
import type { DecodeContext, TaskDecoder, TaskResult } from '../types';

/** MediaPipe FaceKeyPoint order; "right" is the subject's right (the left one in an unmirrored photo). */
export const FACE_KEYPOINTS = ['right eye', 'left eye', 'nose tip', 'mouth centre', 'right ear tragion', 'left ear tragion'] as const;

const VALUES_PER_ANCHOR = 4 + 2 * FACE_KEYPOINTS.length;

export type BlazeFaceAnchors = Pick<SsdAnchorOptions, 'inputWidth' | 'inputHeight' | 'strides' | 'interpolatedScaleAspectRatio'>;

/** The per-model settings MediaPipe's face_detection_*_range graphs pass to SsdAnchorsCalculator. */
export function blazeFaceAnchors(a: BlazeFaceAnchors): Anchor[] {
  return ssdAnchors({ ...a, minScale: 0.1484375, maxScale: 0.75, aspectRatios: [1], anchorOffsetX: 0.5, anchorOffsetY: 0.5, fixedAnchorSize: true });
}

/** The regressor [1, n, 16] and classifier [1, n, 1] outputs, found by shape (names differ between files). */
function findOutputs(outputs: EngineTensor[], anchors: number): AnchorOutputs {
  const last = (t: EngineTensor) => t.shape[t.shape.length - 1];
  const boxes = outputs.find((t) => last(t) === VALUES_PER_ANCHOR);
  const logits = outputs.find((t) => last(t) === 1 && t.data.length > 1);
  if (!boxes || !logits) {
    throw new Error(`BlazeFace expects a [1, n, ${VALUES_PER_ANCHOR}] box output and a [1, n, 1] score output; got ${outputs.map((t) => `${t.name} [${t.shape.join(', ')}]`).join(', ')}`);
  }
  if (boxes.data.length !== anchors * VALUES_PER_ANCHOR || logits.data.length !== anchors) {
    throw new Error(`BlazeFace outputs cover ${logits.data.length} anchors; this model's anchor layout has ${anchors}`);
  }
  return {
    logits: { data: floatData(logits, 'BlazeFace'), stride: 1, offset: 0 },
    regressors: { data: floatData(boxes, 'BlazeFace'), stride: VALUES_PER_ANCHOR, offset: 0 },
  };
}

export function decodeBlazeFace(outputs: EngineTensor[], ctx: DecodeContext, anchors: Anchor[]): TaskResult {
  return decodeSsdDetections(findOutputs(outputs, anchors.length), anchors, { label: 'face', keypoints: FACE_KEYPOINTS }, ctx);
}

/** A decoder for one BlazeFace variant; its anchors are generated once, on first use. */
export function blazeFaceDecoder(anchorSettings: BlazeFaceAnchors): TaskDecoder {
  let anchors: Anchor[] | undefined;
  return (outputs, ctx) => {
    anchors ??= blazeFaceAnchors(anchorSettings);
    return decodeBlazeFace(outputs, ctx, anchors);
  };
}
