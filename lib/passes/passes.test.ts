import { describe, expect, it } from 'vitest';
import { exportTflite } from '../ir/export/tflite';
import { inferShapes } from '../ir/infer';
import type { Model } from '../ir/types';
import { createExecutor } from '../exec';
import { parity } from '../exec/testing/compare';
import { loadRecipeGraph } from '../exec/testing/catalogue';
import { imagePixels, normalise, wavSamples } from '../exec/testing/samples';
import { summarizeModel } from '../ir/accounting';
import { probeOfficialTflite, runOfficialTflite } from '../formats/tflite/testing/official-runtime';
import { PASSES } from './index';

// Each pass must keep the graph's outputs (to float rounding) while changing
// its structure: run our executor before and after on a real image.

function histogram(model: Model): Record<string, number> {
  const h: Record<string, number> = {};
  for (const g of model.graphs) for (const op of g.ops) h[op.type] = (h[op.type] ?? 0) + 1;
  return h;
}

async function runAll(model: Model, input: { data: Float32Array; shape: number[] }) {
  const ex = await createExecutor(model, { backend: 'wasm' });
  try {
    const name = model.graphs[0].tensors.get(model.graphs[0].inputs[0])?.name ?? '';
    return (await ex.run({ [name]: input })).outputs;
  } finally {
    ex.dispose();
  }
}

async function expectSameOutputs(before: Model, after: Model, input: { data: Float32Array; shape: number[] }) {
  const a = await runAll(before, input);
  const b = await runAll(after, input);
  expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  for (const [name, ref] of Object.entries(a)) {
    const p = parity(b[name].data as Float32Array, ref.data as Float32Array);
    expect(p.maxError, `${name}: ${p.maxError} > ${p.tolerance}`).toBeLessThanOrEqual(p.tolerance);
  }
}

