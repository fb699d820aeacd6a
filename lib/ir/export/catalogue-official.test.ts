// Every catalogue graph (recipes/**/recipe.json) exported to float32 .tflite
// and run in the official TFLite runtime, against the source's own runtime on
// the same real inputs: TFLite sources → the official runtime on the original
// file; ONNX → onnxruntime-node; TF.js → tf.loadGraphModel on the cpu backend.
// Tolerance per output: max |a − b| ≤ 1e-4 × (max − min of the reference);
// for a one-value output (no range) 1e-4 × its declared 0–1 range.
// Graphs that cannot be exported or run assert their specific reason.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../formats/errors';
import { probeOfficialTflite, runOfficialTflite, type OfficialInput } from '../../formats/tflite/testing/official-runtime';
import { compareOutputs, runOnnxRuntime, runTfjsGraph, transpose, type RefTensor } from '../../formats/tflite/testing/references';
import { imageTensor, wavSamples } from '../../formats/tflite/testing/samples';
import { inferShapes } from '../infer';
import { loadModel } from '../load';
import type { Model } from '../types';
import { exportTflite } from './tflite';
import { createExecutor } from '../../exec';
import { parity } from '../../exec/testing/compare';
import { PASSES } from '../../passes';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TOLERANCE = 1e-4;

interface RecipeGraph { id: string; file: string; format: 'tflite' | 'onnx' | 'tfjs'; inputShapes?: Record<string, number[]> }
interface Recipe { id: string; source: { package: string }; graphs: RecipeGraph[] }

function recipe(dir: string): Recipe {
  return JSON.parse(readFileSync(path.join(ROOT, 'recipes', dir, 'recipe.json'), 'utf8')) as Recipe;
}

function sourcePath(r: Recipe, g: RecipeGraph): string {
  return path.join(ROOT, 'node_modules', r.source.package, g.file);
}

function importGraph(r: Recipe, g: RecipeGraph): Model {
  const file = sourcePath(r, g);
  const dir = path.dirname(file);
  const model = loadModel({
    entry: path.basename(file), format: g.format, inputShapes: g.inputShapes,
    readFile: (p) => {
      try {
        return new Uint8Array(readFileSync(path.join(dir, p)));
      } catch {
        return undefined;
      }
    },
  });
  // ONNX input shapes are applied at import, in the file's NCHW order.
  inferShapes(model, g.format === 'onnx' ? {} : { inputShapes: g.inputShapes });
  return model;
}

