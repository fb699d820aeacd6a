import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../errors';
import { decodeFloat16 } from './float16';
import { readTfjsModel } from './reader';
import { buildConvNet, shardLoader } from './testing/synthetic-model';

function expectError(fn: () => unknown, code: string, message: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelFormatError);
    expect((e as ModelFormatError).code).toBe(code);
    expect((e as ModelFormatError).message).toMatch(message);
    return;
  }
  throw new Error('expected a ModelFormatError');
}

const base = buildConvNet();
const parsed = (): { modelTopology: { node: Record<string, unknown>[] }; weightsManifest: { paths: string[]; weights: Record<string, unknown>[] }[] } & Record<string, unknown> =>
  JSON.parse(base.json);

describe('readTfjsModel: valid input', () => {
  it('reads nodes, attrs, inputs and weights', () => {
    const m = readTfjsModel(base.json, shardLoader(base));
    expect(m.nodes.map((n) => n.op)).toContain('_FusedConv2D');
    const conv = m.nodes.find((n) => n.name === 'conv');
    expect(conv?.attrs.padding).toEqual({ kind: 's', value: 'SAME' });
    expect(conv?.attrs.strides).toMatchObject({ kind: 'list', value: { i: [1, 1, 1, 1] } });
    const id = m.nodes.find((n) => n.name === 'Identity');
    expect(id?.inputs).toEqual([{ node: 'probs', index: 0 }]);
    expect(id?.controlInputs).toEqual(['conv']);
    expect(m.weights.get('mean/axes')).toMatchObject({ dtype: 'int32', shape: [2] });
    expect(Array.from(m.weights.get('mean/axes')?.values as Int32Array)).toEqual([1, 2]);
    expect(Array.from(m.weights.get('conv/bias')?.values as Float32Array)).toEqual([0.1, -0.2, 0.3].map(Math.fround));
  });

  it('dequantizes float16 and uint8 weights within their quantization error', () => {
    const m = readTfjsModel(base.json, shardLoader(base));
    const f16 = m.weights.get('conv/filter')?.values as Float32Array;
    // filter value i is ((i*37)%19)/19 - 0.5; float16 keeps 11 significant bits: |err| ≤ 2^-11 · 0.5.
    for (let i = 0; i < 54; i++) expect(Math.abs(f16[i] - (((i * 37) % 19) / 19 - 0.5))).toBeLessThanOrEqual(2 ** -12);
    const u8 = m.weights.get('dw/filter')?.values as Float32Array;
    const exact = Array.from({ length: 54 }, (_, i) => ((i * 13) % 11) / 11 - 0.4);
    const scale = (Math.max(...exact) - Math.min(...exact)) / 255;
    for (let i = 0; i < 54; i++) expect(Math.abs(u8[i] - exact[i])).toBeLessThanOrEqual(scale / 2 + 1e-6);
  });

  it('concatenates multi-shard groups', () => {
    const split = buildConvNet({ shardSplit: 77 });
    const a = readTfjsModel(split.json, shardLoader(split));
    const b = readTfjsModel(base.json, shardLoader(base));
    expect(a.weights.get('fc/weights')?.values).toEqual(b.weights.get('fc/weights')?.values);
  });

  it('accepts model.json as bytes', () => {
    expect(readTfjsModel(new TextEncoder().encode(base.json), shardLoader(base)).nodes.length).toBe(13);
  });
});

describe('float16 decoding', () => {
  it('handles zero, subnormals, infinities, NaN and extremes', () => {
    const bits = Uint16Array.from([0x0000, 0x8000, 0x0001, 0x03ff, 0x3c00, 0xc000, 0x7bff, 0x7c00, 0xfc00, 0x7e00]);
    const out = decodeFloat16(bits);
    expect(Array.from(out.slice(0, 9))).toEqual([0, -0, 2 ** -24, 1023 * 2 ** -24, 1, -2, 65504, Infinity, -Infinity]);
    expect(Number.isNaN(out[9])).toBe(true);
  });
});