describe('graph passes on real models', () => {
  it('fold-batch-norm and fuse-activations remove the Mul/Add/Relu after PP-OCRv4 det convs', async () => {
    const { model } = loadRecipeGraph('text/text-detection/ppocr-v4-det');
    inferShapes(model);
    const before = structuredClone(model);
    const h0 = histogram(model);
    const bn = PASSES['fold-batch-norm'].run(model, {});
    const act = PASSES['fuse-activations'].run(model, {});
    const h1 = histogram(model);
    expect(bn.changed).toBeGreaterThan(50);
    expect(h1.Mul + h1.Add).toBe(h0.Mul + h0.Add - bn.changed);
    expect(h1.Relu ?? 0).toBeLessThan(h0.Relu);
    expect(act.changed).toBe(h0.Relu - (h1.Relu ?? 0) + (h0.Clip ?? 0) - (h1.Clip ?? 0));
    const px = await imagePixels('text-page.png', { width: 640, height: 640 });
    // PaddleOCR det: (x/255 − mean) / std, ImageNet statistics, NHWC in the IR.
    const input = { data: normalise(px.data, 3, [1 / (255 * 0.229), 1 / (255 * 0.224), 1 / (255 * 0.225)], [-0.485 / 0.229, -0.456 / 0.224, -0.406 / 0.225]), shape: [1, 640, 640, 3] };
    await expectSameOutputs(before, model, input);
  });

  it('fold-constants turns BlazeFace float16 weights into float32 and removes every DEQUANTIZE', async () => {
    const { model } = loadRecipeGraph('vision/face-detection/blazeface-short-range');
    const before = structuredClone(model);
    const r = PASSES['fold-constants'].run(model, {});
    expect(histogram(before).Dequantize).toBe(74);
    expect(histogram(model).Dequantize ?? 0).toBe(0);
    expect(r.notes.join(' ')).toMatch(/74 DEQUANTIZE ops/);
    const px = await imagePixels('astronaut.jpg', { width: 128, height: 128 });
    await expectSameOutputs(before, model, { data: normalise(px.data, 3, 1 / 127.5, -1), shape: [1, 128, 128, 3] });
  });

  it('lower-custom-ops makes selfie segmentation run in the official TFLite runtime, matching MediaPipe semantics', async () => {
    const { model, bytes } = loadRecipeGraph('vision/semantic-segmentation/selfie-segmentation-general');
    expect((await probeOfficialTflite(bytes)).runs).toBe(false);
    inferShapes(model);
    const before = structuredClone(model);
    const r = PASSES['lower-custom-ops'].run(model, {});
    expect(r.notes).toEqual(['lowered 1 × Convolution2DTransposeBias']);
    expect(histogram(model).Custom ?? 0).toBe(0);
    const px = await imagePixels('astronaut.jpg', { width: 256, height: 256 });
    const input = { data: normalise(px.data, 3, 1 / 255, 0), shape: [1, 256, 256, 3] };
    // Reference: our executor on the original graph (its custom kernel follows MediaPipe's source).
    const [ref] = Object.values(await runAll(before, input));
    const [official] = await runOfficialTflite(exportTflite(model), [input]);
    const p = parity(official.data as Float32Array, ref.data as Float32Array, 1);
    expect(p.maxError, `${p.maxError} > ${p.tolerance}`).toBeLessThanOrEqual(p.tolerance);
  });

  it('freeze-inputs (sr = 16000) inlines Silero VAD v5\'s sr If; outputs unchanged, MACs known', async () => {
    const { model } = loadRecipeGraph('audio/voice-activity-detection/silero-vad');
    inferShapes(model);
    const before = structuredClone(model);
    expect(histogram(model).If).toBe(13); // the sr If and, in the generic 8 kHz branch, its shape-decided Ifs
    expect(summarizeModel(model).macs).toBeNull();
    const r = PASSES['freeze-inputs'].run(model, { values: { sr: [16000] } });
    expect(r.notes[0]).toBe('input sr frozen to [16000]');
    expect(model.graphs).toHaveLength(1);
    expect(histogram(model).If ?? 0).toBe(0);
    expect(histogram(model).Custom ?? 0).toBe(0);
    expect(model.graphs[0].inputs.map((id) => model.graphs[0].tensors.get(id)?.name)).toEqual(['input', 'state']);
    // Same figure as freezing at import (lib/ir/import/onnx.test.ts).
    expect(summarizeModel(model).macs).toBe(679_552);
    const { samples } = wavSamples('hey-jarvis.wav');
    const chunk = Float32Array.from(samples.subarray(20000, 20576), (v) => v / 32768);
    const state = Float32Array.from({ length: 256 }, (_, i) => Math.sin(i) * 0.5);
    const feeds = { input: { data: chunk, shape: [1, 576] }, state: { data: state, shape: [2, 1, 128] } };
    const run = async (m: Model, extra: Record<string, { data: BigInt64Array; shape: number[] }>) => {
      const ex = await createExecutor(m, { backend: 'wasm' });
      try { return (await ex.run({ ...feeds, ...extra })).outputs; } finally { ex.dispose(); }
    };
    const ref = await run(before, { sr: { data: BigInt64Array.from([16000n]), shape: [] } });
    const got = await run(model, {});
    for (const name of ['output', 'stateN']) {
      const p = parity(got[name].data as Float32Array, ref[name].data as Float32Array, name === 'output' ? 1 : undefined);
      expect(p.maxError, `${name}: ${p.maxError} > ${p.tolerance}`).toBeLessThanOrEqual(p.tolerance);
    }
    expect(() => PASSES['freeze-inputs'].run(structuredClone(before), { values: { rate: [1] } })).toThrow(/not an input/);
  });

  it('inline-constant-if leaves an If on a run-time condition alone', () => {
    const { model } = loadRecipeGraph('audio/voice-activity-detection/silero-vad');
    const graphs = model.graphs.length;
    expect(PASSES['inline-constant-if'].run(model, {}).changed).toBe(0);
    expect(model.graphs).toHaveLength(graphs);
  });

  it('fix-input-shapes fixes a dynamic batch', () => {
    const { model } = loadRecipeGraph('vision/facial-expression/emotion');
    const g = model.graphs[0];
    expect(g.tensors.get(g.inputs[0])?.shape).toEqual([-1, 64, 64, 1]);
    PASSES['fix-input-shapes'].run(model, { shapes: { input_1: [1, 64, 64, 1] } });
    expect(g.tensors.get(g.outputs[0])?.shape).toEqual([1, 7]);
  });
});
