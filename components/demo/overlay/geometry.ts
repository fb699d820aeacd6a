// Where a result's normalised frame coordinates land on the overlay canvas,
// and the drawing basics every kind shares. Mirroring (a selfie preview)
// flips positions only: labels stay readable.

import type { Box, Point } from '@/lib/tasks/types';

export interface Viewport {
  /** Canvas size in device pixels. */
  width: number;
  height: number;
  /** Draw as in a mirror (x → 1 − x), matching a mirrored camera preview. */
  mirror: boolean;
  /** Device pixels per CSS pixel, so strokes and text keep their size on any screen. */
  scale: number;
}

export function toCanvas(p: Point, vp: Viewport): { x: number; y: number } {
  return { x: (vp.mirror ? 1 - p.x : p.x) * vp.width, y: p.y * vp.height };
}

/** A box in canvas pixels (left/top corner, size); mirroring swaps its horizontal edges. */
export function boxToCanvas(b: Box, vp: Viewport): { x: number; y: number; w: number; h: number } {
  const left = vp.mirror ? 1 - b.x1 : b.x0;
  const right = vp.mirror ? 1 - b.x0 : b.x1;
  return { x: left * vp.width, y: b.y0 * vp.height, w: (right - left) * vp.width, h: (b.y1 - b.y0) * vp.height };
}

// Colour-blind-safe palette (Okabe–Ito), strong enough on photos.
const PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#FFFFFF'];

/** A stable colour per label, so "person" keeps its colour from frame to frame. */
export function colourFor(label: string): string {
  let h = 0;
  for (let i = 0; i < label.length; i++) h = (h * 31 + label.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

export function fontPx(vp: Viewport): number {
  return Math.round(13 * vp.scale);
}

export function percent(score: number): string {
  return `${Math.round(score * 100)}%`;
}

/** Text on a filled tag at (x, y) = its top-left corner, nudged to stay inside the canvas. */
export function drawTag(ctx: CanvasRenderingContext2D, vp: Viewport, text: string, x: number, y: number, colour: string): void {
  const size = fontPx(vp);
  ctx.font = `600 ${size}px system-ui, sans-serif`;
  const pad = Math.round(3 * vp.scale);
  const w = ctx.measureText(text).width + 2 * pad;
  const h = size + 2 * pad;
  const left = Math.max(0, Math.min(x, vp.width - w));
  const top = Math.max(0, Math.min(y, vp.height - h));
  ctx.fillStyle = colour;
  ctx.fillRect(left, top, w, h);
  ctx.fillStyle = '#000';
  ctx.textBaseline = 'top';
  ctx.fillText(text, left + pad, top + pad);
}

export function dot(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, fill: string): void {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fillStyle = fill;
  ctx.fill();
}

/** Starts a path around a polygon given in canvas pixels (stroke or fill it after). */
export function tracePolygon(ctx: CanvasRenderingContext2D, pts: readonly { x: number; y: number }[]): void {
  ctx.beginPath();
  pts.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
  ctx.closePath();
}

/** The crops a crop model saw: thin dashed outlines, so the result can be read against what was cut out. */
export function drawCropOutlines(ctx: CanvasRenderingContext2D, vp: Viewport, crops: readonly (readonly Point[])[]): void {
  ctx.save();
  ctx.setLineDash([6 * vp.scale, 4 * vp.scale]);
  ctx.lineWidth = Math.max(1, vp.scale);
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.8)';
  for (const quad of crops) {
    tracePolygon(ctx, quad.map((p) => toCanvas(p, vp)));
    ctx.stroke();
  }
  ctx.restore();
}
