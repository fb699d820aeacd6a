import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { recipeSchema, type TrainSource } from '../../lib/catalogue/recipe-schema';
import { seededRandom } from '../../lib/util/seeded-random';
import { ROOT } from '../catalogue/load-recipes';
import { learningRateAt, loadDataset, shiftCells, stratifiedSplit, wasmBackend } from './train';

// The trainer's data handling, schedule, augmentation and the wasm filter
// gradient (training itself is exercised by the build, which asserts the
// recipe's test accuracy, and by lib/tasks/image-classification's test).

const RECIPE = 'recipes/vision/image-classification/digits-cnn/recipe.json';
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

describe('training schedule and augmentation', () => {
  it('decays the learning rate geometrically from learningRate to finalLearningRate', () => {
    const hyper = { ...source.hyper, epochs: 5, learningRate: 0.01, finalLearningRate: 0.0001 };
    const rates = Array.from({ length: 5 }, (_, e) => learningRateAt(hyper, e));
    [0.01, 0.00316228, 0.001, 0.000316228, 0.0001].forEach((r, e) => expect(rates[e]).toBeCloseTo(r, 8));
    expect(learningRateAt({ ...hyper, finalLearningRate: undefined }, 3)).toBe(0.01);
  });

  it('shifts each cell by whole pixels within the range, filling with 0, reproducibly', () => {
    // Two 4×3 cells with distinct values 1..12 and 101..112.
    const src = Float32Array.from({ length: 24 }, (_, i) => (i < 12 ? i + 1 : i - 12 + 101));
    // shiftCells draws two numbers per cell (x then y), so the same stream gives the expected offsets.
    const draw = seededRandom(5);
    const offsets = [0, 1].map(() => [Math.floor(draw() * 3) - 1, Math.floor(draw() * 3) - 1]);
    expect(offsets.some(([dx, dy]) => dx !== 0 || dy !== 0)).toBe(true);
    const dst = new Float32Array(24).fill(-1);
    shiftCells(src, dst, [4, 3], 1, seededRandom(5));
    offsets.forEach(([dx, dy], k) => {
      for (let y = 0; y < 3; y++) for (let x = 0; x < 4; x++) {
        const sx = x - dx;
        const sy = y - dy;
        const want = sx >= 0 && sx < 4 && sy >= 0 && sy < 3 ? src[k * 12 + sy * 4 + sx] : 0;
        expect(dst[k * 12 + y * 4 + x]).toBe(want);
      }
    });
    const again = new Float32Array(24);
    shiftCells(src, again, [4, 3], 1, seededRandom(5));
    expect(again).toEqual(dst);
    const still = new Float32Array(24);
    shiftCells(src, still, [4, 3], 0, seededRandom(5));
    expect(still).toEqual(src);
  });
});

describe('wasm Conv2DBackpropFilter', () => {
  it("matches the cpu backend's filter gradient (valid and same padding, strides 1 and 2)", async () => {
    const rand = seededRandom(3);
    const x = Float32Array.from({ length: 2 * 9 * 9 * 3 }, () => rand() * 2 - 1);
    const w = Float32Array.from({ length: 3 * 3 * 3 * 4 }, () => rand() * 2 - 1);
    const cases: [1 | 2, 'valid' | 'same'][] = [[1, 'valid'], [1, 'same'], [2, 'valid'], [2, 'same']];
    const gradients = async (): Promise<Float32Array[]> => {
      const out: Float32Array[] = [];
      for (const [stride, pad] of cases) {
        const g = tf.tidy(() => {
          const xs = tf.tensor4d(x, [2, 9, 9, 3]);
          // A loss that weights every output differently, so every dy value matters.
          return tf.grad((f: tf.Tensor) => {
            const y = tf.conv2d(xs, f as tf.Tensor4D, stride, pad);
            return y.mul(tf.range(1, y.size + 1).reshape(y.shape).div(y.size)).sum();
          })(tf.tensor4d(w, [3, 3, 3, 4]));
        });
        out.push(Float32Array.from(await g.data()));
        g.dispose();
      }
      return out;
    };
    await tf.setBackend('cpu');
    const cpu = await gradients();
    expect(await wasmBackend()).toMatch(/^tfjs-wasm /);
    expect(tf.getBackend()).toBe('wasm');
    const wasm = await gradients();
    cpu.forEach((c, i) => {
      const scale = Math.max(...c.map(Math.abs));
      expect(scale).toBeGreaterThan(0.1);
      c.forEach((v, j) => expect(Math.abs(wasm[i][j] - v), `${cases[i].join(' ')} [${j}]`).toBeLessThan(1e-5 * scale + 1e-6));
    });
  });
});
