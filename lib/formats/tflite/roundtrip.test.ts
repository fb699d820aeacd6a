import { describe, expect, it } from 'vitest';
import { builtinOperatorName, parseTflite, writeTflite, effectiveBuiltinCode, type TfliteModel } from './index';
import { listTfliteFixtures, loadTfliteFixture } from './test-fixtures';
import { FlatReader } from './flat-reader';
import { bytesEqual, firstDifferentBuffer, withoutBufferBytes } from './test-compare';

function opHistogram(m: TfliteModel): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const sg of m.subgraphs) {
    for (const op of sg.operators) {
      const code = m.operatorCodes[op.opcodeIndex];
      const name = code.customCode ?? builtinOperatorName(effectiveBuiltinCode(code)) ?? '?';
      counts[name] = (counts[name] ?? 0) + 1;
    }
  }
  return counts;
}

const files = listTfliteFixtures();

describe('tflite round-trip on shipped models', () => {
  it('finds all 18 shipped .tflite files', () => {
    expect(files.length).toBe(18);
  });

  it.each(files)('parse → write → parse is identical: %s', (path) => {
    const { bytes } = loadTfliteFixture(path);
    const first = parseTflite(bytes);
    const second = parseTflite(writeTflite(first));
    expect(firstDifferentBuffer(first, second)).toBe(-1);
    expect(withoutBufferBytes(second)).toEqual(withoutBufferBytes(first));
    // The rewrite is a fixed point: a second rewrite gives the same bytes.
    expect(bytesEqual(writeTflite(second), writeTflite(first))).toBe(true);
  });
});

/** For each Buffer table of a written file: whether its `data` field is present, and its length. */
function rawBufferData(bytes: Uint8Array): { present: boolean; length: number }[] {
  const r = new FlatReader(bytes);
  const buffers = r.rootTable('').tables(4, 'buffers', (i) => `buffer ${i}`) ?? [];
  return buffers.map((b) => ({ present: b.has(0), length: b.bytes(0, 'data')?.length ?? 0 }));
}

describe('tflite empty buffer data vectors', () => {
  // hey_jarvis's RESHAPE shape tensor (INT32, shape [0]) has a buffer whose
  // data vector is present but empty. The official runtime tells that from an
  // absent vector (the rewrite scored 0 instead of 6.28e-5 on the IF's else
  // branch; see testing/runtime-roundtrip.test.ts), so it must survive.
  const path = files.find((f) => f.endsWith('hey_jarvis_v0.1.tflite')) ?? 'hey_jarvis_v0.1.tflite';

  it('reads, keeps and rewrites the present-but-empty vector of hey_jarvis buffer 26', () => {
    const { bytes } = loadTfliteFixture(path);
    const m = parseTflite(bytes);
    const tensor = m.subgraphs[0].tensors[25];
    expect([tensor.name, tensor.type, tensor.shape, tensor.buffer]).toEqual(['onnx_tf_prefix_If_32/Squeeze', 'INT32', [0], 26]);
    expect(m.buffers.flatMap((b, i) => (b.emptyDataVector ? [i] : []))).toEqual([26]);

    const original = rawBufferData(bytes);
    const rewritten = rawBufferData(writeTflite(m));
    expect(rewritten).toEqual(original);
    expect(rewritten[26]).toEqual({ present: true, length: 0 });
    expect(rewritten[27]).toEqual({ present: false, length: 0 });
    expect(parseTflite(writeTflite(m)).buffers[26].emptyDataVector).toBe(true);
  });

  it('omits the data field of an empty buffer unless emptyDataVector is set', () => {
    const m = parseTflite(loadTfliteFixture(path).bytes);
    const dropped: TfliteModel = { ...m, buffers: m.buffers.map((b) => ({ data: b.data, external: b.external })) };
    expect(rawBufferData(writeTflite(dropped))[26]).toEqual({ present: false, length: 0 });
    expect(parseTflite(writeTflite(dropped)).buffers[26].emptyDataVector).toBeUndefined();
  });
});

