// Detections: a box (or a text quadrilateral) per object with its label and
// score and its keypoints (BlazeFace's eyes, nose…); recognised text lines
// are written over the line.

import type { Detection, Point } from '@/lib/tasks/types';
import { boxToCanvas, colourFor, dot, drawTag, percent, toCanvas, tracePolygon, type Viewport } from './geometry';

/**
 * A recognised text line: its words written over the line itself, along the
 * box, on a light backing, so the page reads as the model read it (a tag
 * above each line would hide the line above on a dense page).
 */
function drawTextLine(ctx: CanvasRenderingContext2D, vp: Viewport, quad: readonly Point[], text: string, colour: string): void {
  const pts = quad.map((p) => toCanvas(p, vp));
  // Mirrored, the box's first corner is on the right: read along the top edge from the left.
  const [a, b, , d] = vp.mirror ? [pts[1], pts[0], pts[3], pts[2]] : pts;
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  const height = Math.hypot(d.x - a.x, d.y - a.y);
  tracePolygon(ctx, pts);
  ctx.fillStyle = 'rgba(255, 255, 255, 0.88)';
  ctx.fill();
  ctx.strokeStyle = colour;
  ctx.lineWidth = Math.max(1, vp.scale);
  ctx.stroke();
  ctx.save();
  ctx.translate(a.x, a.y);
  ctx.rotate(Math.atan2(b.y - a.y, b.x - a.x));
  let size = Math.max(6, 0.8 * height);
  ctx.font = `${size}px system-ui, sans-serif`;
  const width = ctx.measureText(text).width;
  if (width > length) {
    size *= length / width;
    ctx.font = `${size}px system-ui, sans-serif`;
  }
  ctx.fillStyle = '#000';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, 0, height / 2, length);
  ctx.restore();
}

export function drawDetections(ctx: CanvasRenderingContext2D, vp: Viewport, detections: readonly Detection[]): void {
  const line = Math.max(2, 2 * vp.scale);
  for (const d of detections) {
    if (d.text !== undefined && d.quad) {
      drawTextLine(ctx, vp, d.quad, d.text, colourFor(d.label));
      continue;
    }
    const colour = colourFor(d.label);
    ctx.strokeStyle = colour;
    ctx.lineWidth = line;
    let tagX: number;
    let tagY: number;
    if (d.quad) {
      const pts = d.quad.map((p) => toCanvas(p, vp));
      tracePolygon(ctx, pts);
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
