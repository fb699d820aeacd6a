// The digit decoder on the real trained network: the recipe's graph as
// scripts/zoo/train.ts writes it (reused from .cache/zoo/trained after a zoo
// build, trained here otherwise: about two minutes), run by our executor on
// real test-split digits cut from digits.png, each input built as the browser
// builds it (the recipe's image feed: drawIntoFeed + imageToTensor).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTrained, stratifiedSplit, TRAINED_FILES } from '../../../scripts/zoo/train';
import { recipeSchema, type Recipe } from '../../catalogue/recipe-schema';
import { imageToTensor, type RgbaImage } from '../../engines/preprocess';
import type { EngineTensor } from '../../engines/types';
import { createExecutor, type Executor } from '../../exec';
import { REPO_ROOT } from '../../exec/testing/catalogue';
import { loadModel } from '../../ir/load';
import { drawIntoFeed, recipeFeed } from '../testing/recipe-runner';
import { DEFAULT_TASK_OPTIONS, type DecodeContext, type TaskResult } from '../types';
import { DIGIT_LABELS } from './digits';
import { decoders } from './index';

const RECIPE_DIR = 'vision/image-classification/digits-cnn';
/** Test-split digits read per class (100 in all). */
const PER_DIGIT = 10;
/** The recipe's gate is 97 % on all 1,000 test digits; on these 100 at most 4 may be wrong. */
const MIN_ACCURACY = 0.96;

const recipe: Recipe = recipeSchema.parse(JSON.parse(readFileSync(path.join(REPO_ROOT, 'recipes', RECIPE_DIR, 'recipe.json'), 'utf8')));
const decode = decoders['digits-cnn'];
let exec: Executor;

beforeAll(async () => {
  const { dir } = await ensureTrained(recipe);
  const bytes = new Uint8Array(readFileSync(path.join(dir, TRAINED_FILES.tflite)));
  const model = loadModel({ entry: TRAINED_FILES.tflite, format: 'tflite', readFile: () => bytes });
  exec = await createExecutor(model, { backend: 'wasm' });
}, 600_000);

afterAll(() => exec?.dispose());

/** The digits.png cells of the recipe's test split: the first PER_DIGIT of each digit, as (row, column, digit). */
function testCells(): { row: number; column: number; digit: number }[] {
  if (recipe.source.kind !== 'train') throw new Error(`${RECIPE_DIR} is not a trained recipe`);
  const { layout } = recipe.source.dataset;
  const labels = Array.from({ length: layout.rows * layout.columns }, (_, k) => Math.floor(Math.floor(k / layout.columns) / layout.rowsPerClass));
  const { test } = stratifiedSplit(labels, recipe.source.split.testFraction, recipe.source.split.seed);
  return DIGIT_LABELS.flatMap((_, digit) => test.filter((k) => labels[k] === digit).slice(0, PER_DIGIT).map((k) => ({ row: Math.floor(k / layout.columns), column: k % layout.columns, digit })));
}

/** One 20×20 cell of the sheet as the browser's canvas holds it (RGBA). */
async function cellFrame(row: number, column: number): Promise<RgbaImage> {
  const { data, info } = await sharp(path.join(REPO_ROOT, 'public/samples/images/digits.png'))
    .extract({ left: column * 20, top: row * 20, width: 20, height: 20 })
    .toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 4) throw new Error(`expected RGBA, got ${info.channels} channels`);
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

async function classify(frame: RgbaImage, options: Partial<DecodeContext['options']> = {}): Promise<{ result: TaskResult; outputs: EngineTensor[]; ctx: DecodeContext }> {
  const { inputName, feed } = recipeFeed(RECIPE_DIR);
  const input = imageToTensor(await drawIntoFeed(frame, feed), feed, inputName);
  const run = await exec.run({ [inputName]: { data: input.data, shape: input.shape } });
  const outputs = Object.entries(run.outputs).map(([name, o]): EngineTensor => ({ name, shape: o.shape, dtype: o.dtype, data: o.data }));
  const ctx: DecodeContext = { frame: { width: frame.width, height: frame.height }, feed, options: { ...DEFAULT_TASK_OPTIONS, ...options } };
  return { result: decode(outputs, ctx), outputs, ctx };
}

function classes(r: TaskResult) {
  if (r.kind !== 'classes') throw new Error(`expected classes, got ${r.kind}`);
  return r.classes;
}

describe('digits-cnn decoder', () => {
  it('reads test-split digits from the sheet: all ten labels, sorted, summing to 1, and the right digit on top', async () => {
    const cells = testCells();
    expect(cells).toHaveLength(10 * PER_DIGIT);
    const wrong: string[] = [];
    for (const c of cells) {
      const all = classes((await classify(await cellFrame(c.row, c.column), { scoreThreshold: 0, maxResults: 10 })).result);
      expect(all.map((x) => x.label).sort()).toEqual([...DIGIT_LABELS]);
      for (let i = 1; i < all.length; i++) expect(all[i - 1].score).toBeGreaterThanOrEqual(all[i].score);
      expect(all.reduce((s, x) => s + x.score, 0)).toBeCloseTo(1, 4);
      if (all[0].label !== String(c.digit)) wrong.push(`r${c.row}c${c.column}: ${c.digit} read as ${all[0].label}`);
    }
    expect(1 - wrong.length / cells.length, wrong.join('; ')).toBeGreaterThanOrEqual(MIN_ACCURACY);
  });

  it('keeps only classes above the score threshold, at most maxResults', async () => {
    // The first test-split 7 (a confident read: one class above 0.5, the default threshold).
    const seven = testCells().find((c) => c.digit === 7);
    if (!seven) throw new Error('no 7 in the test split');
    const frame = await cellFrame(seven.row, seven.column);
    const top = classes((await classify(frame)).result);
    expect(top).toHaveLength(1);
    expect(top[0].label).toBe('7');
    expect(top[0].score).toBeGreaterThan(0.5);
    expect(classes((await classify(frame, { scoreThreshold: 0, maxResults: 3 })).result)).toHaveLength(3);
  });

  it('treats an output that is not a distribution as logits (softmax)', async () => {
    const frame = await cellFrame(testCells()[0].row, testCells()[0].column);
    const { outputs, ctx } = await classify(frame, { scoreThreshold: 0, maxResults: 10 });
    const probs = classes(decode(outputs, ctx));
    // log p is a set of logits of p (softmax(log p) = p); shifted by 3 so it is no distribution.
    const logits = outputs.map((o) => ({ ...o, data: Float32Array.from(o.data as Float32Array, (p) => Math.log(Math.max(p, 1e-30)) + 3) }));
    const fromLogits = classes(decode(logits, ctx));
    expect(fromLogits.map((c) => c.label)).toEqual(probs.map((c) => c.label));
    fromLogits.forEach((c, i) => expect(c.score).toBeCloseTo(probs[i].score, 5));
  });

  it('names what is wrong with an output it cannot read', async () => {
    const frame = await cellFrame(0, 0);
    const { outputs, ctx } = await classify(frame);
    expect(() => decode([{ name: 'scores', shape: [1, 7], dtype: 'float32', data: new Float32Array(7) }], ctx)).toThrow(/10-value float32 output; got scores float32 \[1, 7\]/);
    expect(() => decode([{ ...outputs[0], dtype: 'int8', data: new Int8Array(10) }], ctx)).toThrow(/10-value float32 output/);
    const nan = Float32Array.from(outputs[0].data as Float32Array);
    nan[3] = Number.NaN;
    expect(() => decode([{ ...outputs[0], data: nan }], ctx)).toThrow(/non-finite value \(NaN\)/);
  });
});
