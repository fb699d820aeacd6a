// Real inputs for runtime tests, read from the repo's sample files only
// (public/samples). Node-only: sharp decodes and resizes images.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { seededRandom } from '../../../util/seeded-random';
import { parseWav } from '../../../util/wav';

export const SAMPLES_DIR = fileURLToPath(new URL('../../../../public/samples/', import.meta.url));

export interface ImageTensorOptions {
  width: number;
  height: number;
  /** 'rgb', 'bgr' (OpenCV order) or 'gray'. */
  colors: 'rgb' | 'bgr' | 'gray';
  /** Maps a 0–255 pixel value of channel c to the model's input value. */
  normalize: (v: number, c: number) => number;
  /** 'nhwc' (default) or 'nchw'. */
  layout?: 'nhwc' | 'nchw';
}

/** Decodes a sample image, stretches it to width×height and returns normalised values in the asked layout. */
export async function imageTensor(file: string, o: ImageTensorOptions): Promise<Float32Array> {
  let img = sharp(path.join(SAMPLES_DIR, 'images', file)).removeAlpha().resize(o.width, o.height, { fit: 'fill' });
  if (o.colors === 'gray') img = img.grayscale();
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  const c = o.colors === 'gray' ? 1 : 3;
  if (info.channels !== c) throw new Error(`${file}: decoded ${info.channels} channels, expected ${c}`);
  const n = o.width * o.height;
  const out = new Float32Array(n * c);
  for (let p = 0; p < n; p++) {
    for (let k = 0; k < c; k++) {
      const src = o.colors === 'bgr' ? 2 - k : k;
      const v = o.normalize(data[p * c + src], k);
      out[o.layout === 'nchw' ? k * n + p : p * c + k] = v;
    }
  }
  return out;
}

/** 16-bit PCM samples of a mono sample .wav (the samples' README says 16 kHz mono int16). */
export function wavSamples(file: string): Int16Array {
  return parseWav(new Uint8Array(readFileSync(path.join(SAMPLES_DIR, 'audio', file))), file).samples;
}

/** Deterministic data in [lo, hi), for inputs no sample file fits. */
export function seededFloats(n: number, seed: number, lo = 0, hi = 1): Float32Array {
  const rand = seededRandom(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * rand());
}
