// Node-only test helpers: real inputs from public/samples (images decoded and
// resized with sharp, 16-bit PCM WAV audio).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { parseWav } from '../../util/wav';
import { REPO_ROOT } from './catalogue';

const SAMPLES = path.join(REPO_ROOT, 'public', 'samples');

export interface ImageOptions {
  width: number;
  height: number;
  /** 'fill' stretches; 'contain' letterboxes with black. */
  fit?: 'fill' | 'contain';
  grayscale?: boolean;
  /** Channel order of the result (default RGB). */
  bgr?: boolean;
}

/** HWC pixel values 0–255 as float32 ([h, w, c]). */
export async function imagePixels(name: string, opts: ImageOptions): Promise<{ data: Float32Array; shape: number[] }> {
  let img = sharp(path.join(SAMPLES, 'images', name)).removeAlpha();
  if (opts.grayscale) img = img.grayscale();
  const { data, info } = await img
    .resize(opts.width, opts.height, { fit: opts.fit ?? 'fill', background: { r: 0, g: 0, b: 0 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const c = info.channels;
  const out = new Float32Array(info.width * info.height * c);
  for (let i = 0; i < info.width * info.height; i++) {
    for (let k = 0; k < c; k++) out[i * c + k] = data[i * c + (opts.bgr && c === 3 ? 2 - k : k)];
  }
  return { data: out, shape: [info.height, info.width, c] };
}

/** Applies (x·scale + offset) per channel (arrays) or uniformly (numbers). */
export function normalise(pixels: Float32Array, channels: number, scale: number | number[], offset: number | number[]): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const c = i % channels;
    const s = typeof scale === 'number' ? scale : scale[c];
    const o = typeof offset === 'number' ? offset : offset[c];
    out[i] = pixels[i] * s + o;
  }
  return out;
}

/** NHWC [1, h, w, c] → NCHW [1, c, h, w]. */
export function toNchw(data: Float32Array, shape: number[]): { data: Float32Array; shape: number[] } {
  const [n, h, w, c] = shape;
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let k = 0; k < c; k++) out[((b * c + k) * h + y) * w + x] = data[((b * h + y) * w + x) * c + k];
      }
    }
  }
  return { data: out, shape: [n, c, h, w] };
}

/** NCHW [n, c, h, w] → NHWC [n, h, w, c]. */
export function toNhwc(data: Float32Array, shape: number[]): { data: Float32Array; shape: number[] } {
  const [n, c, h, w] = shape;
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) {
    for (let k = 0; k < c; k++) {
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) out[((b * h + y) * w + x) * c + k] = data[((b * c + k) * h + y) * w + x];
      }
    }
  }
  return { data: out, shape: [n, h, w, c] };
}

/** Mono 16-bit PCM samples of a WAV file, as raw int16 values in a Float32Array. */
export function wavSamples(name: string): { samples: Float32Array; sampleRate: number } {
  const wav = parseWav(new Uint8Array(readFileSync(path.join(SAMPLES, 'audio', name))), name);
  return { samples: Float32Array.from(wav.samples), sampleRate: wav.sampleRateHz };
}
