// MediaPipe's palm detector (the 2020 model behind MediaPipe Hands and
// TF.js handpose) as Vladimir Mandic converted it for Human: one
// [1, 2944, 19] output, per anchor a score logit and then 18 regression
// values (box centre, size, seven keypoints) in pixels of the 256 × 256 input,
// relative to the anchor centre. Human's handposedetector.ts reads the columns
// this way; the anchors are those of MediaPipe's palm_detection graph.

import type { EngineTensor } from '../../engines/types';
import { HAND_LANDMARKS } from '../hand-landmarks/hand-landmark';
import { ssdAnchors, type Anchor } from '../shared/ssd-anchors';
import { decodeSsdDetections, floatData, type AnchorOutputs } from '../shared/ssd-detections';
import type { DecodeContext, TaskResult } from '../types';

/**
 * The palm's seven keypoints are seven of the hand landmark model's 21, in
 * this order (PALM_LANDMARK_IDS of TF.js handpose): wrist, the four finger
 * MCPs from index to pinky, then thumb CMC and thumb MCP.
 */
const PALM_LANDMARK_IDS = [0, 5, 9, 13, 17, 1, 2] as const;
export const PALM_KEYPOINTS: readonly string[] = PALM_LANDMARK_IDS.map((i) => HAND_LANDMARKS[i]);

const INPUT_SIZE = 256;
const COLUMNS = 1 + 4 + 2 * PALM_LANDMARK_IDS.length;

/**
 * palm_detection_cpu.pbtxt's SsdAnchorsCalculator options: 5 layers, strides
 * 8/16/32/32/32, 2 anchors per layer (aspect 1 and the interpolated one), so
 * 32×32×2 + 16×16×2 + 8×8×6 = 2944. The anchors are fixed-size, so the scales
 * do not change them.
 */
export function palmAnchors(): Anchor[] {
  return ssdAnchors({
    inputWidth: INPUT_SIZE, inputHeight: INPUT_SIZE, minScale: 0.1171875, maxScale: 0.75, strides: [8, 16, 32, 32, 32],
    aspectRatios: [1], interpolatedScaleAspectRatio: 1, anchorOffsetX: 0.5, anchorOffsetY: 0.5, fixedAnchorSize: true,
  });
}

/** The [1, n, 19] output, found by shape (the name differs between the TF.js file and our artifacts). */
function findOutputs(outputs: EngineTensor[], anchors: number): AnchorOutputs {
  const t = outputs.find((o) => o.shape[o.shape.length - 1] === COLUMNS);
  if (!t) throw new Error(`the palm detector expects a [1, n, ${COLUMNS}] output (score, box, 7 keypoints); got ${outputs.map((o) => `${o.name} [${o.shape.join(', ')}]`).join(', ')}`);
  if (t.data.length !== anchors * COLUMNS) throw new Error(`palm detector output covers ${t.data.length / COLUMNS} anchors; its anchor layout has ${anchors}`);
  const data = floatData(t, 'palm detector');
  return { logits: { data, stride: COLUMNS, offset: 0 }, regressors: { data, stride: COLUMNS, offset: 1 } };
}

let anchors: Anchor[] | undefined;

export function decodePalms(outputs: EngineTensor[], ctx: DecodeContext): TaskResult {
  anchors ??= palmAnchors();
  return decodeSsdDetections(findOutputs(outputs, anchors.length), anchors, { label: 'palm', keypoints: PALM_KEYPOINTS }, ctx);
}
