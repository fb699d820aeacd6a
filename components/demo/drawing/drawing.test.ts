// The drawing pad's arithmetic on the real sheet and the real network:
// measureGlyphStyle on OpenCV's digits.png (public/samples), rasteriseGlyph
// on hand-written polylines, and the digits-cnn fp32 artifact the zoo built
// (public/artifacts) run by our executor on the cells it makes, read back the
// way the browser reads them (lib/engines imageToTensor on the recipe's feed).

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalogue } from '@/lib/catalogue/manifest';
import { recipeSchema, type Recipe } from '@/lib/catalogue/recipe-schema';
import { imageToTensor } from '@/lib/engines/preprocess';
import { createExecutor, type Executor } from '@/lib/exec';
import { loadModel } from '@/lib/ir/load';
import { drawableSheetOf, drawingStyleOf } from './drawing-style-of';
import { measureGlyphStyle, type GlyphStyle } from './glyph-style';
import { greyToRgba, rasteriseGlyph, type Stroke } from './rasterise-glyph';
import { DRAWN_DIGITS } from './testing/drawn-digits';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const KEY = 'vision/image-classification/digits-cnn';
const readRecipe = (dir: string): Recipe => recipeSchema.parse(JSON.parse(readFileSync(path.join(ROOT, 'recipes', dir, 'recipe.json'), 'utf8')));
const recipe = readRecipe(KEY);

let style: GlyphStyle;
let exec: Executor;
let inputName: string;

beforeAll(async () => {
  const measured = await drawingStyleOf(recipe, ROOT);
  if (!measured) throw new Error('digits-cnn gets no drawing pad');
  style = measured;
  const catalogue = JSON.parse(readFileSync(path.join(ROOT, 'zoo/catalogue.json'), 'utf8')) as Catalogue;
  const artifact = catalogue.models[KEY]?.conversion?.built.graphs[0].artifacts.find((a) => a.variant === 'fp32');
  const file = artifact && path.join(ROOT, 'public', artifact.href);
  if (!artifact || !file || !existsSync(file)) throw new Error('the digits-cnn fp32 artifact is missing: run `npm run zoo` first');
  const bytes = new Uint8Array(readFileSync(file));
  exec = await createExecutor(loadModel({ entry: 'model.tflite', format: 'tflite', readFile: () => bytes }), { backend: 'wasm' });
  inputName = artifact.inputs[0].name;
});

afterAll(() => exec?.dispose());

/** Top-1 digit and its probability for drawn strokes, through the recipe's own image feed. */
async function classify(strokes: Stroke[]): Promise<{ digit: number; p: number }> {
  const cell = rasteriseGlyph(strokes, style);
  if (!cell) throw new Error('nothing drawn');
  const feed = recipe.conversion?.graphs[0].inputs[0].feed;
  if (feed?.kind !== 'image') throw new Error('digits-cnn has no image feed');
  const input = imageToTensor({ width: cell.width, height: cell.height, data: greyToRgba(cell) }, feed, inputName);
  const out = Object.values((await exec.run({ [inputName]: { data: input.data, shape: input.shape } })).outputs)[0];
  const probs = Array.from(out.data as Float32Array);
  const digit = probs.indexOf(Math.max(...probs));
  return { digit, p: probs[digit] };
}

