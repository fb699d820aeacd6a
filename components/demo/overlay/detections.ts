// Detections: a box (or a text quadrilateral) per object with its label and
// score, its keypoints (BlazeFace's eyes, nose…) and recognised text.

import type { Detection } from '@/lib/tasks/types';
import { boxToCanvas, colourFor, dot, drawTag, percent, toCanvas, type Viewport } from './geometry';

export function drawDetections(ctx: CanvasRenderingContext2D, vp: Viewport, detections: readonly Detection[]): void {
  const line = Math.max(2, 2 * vp.scale);
  for (const d of detections) {
    const colour = colourFor(d.label);
    ctx.strokeStyle = colour;
    ctx.lineWidth = line;
    let tagX: number;
    let tagY: number;
    if (d.quad) {
      const pts = d.quad.map((p) => toCanvas(p, vp));
      ctx.beginPath();
      pts.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
      ctx.closePath();
      ctx.stroke();
      tagX = Math.min(...pts.map((p) => p.x));
      tagY = Math.min(...pts.map((p) => p.y));
    } else {
      const b = boxToCanvas(d.box, vp);
      ctx.strokeRect(b.x, b.y, b.w, b.h);
      tagX = b.x;
      tagY = b.y;
    }
    const caption = d.text ? `${d.text} ${percent(d.score)}` : `${d.label} ${percent(d.score)}`;
    // Above the box when there is room, else just inside it.
    drawTag(ctx, vp, caption, tagX, tagY - (13 + 6) * vp.scale >= 0 ? tagY - (13 + 6) * vp.scale : tagY, colour);
    for (const k of d.keypoints ?? []) {
      const p = toCanvas(k, vp);
      dot(ctx, p.x, p.y, 3 * vp.scale, colour);
    }
  }
}
