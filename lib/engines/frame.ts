// A frame (camera, sample or upload, as an ImageBitmap) → the RGBA pixels of
// one image feed, resized with its fit. Uses OffscreenCanvas, so it runs in
// the inference worker as well as in a page; the canvas is reused per size.

import type { ImageFeed } from '../catalogue/recipe-schema';
import { fitRect, type RgbaImage } from './preprocess';

const canvases = new Map<string, OffscreenCanvasRenderingContext2D>();

function contextOf(width: number, height: number): OffscreenCanvasRenderingContext2D {
  const key = `${width}x${height}`;
  let ctx = canvases.get(key);
  if (!ctx) {
    if (typeof OffscreenCanvas === 'undefined') throw new Error('this browser has no OffscreenCanvas to resize frames with');
    const made = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    if (!made) throw new Error('this browser has no 2D canvas to resize frames with');
    ctx = made;
    canvases.set(key, ctx);
  }
  return ctx;
}

/** Draws the frame into the feed's canvas (black where a letterbox leaves bars) and reads the pixels back. */
export function feedPixels(frame: CanvasImageSource & { width: number; height: number }, feed: ImageFeed): RgbaImage {
  const [w, h] = feed.size;
  const ctx = contextOf(w, h);
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, w, h);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  const r = fitRect(frame.width, frame.height, feed);
  ctx.drawImage(frame, r.x, r.y, r.width, r.height);
  const { data } = ctx.getImageData(0, 0, w, h);
  return { width: w, height: h, data };
}
