// Builds small, valid TF.js graph models in memory for tests: a conv block
// with float16, uint8-quantized and plain float32 weights, so reader and
// importer tests need no files and can be mutated freely by the fuzzer.

export interface SyntheticModel {
  json: string;
  shards: Record<string, Uint8Array>;
}

interface WeightDef {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  values: number[];
  quantize?: 'float16' | 'uint8';
}

function float32ToHalfBits(v: number): number {
  const f = new Float32Array([v]);
  const u = new Uint32Array(f.buffer)[0];
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  const mant = u & 0x7fffff;
  if (exp <= 0) return sign; // test values stay in the normal range
  if (exp >= 31) return sign | 0x7c00;
  return sign | (exp << 10) | (mant >>> 13);
}

function encodeWeight(w: WeightDef): { bytes: Uint8Array; quantization?: Record<string, unknown> } {
  if (w.quantize === 'float16') {
    return { bytes: new Uint8Array(Uint16Array.from(w.values.map(float32ToHalfBits)).buffer), quantization: { dtype: 'float16', original_dtype: 'float32' } };
  }
  if (w.quantize === 'uint8') {
    const min = Math.min(...w.values);
    const max = Math.max(...w.values);
    const scale = (max - min) / 255 || 1;
    const q = Uint8Array.from(w.values.map((v) => Math.round((v - min) / scale)));
    return { bytes: q, quantization: { dtype: 'uint8', min, scale, original_dtype: w.dtype } };
  }
  const arr = w.dtype === 'float32' ? Float32Array.from(w.values) : Int32Array.from(w.values);
  return { bytes: new Uint8Array(arr.buffer) };
}

const b64 = (s: string): string => btoa(s);
const listI = (xs: number[]) => ({ list: { i: xs.map(String) } });
const typeF = { type: 'DT_FLOAT' };
const typeI = { type: 'DT_INT32' };

function seq(n: number, f: (i: number) => number): number[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

function constNode(w: WeightDef): Record<string, unknown> {
  return {
    name: w.name,
    op: 'Const',
    attr: { dtype: w.dtype === 'float32' ? typeF : typeI, value: { tensor: { dtype: w.dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32', tensorShape: { dim: w.shape.map((d) => ({ size: String(d) })) } } } },
  };
}

/** x[1,6,6,2] → fused conv3x3(3) + bias + relu6 → depthwise 3x3 ×2 → Mean(1,2) → FC(6→4) → softmax. */
export function buildConvNet(options: { shardSplit?: number } = {}): SyntheticModel {
  const weights: WeightDef[] = [
    { name: 'conv/filter', shape: [3, 3, 2, 3], dtype: 'float32', values: seq(54, (i) => ((i * 37) % 19) / 19 - 0.5), quantize: 'float16' },
    { name: 'conv/bias', shape: [3], dtype: 'float32', values: [0.1, -0.2, 0.3] },
    { name: 'dw/filter', shape: [3, 3, 3, 2], dtype: 'float32', values: seq(54, (i) => ((i * 13) % 11) / 11 - 0.4), quantize: 'uint8' },
    { name: 'mean/axes', shape: [2], dtype: 'int32', values: [1, 2] },
    { name: 'fc/weights', shape: [6, 4], dtype: 'float32', values: seq(24, (i) => i / 24 - 0.5) },
    { name: 'fc/bias', shape: [4], dtype: 'float32', values: [0, 0.5, -0.5, 1] },
  ];
  const nodes: Record<string, unknown>[] = [
    { name: 'x', op: 'Placeholder', attr: { dtype: typeF, shape: { shape: { dim: [{ size: '1' }, { size: '6' }, { size: '6' }, { size: '2' }] } } } },
    ...weights.map(constNode),
    {
      name: 'conv',
      op: '_FusedConv2D',
      input: ['x', 'conv/filter', 'conv/bias'],
      attr: {
        T: typeF, num_args: { i: '1' }, data_format: { s: b64('NHWC') }, strides: listI([1, 1, 1, 1]), dilations: listI([1, 1, 1, 1]),
        padding: { s: b64('SAME') }, fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu6')] } }, epsilon: { f: 0 }, explicit_paddings: { list: {} },
      },
    },
    {
      name: 'dw',
      op: 'DepthwiseConv2dNative',
      input: ['conv', 'dw/filter'],
      attr: { T: typeF, data_format: { s: b64('NHWC') }, strides: listI([1, 2, 2, 1]), dilations: listI([1, 1, 1, 1]), padding: { s: b64('VALID') } },
    },
    { name: 'mean', op: 'Mean', input: ['dw', 'mean/axes'], attr: { T: typeF, Tidx: typeI, keep_dims: { b: false } } },
    {
      name: 'fc',
      op: '_FusedMatMul',
      input: ['mean', 'fc/weights', 'fc/bias'],
      attr: { T: typeF, transpose_a: { b: false }, transpose_b: { b: false }, num_args: { i: '1' }, fused_ops: { list: { s: [b64('BiasAdd')] } }, epsilon: { f: 0 } },
    },
    { name: 'probs', op: 'Softmax', input: ['fc'], attr: { T: typeF } },
    { name: 'Identity', op: 'Identity', input: ['probs', '^conv'], attr: { T: typeF } },
  ];
  const encoded = weights.map(encodeWeight);
  const all = new Uint8Array(encoded.reduce((n, e) => n + e.bytes.length, 0));
  let at = 0;
  for (const e of encoded) {
    all.set(e.bytes, at);
    at += e.bytes.length;
  }
  const split = options.shardSplit;
  const shards: Record<string, Uint8Array> = split ? { 'group1-shard1of2.bin': all.slice(0, split), 'group1-shard2of2.bin': all.slice(split) } : { 'group1-shard1of1.bin': all };
  const manifest = [
    {
      paths: Object.keys(shards),
      weights: weights.map((w, i) => ({ name: w.name, shape: w.shape, dtype: w.dtype, ...(encoded[i].quantization ? { quantization: encoded[i].quantization } : {}) })),
    },
  ];
  const model = {
    format: 'graph-model',
    generatedBy: 'edgezoo-test',
    convertedBy: 'edgezoo-test',
    signature: {
      inputs: { x: { name: 'x:0', dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '1' }, { size: '6' }, { size: '6' }, { size: '2' }] } } },
      outputs: { probs: { name: 'Identity:0', dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '1' }, { size: '4' }] } } },
    },
    modelTopology: { node: nodes, library: {}, versions: { producer: 1 } },
    weightsManifest: manifest,
  };
  return { json: JSON.stringify(model), shards };
}

export function shardLoader(model: SyntheticModel): (path: string) => Uint8Array | undefined {
  return (path) => model.shards[path];
}
