// Node: an image file → its RGBA pixels at full size, as /byom's browser side
// decodes it (lib/inspect/byom/pixels decodeImageRgba): no colour management,
// straight alpha, EXIF orientation applied. Resizing is not done here: the
// shared lib/inspect/byom/pixels feedImage does it, the same on both sides.

import { readFileSync, statSync } from 'node:fs';
import sharp, { type OutputInfo } from 'sharp';
import type { RgbaImage } from '../../lib/engines/preprocess';

export class ImageFileError extends Error {}

export interface DecodedImage {
  /** The file's bytes (hashed into the recipe). */
  bytes: Uint8Array;
  rgba: RgbaImage;
}

export async function decodeImageFile(file: string): Promise<DecodedImage> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new ImageFileError(`calibration image ${file} does not exist`);
  }
  if (size === 0) throw new ImageFileError(`calibration image ${file} is empty (0 bytes)`);
  const bytes = new Uint8Array(readFileSync(file));
  let raw: { data: Buffer; info: OutputInfo };
  try {
    raw = await sharp(bytes, { ignoreIcc: true, autoOrient: true }).raw().toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new ImageFileError(`calibration image ${file} could not be read as an image (${(err as Error).message}); use PNG or JPEG`);
  }
  const { data, info } = raw;
  const n = info.width * info.height;
  const c = info.channels;
  if (c < 1 || c > 4) throw new ImageFileError(`calibration image ${file} has ${c} channels; expected grey, grey+alpha, RGB or RGBA`);
  // sharp hands 16-bit files over as 16-bit samples; browsers keep the high byte of each.
  const bytesPerSample = data.length / (n * c);
  if (bytesPerSample !== 1 && bytesPerSample !== 2) throw new ImageFileError(`calibration image ${file}: ${data.length} bytes of pixels for ${n} pixels × ${c} channels`);
  const sample = bytesPerSample === 2 ? (i: number) => data.readUInt16LE(i * 2) >> 8 : (i: number) => data[i];
  const out = new Uint8ClampedArray(n * 4);
  for (let p = 0; p < n; p++) {
    const at = p * c;
    const grey = c <= 2;
    out[p * 4] = sample(at);
    out[p * 4 + 1] = sample(grey ? at : at + 1);
    out[p * 4 + 2] = sample(grey ? at : at + 2);
    out[p * 4 + 3] = c === 2 ? sample(at + 1) : c === 4 ? sample(at + 3) : 255;
  }
  return { bytes, rgba: { width: info.width, height: info.height, data: out } };
}
