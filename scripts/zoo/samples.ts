// Sample files → model input tensors, exactly as a recipe's feed spec says
// (lib/catalogue/recipe-schema.ts: image and audio feeds). Tensors come out
// in the source model's layout; layout.ts moves them to the export's.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { AudioFeed, ImageFeed } from '../../lib/catalogue/recipe-schema';
import { ROOT } from '../catalogue/load-recipes';
import { seededRandom } from '../../lib/util/seeded-random';
import { parseWav } from '../../lib/util/wav';

export const SAMPLES_DIR = path.join(ROOT, 'public/samples');

export type TensorData = Float32Array | Int32Array | Uint8Array | Int8Array;

export interface Tensor {
  data: TensorData;
  shape: number[];
}

/** Part of an image, as fractions of its width and height. */
export interface Crop {
  left: number;
  top: number;
  width: number;
  height: number;
}

const perChannel = (v: number[], c: number): number => v[v.length === 1 ? 0 : c];

/** A sample region's box in pixels: [left, top, width, height]. */
export type PixelBox = readonly [number, number, number, number];

/**
 * Decodes, (crops,) resizes and normalises one sample image into the feed's
 * tensor. `region` limits the image to a box in pixels first; `crop` is then
 * a fraction of that box (of the whole image without one).
 */
export async function imageTensor(file: string, feed: ImageFeed, crop?: Crop, region?: PixelBox): Promise<Tensor> {
  const [width, height] = feed.size;
  let img = sharp(path.join(SAMPLES_DIR, file)).removeAlpha();
  if (crop || region) {
    const meta = await sharp(path.join(SAMPLES_DIR, file)).metadata();
    const [x, y, w, h] = region ?? [0, 0, meta.width ?? 0, meta.height ?? 0];
    if (x + w > (meta.width ?? 0) || y + h > (meta.height ?? 0)) {
      throw new Error(`${file}: region [${region?.join(', ')}] reaches outside the ${meta.width}×${meta.height} image`);
    }
    img = img.extract(crop
      ? { left: x + Math.floor(crop.left * w), top: y + Math.floor(crop.top * h), width: Math.max(1, Math.floor(crop.width * w)), height: Math.max(1, Math.floor(crop.height * h)) }
      : { left: x, top: y, width: w, height: h });
  }
  const grey = feed.colourOrder === 'grayscale';
  if (grey) img = img.grayscale();
  const { data, info } = await img
    .resize(width, height, { fit: feed.fit === 'stretch' ? 'fill' : 'contain', background: { r: 0, g: 0, b: 0 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const c = grey ? 1 : 3;
  if (info.channels !== c) throw new Error(`${file}: decoded ${info.channels} channels, expected ${c}`);
  const n = width * height;
  const values = new Float64Array(n * c);
  for (let p = 0; p < n; p++) {
    for (let k = 0; k < c; k++) {
      const src = feed.colourOrder === 'BGR' ? 2 - k : k;
      const v = data[p * c + src] * perChannel(feed.scale, k) + perChannel(feed.offset, k);
      values[feed.layout === 'NCHW' ? k * n + p : p * c + k] = v;
    }
  }
  const shape = feed.layout === 'NCHW' ? [1, c, height, width] : [1, height, width, c];
  const out = feed.dtype === 'float32' ? Float32Array.from(values) : feed.dtype === 'int32' ? Int32Array.from(values, Math.round) : Uint8Array.from(values, Math.round);
  return { data: out, shape };
}

/** Mono 16-bit PCM samples of a sample .wav, with its sample rate. */
export function readWav(file: string): { samples: Int16Array; sampleRateHz: number } {
  return parseWav(new Uint8Array(readFileSync(path.join(SAMPLES_DIR, file))), file);
}

/** A clip as int16-valued floats, checked against the feed's sample rate. */
export function audioClip(file: string, sampleRateHz: number): Float32Array {
  const wav = readWav(file);
  if (wav.sampleRateHz !== sampleRateHz) throw new Error(`${file}: ${wav.sampleRateHz} Hz, the recipe expects ${sampleRateHz} Hz`);
  return Float32Array.from(wav.samples);
}

/** Every full window of a clip (after `leadInSamples` of silence), scaled; [1, windowSamples] each. */
export function audioWindows(file: string, feed: AudioFeed): Tensor[] {
  const clip = audioClip(file, feed.sampleRateHz);
  const all = new Float32Array(feed.leadInSamples + clip.length);
  all.set(clip, feed.leadInSamples);
  const out: Tensor[] = [];
  for (let at = 0; at + feed.windowSamples <= all.length; at += feed.hopSamples) {
    out.push({ data: Float32Array.from(all.subarray(at, at + feed.windowSamples), (v) => v * feed.scale), shape: [1, feed.windowSamples] });
  }
  return out;
}

/**
 * The crop of calibration image i: the first `sourceCount` are whole sources
 * (files, then regions), later ones square-ish random crops (side ≥ minCrop)
 * of source i mod n.
 */
export function calibrationCrops(sourceCount: number, count: number, seed: number, minCrop: number): { source: number; crop?: Crop }[] {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    if (i < sourceCount) return { source: i };
    const w = minCrop + (1 - minCrop) * rand();
    const h = minCrop + (1 - minCrop) * rand();
    return { source: i % sourceCount, crop: { left: (1 - w) * rand(), top: (1 - h) * rand(), width: w, height: h } };
  });
}

/** `count` items of `all` picked without replacement by a seeded shuffle (all of them when fewer), in original order. */
export function seededPick<T>(all: T[], count: number, seed: number): T[] {
  if (count >= all.length) return all;
  const rand = seededRandom(seed);
  const idx = all.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, count).sort((a, b) => a - b).map((i) => all[i]);
}
