// CenterNet (MobileNetV3, 610265158/mobilenetv3_centernet): the graph ends in
// its own decoding (3×3 max-pool peak picking on the stride-4 class heat
// maps, top 100, boxes from the wh head), so tower_0/detections is already
// [1, 100, 6] of (x1, y1, x2, y2 in input pixels, score, class index). The
// heat-map and wh outputs are what those rows were built from and are not
// needed here. Peak picking does not suppress overlapping boxes of one class
// from neighbouring peaks, so class-aware hard NMS follows (IoU 0.5;
// @vladmandic/human also runs NMS on these boxes).

import type { EngineTensor } from '../../engines/types';
import type { DecodeContext, Detection, TaskResult } from '../types';
import { COCO_LABELS } from './coco-labels';
import { finishDetections, inputBoxToFrame } from './shared';

export const CENTERNET_IOU = 0.5;
const ROW = 6;

function detectionsTensor(outputs: EngineTensor[]): EngineTensor {
  const t = outputs.find((o) => o.shape.length === 3 && o.shape[0] === 1 && o.shape[2] === ROW);
  if (!t) throw new Error(`CenterNet: expected a [1, N, ${ROW}] detections output, got ${outputs.map((o) => `[${o.shape.join(', ')}]`).join(', ') || 'none'}`);
  return t;
}

export function decodeCenterNet(outputs: EngineTensor[], ctx: DecodeContext): TaskResult {
  const t = detectionsTensor(outputs);
  const d = t.data;
  const candidates: Detection[] = [];
  for (let i = 0; i < t.shape[1]; i++) {
    const r = i * ROW;
    const score = Number(d[r + 4]);
    const cls = Math.round(Number(d[r + 5]));
    if (!(score >= ctx.options.scoreThreshold) || !(cls >= 0 && cls < COCO_LABELS.length)) continue;
    const box = inputBoxToFrame(Number(d[r]), Number(d[r + 1]), Number(d[r + 2]), Number(d[r + 3]), ctx);
    candidates.push({ box, score, label: COCO_LABELS[cls] });
  }
  return { kind: 'detections', detections: finishDetections(candidates, CENTERNET_IOU, ctx) };
}
