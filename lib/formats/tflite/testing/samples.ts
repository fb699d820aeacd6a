// Real inputs for runtime tests, read from the repo's sample files only
// (public/samples). Node-only: sharp decodes and resizes images.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

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
  const buf = readFileSync(path.join(SAMPLES_DIR, 'audio', file));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  // Walk RIFF chunks to "data"; headers vary in length (LIST chunks and the like).
  let pos = 12;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('ascii', pos, pos + 4);
    const size = view.getUint32(pos + 4, true);
    if (id === 'fmt ') {
      const channels = view.getUint16(pos + 10, true);
      const bits = view.getUint16(pos + 22, true);
      if (channels !== 1 || bits !== 16) throw new Error(`${file}: expected mono 16-bit PCM, got ${channels} ch ${bits} bit`);
    }
    if (id === 'data') {
      const n = Math.floor(size / 2);
      const out = new Int16Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt16(pos + 8 + i * 2, true);
      return out;
    }
    pos += 8 + size + (size & 1);
  }
  throw new Error(`${file}: no data chunk`);
}

/** Deterministic data in [lo, hi) (mulberry32), for inputs no sample file fits. */
export function seededFloats(n: number, seed: number, lo = 0, hi = 1): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}
