// A frame (camera, sample or upload, as an ImageBitmap) → the RGBA pixels of
// one image feed, resized with its fit, or of a rotated crop of it. Uses
// OffscreenCanvas, so it runs in the inference worker as well as in a page;
// the canvas is reused per size.

import type { ImageFeed } from '../catalogue/recipe-schema';
import { cropTransform, type CropRegion } from '../tasks/shared/crop-region';
import { fitRect, LUMA, type RgbaImage } from './preprocess';

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

/** The width × height canvas filled black, drawn on by `draw` with any transform it sets, and read back. */
function drawn(width: number, height: number, draw: (ctx: OffscreenCanvasRenderingContext2D) => void): Uint8ClampedArray {
  const ctx = contextOf(width, height);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, width, height);
  draw(ctx);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  return ctx.getImageData(0, 0, width, height).data;
}

/** Draws the frame into the feed's canvas (black where a letterbox leaves bars) and reads the pixels back. */
export function feedPixels(frame: CanvasImageSource & { width: number; height: number }, feed: ImageFeed): RgbaImage {
  const [w, h] = feed.size;
  const data = drawn(w, h, (ctx) => {
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    const r = fitRect(frame.width, frame.height, feed);
    ctx.drawImage(frame, r.x, r.y, r.width, r.height);
  });
  return { width: w, height: h, data };
}

/** Draws a rotated crop of the frame into the feed's canvas, fitted like a whole frame would be, and reads the pixels back. */
export function cropPixels(frame: CanvasImageSource, region: CropRegion, feed: ImageFeed): RgbaImage {
  const [w, h] = feed.size;
  // Outside the frame (a crop over its edge) and the letterbox bars stay black, as MediaPipe pads.
  const data = drawn(w, h, (ctx) => {
    const dest = fitRect(region.width, region.height, feed);
    ctx.save();
    ctx.beginPath();
    ctx.rect(dest.x, dest.y, dest.width, dest.height);
    ctx.clip();
    ctx.setTransform(...cropTransform(region, dest));
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(frame, 0, 0);
    ctx.restore();
  });
  return { width: w, height: h, data };
}

/** A rotated crop of the frame in greyscale (BT.601 luma), `rows` pixels high with the crop's aspect ratio. */
export function cropGrey(frame: CanvasImageSource, region: CropRegion, rows: number): { grey: Float32Array; width: number; height: number } {
  const width = Math.max(1, Math.round((rows * region.width) / region.height));
  const data = drawn(width, rows, (ctx) => {
    ctx.setTransform(...cropTransform(region, { x: 0, y: 0, width, height: rows }));
    ctx.drawImage(frame, 0, 0);
  });
  const grey = new Float32Array(width * rows);
  for (let i = 0; i < grey.length; i++) grey[i] = LUMA[0] * data[i * 4] + LUMA[1] * data[i * 4 + 1] + LUMA[2] * data[i * 4 + 2];
  return { grey, width, height: rows };
}
