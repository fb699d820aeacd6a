// A segmentation mask over the frame: either a translucent tint on the
// foreground, or a background blur (the frame redrawn blurred, with the
// sharp frame kept where the mask says foreground), like a video call.

import type { TaskResult } from '@/lib/tasks/types';
import type { Viewport } from './geometry';

type MaskResult = Extract<TaskResult, { kind: 'mask' }>;

export type MaskMode = 'tint' | 'blur';

/** Frame sources the blur mode redraws (the live video or the still bitmap). */
export type FrameSource = HTMLVideoElement | ImageBitmap | HTMLCanvasElement;

const scratch = new Map<string, OffscreenCanvas>();

function canvasOf(key: string, width: number, height: number): OffscreenCanvasRenderingContext2D {
  let c = scratch.get(key);
  if (!c || c.width !== width || c.height !== height) {
    c = new OffscreenCanvas(width, height);
    scratch.set(key, c);
  }
  const ctx = c.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas for the mask overlay');
  return ctx;
}

/** The mask as an image at its own resolution: colour everywhere, alpha = probability × `alpha`. */
function maskImage(m: MaskResult, rgb: [number, number, number], alpha: number): OffscreenCanvas {
  const ctx = canvasOf('mask', m.width, m.height);
  const img = ctx.createImageData(m.width, m.height);
  for (let i = 0; i < m.data.length; i++) {
    const o = i * 4;
    img.data[o] = rgb[0];
    img.data[o + 1] = rgb[1];
    img.data[o + 2] = rgb[2];
    img.data[o + 3] = Math.round(Math.min(1, Math.max(0, m.data[i])) * alpha * 255);
  }
  ctx.putImageData(img, 0, 0);
  return ctx.canvas;
}

/** Draws `src` (image or frame) stretched over the viewport, mirrored if the viewport is. */
function drawStretched(ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, src: CanvasImageSource, vp: Viewport): void {
  ctx.save();
  if (vp.mirror) ctx.setTransform(-1, 0, 0, 1, vp.width, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(src, 0, 0, vp.width, vp.height);
  ctx.restore();
}

export function drawMask(ctx: CanvasRenderingContext2D, vp: Viewport, m: MaskResult, mode: MaskMode, frame?: FrameSource): void {
  if (mode === 'blur' && frame) {
    // Background: the whole frame, blurred (over the sharp frame, so the blur's soft edges do not show the page behind).
    drawStretched(ctx, frame, vp);
    ctx.save();
    ctx.filter = `blur(${Math.round(10 * vp.scale)}px)`;
    drawStretched(ctx, frame, vp);
    ctx.restore();
    // Foreground: the sharp frame cut out by the mask's alpha.
    const fg = canvasOf('foreground', vp.width, vp.height);
    fg.globalCompositeOperation = 'source-over';
    fg.clearRect(0, 0, vp.width, vp.height);
    drawStretched(fg, frame, vp);
    fg.globalCompositeOperation = 'destination-in';
    drawStretched(fg, maskImage(m, [0, 0, 0], 1), vp);
    fg.globalCompositeOperation = 'source-over';
    ctx.drawImage(fg.canvas, 0, 0);
    return;
  }
  drawStretched(ctx, maskImage(m, [0, 158, 115], 0.55), vp);
}