describe('tflite reader values', () => {
  const load = (suffix: string): TfliteModel => parseTflite(loadTfliteFixture(files.find((f) => f.endsWith(suffix)) ?? suffix).bytes);

  it('BlazeFace short range: input, op counts, float16 weights', () => {
    const m = load('face_detection_short_range.tflite');
    const sg = m.subgraphs[0];
    const input = sg.tensors[sg.inputs[0]];
    expect(input.shape).toEqual([1, 128, 128, 3]);
    expect(input.type).toBe('FLOAT32');
    expect(sg.outputs.map((i) => sg.tensors[i].shape)).toEqual([[1, 896, 16], [1, 896, 1]]);
    expect(opHistogram(m)).toMatchObject({ CONV_2D: 21, DEPTHWISE_CONV_2D: 16, DEQUANTIZE: 74, ADD: 16, PAD: 11, MAX_POOL_2D: 3 });
    const conv = sg.operators.find((op) => op.builtinOptions?.table === 'Conv2DOptions');
    expect(conv?.builtinOptions).toMatchObject({ table: 'Conv2DOptions', stride_h: 2, stride_w: 2, dilation_h_factor: 1 });
    // DEQUANTIZE inputs are float16 constants of exactly 2 bytes per element.
    const dq = sg.operators.find((op) => effectiveBuiltinCode(m.operatorCodes[op.opcodeIndex]) === 6);
    const w = sg.tensors[dq?.inputs[0] ?? 0];
    expect(w.type).toBe('FLOAT16');
    expect(m.buffers[w.buffer].data.length).toBe(w.shape.reduce((a, b) => a * b, 2));
  });

  it('selfie segmentation keeps the MediaPipe custom op and its options', () => {
    const m = load('selfie_segmentation.tflite');
    const code = m.operatorCodes.findIndex((c) => c.customCode === 'Convolution2DTransposeBias');
    expect(code).toBeGreaterThanOrEqual(0);
    expect(effectiveBuiltinCode(m.operatorCodes[code])).toBe(32); // CUSTOM
    const op = m.subgraphs[0].operators.find((o) => o.opcodeIndex === code);
    expect(op?.customOptions?.length).toBeGreaterThan(0);
    expect(opHistogram(m)).toMatchObject({ HARD_SWISH: 11, AVERAGE_POOL_2D: 10 });
  });

  it('sparse BlazeFace full range carries sparsity and DENSIFY', () => {
    const m = load('face_detection_full_range_sparse.tflite');
    const sparse = m.subgraphs[0].tensors.filter((t) => t.sparsity);
    expect(sparse.length).toBe(46);
    expect(opHistogram(m).DENSIFY).toBe(46);
    const s = sparse[0].sparsity;
    expect(s?.traversalOrder.length).toBe(s?.dimMetadata.length);
    expect(s?.dimMetadata.some((d) => d.format === 'SPARSE_CSR')).toBe(true);
  });

  it('hey_jarvis has IF with then/else subgraphs and a signature', () => {
    const m = load('hey_jarvis_v0.1.tflite');
    expect(m.subgraphs.length).toBe(3);
    const ifOp = m.subgraphs[0].operators.find((o) => o.builtinOptions?.table === 'IfOptions');
    expect(ifOp?.builtinOptions).toEqual({ table: 'IfOptions', then_subgraph_index: 2, else_subgraph_index: 1 });
    expect(m.signatureDefs).toHaveLength(1);
    expect(m.signatureDefs[0].signatureKey).toBe('serving_default');
  });

  it('metadata entries and min_runtime_version are readable', () => {
    const m = load('hand_landmark_full.tflite');
    const names = m.metadata.map((e) => e.name);
    expect(names).toEqual(['min_runtime_version', 'reduced_precision_support']);
    const v = new TextDecoder().decode(m.buffers[m.metadata[0].buffer].data).replace(/\0+$/, '');
    expect(v).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('embedding model keeps shape_signature with -1 batch and LeakyRelu alpha', () => {
    const m = load('embedding_model.tflite');
    const sg = m.subgraphs[0];
    const input = sg.tensors[sg.inputs[0]];
    expect(input.shapeSignature?.[0]).toBe(-1);
    const leaky = sg.operators.find((o) => o.builtinOptions?.table === 'LeakyReluOptions');
    expect(leaky?.builtinOptions?.table === 'LeakyReluOptions' && leaky.builtinOptions.alpha).toBeCloseTo(0.2, 6);
  });
});
