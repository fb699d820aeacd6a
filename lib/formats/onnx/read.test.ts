import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readOnnx } from './read';
import { REAL_ONNX_FILES } from './testing/real-models';
import type { OnnxGraph, OnnxTensor } from './types';

const load = (f: string) => new Uint8Array(readFileSync(f));
const elements = (t: OnnxTensor) => t.dims.reduce((a, d) => a * d, 1);

/** Independent count: occurrences of NodeProto field 4 (op_type, tag 0x22) = "<op>" in the raw bytes. */
function scanOpType(bytes: Uint8Array, op: string): number {
  const pat = [0x22, op.length, ...new TextEncoder().encode(op)];
  let n = 0;
  outer: for (let i = 0; i + pat.length <= bytes.length; i++) {
    for (let j = 0; j < pat.length; j++) if (bytes[i + j] !== pat[j]) continue outer;
    n++;
  }
  return n;
}

function constantParams(g: OnnxGraph): number {
  return g.nodes.reduce((s, n) => {
    const a = n.attributes.value;
    return n.opType === 'Constant' && a?.type === 'tensor' ? s + elements(a.value) : s;
  }, 0);
}

describe('readOnnx on real files', () => {
  it.each(Object.entries(REAL_ONNX_FILES))('reads %s', (_, file) => {
    const m = readOnnx(load(file));
    expect(m.graph.nodes.length).toBeGreaterThan(0);
    expect(m.opsetImports.some((o) => o.domain === '')).toBe(true);
  });

  it('decodes PP-OCRv4 det: io, op histogram, parameters', () => {
    const bytes = load(REAL_ONNX_FILES.ocrDet);
    const m = readOnnx(bytes);
    expect(m.irVersion).toBe(8);
    expect(m.opsetImports).toEqual([{ domain: '', version: 11 }]);
    expect(m.graph.inputs.map((i) => i.name)).toEqual(['x']);
    expect(m.graph.inputs[0].type).toEqual({ kind: 'tensor', elemType: 1, shape: ['p2o.DynamicDimension.0', 3, 'p2o.DynamicDimension.1', 'p2o.DynamicDimension.2'] });
    expect(m.graph.outputs.map((o) => o.name)).toEqual(['sigmoid_0.tmp_0']);
    const hist: Record<string, number> = {};
    for (const n of m.graph.nodes) hist[n.opType] = (hist[n.opType] ?? 0) + 1;
    expect(hist.Conv).toBe(scanOpType(bytes, 'Conv'));
    expect(hist).toMatchObject({ Conv: 62, Constant: 342, ConvTranspose: 2, BatchNormalization: 3, Resize: 6, HardSigmoid: 10 });
    // paddle2onnx stores weights as Constant nodes, not initializers.
    expect(m.graph.initializers).toHaveLength(0);
    // Verified once: 1,171,841 float32 values = 4,687,364 bytes of the 4,745,517-byte file.
    expect(constantParams(m.graph)).toBe(1_171_841);
  });

  it('counts initializers and parameters of openWakeWord models', () => {
    const alexa = readOnnx(load(REAL_ONNX_FILES.alexa));
    expect(alexa.producerName).toBe('pytorch');
    expect(alexa.graph.initializers).toHaveLength(6);
    expect(alexa.graph.initializers.reduce((s, t) => s + elements(t), 0)).toBe(213_377);
    const emb = readOnnx(load(REAL_ONNX_FILES.embedding));
    expect(emb.graph.initializers).toHaveLength(42);
    expect(emb.graph.initializers.reduce((s, t) => s + elements(t), 0)).toBe(328_137);
    expect(emb.graph.nodes.filter((n) => n.opType === 'Conv')).toHaveLength(scanOpType(load(REAL_ONNX_FILES.embedding), 'Conv'));
    // raw bytes agree with dims × dtype for every initializer (float32: 4 bytes).
    for (const t of emb.graph.initializers) expect(t.raw.length).toBe(elements(t) * (t.dataType === 7 ? 8 : 4));
  });

  it('keeps If subgraphs of silero v5 and orders nodes topologically', () => {
    const m = readOnnx(load(REAL_ONNX_FILES.sileroV5));
    const ifs = m.graph.nodes.filter((n) => n.opType === 'If');
    expect(ifs.length).toBeGreaterThan(0);
    expect(ifs[0].attributes.then_branch?.type).toBe('graph');
    const seen = new Set([...m.graph.inputs.map((v) => v.name), ...m.graph.initializers.map((t) => t.name), '']);
    for (const n of m.graph.nodes) {
      for (const i of n.inputs) expect(seen.has(i)).toBe(true);
      for (const o of n.outputs) seen.add(o);
    }
  });
});