describe('readTfjsModel: bad input → ModelFormatError', () => {
  it('invalid JSON and non-UTF-8', () => {
    expectError(() => readTfjsModel('{"format": ', () => undefined), 'bad-value', /not valid JSON/);
    expectError(() => readTfjsModel(Uint8Array.from([0xff, 0xfe, 0x7b]), () => undefined), 'bad-value', /UTF-8/);
  });

  it('wrong format and missing fields', () => {
    expectError(() => readTfjsModel('{"format":"saved-model","modelTopology":{}}', () => undefined), 'unsupported', /saved-model/);
    expectError(() => readTfjsModel('{"format":"graph-model"}', () => undefined), 'bad-value', /missing modelTopology/);
    expectError(() => readTfjsModel('{"format":"graph-model","modelTopology":{}}', () => undefined), 'bad-value', /modelTopology\.node: expected an array/);
    expectError(() => readTfjsModel('[1,2]', () => undefined), 'bad-value', /expected an object/);
    const noOp = parsed();
    delete noOp.modelTopology.node[3].op;
    expectError(() => readTfjsModel(JSON.stringify(noOp), shardLoader(base)), 'bad-value', /node "dw\/filter"\.op/);
  });

  it('missing shard names the file', () => {
    expectError(() => readTfjsModel(base.json, () => undefined), 'missing-file', /group1-shard1of1\.bin/);
  });

  it('shard sizes that do not match the manifest', () => {
    const bytes = base.shards['group1-shard1of1.bin'];
    expectError(() => readTfjsModel(base.json, () => bytes.slice(0, bytes.length - 3)), 'truncated', /needs \d+/);
    const longer = new Uint8Array(bytes.length + 4);
    longer.set(bytes);
    expectError(() => readTfjsModel(base.json, () => longer), 'bad-buffer', /describes only/);
  });

  it('huge and negative shapes', () => {
    const huge = parsed();
    huge.weightsManifest[0].weights[0].shape = [1e6, 1e6, 1e6];
    expectError(() => readTfjsModel(JSON.stringify(huge), shardLoader(base)), 'too-large', /more than/);
    const neg = parsed();
    neg.weightsManifest[0].weights[0].shape = [-3, 3];
    expectError(() => readTfjsModel(JSON.stringify(neg), shardLoader(base)), 'bad-shape', /negative/);
    const deep = parsed();
    deep.weightsManifest[0].weights[0].shape = new Array(40).fill(1);
    expectError(() => readTfjsModel(JSON.stringify(deep), shardLoader(base)), 'bad-shape', /rank 40/);
  });

  it('dangling inputs, duplicate names and cycles', () => {
    const dangling = parsed();
    (dangling.modelTopology.node[8].input as string[])[0] = 'nope:1';
    expectError(() => readTfjsModel(JSON.stringify(dangling), shardLoader(base)), 'dangling-tensor', /reads "nope"/);
    const ctrl = parsed();
    (ctrl.modelTopology.node[11].input as string[])[1] = '^ghost';
    expectError(() => readTfjsModel(JSON.stringify(ctrl), shardLoader(base)), 'dangling-tensor', /control dependency on missing node "ghost"/);
    const dup = parsed();
    dup.modelTopology.node[2].name = 'conv/filter';
    expectError(() => readTfjsModel(JSON.stringify(dup), shardLoader(base)), 'bad-value', /duplicate node name/);
    const cycle = parsed();
    (cycle.modelTopology.node[7].input as string[])[0] = 'probs'; // conv ← probs ← … ← conv
    expectError(() => readTfjsModel(JSON.stringify(cycle), shardLoader(base)), 'cycle', /cycle through node/);
  });

  it('bad quantization and dtypes', () => {
    const q = parsed();
    q.weightsManifest[0].weights[2].quantization = { dtype: 'uint8', original_dtype: 'float32' };
    expectError(() => readTfjsModel(JSON.stringify(q), shardLoader(base)), 'bad-value', /needs both scale and min/);
    const q4 = parsed();
    q4.weightsManifest[0].weights[2].quantization = { dtype: 'int4' };
    expectError(() => readTfjsModel(JSON.stringify(q4), shardLoader(base)), 'unsupported', /int4/);
    const dt = parsed();
    dt.weightsManifest[0].weights[1].dtype = 'float64';
    expectError(() => readTfjsModel(JSON.stringify(dt), shardLoader(base)), 'unsupported', /float64/);
  });

  it('bad attr values', () => {
    const attr = parsed();
    (attr.modelTopology.node[7].attr as Record<string, unknown>).padding = { s: '!!!' };
    expectError(() => readTfjsModel(JSON.stringify(attr), shardLoader(base)), 'bad-value', /base64/);
    const int = parsed();
    (int.modelTopology.node[7].attr as Record<string, unknown>).num_args = { i: '1.5' };
    expectError(() => readTfjsModel(JSON.stringify(int), shardLoader(base)), 'bad-value', /expected an integer/);
    const type = parsed();
    (type.modelTopology.node[7].attr as Record<string, unknown>).T = { type: 'DT_NOPE' };
    expectError(() => readTfjsModel(JSON.stringify(type), shardLoader(base)), 'bad-value', /unknown TensorFlow dtype/);
  });

  it('a Const without a weight', () => {
    const m = parsed();
    m.weightsManifest[0].weights[5].name = 'renamed';
    expectError(() => readTfjsModel(JSON.stringify(m), shardLoader(base)), 'dangling-tensor', /Const node "fc\/bias" has no entry/);
  });
});
