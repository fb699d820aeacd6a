// The probe on real catalogue artifacts: the emotion classifier's fp32 and
// int8 .tflite (public/artifacts, built by `npm run zoo`), fed the recipe's
// own validation images the way the build fed them, the int8 activations
// from the official TFLite runtime. The final output's SQNR must be the one
// the build recorded in zoo/artifacts.json.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFeedSets } from '../../scripts/zoo/feeds';
import type { ArtifactsManifest, BuiltArtifact } from '../catalogue/manifest';
import { recipeSchema } from '../catalogue/recipe-schema';
import { createExecutor, type Executor } from '../exec';
import { runOfficialTflite } from '../formats/tflite/testing/official-runtime';
import { importTflite } from '../ir/import/tflite';
import type { Model } from '../ir/types';
import { buildProbeModel, probeInt8, worstFirst, type ProbeResult } from './probe';

const ROOT = path.resolve(import.meta.dirname, '../..');
const KEY = 'vision/facial-expression/emotion';
const SOFTMAX = 'StatefulPartitionedCall/model_1/predictions/Softmax';

function artifact(variant: 'fp32' | 'int8', key = KEY): { model: Model; meta: BuiltArtifact } {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'zoo/artifacts.json'), 'utf8')) as ArtifactsManifest;
  const meta = manifest.recipes[key]?.graphs[0]?.artifacts.find((a) => a.variant === variant);
  if (!meta) throw new Error(`zoo/artifacts.json has no ${variant} artifact of ${key}: run npm run zoo`);
  return { model: importTflite(new Uint8Array(readFileSync(path.join(ROOT, 'public', meta.href)))), meta };
}

async function validationFeeds(key: string) {
  const recipe = recipeSchema.parse(JSON.parse(readFileSync(path.join(ROOT, 'recipes', key, 'recipe.json'), 'utf8')));
  const conversion = recipe.conversion!;
  return buildFeedSets(conversion, conversion.graphs[0], new Map());
}

describe(`probe: ${KEY} fp32 vs int8 artifacts, official TFLite runtime`, () => {
  const fp32 = artifact('fp32');
  const int8 = artifact('int8');
  let exec: Executor;
  const results: ProbeResult[] = [];

  beforeAll(async () => {
    const feeds = await validationFeeds(KEY);
    expect(feeds.validation.length).toBe(int8.meta.validation?.int8?.samples);
    // Fed as the build and the run page feed the int8 input: with the parameters zoo/artifacts.json records.
    const inputQuant = Object.fromEntries(int8.meta.inputs.flatMap((i) => (i.quant ? [[i.name, { scale: i.quant.scale[0], zeroPoint: i.quant.zeroPoint[0] }]] : [])));
    exec = await createExecutor(fp32.model, { backend: 'wasm' });
    for (const [t] of feeds.validation) {
      results.push(await probeInt8(fp32.model, int8.model, { input_1: { data: Float32Array.from(t.data as Float32Array), shape: t.shape } }, { float: exec, official: runOfficialTflite }, { match: 'name', inputQuant }));
    }
    exec.dispose();
  }, 120_000);

  it('compares every int8 activation of the graph by name, input first, in graph order', () => {
    const [r] = results;
    // Every int8 activation has a float twin (the input, convolutions, adds, pooling, the int8 softmax): all are probed.
    const g = int8.model.graphs[0];
    const int8Activations = [...g.tensors.values()].filter((t) => t.dtype === 'int8' && !t.data && !t.bytes);
    expect(int8Activations.length).toBeGreaterThan(15);
    expect(r.layers).toHaveLength(int8Activations.length);
    expect(r.unmatched).toEqual([]);
    expect(r.layers[0]).toMatchObject({ name: 'input_1', producer: 'input', position: -1, dtype: 'int8' });
    const positions = r.layers.map((l) => l.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // The int8 softmax before the final DEQUANTIZE stands for the float output (kept once, with its grid).
    const out = r.layers.filter((l) => l.isOutput);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ producer: 'Softmax', dtype: 'int8', floatTensor: fp32.model.graphs[0].outputs[0] });
    expect(out[0].grid).toEqual({ type: 'int8', scale: 1 / 256, zeroPoint: -128 });
  });

  it('measures accumulated error: finite SQNR everywhere, the input nearly exact, the output as the build recorded', () => {
    const recorded = int8.meta.validation?.int8?.sqnr.find((s) => s.output === SOFTMAX);
    if (!recorded) throw new Error('no recorded SQNR');
    const final = results.map((r) => r.layers.find((l) => l.isOutput)!.sqnrDb);
    const mean = final.reduce((a, b) => a + b, 0) / final.length;
    console.log(`final output SQNR per sample ${final.map((d) => d.toFixed(2)).join(', ')} dB; mean ${mean.toFixed(3)} (recorded ${recorded.meanDb.toFixed(3)}), min ${Math.min(...final).toFixed(3)} (recorded ${recorded.minDb.toFixed(3)})`);
    // The build compared the fp32 artifact in the official runtime with the int8 one; the probe compares our executor on
    // the same fp32 file (max |Δ| ~1e-6 on this softmax) with the probe copy of the int8 file (same int8 kernels and
    // values). Within 0.02 dB; a different input rounding alone moves the mean by 0.5 dB.
    expect(Math.abs(mean - recorded.meanDb)).toBeLessThan(0.02);
    expect(Math.abs(Math.min(...final) - recorded.minDb)).toBeLessThan(0.02);
    for (const r of results) {
      for (const l of r.layers) {
        expect(Number.isFinite(l.sqnrDb), l.name).toBe(true);
        expect(l.cosine).toBeGreaterThan(0.9);
        expect(l.cosine).toBeLessThanOrEqual(1 + 1e-9);
        expect(l.floatRange.min).toBeLessThanOrEqual(l.floatRange.max);
      }
      // The input in [-1, 1] on a grid calibrated to [-1, 1]: rounding only (8 bits ≈ 40 dB or more), nothing clipped.
      const input = r.layers[0];
      expect(input.clipped).toBe(0);
      expect(input.sqnrDb).toBeGreaterThan(35);
      expect(input.representable!.min).toBeLessThanOrEqual(-0.99);
      expect(input.representable!.max).toBeGreaterThanOrEqual(0.99);
      // Error accumulates: the worst layer sits past the first convolution, and well below the input's SQNR.
      const worst = worstFirst(r.layers)[0];
      expect(worst.position).toBeGreaterThan(0);
      expect(worst.sqnrDb).toBeLessThan(input.sqnrDb - 10);
    }
  });

  it('builds the probe as a copy: the int8 model keeps its outputs and names', () => {
    const g = int8.model.graphs[0];
    const before = g.outputs.map((id) => g.tensors.get(id)!.name);
    const { model, outputs } = buildProbeModel(int8.model, [g.ops[0].outputs[0]]);
    expect(outputs).toEqual([...g.outputs, g.ops[0].outputs[0]]);
    expect(model.graphs[0].outputs.map((id) => model.graphs[0].tensors.get(id)!.name)).toEqual(['edgezoo_probe_0', 'edgezoo_probe_1']);
    expect(g.outputs.map((id) => g.tensors.get(id)!.name)).toEqual(before);
  });

  it('names a missing input instead of running', async () => {
    const err = await probeInt8(fp32.model, int8.model, {}, { float: { run: () => Promise.reject(new Error('not reached')) }, official: runOfficialTflite }, { match: 'name' }).catch((e: unknown) => e);
    expect(String(err)).toContain("the sample has no value for the float model's input input_1");
  });

  it('names a sample of the wrong size', async () => {
    const sample = { input_1: { data: new Float32Array(10), shape: [1, 10] } };
    const err = await probeInt8(fp32.model, int8.model, sample, { float: { run: () => Promise.reject(new Error('not reached')) }, official: runOfficialTflite }, { match: 'name' }).catch((e: unknown) => e);
    expect(String(err)).toContain('input input_1: the sample holds 10 values but the int8 model');
  });
});

