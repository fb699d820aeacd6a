// PP-OCRv4's DB detector decoded on real images: the source model runs through
// the browser's TF.js engine on the recipe's feed (640×640), and the boxes
// must sit on the printed lines of text-page.png (measured in
// known-regions.ts), nowhere in its margins, and on no text-free photo.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageFeed } from '../../catalogue/recipe-schema';
import { KNOWN_REGIONS } from '../testing/known-regions';
import { loadRecipeEngine, runEngine, type RecipeEngine } from '../testing/engine-runner';
import { loadFrame } from '../testing/recipe-runner';
import type { Detection, TaskResult } from '../types';
import { decodeDbText } from './db';
import { decoders } from './index';

const detectionsOf = (r: TaskResult): Detection[] => {
  if (r.kind !== 'detections') throw new Error(`expected detections, got ${r.kind}`);
  return r.detections;
};

// PaddleOCR's box_thresh.
const OPTIONS = { scoreThreshold: 0.6, maxResults: 1000 };

describe('DB decoding of a hand-made probability map', () => {
  const feed: ImageFeed = { kind: 'image', size: [64, 32], fit: 'letterbox', colourOrder: 'BGR', scale: [1], offset: [0], layout: 'NCHW', dtype: 'float32' };
  // A 128×32 frame letterboxed into 64×32 lands at y 8…24 (scale 0.5).
  const ctx = { frame: { width: 128, height: 32 }, feed, options: { scoreThreshold: 0.6, maxResults: 10 } };
  const map = new Float32Array(64 * 32);
  // One 20 × 4 text core at x 10…29, y 12…15 with probability 0.9, a speck of 2 × 2 and a weak blob at 0.5.
  for (let y = 12; y < 16; y++) for (let x = 10; x < 30; x++) map[y * 64 + x] = 0.9;
  for (let y = 12; y < 14; y++) for (let x = 40; x < 42; x++) map[y * 64 + x] = 0.9;
  for (let y = 18; y < 22; y++) for (let x = 45; x < 60; x++) map[y * 64 + x] = 0.5;
  const outputs = [{ name: 'sigmoid_0.tmp_0', shape: [1, 1, 32, 64], dtype: 'float32' as const, data: map }];

  it('keeps the core, unclipped and mapped to the frame; drops the speck and the weak blob', () => {
    const [d, ...rest] = detectionsOf(decodeDbText(outputs, ctx));
    expect(rest).toHaveLength(0);
    expect(d.label).toBe('text');
    expect(d.score).toBeCloseTo(0.9, 6);
    // Pixel-centre rectangle 19 × 3 at x 10.5…29.5, y 12.5…15.5; unclip offset 57 × 1.5 / 44 = 1.943…
    const off = (19 * 3 * 1.5) / (2 * 22);
    expect(d.box.x0 * 128).toBeCloseTo((10.5 - off) * 2, 6);
    expect(d.box.x1 * 128).toBeCloseTo((29.5 + off) * 2, 6);
    expect(d.box.y0 * 32).toBeCloseTo((12.5 - off - 8) * 2, 6);
    expect(d.box.y1 * 32).toBeCloseTo((15.5 + off - 8) * 2, 6);
    expect(d.quad?.[0]).toEqual({ x: d.box.x0, y: d.box.y0 });
    expect(d.quad?.[2]).toEqual({ x: d.box.x1, y: d.box.y1 });
  });

  it('rejects an output that is not the feed-sized map', () => {
    expect(() => decodeDbText([{ name: 'x', shape: [1, 1, 16, 16], dtype: 'float32', data: new Float32Array(256) }], ctx)).toThrow(/32×64 probability map/);
  });
});