/** NC… → N…C and back, for ONNX tensors the IR laid out channels-last. */
const toChannelsLast = (rank: number) => [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
const toChannelsFirst = (rank: number) => [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];

interface Report { model: string; output: string; maxAbs: number; scale: number }
const reports: Report[] = [];

/** Exports, runs the export in the official runtime and checks it against the reference outputs. */
async function checkExport(r: Recipe, g: RecipeGraph, inputs: RefTensor[], reference: RefTensor[]): Promise<void> {
  const model = importGraph(r, g);
  const main = model.graphs[0];
  const bytes = exportTflite(model);
  const layout = (id: string) => model.metadata[`layout:${main.tensors.get(id)?.name ?? ''}`] === 'NCHW';
  const feeds: OfficialInput[] = inputs.map((t, i) => {
    const nchw = g.format === 'onnx' && layout(main.inputs[i]);
    const moved = nchw ? transpose(t.data, t.shape, toChannelsLast(t.shape.length)) : t;
    if (moved.data instanceof BigInt64Array) throw new Error('int64 inputs are not fed to TFLite');
    return { data: moved.data, shape: moved.shape };
  });
  const outs = await runOfficialTflite(bytes, feeds);
  expect(outs.length).toBe(reference.length);
  outs.forEach((out, k) => {
    const nchw = g.format === 'onnx' && layout(main.outputs[k]);
    const got = nchw ? transpose(out.data, out.shape, toChannelsFirst(out.shape.length)) : { data: out.data, shape: out.shape };
    const ref = reference[k];
    expect(got.shape.reduce((a, d) => a * d, 1), `${r.id}/${g.id} output ${out.name} size`).toBe(ref.data.length);
    const refValues = ref.data instanceof BigInt64Array ? Array.from(ref.data, Number) : ref.data;
    const gotValues: ArrayLike<number> = got.data instanceof BigInt64Array ? Array.from(got.data, Number) : got.data;
    const { maxAbs, range } = compareOutputs(gotValues, refValues);
    // A one-value output has no range; its declared value range is the scale
    // then. The catalogue's are all 0–1 scores (hand flag, handedness, face flag, wake word).
    const scale = refValues.length === 1 ? 1 : range;
    reports.push({ model: `${r.id}/${g.id}`, output: out.name, maxAbs, scale });
    expect(maxAbs, `${r.id}/${g.id} output ${out.name}: max |a-b| ${maxAbs} vs scale ${scale}`).toBeLessThanOrEqual(TOLERANCE * scale);
  });
}

/** TFLite sources: the official runtime on the original file is the reference. */
async function checkTflite(dir: string, input: RefTensor): Promise<void> {
  const r = recipe(dir);
  const g = r.graphs[0];
  const original = new Uint8Array(readFileSync(sourcePath(r, g)));
  const feed = input.data instanceof BigInt64Array ? null : { data: input.data, shape: input.shape };
  if (!feed) throw new Error('int64 input');
  const reference = await runOfficialTflite(original, [feed]);
  await checkExport(r, g, [input], reference);
}

async function checkTfjs(dir: string, inputs: RefTensor[]): Promise<void> {
  const r = recipe(dir);
  const g = r.graphs[0];
  // Ask TF.js for the IR's graph outputs by node name, so both sides list them in one order.
  const model = importGraph(r, g);
  const names = model.graphs[0].outputs.map((id) => model.graphs[0].tensors.get(id)?.name ?? id);
  const reference = await runTfjsGraph(sourcePath(r, g), inputs, names);
  await checkExport(r, g, inputs, reference);
}

async function checkOnnx(r: Recipe, g: RecipeGraph, feeds: Record<string, RefTensor>): Promise<void> {
  const reference = await runOnnxRuntime(sourcePath(r, g), feeds);
  await checkExport(r, g, Object.values(feeds), reference);
}

const rgb = (file: string, size: number, normalize: (v: number, c: number) => number, layout: 'nhwc' | 'nchw' = 'nhwc', colors: 'rgb' | 'bgr' = 'rgb') =>
  imageTensor(file, { width: size, height: size, colors, normalize, layout });
const unit = (v: number) => v / 255;
const signed = (v: number) => v / 127.5 - 1;

describe('catalogue models exported to .tflite run in the official runtime', () => {
  // ---- TFLite sources ------------------------------------------------------
  it('blazeface-short-range (astronaut.jpg, 128², [-1, 1])', async () => {
    await checkTflite('vision/face-detection/blazeface-short-range', { data: await rgb('astronaut.jpg', 128, signed), shape: [1, 128, 128, 3] });
  });
  it('blazeface-full-range (astronaut.jpg, 192², [-1, 1])', async () => {
    await checkTflite('vision/face-detection/blazeface-full-range', { data: await rgb('astronaut.jpg', 192, signed), shape: [1, 192, 192, 3] });
  });
  it('hand-landmark-lite (basketball.jpg, 224², [0, 1])', async () => {
    await checkTflite('vision/hand-landmarks/hand-landmark-lite', { data: await rgb('basketball.jpg', 224, unit), shape: [1, 224, 224, 3] });
  });
  for (const [dir, h, w] of [
    ['vision/semantic-segmentation/selfie-segmentation-general', 256, 256],
    ['vision/semantic-segmentation/selfie-segmentation-landscape', 144, 256],
  ] as const) {
    it(`${path.basename(dir)}: the original needs a custom op; lowered to TRANSPOSE_CONV it runs and matches`, async () => {
      const r = recipe(dir);
      const g = r.graphs[0];
      const original = new Uint8Array(readFileSync(sourcePath(r, g)));
      const probe = await probeOfficialTflite(original);
      expect(probe.runs).toBe(false);
      if (!probe.runs) expect(probe.reason).toContain('Encountered unresolved custom op: Convolution2DTransposeBias');
      const data = await imageTensor('astronaut.jpg', { width: w, height: h, colors: 'rgb', normalize: unit });
      const input = { data, shape: [1, h, w, 3] };
      // Reference: our executor on the original graph; its kernel follows MediaPipe's source for the custom op.
      const source = importGraph(r, g);
      const executor = await createExecutor(source, { backend: 'wasm' });
      const inputName = source.graphs[0].tensors.get(source.graphs[0].inputs[0])?.name ?? '';
      const { outputs } = await executor.run({ [inputName]: input });
      executor.dispose();
      const reference = Object.values(outputs).map((o) => ({ data: o.data as Float32Array, shape: o.shape }));
      const lowered = importGraph(r, g);
      expect(PASSES['lower-custom-ops'].run(lowered, {}).changed).toBe(1);
      const [official] = await runOfficialTflite(exportTflite(lowered), [input]);
      const p = parity(official.data as Float32Array, reference[0].data, 1);
      expect(p.maxError, `${p.maxError} > ${p.tolerance}`).toBeLessThanOrEqual(p.tolerance);
    });
  }

  // ---- TF.js sources -------------------------------------------------------
  it('facemesh (astronaut.jpg, 192², [0, 1])', async () => {
    await checkTfjs('vision/face-landmarks/facemesh', [{ data: await rgb('astronaut.jpg', 192, unit), shape: [1, 192, 192, 3] }]);
  });
  for (const [dir, size] of [['vision/pose-estimation/movenet-lightning', 192], ['vision/pose-estimation/movenet-thunder', 256]] as const) {
    it(`${path.basename(dir)} (basketball.jpg, ${size}², int32 0–255)`, async () => {
      const pixels = await rgb('basketball.jpg', size, (v) => v);
      await checkTfjs(dir, [{ data: Int32Array.from(pixels), shape: [1, size, size, 3] }]);
    });
  }
  it('emotion (astronaut.jpg, 64² grey, [-1, 1])', async () => {
    const data = await imageTensor('astronaut.jpg', { width: 64, height: 64, colors: 'gray', normalize: (v) => (v / 255 - 0.5) * 2 });
    await checkTfjs('vision/facial-expression/emotion', [{ data, shape: [1, 64, 64, 1] }]);
  });
  it('centernet (basketball.jpg, 512², raw 0–255)', async () => {
    await checkTfjs('vision/object-detection/centernet', [{ data: await rgb('basketball.jpg', 512, (v) => v), shape: [1, 512, 512, 3] }]);
  });
  it('nanodet (basketball.jpg, 416², BGR mean/std, NCHW as the file declares)', async () => {
    const mean = [103.53, 116.28, 123.675];
    const std = [57.375, 57.12, 58.395];
    const data = await rgb('basketball.jpg', 416, (v, c) => (v - mean[c]) / std[c], 'nchw', 'bgr');
    await checkTfjs('vision/object-detection/nanodet', [{ data, shape: [1, 3, 416, 416] }]);
  });

  // ---- ONNX sources --------------------------------------------------------
  it('ppocr-v4-det (text-page.png, 640², BGR ImageNet mean/std)', async () => {
    const r = recipe('text/text-detection/ppocr-v4-det');
    const mean = [0.485, 0.456, 0.406];
    const std = [0.229, 0.224, 0.225];
    const data = await rgb('text-page.png', 640, (v, c) => (v / 255 - mean[c]) / std[c], 'nchw', 'bgr');
    await checkOnnx(r, r.graphs[0], { x: { data, shape: [1, 3, 640, 640] } });
  });
  it('ppocr-v4-rec (text-page.png stretched to 320×48, BGR [-1, 1])', async () => {
    const r = recipe('text/text-recognition/ppocr-v4-rec');
    const data = await imageTensor('text-page.png', { width: 320, height: 48, colors: 'bgr', normalize: signed, layout: 'nchw' });
    await checkOnnx(r, r.graphs[0], { x: { data, shape: [1, 3, 48, 320] } });
  });

  describe('openwakeword-hey-jarvis (hey-jarvis.wav)', () => {
    const r = recipe('audio/wake-word/openwakeword-hey-jarvis');
    const [mel, embedding, classifier] = r.graphs;
    const audio = wavSamples('hey-jarvis.wav');
    const samples = (start: number, n: number) => Float32Array.from(audio.subarray(start, start + n));
    // Real features for stages 2 and 3, computed with the source graphs in onnxruntime.
    let melWindow: Float32Array;
    let embeddings: Float32Array;
    beforeAll(async () => {
      const frames = 76 + 15 * 8; // 16 embedding windows stepping 8 frames
      const [spec] = await runOnnxRuntime(sourcePath(r, mel), { input: { data: samples(8000, (frames + 3) * 160), shape: [1, (frames + 3) * 160] } });
      expect(spec.shape).toEqual([1, 1, frames, 32]);
      const feats = Float32Array.from(spec.data as Float32Array, (v) => v / 10 + 2);
      melWindow = feats.slice(40 * 32, (40 + 76) * 32);
      const batch = new Float32Array(16 * 76 * 32);
      for (let w = 0; w < 16; w++) batch.set(feats.subarray(w * 8 * 32, (w * 8 + 76) * 32), w * 76 * 32);
      const [emb] = await runOnnxRuntime(sourcePath(r, embedding), { input_1: { data: batch, shape: [16, 76, 32, 1] } });
      embeddings = emb.data as Float32Array;
    });
    it('melspectrogram: 1,760 raw int16-valued samples', async () => {
      await checkOnnx(r, mel, { input: { data: samples(20000, 1760), shape: [1, 1760] } });
    });
    it('embedding: 76 real mel frames (/10 + 2)', async () => {
      await checkOnnx(r, embedding, { input_1: { data: melWindow, shape: [1, 76, 32, 1] } });
    });
    it('classifier: 16 real embeddings (If subgraphs)', async () => {
      await checkOnnx(r, classifier, { 'x.1': { data: embeddings, shape: [1, 16, 96] } });
    });
  });

  it('silero-vad cannot be exported: its ONNX ops stay dynamic (Custom) in the IR', () => {
    const r = recipe('audio/voice-activity-detection/silero-vad');
    const model = importGraph(r, r.graphs[0]);
    let error: unknown;
    try {
      exportTflite(model);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ModelFormatError);
    const message = (error as Error).message;
    for (const op of ['Custom(onnx:LSTM)', 'Custom(onnx:Concat)', 'Custom(onnx:Shape)', 'Custom(onnx:Unsqueeze)']) expect(message).toContain(op);
  });

  it('prints the error table', () => {
    for (const rep of reports) console.log(`${rep.model}\t${rep.output}\tmax|a-b| ${rep.maxAbs.toExponential(3)}\tscale ${rep.scale.toPrecision(5)}\ttol ${(TOLERANCE * rep.scale).toExponential(3)}`);
    expect(reports.length).toBeGreaterThan(0);
  });
});
