import { describe, expect, it } from 'vitest';
import { importTflite } from './tflite';
import { listTfliteFixtures, loadTfliteFixture } from '../../formats/tflite/test-fixtures';
import { ModelFormatError } from '../../formats/errors';
import { decodeOperatorOptions, parseTflite, writeTflite } from '../../formats/tflite';
import type { Model, Op } from '../types';

const files = listTfliteFixtures();
const load = (suffix: string): Model => importTflite(loadTfliteFixture(files.find((f) => f.endsWith(suffix)) ?? suffix).bytes);

function histogram(m: Model): Record<string, number> {
  const out: Record<string, number> = {};
  for (const g of m.graphs) for (const op of g.ops) out[op.type] = (out[op.type] ?? 0) + 1;
  return out;
}

const TRUE_CUSTOM_OPS = new Set(['Convolution2DTransposeBias']);

describe('importTflite on shipped models', () => {
  it.each(files)('imports %s with every builtin mapped and every reference resolved', (path) => {
    const m = importTflite(loadTfliteFixture(path).bytes);
    expect(m.sourceFormat).toBe('tflite');
    for (const g of m.graphs) {
      for (const op of g.ops) {
        if (op.type === 'Custom') {
          expect(op.attrs.sourceFormat).toBe('tflite');
          expect(TRUE_CUSTOM_OPS.has(String(op.attrs.customCode))).toBe(true);
        }
        for (const id of [...op.inputs, ...op.outputs]) if (id !== '') expect(g.tensors.has(id)).toBe(true);
      }
      for (const id of [...g.inputs, ...g.outputs]) expect(g.tensors.has(id)).toBe(true);
    }
  });

  it('BlazeFace short range: op counts, input shape, conv attrs, float16 weights', () => {
    const m = load('face_detection_short_range.tflite');
    const g = m.graphs[0];
    const h = histogram(m);
    expect(h.Conv2D).toBe(21);
    expect(h.DepthwiseConv2D).toBe(16);
    expect(h.Dequantize).toBe(74);
    expect(h.Reshape).toBe(4);
    expect(h.Concat).toBe(2);
    expect(h.Custom).toBeUndefined();
    const input = g.tensors.get(g.inputs[0]);
    expect(input?.shape).toEqual([1, 128, 128, 3]);
    expect(input?.dtype).toBe('float32');
    const firstConv = g.ops.find((o) => o.type === 'Conv2D') as Op;
    expect(firstConv.attrs).toMatchObject({ strides: [2, 2], dilations: [1, 1], padding: 'same', activation: 'none', groups: 1 });
    // MediaPipe keeps ReLU as separate ops rather than fusing it.
    expect(h.Relu).toBe(17);
    const filter = g.tensors.get(firstConv.inputs[1]);
    expect(filter?.shape).toEqual([24, 5, 5, 3]);
    // The filter is produced by DEQUANTIZE from float16 bytes.
    const dq = g.ops.find((o) => o.outputs[0] === firstConv.inputs[1]);
    expect(dq?.type).toBe('Dequantize');
    const f16 = g.tensors.get(dq?.inputs[0] ?? '');
    expect(f16?.dtype).toBe('float16');
    expect(f16?.bytes?.length).toBe(24 * 5 * 5 * 3 * 2);
    expect(f16?.data).toBeUndefined();
    // Reshape's shape operand is constant, so it is an attr and not an input.
    const reshape = g.ops.find((o) => o.type === 'Reshape') as Op;
    expect(reshape.inputs).toHaveLength(1);
    expect(reshape.attrs.newShape).toEqual([1, -1, 1]);
    const pad = g.ops.find((o) => o.type === 'Pad') as Op;
    expect(pad.inputs).toHaveLength(1);
    expect((pad.attrs.pads as number[]).length).toBe(8);
  });

  it('selfie segmentation keeps the MediaPipe transpose conv as Custom with its options', () => {
    const m = load('selfie_segmentation.tflite');
    const custom = m.graphs[0].ops.filter((o) => o.type === 'Custom');
    expect(custom).toHaveLength(1);
    expect(custom[0].attrs.customCode).toBe('Convolution2DTransposeBias');
    expect(custom[0].attrs.options).toBeInstanceOf(Uint8Array);
    expect(histogram(m)).toMatchObject({ HardSwish: 11, AveragePool2D: 10, Logistic: 11, Conv2D: 43 });
  });

  it('landscape selfie model maps MEAN with constant axes to normalised attrs', () => {
    const m = load('selfie_segmentation_landscape.tflite');
    const mean = m.graphs[0].ops.find((o) => o.type === 'Mean') as Op;
    expect(mean.inputs).toHaveLength(1);
    expect(mean.attrs).toEqual({ axes: [1, 2], keepDims: true });
  });

  it('sparse BlazeFace folds DENSIFY into dense float16 constants', () => {
    const sparse = load('face_detection_full_range_sparse.tflite');
    expect(histogram(sparse).Custom).toBeUndefined();
    const dense = load('face_detection_full_range.tflite');
    expect(histogram(sparse).Conv2D).toBe(histogram(dense).Conv2D);
    // Every DENSIFY output is now a constant with the full dense byte count.
    const g = sparse.graphs[0];
    const consts = [...g.tensors.values()].filter((t) => t.dtype === 'float16' && t.bytes);
    expect(consts.length).toBeGreaterThan(46);
    for (const t of consts) expect(t.bytes?.length).toBe(t.shape.reduce((a, b) => a * b, 2));
    // Densified weights are mostly but not entirely zero.
    const nonzero = consts.reduce((n, t) => n + (t.bytes ?? new Uint8Array()).filter((b) => b !== 0).length, 0);
    expect(nonzero).toBeGreaterThan(1000);
  });

  it('hey_jarvis: IF with subgraph indices, three graphs, signature metadata', () => {
    const m = load('hey_jarvis_v0.1.tflite');
    expect(m.graphs).toHaveLength(3);
    const ifOp = m.graphs[0].ops.find((o) => o.type === 'If') as Op;
    expect(ifOp.attrs).toEqual({ thenGraph: 2, elseGraph: 1 });
    expect(m.metadata.signatures).toBe('serving_default');
    expect(m.metadata['metadata.min_runtime_version']).toMatch(/^\d+\.\d+/);
  });

  it('melspectrogram: MatMul, Transpose perm, Squeeze axes, ExpandDims axis, dynamic batch', () => {
    const m = load('melspectrogram.tflite');
    const g = m.graphs[0];
    expect(histogram(m)).toMatchObject({ MatMul: 1, Transpose: 5, ExpandDims: 4, Squeeze: 2, ReduceMax: 1, Log: 1 });
    expect(g.tensors.get(g.inputs[0])?.shape[0]).toBe(-1);
    for (const t of g.ops.filter((o) => o.type === 'Transpose')) expect((t.attrs.perm as number[]).slice().sort()).toEqual([...Array((t.attrs.perm as number[]).length).keys()]);
    const matmul = g.ops.find((o) => o.type === 'MatMul') as Op;
    expect(typeof matmul.attrs.transposeA).toBe('boolean');
  });

  it('embedding model: LeakyRelu alpha 0.2 (±1e-6) and float32 weights as Float32Array', () => {
    const m = load('embedding_model.tflite');
    const g = m.graphs[0];
    const leaky = g.ops.find((o) => o.type === 'LeakyRelu') as Op;
    expect(leaky.attrs.alpha as number).toBeCloseTo(0.2, 6);
    const conv = g.ops.find((o) => o.type === 'Conv2D') as Op;
    const w = g.tensors.get(conv.inputs[1]);
    expect(w?.data).toBeInstanceOf(Float32Array);
    expect(w?.data?.length).toBe((w?.shape ?? []).reduce((a, b) => a * b, 1));
  });

  it('FullyConnected keeps activation and keepNumDims (openWakeWord)', () => {
    const m = load('alexa_v0.1.tflite');
    const fcs = m.graphs[0].ops.filter((o) => o.type === 'FullyConnected');
    expect(fcs).toHaveLength(3);
    for (const fc of fcs) expect(fc.attrs).toHaveProperty('keepNumDims');
  });

  it('keeps an unmapped builtin as Custom with decodable options', () => {
    // Relabel hey_jarvis's MEAN opcode as REDUCE_ANY, which shares ReducerOptions but has no IR op.
    const tfl = parseTflite(loadTfliteFixture(files.find((f) => f.endsWith('hey_jarvis_v0.1.tflite')) ?? '').bytes);
    const mean = tfl.operatorCodes.find((c) => Math.max(c.builtinCode, c.deprecatedBuiltinCode) === 40);
    if (!mean) throw new Error('no MEAN opcode');
    mean.builtinCode = 91;
    mean.deprecatedBuiltinCode = 91;
    const m = importTflite(writeTflite(tfl));
    const customs = m.graphs.flatMap((g) => g.ops).filter((o) => o.type === 'Custom');
    expect(customs).toHaveLength(8);
    expect(customs[0].attrs.customCode).toBe('REDUCE_ANY');
    expect(customs[0].attrs.sourceFormat).toBe('tflite-builtin');
    // The axes operand stays an input: Custom ops keep the TFLite input list verbatim.
    expect(customs[0].inputs).toHaveLength(2);
    const decoded = decodeOperatorOptions(customs[0].attrs.options as Uint8Array);
    expect(decoded.builtinOptions).toEqual({ table: 'ReducerOptions', keep_dims: true });
  });

  it('rejects garbage with ModelFormatError', () => {
    expect(() => importTflite(new Uint8Array(64))).toThrow(ModelFormatError);
  });
});
