// Selfie segmentation (MediaPipe general and landscape): one person-probability
// map the size of the input (sigmoid already applied in the graph). The part
// of the map the frame was drawn into (all of it for a stretch feed, inside
// the bars for a letterbox) is resampled bilinearly onto a grid with the
// frame's aspect ratio, no larger than the frame nor than the map's longer
// side, so the overlay can stretch it over the frame.

import type { EngineTensor } from '../../engines/types';
import { fitRect } from '../../engines/preprocess';
import type { DecodeContext, TaskResult } from '../types';

/** Output grid size: the frame's aspect ratio, its longer side capped at `maxSide` and at the frame's own size. */
export function maskSize(frame: { width: number; height: number }, maxSide: number): { width: number; height: number } {
  const s = Math.min(1, maxSide / Math.max(frame.width, frame.height));
  return { width: Math.max(1, Math.round(frame.width * s)), height: Math.max(1, Math.round(frame.height * s)) };
}

/** Bilinear sample of a row-major w × h map at continuous pixel-centre coordinates (x, y), clamped at the edges. */
function sample(map: ArrayLike<number>, w: number, h: number, x: number, y: number): number {
  const cx = Math.min(w - 1, Math.max(0, x));
  const cy = Math.min(h - 1, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(w - 1, x0 + 1);
  const y1 = Math.min(h - 1, y0 + 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx;
  const bottom = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx;
  return top * (1 - fy) + bottom * fy;
}

export function decodePersonMask(outputs: EngineTensor[], ctx: DecodeContext): TaskResult {
  const [w, h] = ctx.feed.size;
  const out = outputs.find((t) => t.data.length === w * h);
  if (!out || out.data instanceof BigInt64Array) {
    throw new Error(`selfie segmentation expects one ${w}×${h} float probability map; got ${outputs.map((t) => `${t.name} [${t.shape.join(', ')}]`).join(', ')}`);
  }
  const map = out.data;
  const r = fitRect(ctx.frame.width, ctx.frame.height, ctx.feed);
  const size = maskSize(ctx.frame, Math.max(w, h));
  const data = new Float32Array(size.width * size.height);
  for (let y = 0; y < size.height; y++) {
    // Pixel centres of the output grid → pixel-centre coordinates inside the drawn rectangle of the map.
    const my = r.y + ((y + 0.5) / size.height) * r.height - 0.5;
    for (let x = 0; x < size.width; x++) {
      const mx = r.x + ((x + 0.5) / size.width) * r.width - 0.5;
      data[y * size.width + x] = Math.min(1, Math.max(0, sample(map, w, h, mx, my)));
    }
  }
  return { kind: 'mask', width: size.width, height: size.height, data, label: 'person' };
}
