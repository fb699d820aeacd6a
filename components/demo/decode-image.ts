// Browser image decoding for the run panel: a file or URL → ImageBitmap, and
// a bitmap → the RGBA pixels of one image feed (resized with its fit).

import type { ImageFeed } from '@/lib/catalogue/recipe-schema';
import { fitRect, type RgbaImage } from '@/lib/engines/preprocess';

export class ImageDecodeError extends Error {}

export async function decodeImage(blob: Blob, label: string): Promise<ImageBitmap> {
  if (blob.size === 0) throw new ImageDecodeError(`${label} is empty (0 bytes).`);
  try {
    return await createImageBitmap(blob);
  } catch {
    throw new ImageDecodeError(`${label} could not be read as an image${blob.type ? ` (${blob.type})` : ''}: the file is damaged or not a format this browser decodes (JPEG, PNG, WebP, GIF, BMP, AVIF).`);
  }
}

export async function fetchImage(url: string): Promise<ImageBitmap> {
  const res = await fetch(url);
  if (!res.ok) throw new ImageDecodeError(`sample ${url} could not be loaded: HTTP ${res.status}`);
  return decodeImage(await res.blob(), url.slice(url.lastIndexOf('/') + 1));
}

/** Draws the bitmap into the feed's canvas (black where a letterbox leaves bars) and reads the pixels back. */
export function feedPixels(bitmap: ImageBitmap, feed: ImageFeed): RgbaImage {
  const [w, h] = feed.size;
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('this browser has no 2D canvas to resize images with');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, w, h);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  const r = fitRect(bitmap.width, bitmap.height, feed);
  ctx.drawImage(bitmap, r.x, r.y, r.width, r.height);
  const { data } = ctx.getImageData(0, 0, w, h);
  return { width: w, height: h, data };
}
