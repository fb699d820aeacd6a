import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../engines/preprocess';
import { feedImage, flattenOnBlack, resizeRgba } from './pixels';

// The calibration pixel path /byom and `npx zoo quantize` share: exact
// integer alpha flattening, a resize with known values on small cases and
// close to libvips' bilinear on real photos, letterbox bars where fitRect
// puts them.

const rgba = (width: number, height: number, px: number[][]): RgbaImage => ({ width, height, data: Uint8ClampedArray.from(px.flat()) });
const rgbOf = (img: RgbaImage) => Array.from({ length: img.width * img.height }, (_, p) => [img.data[p * 4], img.data[p * 4 + 1], img.data[p * 4 + 2]]);

describe('flattenOnBlack', () => {
  it('is round(c × a / 255) for every colour and alpha, with alpha set to 255', () => {
    const px: number[][] = [];
    for (let a = 0; a < 256; a++) for (let c = 0; c < 256; c += 5) px.push([c, 255 - c, c >> 1, a]);
    const flat = flattenOnBlack(rgba(px.length, 1, px));
    px.forEach(([r, g, b, a], i) => {
      expect([flat.data[i * 4], flat.data[i * 4 + 1], flat.data[i * 4 + 2], flat.data[i * 4 + 3]]).toEqual([Math.round((r * a) / 255), Math.round((g * a) / 255), Math.round((b * a) / 255), 255]);
    });
  });

  it('names a data length that does not fit the size', () => {
    expect(() => flattenOnBlack({ width: 2, height: 2, data: new Uint8Array(12) })).toThrow('image data has 12 bytes, 2×2 RGBA needs 16');
  });
});

describe('resizeRgba', () => {
  it('keeps an image at its own size and a flat image flat', () => {
    const px = Array.from({ length: 12 }, (_, i) => [i * 20, 255 - i * 20, i, 255]);
    expect(rgbOf(resizeRgba(rgba(4, 3, px), 4, 3))).toEqual(px.map((p) => p.slice(0, 3)));
    const flat = resizeRgba(rgba(7, 5, Array.from({ length: 35 }, () => [13, 200, 77, 255])), 3, 11);
    expect(new Set(rgbOf(flat).map((p) => p.join()))).toEqual(new Set(['13,200,77']));
  });

  it('interpolates between pixel centres when enlarging (0, 255 → 0, 64, 191, 255)', () => {
    const out = resizeRgba(rgba(2, 1, [[0, 0, 0, 255], [255, 255, 255, 255]]), 4, 1);
    expect(rgbOf(out).map((p) => p[0])).toEqual([0, 64, 191, 255]);
  });

  it('averages with a widened triangle when shrinking (every pixel counts: no aliasing on a 1-pixel checkerboard)', () => {
    const px = Array.from({ length: 64 * 64 }, (_, p) => ((p % 64) + Math.floor(p / 64)) % 2 ? [255, 255, 255, 255] : [0, 0, 0, 255]);
    const out = resizeRgba(rgba(64, 64, px), 8, 8);
    for (const [r] of rgbOf(out)) expect(Math.abs(r - 127.5)).toBeLessThanOrEqual(8);
  });

  it('stays close to libvips\' bilinear resize on a photo (mean |difference| under 2 levels)', async () => {
    const file = path.resolve(import.meta.dirname, '../../../public/samples/images/chelsea.jpg');
    const { data, info } = await sharp(readFileSync(file)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const ours = resizeRgba({ width: info.width, height: info.height, data: new Uint8Array(data) }, 96, 64);
    const ref = await sharp(readFileSync(file)).resize(96, 64, { fit: 'fill', kernel: 'linear' }).ensureAlpha().raw().toBuffer();
    let sum = 0;
    for (let i = 0; i < ref.length; i++) if (i % 4 !== 3) sum += Math.abs(ours.data[i] - ref[i]);
    expect(sum / (96 * 64 * 3)).toBeLessThan(2);
  });

  it('refuses an empty target size', () => {
    expect(() => resizeRgba(rgba(1, 1, [[0, 0, 0, 255]]), 0, 4)).toThrow('cannot resize to 0×4');
  });
});

describe('feedImage', () => {
  it('letterboxes with black bars where fitRect puts the image, flattening transparency onto black', () => {
    // 4×2 half-transparent white → 4×4: rows 1 and 2 hold it, rows 0 and 3 are bars.
    const img = rgba(4, 2, Array.from({ length: 8 }, () => [255, 255, 255, 128]));
    const out = feedImage(img, { size: [4, 4], fit: 'letterbox' });
    const rows = [0, 1, 2, 3].map((y) => rgbOf(out).slice(y * 4, y * 4 + 4).map((p) => p[0]));
    expect(rows).toEqual([[0, 0, 0, 0], [128, 128, 128, 128], [128, 128, 128, 128], [0, 0, 0, 0]]);
    expect(Array.from(out.data.filter((_, i) => i % 4 === 3))).toEqual(new Array(16).fill(255));
  });

  it('stretches to the feed size', () => {
    const out = feedImage(rgba(3, 1, [[0, 0, 0, 255], [90, 90, 90, 255], [180, 180, 180, 255]]), { size: [3, 2], fit: 'stretch' });
    expect(rgbOf(out).map((p) => p[0])).toEqual([0, 90, 180, 0, 90, 180]);
  });
});
