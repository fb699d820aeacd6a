import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { recipeSchema, type TrainSource } from '../../lib/catalogue/recipe-schema';
import { ROOT } from '../catalogue/load-recipes';
import { loadDataset, stratifiedSplit } from './train';

// The trainer's data handling (training itself is exercised by the build,
// which asserts the recipe's test accuracy).

// The BYOD recipe is a draft until its network reaches the 97 % gate (see recipes-drafts/README.md).
const RECIPE = 'recipes-drafts/vision/image-classification/digits-cnn/recipe.json';
const recipe = recipeSchema.parse(JSON.parse(readFileSync(path.join(ROOT, RECIPE), 'utf8')));
const source = recipe.source as TrainSource;

describe('digits dataset', () => {
  it('parses as a trained source; existing npm recipes still parse without a kind', () => {
    expect(source.kind).toBe('train');
    const npm = recipeSchema.parse(JSON.parse(readFileSync(path.join(ROOT, 'recipes/vision/facial-expression/emotion/recipe.json'), 'utf8')));
    expect(npm.source.kind).toBe('npm');
  });

  it('slices the sheet into 5,000 labelled 20×20 cells, row-major, five rows per digit', async () => {
    const ds = await loadDataset(source.dataset);
    expect(ds.labels).toHaveLength(5000);
    expect(ds.cellSize).toEqual([20, 20]);
    for (let d = 0; d < 10; d++) expect(ds.labels.filter((l) => l === d)).toHaveLength(500);
    const sheet = await sharp(path.join(ROOT, 'public/samples', source.dataset.file)).grayscale().raw().toBuffer({ resolveWithObject: true });
    for (const [row, column, digit] of [[0, 0, 0], [4, 99, 0], [5, 0, 1], [27, 42, 5], [49, 99, 9]]) {
      const k = row * 100 + column;
      expect(ds.cells[k]).toEqual({ row, column });
      expect(ds.labels[k]).toBe(digit);
      const cell = ds.pixels.subarray(k * 400, (k + 1) * 400);
      // The cell is the sheet's 20×20 block at (row, column), and it holds a stroke.
      for (let y = 0; y < 20; y++) for (let x = 0; x < 20; x++) expect(cell[y * 20 + x]).toBe(sheet.data[(row * 20 + y) * sheet.info.width * sheet.info.channels + (column * 20 + x) * sheet.info.channels]);
      expect(Math.max(...cell)).toBeGreaterThan(128);
    }
  });

  it('splits stratified, disjoint, complete and reproducible', () => {
    const labels = Array.from({ length: 5000 }, (_, i) => Math.floor(i / 500));
    const a = stratifiedSplit(labels, source.split.testFraction, source.split.seed);
    expect(a.test).toHaveLength(1000);
    expect(a.train).toHaveLength(4000);
    for (let d = 0; d < 10; d++) expect(a.test.filter((k) => labels[k] === d)).toHaveLength(100);
    const test = new Set(a.test);
    expect(a.train.some((k) => test.has(k))).toBe(false);
    expect(new Set([...a.train, ...a.test]).size).toBe(5000);
    expect(stratifiedSplit(labels, source.split.testFraction, source.split.seed)).toEqual(a);
    expect(stratifiedSplit(labels, source.split.testFraction, source.split.seed + 1).test).not.toEqual(a.test);
  });
});
