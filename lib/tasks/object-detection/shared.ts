// What both detectors share after their own decoding: input-pixel boxes
// mapped back to the frame, clamped, and class-aware hard NMS.

import { nms } from '../shared/nms';
import { inputToFrame, type Box, type DecodeContext, type Detection } from '../types';

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** A box in graph-input pixels → normalised frame coordinates (letterbox undone, clipped to the frame). */
export function inputBoxToFrame(x0: number, y0: number, x1: number, y1: number, ctx: DecodeContext): Box {
  const [w, h] = ctx.feed.size;
  const a = inputToFrame({ x: x0 / w, y: y0 / h }, ctx);
  const b = inputToFrame({ x: x1 / w, y: y1 / h }, ctx);
  return { x0: clamp01(a.x), y0: clamp01(a.y), x1: clamp01(b.x), y1: clamp01(b.y) };
}

/** Drops boxes that lie wholly in letterbox bars (nothing left after clipping), then per-class NMS. */
export function finishDetections(candidates: Detection[], iouThreshold: number, ctx: DecodeContext): Detection[] {
  const visible = candidates.filter((d) => d.box.x1 > d.box.x0 && d.box.y1 > d.box.y0);
  return nms(visible, iouThreshold, Math.max(0, ctx.options.maxResults));
}
