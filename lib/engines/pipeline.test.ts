// The demo's frame pipeline on real models, in Node: the browser's TfjsEngine
// (our executor on wasm) and the official TFLite runtime (the wasm the
// browser's TFLite engine runs) take a source model and our artifacts through
// processFrame, and the variant boundary must give decoders the source's
// outputs: same layout and names (ONNX → NHWC .tflite), float values from an
// int8-input artifact.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactsManifest, Catalogue } from '../catalogue/manifest';
import type { ImageFeed } from '../catalogue/recipe-schema';
import { recipeSchema } from '../catalogue/recipe-schema';
import { useBackend } from '../exec';
import { describeParity, parity } from '../exec/testing/compare';
import { runOfficialTflite } from '../formats/tflite/testing/official-runtime';
import { sqnr } from '../quantize';
import { KNOWN_REGIONS } from '../tasks/testing/known-regions';
import { DEFAULT_TASK_OPTIONS, type TaskResult } from '../tasks/types';
import type { IoSpec } from './boundary';
import { processFrame, type PipelineSpec } from './pipeline';
import type { RgbaImage } from './preprocess';
import { TfjsEngine } from './tfjs-engine';
import type { Engine, EngineTensor, ModelBytes, TensorDType } from './types';

const ROOT = path.resolve(import.meta.dirname, '../..');
const catalogue = JSON.parse(readFileSync(path.join(ROOT, 'zoo/catalogue.json'), 'utf8')) as Catalogue;
const artifacts = JSON.parse(readFileSync(path.join(ROOT, 'zoo/artifacts.json'), 'utf8')) as ArtifactsManifest;

const io = (t: IoSpec): IoSpec => ({ name: t.name, shape: t.shape, dtype: t.dtype, quant: t.quant });

/** The demo's pipeline for a model's first graph, run as `variant` (the source file, or a built artifact). */
function specFor(key: string, variant: 'source' | 'fp32' | 'int8'): { spec: PipelineSpec; bytes: ModelBytes } {
  const m = catalogue.models[key];
  const [domain, task, id] = key.split('/');
  const g = m.graphs[0];
  const recipe = recipeSchema.parse(JSON.parse(readFileSync(path.join(ROOT, 'recipes', domain, task, id, 'recipe.json'), 'utf8')));
  const feeds = recipe.conversion?.graphs.find((c) => c.graph === g.id)?.inputs ?? [];
  let bytes: ModelBytes;
  let variantIo: { inputs: IoSpec[]; outputs: IoSpec[] };
  if (variant === 'source') {
    const dir = path.join(ROOT, 'public/models', key);
    const entry = path.basename(g.file);
    const files: Record<string, Uint8Array> = { [entry]: new Uint8Array(readFileSync(path.join(dir, entry))) };
    for (const d of m.downloads) if (d.role === 'weights') files[path.basename(d.file)] = new Uint8Array(readFileSync(path.join(dir, path.basename(d.file))));
    bytes = { entry, files, format: g.format, inputShapes: recipe.graphs[0].inputShapes };
    variantIo = { inputs: g.stats.inputs.map(io), outputs: g.stats.outputs.map(io) };
  } else {
    const a = artifacts.recipes[key].graphs[0].artifacts.find((x) => x.variant === variant);
    if (!a) throw new Error(`${key} has no ${variant} artifact`);
    const entry = path.basename(a.href);
    bytes = { entry, files: { [entry]: new Uint8Array(readFileSync(path.join(ROOT, 'public', a.href))) }, format: 'tflite' };
    variantIo = { inputs: a.inputs.map(io), outputs: a.outputs.map(io) };
  }
  const spec: PipelineSpec = {
    task,
    model: id,
    inputs: g.stats.inputs.map((i, k) => ({ name: i.name, feed: feeds.find((f) => f.name === i.name)?.feed, source: io(i), variant: variantIo.inputs[k] })),
    outputs: { source: g.stats.outputs.map(io), variant: variantIo.outputs },
  };
  return { spec, bytes };
}

/** The official TFLite runtime as an Engine (what the browser's TfliteEngine runs, minus the tfjs wrapper). */
function officialEngine(bytes: ModelBytes): Pick<Engine, 'run'> {
  const model = bytes.files[bytes.entry];
  return {
    async run(inputs) {
      const outs = await runOfficialTflite(model, inputs.map((t) => ({ data: t.data as Float32Array | Int8Array | Int32Array | Uint8Array, shape: t.shape })));
      return { outputs: outs.map((o) => ({ name: o.name, shape: o.shape, dtype: o.dtype as TensorDType, data: o.data })), ms: [0] };
    },
  };
}

async function run(
  key: string,
  variant: 'source' | 'fp32' | 'int8',
  pixels: (feed: ImageFeed) => RgbaImage,
  runtime: 'executor' | 'official' = 'executor',
): Promise<{ inputs: EngineTensor[]; outputs: EngineTensor[]; result?: TaskResult; decodeNote?: string }> {
  const { spec, bytes } = specFor(key, variant);
  if (runtime === 'official') {
    const r = await processFrame(officialEngine(bytes), spec, { width: 512, height: 512 }, pixels, { options: DEFAULT_TASK_OPTIONS, repeats: 1, tensors: 'all' });
    return { inputs: r.inputs ?? [], outputs: r.outputs ?? [], result: r.result, decodeNote: r.decodeNote };
  }
  const engine = new TfjsEngine();
  const info = await engine.load(bytes, { backend: 'wasm', runtimesBase: '/runtimes/' });
  expect(info.backend).toBe('wasm');
  try {
    const r = await processFrame(engine, spec, { width: 512, height: 512 }, pixels, { options: DEFAULT_TASK_OPTIONS, repeats: 1, tensors: 'all' });
    return { inputs: r.inputs ?? [], outputs: r.outputs ?? [], result: r.result, decodeNote: r.decodeNote };
  } finally {
    engine.dispose();
  }
}

