// TFLite catalogue models: parity with the official TFLite web runtime where
// it runs them, and real-value sanity checks on sample images always.

import { describe, expect, it } from 'vitest';
import { OfficialRuntimeError, runOfficialTflite } from '../formats/tflite/testing/official-runtime';
import { inferShapes } from '../ir/infer';
import { createExecutor, type OutputTensor } from './index';
import { loadRecipeGraph } from './testing/catalogue';
import { describeParity, parity } from './testing/compare';
import { imagePixels, normalise } from './testing/samples';

async function image(name: string, size: [number, number], fit: 'fill' | 'contain', scale: number, offset: number) {
  const { data, shape } = await imagePixels(name, { width: size[1], height: size[0], fit });
  return { data: normalise(data, 3, scale, offset), shape: [1, ...shape] };
}

/** Ours on wasm, then the official runtime; parity per output, matched by tensor name (the runtime may reorder them). */
async function runBoth(recipe: string, input: { data: Float32Array; shape: number[] }) {
  const graph = loadRecipeGraph(recipe);
  const exec = await createExecutor(graph.model, { backend: 'wasm' });
  const inputName = graph.model.graphs[0].tensors.get(graph.model.graphs[0].inputs[0])?.name ?? '';
  const named = (await exec.run({ [inputName]: input })).outputs;
  const ours = Object.values(named);
  exec.dispose();
  let officialRan = false;
  try {
    const ref = await runOfficialTflite(graph.bytes, [input]);
    officialRan = true;
    expect(ref.length).toBe(ours.length);
    ref.forEach((r) => {
      const mine = named[r.name];
      expect(mine, `output ${r.name}`).toBeDefined();
      expect(mine.shape).toEqual(r.shape);
      // Single-element outputs here are probabilities: their nominal range [0, 1] sets the tolerance.
      const p = parity(mine.data, r.data, r.data.length === 1 ? 1 : undefined);
      console.log(describeParity(`${recipe} ${r.name}`, p));
      expect(p.maxError).toBeLessThanOrEqual(p.tolerance);
    });
  } catch (err) {
    if (!(err instanceof OfficialRuntimeError)) throw err;
    console.log(`${recipe}: official TFLite runtime refused the model, sanity checks only: ${err.message.split('\n')[0]}`);
  }
  return { ours, officialRan, model: graph.model };
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Best-scoring anchor's centre (normalised) for BlazeFace outputs, given its anchor grids. */
function bestFace(regressors: OutputTensor, scores: OutputTensor, grids: { size: number; perCell: number }[], inputSize: number) {
  let best = 0;
  for (let i = 1; i < scores.data.length; i++) if (scores.data[i] > scores.data[best]) best = i;
  let rest = best;
  for (const g of grids) {
    const n = g.size * g.size * g.perCell;
    if (rest < n) {
      const cell = Math.floor(rest / g.perCell);
      const ax = (cell % g.size + 0.5) / g.size;
      const ay = (Math.floor(cell / g.size) + 0.5) / g.size;
      const dx = regressors.data[best * 16] / inputSize;
      const dy = regressors.data[best * 16 + 1] / inputSize;
      return { score: sigmoid(scores.data[best]), x: ax + dx, y: ay + dy };
    }
    rest -= n;
  }
  throw new Error('anchor index out of range');
}

describe('TFLite catalogue models', () => {
  it('BlazeFace short range finds the astronaut face', async () => {
    const input = await image('astronaut.jpg', [128, 128], 'contain', 1 / 127.5, -1);
    const { ours } = await runBoth('vision/face-detection/blazeface-short-range', input);
    const face = bestFace(ours[0], ours[1], [{ size: 16, perCell: 2 }, { size: 8, perCell: 6 }], 128);
    console.log('blazeface short range best anchor', face);
    expect(face.score).toBeGreaterThan(0.5);
    // The face sits in the upper middle of astronaut.jpg.
    expect(face.x).toBeGreaterThan(0.3);
    expect(face.x).toBeLessThan(0.65);
    expect(face.y).toBeGreaterThan(0.1);
    expect(face.y).toBeLessThan(0.45);
  });

  it('BlazeFace full range finds the astronaut face', async () => {
    const input = await image('astronaut.jpg', [192, 192], 'contain', 1 / 127.5, -1);
    const { ours } = await runBoth('vision/face-detection/blazeface-full-range', input);
    const face = bestFace(ours[0], ours[1], [{ size: 48, perCell: 1 }], 192);
    console.log('blazeface full range best anchor', face);
    expect(face.score).toBeGreaterThan(0.5);
    expect(face.x).toBeGreaterThan(0.3);
    expect(face.x).toBeLessThan(0.65);
    expect(face.y).toBeGreaterThan(0.1);
    expect(face.y).toBeLessThan(0.45);
  });

  it('hand landmark lite gives finite landmarks and probabilities', async () => {
    const input = await image('chelsea.jpg', [224, 224], 'contain', 1 / 255, 0);
    const { ours } = await runBoth('vision/hand-landmarks/hand-landmark-lite', input);
    expect(ours.map((o) => o.shape)).toEqual([[1, 63], [1, 1], [1, 1], [1, 63]]);
    for (const o of ours) expect(Array.from(o.data).every(Number.isFinite)).toBe(true);
    for (const i of [1, 2]) {
      expect(ours[i].data[0]).toBeGreaterThanOrEqual(0);
      expect(ours[i].data[0]).toBeLessThanOrEqual(1);
    }
  });

  for (const [recipe, size] of [
    ['vision/semantic-segmentation/selfie-segmentation-general', [256, 256]],
    ['vision/semantic-segmentation/selfie-segmentation-landscape', [144, 256]],
  ] as const) {
    it(`${recipe.split('/').pop()} separates the astronaut from the background`, async () => {
      const input = await image('astronaut.jpg', [size[0], size[1]], 'fill', 1 / 255, 0);
      const { ours } = await runBoth(recipe, input);
      const mask = ours[0];
      expect(mask.shape).toEqual([1, size[0], size[1], 1]);
      const at = (fy: number, fx: number) => mask.data[Math.floor(fy * size[0]) * size[1] + Math.floor(fx * size[1])];
      // The astronaut's face/torso vs the top-right background.
      const person = (at(0.3, 0.45) + at(0.6, 0.4)) / 2;
      const background = at(0.05, 0.95);
      console.log(`${recipe}: person ${person.toFixed(3)} background ${background.toFixed(3)}`);
      expect(Array.from(mask.data).every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(person).toBeGreaterThan(0.5);
      expect(background).toBeLessThan(0.5);
    });
  }

  it('captures a mid-network BlazeFace Conv2D with its inferred shape', async () => {
    const { model } = loadRecipeGraph('vision/face-detection/blazeface-short-range');
    inferShapes(model);
    const g = model.graphs[0];
    const convs = g.ops.filter((op) => op.type === 'Conv2D');
    const mid = convs[Math.floor(convs.length / 2)];
    const id = mid.outputs[0];
    const expected = g.tensors.get(id)?.shape;
    expect(expected?.every((d) => d > 0)).toBe(true);
    const exec = await createExecutor(model, { backend: 'wasm' });
    const input = await image('astronaut.jpg', [128, 128], 'contain', 1 / 127.5, -1);
    const { captured } = await exec.run({ input }, { capture: [id] });
    exec.dispose();
    expect(captured[id].shape).toEqual(expected);
    expect(captured[id].data.length).toBe(expected?.reduce((a, b) => a * b, 1));
  });
});