describe('probe: ops that only move values', () => {
  const key = 'vision/face-detection/blazeface-short-range';

  it("are flagged, and repeat the figures of the int8 tensor they copy (BlazeFace's regressor reshapes)", async () => {
    const fp32 = artifact('fp32', key);
    const int8 = artifact('int8', key);
    const feeds = await validationFeeds(key);
    const [t] = feeds.validation[0];
    const name = fp32.model.graphs[0].tensors.get(fp32.model.graphs[0].inputs[0])!.name;
    const inputQuant = Object.fromEntries(int8.meta.inputs.flatMap((i) => (i.quant ? [[i.name, { scale: i.quant.scale[0], zeroPoint: i.quant.zeroPoint[0] }]] : [])));
    const exec = await createExecutor(fp32.model, { backend: 'wasm' });
    const r = await probeInt8(fp32.model, int8.model, { [name]: { data: Float32Array.from(t.data as Float32Array), shape: t.shape } }, { float: exec, official: runOfficialTflite }, { match: 'name', inputQuant }).finally(() => exec.dispose());
    const g = int8.model.graphs[0];
    const byTensor = new Map(r.layers.map((l) => [l.tensor, l]));
    const copies = r.layers.filter((l) => l.movesOnly);
    expect(copies.map((l) => l.producer)).toContain('Reshape');
    for (const l of r.layers) expect(l.movesOnly, `${l.producer} ${l.name}`).toBe(['Reshape', 'Transpose', 'Squeeze', 'ExpandDims', 'Pad', 'Slice', 'StridedSlice'].includes(l.producer));
    let compared = 0;
    for (const op of g.ops) {
      const out = op.outputs[0] && byTensor.get(op.outputs[0]);
      const src = op.inputs[0] && byTensor.get(op.inputs[0]);
      if (op.type !== 'Reshape' || !out || !src) continue;
      // The same int8 values on the same grid against the same float values, re-shaped: identical figures (0.001 dB).
      expect(out.movesOnly).toBe(true);
      expect(Math.abs(out.sqnrDb - src.sqnrDb)).toBeLessThan(1e-3);
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  }, 60_000);
});