describe('ppocr-v4-det on sample images', () => {
  let re: RecipeEngine;
  beforeAll(async () => {
    re = await loadRecipeEngine('text/text-detection/ppocr-v4-det');
  });
  afterAll(() => re?.engine.dispose());

  it('text-page.png: one box per printed line, none in the margins', async () => {
    const frame = await loadFrame('text-page.png');
    const { textBlock, lineInk } = KNOWN_REGIONS['text-page.png'];
    const { outputs, ctx } = await runEngine(re, frame, OPTIONS);
    const dets = detectionsOf(decoders['ppocr-v4-det'](outputs, ctx));
    const px = dets.map((d) => ({ x0: d.box.x0 * frame.width, y0: d.box.y0 * frame.height, x1: d.box.x1 * frame.width, y1: d.box.y1 * frame.height, score: d.score }));
    console.log(`text-page.png: ${dets.length} boxes\n  ${px.map((b) => `${b.score.toFixed(2)} [${b.x0.toFixed(1)}, ${b.y0.toFixed(1)}, ${b.x1.toFixed(1)}, ${b.y1.toFixed(1)}]`).join('\n  ')}`);

    expect(dets).toHaveLength(lineInk.length);
    for (const d of dets) {
      expect(d.label).toBe('text');
      expect(d.score).toBeGreaterThanOrEqual(OPTIONS.scoreThreshold);
      expect(d.quad).toHaveLength(4);
    }
    // Margins: every box stays within the text block grown by 4 px (unclipping reaches past the ink a little).
    for (const b of px) {
      expect(b.x0).toBeGreaterThanOrEqual(textBlock.x0 - 4);
      expect(b.y0).toBeGreaterThanOrEqual(textBlock.y0 - 4);
      expect(b.x1).toBeLessThanOrEqual(textBlock.x1 + 4);
      expect(b.y1).toBeLessThanOrEqual(textBlock.y1 + 4);
    }
    // Lines, in reading order: the box's middle within 3 px of the line's ink middle, its height the ink's ±4 px.
    px.forEach((b, i) => {
      const [top, bottom] = lineInk[i];
      expect(Math.abs((b.y0 + b.y1) / 2 - (top + bottom) / 2), `line ${i + 1}`).toBeLessThanOrEqual(3);
      expect(Math.abs(b.y1 - b.y0 - (bottom - top + 1)), `line ${i + 1}`).toBeLessThanOrEqual(4);
      // Every line starts at the text's left edge or at a paragraph indent (~20 px in).
      expect(b.x0, `line ${i + 1}`).toBeLessThanOrEqual(textBlock.x0 + 25);
    });
    // Full lines reach the right edge of the justified text block; the short last lines of paragraphs (1, 11, 13) do not.
    const full = px.filter((b) => b.x1 >= textBlock.x1 - 6);
    expect(full).toHaveLength(10);
  });

  it('messi5.jpg: only the watermark is text', async () => {
    const frame = await loadFrame('messi5.jpg');
    const w = KNOWN_REGIONS['messi5.jpg'].watermark;
    const { outputs, ctx } = await runEngine(re, frame, OPTIONS);
    const dets = detectionsOf(decoders['ppocr-v4-det'](outputs, ctx));
    expect(dets.length).toBeGreaterThanOrEqual(1);
    for (const d of dets) {
      expect(d.box.x0 * frame.width).toBeGreaterThanOrEqual(w.x0);
      expect(d.box.y0 * frame.height).toBeGreaterThanOrEqual(w.y0);
      expect(d.box.x1 * frame.width).toBeLessThanOrEqual(w.x1);
      expect(d.box.y1 * frame.height).toBeLessThanOrEqual(w.y1);
    }
  });

  it('fruits.jpg: no text at all', async () => {
    const frame = await loadFrame('fruits.jpg');
    const { outputs, ctx } = await runEngine(re, frame, OPTIONS);
    expect(detectionsOf(decoders['ppocr-v4-det'](outputs, ctx))).toHaveLength(0);
  });

  it('maxResults keeps the best-scoring lines', async () => {
    const frame = await loadFrame('text-page.png');
    const { outputs, ctx } = await runEngine(re, frame, OPTIONS);
    const all = detectionsOf(decodeDbText(outputs, ctx));
    const three = detectionsOf(decodeDbText(outputs, { ...ctx, options: { ...OPTIONS, maxResults: 3 } }));
    expect(three).toHaveLength(3);
    const best = [...all].sort((a, b) => b.score - a.score).slice(0, 3);
    expect(three.map((d) => d.score).sort()).toEqual(best.map((d) => d.score).sort());
    // Still in reading order: top to bottom.
    expect(three.map((d) => d.box.y0)).toEqual(three.map((d) => d.box.y0).sort((a, b) => a - b));
  });
});
