// Image → input tensor per a recipe's image feed (lib/catalogue/recipe-schema
// ImageFeed), the same arithmetic as the build's scripts/zoo/samples.ts:
// value = pixel × scale[c] + offset[c], channels in the feed's colour order,
// laid out NHWC or NCHW, cast to its dtype. Pure: resizing happens before
// (canvas in the browser), so tests can feed the same pixels anywhere.

import type { ImageFeed } from '../catalogue/recipe-schema';
import type { EngineTensor } from './types';

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row-major. */
  data: Uint8ClampedArray | Uint8Array;
}

export interface DrawRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where a source image lands in the feed's canvas: the whole canvas (stretch) or centred with its aspect kept (letterbox, black bars). */
export function fitRect(srcWidth: number, srcHeight: number, feed: Pick<ImageFeed, 'size' | 'fit'>): DrawRect {
  const [w, h] = feed.size;
  if (feed.fit === 'stretch') return { x: 0, y: 0, width: w, height: h };
  const s = Math.min(w / srcWidth, h / srcHeight);
  const width = Math.round(srcWidth * s);
  const height = Math.round(srcHeight * s);
  return { x: Math.floor((w - width) / 2), y: Math.floor((h - height) / 2), width, height };
}

const perChannel = (v: readonly number[], c: number): number => v[v.length === 1 ? 0 : c];

// ITU-R BT.601 luma, the weights the catalogue's greyscale models document.
export const LUMA = [0.2989, 0.587, 0.114] as const;

export function imageToTensor(img: RgbaImage, feed: ImageFeed, name: string): EngineTensor {
  const [width, height] = feed.size;
  if (img.width !== width || img.height !== height) throw new Error(`image is ${img.width}×${img.height}, the feed wants ${width}×${height}`);
  const grey = feed.colourOrder === 'grayscale';
  const c = grey ? 1 : 3;
  const n = width * height;
  const values = new Float64Array(n * c);
  for (let p = 0; p < n; p++) {
    const r = img.data[p * 4];
    const g = img.data[p * 4 + 1];
    const b = img.data[p * 4 + 2];
    for (let k = 0; k < c; k++) {
      const pixel = grey ? LUMA[0] * r + LUMA[1] * g + LUMA[2] * b : feed.colourOrder === 'BGR' ? [b, g, r][k] : [r, g, b][k];
      values[feed.layout === 'NCHW' ? k * n + p : p * c + k] = pixel * perChannel(feed.scale, k) + perChannel(feed.offset, k);
    }
  }
  const shape = feed.layout === 'NCHW' ? [1, c, height, width] : [1, height, width, c];
  if (feed.dtype === 'float32') return { name, shape, dtype: 'float32', data: Float32Array.from(values) };
  if (feed.dtype === 'int32') return { name, shape, dtype: 'int32', data: Int32Array.from(values, Math.round) };
  return { name, shape, dtype: 'uint8', data: Uint8Array.from(values, (v) => Math.min(255, Math.max(0, Math.round(v)))) };
}
