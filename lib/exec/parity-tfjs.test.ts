// Parity of the executor against TF.js's own GraphModel on the same backend
// (wasm in Node), for every TF.js catalogue model, on real sample images.

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExecutor } from './index';
import { loadRecipeGraph } from './testing/catalogue';
import { describeParity, parity } from './testing/compare';
import { imagePixels, normalise, toNchw } from './testing/samples';
import { loadTfjsReference, runTfjsReference } from './testing/tfjs-reference';

interface Case {
  recipe: string;
  input: string;
  dtype: 'float32' | 'int32';
  make: () => Promise<{ data: Float32Array; shape: number[] }>;
}

async function nhwc(name: string, size: [number, number], fit: 'fill' | 'contain', map: (px: Float32Array, c: number) => Float32Array, grayscale = false, bgr = false) {
  const { data, shape } = await imagePixels(name, { width: size[1], height: size[0], fit, grayscale, bgr });
  return { data: map(data, shape[2]), shape: [1, ...shape] };
}

const CASES: Case[] = [
  { recipe: 'vision/pose-estimation/movenet-lightning', input: 'input', dtype: 'int32', make: () => nhwc('basketball.jpg', [192, 192], 'contain', (p) => p) },
  { recipe: 'vision/pose-estimation/movenet-thunder', input: 'input', dtype: 'int32', make: () => nhwc('basketball.jpg', [256, 256], 'contain', (p) => p) },
  {
    recipe: 'vision/object-detection/nanodet', input: 'input_1', dtype: 'float32',
    make: async () => {
      const img = await nhwc('fruits.jpg', [416, 416], 'contain', (p, c) => normalise(p, c, [1 / 57.375, 1 / 57.12, 1 / 58.395], [-103.53 / 57.375, -116.28 / 57.12, -123.675 / 58.395]), false, true);
      return toNchw(img.data, img.shape);
    },
  },
  { recipe: 'vision/object-detection/centernet', input: 'tower_0/images', dtype: 'float32', make: () => nhwc('coffee.jpg', [512, 512], 'fill', (p) => p) },
  { recipe: 'vision/face-landmarks/facemesh', input: 'input_1', dtype: 'float32', make: () => nhwc('astronaut.jpg', [192, 192], 'fill', (p, c) => normalise(p, c, 1 / 255, 0)) },
  { recipe: 'vision/facial-expression/emotion', input: 'input_1', dtype: 'float32', make: () => nhwc('astronaut.jpg', [64, 64], 'fill', (p, c) => normalise(p, c, 2 / 255, -1), true) },
];

describe('executor parity with TF.js GraphModel (wasm)', () => {
  beforeAll(async () => {
    await import('@tensorflow/tfjs-backend-wasm');
  });
  afterAll(() => {
    tf.disposeVariables();
  });

  for (const c of CASES) {
    it(c.recipe, async () => {
      const { model, file } = loadRecipeGraph(c.recipe);
      const input = await c.make();
      const exec = await createExecutor(model, { backend: 'wasm' });
      expect(exec.backend).toBe('wasm');
      const data = c.dtype === 'int32' ? Int32Array.from(input.data) : input.data;
      const feeds = { [c.input]: { data, shape: input.shape } };
      await exec.run(feeds); // first run caches weight re-layouts (kept for the executor's life)
      const before = tf.memory().numTensors;
      const ours = await exec.run(feeds);
      expect(tf.memory().numTensors).toBe(before);

      const reference = await loadTfjsReference(file);
      const x = tf.tensor(data, input.shape, c.dtype);
      const ref = await runTfjsReference(reference, { [c.input]: x }, Object.keys(ours.outputs));
      x.dispose();
      reference.dispose();
      exec.dispose();

      const refNames = Object.keys(ref);
      expect(Object.keys(ours.outputs).sort()).toEqual(refNames.sort());
      for (const name of refNames) {
        expect(ours.outputs[name].shape).toEqual(ref[name].shape);
        const p = parity(ours.outputs[name].data, ref[name].data);
        console.log(describeParity(`${c.recipe} ${name}`, p));
        if (ref[name].data.length > 1) expect(p.range).toBeGreaterThan(0);
        expect(p.maxError).toBeLessThanOrEqual(p.tolerance);
      }
    });
  }
});