/** The astronaut sample resized (stretched) to each feed, RGBA, as the worker's canvas would hand it over. */
const resized = new Map<string, RgbaImage>();
function astronautPixels(feed: ImageFeed): RgbaImage {
  const hit = resized.get(feed.size.join('x'));
  if (!hit) throw new Error(`no pixels prepared for ${feed.size.join('×')}`);
  return hit;
}

beforeAll(async () => {
  await useBackend({ backend: 'wasm' });
  for (const [w, h] of [[320, 48], [192, 192]]) {
    const { data } = await sharp(path.join(ROOT, 'public/samples/images/astronaut.jpg')).resize(w, h, { fit: 'fill' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    resized.set(`${w}x${h}`, { width: w, height: h, data: new Uint8Array(data) });
  }
});

describe('processFrame across variants', () => {
  it('PP-OCRv4 recogniser: the NHWC fp32 .tflite gives the NCHW source model’s outputs, fed from the same NCHW tensor', async () => {
    const key = 'text/text-recognition/ppocr-v4-rec';
    const source = await run(key, 'source', astronautPixels);
    const fp32 = await run(key, 'fp32', astronautPixels);
    // Both report the input as the feed made it: NCHW, identical values.
    expect(source.inputs[0].shape).toEqual([1, 3, 48, 320]);
    expect(fp32.inputs[0].shape).toEqual([1, 3, 48, 320]);
    expect(Array.from(fp32.inputs[0].data, Number)).toEqual(Array.from(source.inputs[0].data, Number));
    expect(fp32.outputs.map((o) => [o.name, o.shape])).toEqual(source.outputs.map((o) => [o.name, o.shape]));
    const p = parity(fp32.outputs[0].data as Float32Array, source.outputs[0].data as Float32Array);
    console.log(describeParity('ppocr-v4-rec fp32 artifact vs source', p));
    expect(p.range).toBeGreaterThan(0);
    expect(p.maxError).toBeLessThanOrEqual(p.tolerance);
  });

  it('BlazeFace full range: the int8-input .tflite, fed by quantizing at the boundary, tracks the fp32 artifact (official runtime)', async () => {
    const key = 'vision/face-detection/blazeface-full-range';
    const a = artifacts.recipes[key].graphs[0].artifacts.find((x) => x.variant === 'int8');
    expect(a?.quantization?.inputType).toBe('int8');
    const fp32 = await run(key, 'fp32', astronautPixels, 'official');
    const int8 = await run(key, 'int8', astronautPixels, 'official');
    expect(int8.outputs.map((o) => [o.name, o.shape, o.dtype])).toEqual(fp32.outputs.map((o) => [o.name, o.shape, o.dtype]));
    // The zoo's own gate for this artifact: box regressors ≥ 20 dB SQNR vs fp32 on its validation images.
    const regressors = fp32.outputs.findIndex((o) => o.shape[2] === 16);
    const db = sqnr(fp32.outputs[regressors].data as Float32Array, int8.outputs[regressors].data as Float32Array);
    console.log(`blazeface-full-range int8 vs fp32 regressors: ${db.toFixed(1)} dB SQNR`);
    expect(db).toBeGreaterThan(15);
    // The best-scoring anchor is the same one (the face): scores are logits.
    const scores = fp32.outputs.findIndex((o) => o.shape[2] === 1);
    const argmax = (d: ArrayLike<number>) => {
      let best = 0;
      for (let i = 1; i < d.length; i++) if (d[i] > d[best]) best = i;
      return best;
    };
    expect(argmax(int8.outputs[scores].data as Float32Array)).toBe(argmax(fp32.outputs[scores].data as Float32Array));
    // Decoded by the registry's decoder: one face, inside the hand-measured face region, from both variants.
    const face = KNOWN_REGIONS['astronaut.jpg'].face;
    for (const [label, r] of [['fp32', fp32], ['int8', int8]] as const) {
      expect(r.decodeNote, label).toBeUndefined();
      if (r.result?.kind !== 'detections') throw new Error(`${label}: expected detections, got ${r.result?.kind}`);
      expect(r.result.detections, label).toHaveLength(1);
      const b = r.result.detections[0].box;
      expect(b.x0 * 512, label).toBeGreaterThanOrEqual(face.x0);
      expect(b.y0 * 512, label).toBeGreaterThanOrEqual(face.y0);
      expect(b.x1 * 512, label).toBeLessThanOrEqual(face.x1);
      expect(b.y1 * 512, label).toBeLessThanOrEqual(face.y1);
    }
  });

  it('PP-OCRv4 recogniser: a model without its dictionary says so instead of decoding', async () => {
    // processFrame never throws on a decoder failure: the note reaches the page.
    const r = await run('text/text-recognition/ppocr-v4-rec', 'fp32', astronautPixels, 'official');
    expect(r.result).toBeUndefined();
    expect(r.decodeNote).toContain('no dictionary loaded');
  });
});
