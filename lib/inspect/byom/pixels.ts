// One pixel path for calibration images, shared by /byom (in the browser)
// and `npx zoo quantize` (in Node), so both calibrate on the same numbers and
// write the same int8 file. Each side only decodes the file to RGBA at its
// own size (decodeImageRgba below in the browser, sharp in Node); flattening
// onto black, fitting and resizing happen here in plain arithmetic on IEEE
// doubles, which every JS engine computes alike. A canvas resize would not:
// its filters differ between browsers, versions and Node.

import type { ImageFeed } from '../../catalogue/recipe-schema';
import { fitRect, type RgbaImage } from '../../engines/preprocess';

/**
 * The image composited onto black, alpha dropped (255): value = round(c × a / 255).
 * This is what drawing it onto a black canvas did before, and it hides how
 * each decoder stores transparent pixels (browsers keep them premultiplied).
 */
export function flattenOnBlack(img: RgbaImage): RgbaImage {
  const n = img.width * img.height;
  if (img.data.length !== n * 4) throw new Error(`image data has ${img.data.length} bytes, ${img.width}×${img.height} RGBA needs ${n * 4}`);
  const out = new Uint8ClampedArray(n * 4);
  const src = img.data;
  for (let p = 0; p < n * 4; p += 4) {
    const a = src[p + 3];
    // round(c·a/255) in integers: c·a/255 is never exactly x.5 (255 is odd), so this is exact.
    out[p] = a === 255 ? src[p] : Math.floor((src[p] * a + 127) / 255);
    out[p + 1] = a === 255 ? src[p + 1] : Math.floor((src[p + 1] * a + 127) / 255);
    out[p + 2] = a === 255 ? src[p + 2] : Math.floor((src[p + 2] * a + 127) / 255);
    out[p + 3] = 255;
  }
  return { width: img.width, height: img.height, data: out };
}

interface Taps {
  /** First source index of each output sample. */
  first: Int32Array;
  /** Weights per output sample, `stride` slots each (unused slots 0). */
  weights: Float64Array;
  stride: number;
}

/**
 * Filter taps for resampling `inSize` samples to `outSize`: a triangle
 * (bilinear) filter widened by the reduction factor when shrinking, so every
 * source pixel contributes (no aliasing), pixel centres aligned.
 */
function taps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const width = Math.max(scale, 1);
  const stride = Math.ceil(width) * 2 + 1;
  const first = new Int32Array(outSize);
  const weights = new Float64Array(outSize * stride);
  for (let o = 0; o < outSize; o++) {
    const centre = (o + 0.5) * scale;
    const lo = Math.max(0, Math.floor(centre - width + 0.5));
    const hi = Math.min(inSize, Math.floor(centre + width + 0.5));
    let sum = 0;
    for (let i = lo; i < hi && i - lo < stride; i++) {
      const w = Math.max(0, 1 - Math.abs((i + 0.5 - centre) / width));
      weights[o * stride + i - lo] = w;
      sum += w;
    }
    for (let k = 0; k < stride; k++) weights[o * stride + k] /= sum;
    first[o] = lo;
  }
  return { first, weights, stride };
}

/** Resizes an opaque RGBA image (alpha ignored, output alpha 255); separable, rows then columns, rounded once at the end. */
export function resizeRgba(img: RgbaImage, width: number, height: number): RgbaImage {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) throw new Error(`cannot resize to ${width}×${height}`);
  if (img.width <= 0 || img.height <= 0) throw new Error(`cannot resize an empty ${img.width}×${img.height} image`);
  const sw = img.width;
  const sh = img.height;
  const h = taps(sw, width);
  const rows = new Float64Array(sh * width * 3);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      const base = x * h.stride;
      for (let k = 0; k < h.stride; k++) {
        const w = h.weights[base + k];
        if (w === 0) continue;
        const p = (y * sw + h.first[x] + k) * 4;
        r += img.data[p] * w;
        g += img.data[p + 1] * w;
        b += img.data[p + 2] * w;
      }
      const q = (y * width + x) * 3;
      rows[q] = r;
      rows[q + 1] = g;
      rows[q + 2] = b;
    }
  }
  const v = taps(sh, height);
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const base = y * v.stride;
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < v.stride; k++) {
        const w = v.weights[base + k];
        if (w === 0) continue;
        const q = ((v.first[y] + k) * width + x) * 3;
        r += rows[q] * w;
        g += rows[q + 1] * w;
        b += rows[q + 2] * w;
      }
      const p = (y * width + x) * 4;
      // Uint8ClampedArray rounds half to even; round half up explicitly so the rule is ours.
      out[p] = Math.floor(r + 0.5);
      out[p + 1] = Math.floor(g + 0.5);
      out[p + 2] = Math.floor(b + 0.5);
      out[p + 3] = 255;
    }
  }
  return { width, height, data: out };
}

/**
 * A decoded image (any size, any alpha) → the RGBA pixels of one image feed:
 * flattened onto black, fitted (stretch, or letterbox with black bars, where
 * lib/engines/preprocess fitRect puts it) and resized.
 */
export function feedImage(img: RgbaImage, feed: Pick<ImageFeed, 'size' | 'fit'>): RgbaImage {
  const [w, h] = feed.size;
  const flat = flattenOnBlack(img);
  const r = fitRect(img.width, img.height, feed);
  if (r.x === 0 && r.y === 0 && r.width === w && r.height === h) return resizeRgba(flat, w, h);
  const out = new Uint8ClampedArray(w * h * 4);
  for (let p = 3; p < out.length; p += 4) out[p] = 255;
  if (r.width <= 0 || r.height <= 0) return { width: w, height: h, data: out };
  const fitted = resizeRgba(flat, r.width, r.height);
  for (let y = 0; y < r.height; y++) {
    const ty = r.y + y;
    if (ty < 0 || ty >= h) continue;
    for (let x = 0; x < r.width; x++) {
      const tx = r.x + x;
      if (tx < 0 || tx >= w) continue;
      out.set(fitted.data.subarray((y * r.width + x) * 4, (y * r.width + x) * 4 + 4), (ty * w + tx) * 4);
    }
  }
  return { width: w, height: h, data: out };
}

export class ImageReadError extends Error {}

/**
 * Browser (page or worker): an image file → its RGBA pixels at full size,
 * as stored: no colour management (sharp is told to ignore ICC profiles
 * too), straight alpha asked for, EXIF orientation applied (sharp's
 * autoOrient). PNG decodes to the same bytes as sharp's; JPEG decoders may
 * differ by rounding.
 */
export async function decodeImageRgba(blob: Blob, label: string): Promise<RgbaImage> {
  if (blob.size === 0) throw new ImageReadError(`${label} is empty (0 bytes).`);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none', imageOrientation: 'from-image' });
  } catch {
    throw new ImageReadError(`${label} could not be read as an image${blob.type ? ` (${blob.type})` : ''}: the file is damaged or not a format this browser decodes (JPEG, PNG, WebP, GIF, BMP, AVIF).`);
  }
  try {
    if (typeof OffscreenCanvas === 'undefined') throw new ImageReadError('this browser has no OffscreenCanvas to read image pixels with');
    const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new ImageReadError('this browser has no 2D canvas to read image pixels with');
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width: bitmap.width, height: bitmap.height, data };
  } finally {
    bitmap.close();
  }
}
