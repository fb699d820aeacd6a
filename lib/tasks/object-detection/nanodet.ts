// NanoDet (GFL head): per level of stride s, a [1, N, 80] tensor of
// sigmoid class scores and a [1, N, 4·(reg_max+1)] tensor of box-edge
// distributions (raw logits, edges left, top, right, bottom), N = (W/s)·(H/s)
// cells in row-major order centred at ((col + 0.5)·s, (row + 0.5)·s).
// Generalized Focal Loss decoding: each edge distance is the expectation of
// its softmaxed bins, times the stride. Then class-aware hard NMS at IoU 0.6,
// NanoDet's own post-processing setting.

import type { EngineTensor } from '../../engines/types';
import type { DecodeContext, Detection, TaskResult } from '../types';
import { COCO_LABELS } from './coco-labels';
import { finishDetections, inputBoxToFrame } from './shared';

export const NANODET_IOU = 0.6;

interface Level {
  stride: number;
  cols: number;
  cells: number;
  scores: EngineTensor;
  boxes: EngineTensor;
  bins: number;
}

const describe = (outputs: EngineTensor[]): string => outputs.map((o) => `[${o.shape.join(', ')}]`).join(', ') || 'none';

/** The stride whose grid over the input has `cells` cells, or undefined. */
function strideFor(cells: number, width: number, height: number): number | undefined {
  const s = Math.sqrt((width * height) / cells);
  const stride = Math.round(s);
  return stride > 0 && Math.abs(s - stride) < 1e-6 && width % stride === 0 && height % stride === 0 ? stride : undefined;
}

/** Pairs each score tensor with the box tensor of the same level (same cell count), by shape. */
function findLevels(outputs: EngineTensor[], width: number, height: number): Level[] {
  const classes = COCO_LABELS.length;
  const rank3 = outputs.filter((o) => o.shape.length === 3 && o.shape[0] === 1);
  const levels: Level[] = [];
  for (const scores of rank3.filter((o) => o.shape[2] === classes)) {
    const cells = scores.shape[1];
    const boxes = rank3.find((o) => o.shape[1] === cells && o.shape[2] !== classes && o.shape[2] % 4 === 0);
    const stride = strideFor(cells, width, height);
    if (!boxes || stride === undefined) {
      throw new Error(`NanoDet: no box tensor or stride for the ${cells}-cell score tensor (outputs ${describe(outputs)}, input ${width}×${height})`);
    }
    levels.push({ stride, cols: width / stride, cells, scores, boxes, bins: boxes.shape[2] / 4 });
  }
  if (levels.length === 0) throw new Error(`NanoDet: expected [1, N, ${classes}] score and [1, N, 4·bins] box outputs, got ${describe(outputs)}`);
  return levels;
}

/** Expected bin index under the softmax of `bins` logits starting at `offset`. */
function expectedBin(data: EngineTensor['data'], offset: number, bins: number): number {
  let max = -Infinity;
  for (let k = 0; k < bins; k++) max = Math.max(max, Number(data[offset + k]));
  let sum = 0;
  let weighted = 0;
  for (let k = 0; k < bins; k++) {
    const e = Math.exp(Number(data[offset + k]) - max);
    sum += e;
    weighted += e * k;
  }
  return weighted / sum;
}

export function decodeNanoDet(outputs: EngineTensor[], ctx: DecodeContext): TaskResult {
  const [width, height] = ctx.feed.size;
  const classes = COCO_LABELS.length;
  const threshold = ctx.options.scoreThreshold;
  const candidates: Detection[] = [];
  for (const level of findLevels(outputs, width, height)) {
    const { stride, cols, cells, bins } = level;
    const scores = level.scores.data;
    const dists = level.boxes.data;
    for (let i = 0; i < cells; i++) {
      let box: Detection['box'] | undefined;
      for (let c = 0; c < classes; c++) {
        const score = Number(scores[i * classes + c]);
        if (!(score >= threshold)) continue; // also skips NaN
        if (!box) {
          const cx = ((i % cols) + 0.5) * stride;
          const cy = (Math.floor(i / cols) + 0.5) * stride;
          const d = [0, 1, 2, 3].map((e) => expectedBin(dists, (i * 4 + e) * bins, bins) * stride);
          box = inputBoxToFrame(cx - d[0], cy - d[1], cx + d[2], cy + d[3], ctx);
        }
        candidates.push({ box, score, label: COCO_LABELS[c] });
      }
    }
  }
  return { kind: 'detections', detections: finishDetections(candidates, NANODET_IOU, ctx) };
}