describe('the glyph style of OpenCV digits.png', () => {
  it('is white strokes on black, about 15 px tall in a 20×20 cell, centred by mass, strokes about 2 px wide', () => {
    expect(style.cell).toEqual([20, 20]);
    expect([style.background, style.ink]).toEqual([0, 255]);
    expect(style.glyphSize).toBeGreaterThanOrEqual(14);
    expect(style.glyphSize).toBeLessThanOrEqual(16);
    // The centre of mass sits a little right of and below the cell's middle (10, 10), as the sheet's author placed them.
    expect(style.centre[0]).toBeCloseTo(10.36, 1);
    expect(style.centre[1]).toBeCloseTo(10.34, 1);
    expect(style.strokeWidth).toBeGreaterThan(1.7);
    expect(style.strokeWidth).toBeLessThan(2.6);
  });

  it('decides which recipes get a pad from their data: digits-cnn yes, a greyscale face classifier no', () => {
    expect(drawableSheetOf(recipe)).toEqual({ file: 'images/digits.png', cell: [20, 20] });
    const emotion = readRecipe('vision/facial-expression/emotion');
    expect(drawableSheetOf(emotion)).toEqual({ none: 'the task is facial-expression, not image-classification' });
    expect(drawableSheetOf({ ...emotion, task: 'image-classification' })).toEqual({ none: 'the model was not trained here on a sheet of cells' });
    const feed = recipe.conversion?.graphs[0].inputs[0].feed;
    if (feed?.kind !== 'image') throw new Error('digits-cnn has no image feed');
    const withInput = (f: typeof feed): Recipe => ({ ...recipe, conversion: recipe.conversion && { ...recipe.conversion, graphs: [{ ...recipe.conversion.graphs[0], inputs: [{ name: 'input', feed: f }] }] } });
    expect(drawableSheetOf(withInput({ ...feed, colourOrder: 'RGB' }))).toEqual({ none: 'the input is RGB, not greyscale' });
    expect(drawableSheetOf(withInput({ ...feed, size: [28, 28] }))).toEqual({ none: "the input is 28×28 px, the sheet's cells 20×20" });
  });

  it('reads a dark-on-light sheet as such', () => {
    const cell = rasteriseGlyph(DRAWN_DIGITS[1], style);
    if (!cell) throw new Error('nothing drawn');
    const inverted = measureGlyphStyle({ width: 20, height: 20, data: Uint8Array.from(cell.data, (v) => 255 - v), cell: [20, 20] });
    expect([inverted.background, inverted.ink]).toEqual([255, 0]);
  });

  it('names a sheet that holds no cells', () => {
    expect(() => measureGlyphStyle({ width: 10, height: 10, data: new Uint8Array(100), cell: [20, 20] })).toThrow('a 10×10 sheet of 100 bytes holds no 20×20 cells');
    expect(() => measureGlyphStyle({ width: 20, height: 20, data: new Uint8Array(400), cell: [20, 20] })).toThrow('the sheet has no ink');
  });
});

describe('rasteriseGlyph', () => {
  it('draws hand-drawn digits the way the sheet draws them: same size, centre and stroke width (measured the same way)', () => {
    const digits = Object.values(DRAWN_DIGITS);
    const sheet = new Uint8Array(20 * 20 * digits.length);
    digits.forEach((strokes, i) => {
      const cell = rasteriseGlyph(strokes, style);
      if (!cell) throw new Error('nothing drawn');
      for (let y = 0; y < 20; y++) sheet.set(cell.data.subarray(y * 20, y * 20 + 20), (y * digits.length + i) * 20);
    });
    const drawn = measureGlyphStyle({ width: 20 * digits.length, height: 20, data: sheet, cell: [20, 20] });
    console.log(`sheet: size ${style.glyphSize}, centre (${style.centre.map((v) => v.toFixed(2)).join(', ')}), stroke ${style.strokeWidth.toFixed(2)}; drawn: size ${drawn.glyphSize}, centre (${drawn.centre.map((v) => v.toFixed(2)).join(', ')}), stroke ${drawn.strokeWidth.toFixed(2)}`);
    expect(Math.abs(drawn.glyphSize - style.glyphSize)).toBeLessThanOrEqual(1);
    expect(Math.abs(drawn.centre[0] - style.centre[0])).toBeLessThan(0.3);
    expect(Math.abs(drawn.centre[1] - style.centre[1])).toBeLessThan(0.3);
    expect(Math.abs(drawn.strokeWidth - style.strokeWidth) / style.strokeWidth).toBeLessThan(0.2);
    expect(drawn.ink).toBe(255);
  });

  it('gives the same cell however large and wherever the digit was drawn', () => {
    const seven = DRAWN_DIGITS[7];
    const moved = seven.map((s) => s.map((p) => ({ x: p.x * 3 + 40, y: p.y * 3 - 7 })));
    expect(Array.from(rasteriseGlyph(moved, style)?.data ?? [])).toEqual(Array.from(rasteriseGlyph(seven, style)?.data ?? []));
  });

  it('returns nothing for no strokes and names a point that is not a number', () => {
    expect(rasteriseGlyph([], style)).toBeUndefined();
    expect(rasteriseGlyph([[]], style)).toBeUndefined();
    expect(() => rasteriseGlyph([[{ x: 0, y: Number.NaN }]], style)).toThrow('a stroke point is not a finite number: (0, NaN)');
  });

  it('makes cells the trained network reads as the digits drawn (fp32 artifact, our executor)', async () => {
    const reads: string[] = [];
    for (const [label, strokes] of Object.entries(DRAWN_DIGITS)) {
      const { digit, p } = await classify(strokes);
      reads.push(`${label}→${digit} (${p.toFixed(2)})`);
      expect(digit, reads.join(', ')).toBe(Number(label));
      expect(p, reads.join(', ')).toBeGreaterThan(0.5);
    }
    console.log(`drawn digits read by digits-cnn fp32: ${reads.join(', ')}`);
  });
});
