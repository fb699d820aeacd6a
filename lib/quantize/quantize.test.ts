import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../ir/builder';
import { readConstantValues } from '../ir/dtype';
import type { Model, Tensor } from '../ir/types';
import { Int8UnsupportedError, MissingRangeError } from './errors';
import type { Range } from './params';
import { quantizeModel } from './quantize';

const EPS = 1e-12;

/** x → Conv(relu) → Depthwise → Add(conv, dw) → Concat(add, conv) → Reshape → FC → Softmax. */
function buildNet() {
  const b = new GraphBuilder();
  const x = b.addInput('x', [1, 4, 4, 2]);
  // Conv filter [Cout=3, 1, 1, Cin=2]: channel max |w| = 0.5, 0.25, 2.
  const cw = b.addConst('conv_w', [3, 1, 1, 2], [0.5, -0.1, 0.25, 0.2, -2, 1]);
  const cb = b.addConst('conv_b', [3], [0.1, -0.2, 0.3]);
  const conv = b.add('Conv2D', [x, cw, cb], { strides: [1, 1], dilations: [1, 1], padding: 'same', activation: 'relu', groups: 1 });
  const dw = b.add('DepthwiseConv2D', [conv, b.addConst('dw_w', [1, 3, 3, 3], Array.from({ length: 27 }, (_, i) => (i % 3 === 0 ? 0.9 : -0.05 * (i % 5))))],
    { strides: [1, 1], dilations: [1, 1], padding: 'same', activation: 'none', depthMultiplier: 1 });
  const add = b.add('Add', [conv, dw]);
  const cat = b.add('Concat', [add, conv], { axis: 3 });
  const flat = b.add('Reshape', [cat], { newShape: [1, 96] });
  const fc = b.add('FullyConnected', [flat, b.addConst('fc_w', [4, 96], Array.from({ length: 384 }, (_, i) => ((i * 7) % 11) / 11 - 0.5)), b.addConst('fc_b', [4], [0, 1, 2, 3])],
    { activation: 'none', keepNumDims: false });
  const soft = b.add('Softmax', [fc], { axis: -1, beta: 1 });
  b.markOutputs(soft);
  const ranges = new Map<string, Range>([
    [x, { min: -1, max: 1 }], [conv, { min: 0, max: 6 }], [dw, { min: -3, max: 5 }], [add, { min: -2, max: 10 }],
    [cat, { min: -2, max: 10 }], [fc, { min: -20, max: 30 }],
  ]);
  return { b, model: b.toModel(), ranges, ids: { x, conv, dw, add, cat, flat, fc, soft, cw, cb } };
}

function tensorsOf(model: Model): Map<string, Tensor> {
  return model.graphs[0].tensors;
}

describe('quantizeModel on a hand-built net', () => {
  const { model, ranges, ids } = buildNet();
  const before = JSON.stringify([...model.graphs[0].tensors.values()].map((t) => [t.id, t.dtype, t.quant ?? null]));
  const { model: q, report } = quantizeModel(model, ranges, { inputType: 'int8', outputType: 'int8' });
  const g = q.graphs[0];
  const t = tensorsOf(q);
  const op = (type: string) => g.ops.find((o) => o.type === type);

  it('leaves the input model alone', () => {
    expect(JSON.stringify([...model.graphs[0].tensors.values()].map((x) => [x.id, x.dtype, x.quant ?? null]))).toBe(before);
    expect(model.graphs[0].ops.map((o) => o.type)).toEqual(['Conv2D', 'DepthwiseConv2D', 'Add', 'Concat', 'Reshape', 'FullyConnected', 'Softmax']);
  });

  it('input: int8 with scale 2/255 for [-1, 1]', () => {
    const x = t.get(ids.x) as Tensor;
    expect(x.dtype).toBe('int8');
    expect(x.quant?.scale[0]).toBeCloseTo(2 / 255, 12);
    expect(x.quant?.zeroPoint).toEqual([-1]);
  });

  it('conv weights per output channel (axis 0), symmetric: scale = max|w| / 127, zero point 0', () => {
    const conv = op('Conv2D');
    const w = t.get(conv?.inputs[1] ?? '') as Tensor;
    expect(w.dtype).toBe('int8');
    expect(w.quant?.axis).toBe(0);
    expect(w.quant?.zeroPoint).toEqual([0, 0, 0]);
    expect(w.quant?.scale[0]).toBeCloseTo(0.5 / 127, 9);
    expect(w.quant?.scale[1]).toBeCloseTo(0.25 / 127, 9);
    expect(w.quant?.scale[2]).toBeCloseTo(2 / 127, 9);
    expect(Array.from(w.data as Int8Array)).toEqual([127, -25, 127, 102, -127, 64]); // −0.1/(0.5/127) = −25.4; 0.2/(0.25/127) = 101.6; 1/(2/127) = 63.5 → 64
  });

  it('conv bias int32 with scale s_in · s_w and zero point 0', () => {
    const conv = op('Conv2D');
    const bias = t.get(conv?.inputs[2] ?? '') as Tensor;
    expect(bias.dtype).toBe('int32');
    const sIn = 2 / 255;
    const sW = [0.5 / 127, 0.25 / 127, 2 / 127];
    bias.quant?.scale.forEach((s, c) => expect(Math.abs(s - sIn * sW[c]) / s).toBeLessThan(1e-6));
    expect(bias.quant?.zeroPoint).toEqual([0, 0, 0]);
    const values = Array.from(bias.data as Int32Array);
    [0.1, -0.2, 0.3].forEach((b, c) => expect(Math.abs(values[c] - b / (sIn * sW[c]))).toBeLessThanOrEqual(0.5 + 1e-3));
  });

  it('depthwise weights per channel along axis 3', () => {
    const w = t.get(op('DepthwiseConv2D')?.inputs[1] ?? '') as Tensor;
    expect(w.quant?.axis).toBe(3);
    expect(w.quant?.scale).toHaveLength(3);
    // Channel 0 holds the 0.9 entries (i % 3 === 0).
    expect(w.quant?.scale[0]).toBeCloseTo(Math.fround(0.9) / 127, 9);
  });

  it('depthwise without a bias gets an int32 zero bias (TFLite kernels require one)', () => {
    const bias = t.get(op('DepthwiseConv2D')?.inputs[2] ?? '') as Tensor;
    expect(bias.dtype).toBe('int32');
    expect(Array.from(bias.data as Int32Array)).toEqual([0, 0, 0]);
  });

  it('relu conv output [0, 6] → scale 6/255, zero point −128', () => {
    const c = t.get(ids.conv) as Tensor;
    expect(c.quant?.scale[0]).toBeCloseTo(6 / 255, 12);
    expect(c.quant?.zeroPoint).toEqual([-128]);
  });

  it('concat: output and inputs share a scale; Add (sole use) is retargeted, the conv output (three uses) is requantized', () => {
    const cat = op('Concat');
    const outQ = t.get(ids.cat)?.quant;
    expect(outQ?.scale[0]).toBeCloseTo(12 / 255, 12);
    expect(outQ?.zeroPoint).toEqual([-86]); // −128 + 2 / (12/255) = −85.5, rounded away from zero
    for (const id of cat?.inputs ?? []) expect(t.get(id)?.quant).toEqual(outQ);
    expect(cat?.inputs[0]).toBe(ids.add);
    expect(report.requantizeOps).toBe(1);
    const requant = g.ops.find((o) => o.type === 'Quantize');
    expect(requant?.inputs).toEqual([ids.conv]);
    expect(requant?.outputs).toEqual([cat?.inputs[1]]);
  });

  it('reshape keeps its input scale (same-scale restriction)', () => {
    expect(t.get(ids.flat)?.quant).toEqual(t.get(ids.cat)?.quant);
  });

  it('FullyConnected weights per tensor by default, bias scale s_in · s_w', () => {
    const fc = op('FullyConnected');
    const w = t.get(fc?.inputs[1] ?? '') as Tensor;
    expect(w.quant?.axis).toBeUndefined();
    expect(w.quant?.scale).toHaveLength(1);
    const floatW = model.graphs[0].tensors.get(model.graphs[0].ops[5].inputs[1]) as Tensor;
    const maxAbs = Math.max(...Array.from(readConstantValues(floatW) ?? [], Math.abs));
    expect(maxAbs).toBe(0.5); // ((7i mod 11) / 11) − 0.5 reaches −0.5 at i = 0
    expect(w.quant?.scale[0]).toBeCloseTo(maxAbs / 127, 9);
    const bias = t.get(fc?.inputs[2] ?? '') as Tensor;
    expect(bias.quant?.scale[0]).toBeCloseTo((t.get(ids.flat)?.quant?.scale[0] ?? 0) * (w.quant?.scale[0] ?? 0), EPS);
  });

  it('softmax output fixed at scale 1/256, zero point −128', () => {
    expect(t.get(ids.soft)?.quant).toEqual({ scale: [1 / 256], zeroPoint: [-128] });
    expect(t.get(ids.soft)?.dtype).toBe('int8');
  });

  it('reports every op and every quantized tensor', () => {
    expect(report.ops.filter((o) => !o.inserted).every((o) => o.quantized)).toBe(true);
    expect(report.ops.map((o) => o.type).sort()).toEqual(['Add', 'Concat', 'Conv2D', 'DepthwiseConv2D', 'FullyConnected', 'Quantize', 'Reshape', 'Softmax'].sort());
    const conv = report.tensors.find((x) => x.id === ids.conv);
    expect(conv?.observed).toEqual({ min: 0, max: 6 });
    expect(conv?.represented?.min).toBeCloseTo(0, 12);
    expect(conv?.represented?.max).toBeCloseTo(6, 9);
    expect(report.tensors.filter((x) => x.role === 'weight')).toHaveLength(3);
    expect(report.tensors.filter((x) => x.role === 'bias')).toHaveLength(3);
    expect(g.tensors.size).toBe([...g.tensors.values()].filter((x) => x.dtype !== 'float32').length);
  });
});

describe('graph interface types', () => {
  it('float32 in/out: QUANTIZE after the input, DEQUANTIZE before the output, names kept', () => {
    const { model, ranges, ids } = buildNet();
    const { model: q, report } = quantizeModel(model, ranges, { inputType: 'float32', outputType: 'float32' });
    const g = q.graphs[0];
    expect(g.inputs).toEqual([ids.x]);
    expect(g.outputs).toEqual([ids.soft]);
    expect(g.tensors.get(ids.x)?.dtype).toBe('float32');
    expect(g.tensors.get(ids.x)?.quant).toBeUndefined();
    expect(g.ops[0].type).toBe('Quantize');
    expect(g.ops[0].inputs).toEqual([ids.x]);
    expect(g.tensors.get(g.ops[0].outputs[0])?.quant?.scale[0]).toBeCloseTo(2 / 255, 12);
    const last = g.ops[g.ops.length - 1];
    expect(last.type).toBe('Dequantize');
    expect(last.outputs).toEqual([ids.soft]);
    expect(g.tensors.get(last.inputs[0])?.quant).toEqual({ scale: [1 / 256], zeroPoint: [-128] });
    expect(report.ops.filter((o) => o.inserted).map((o) => o.type).sort()).toEqual(['Dequantize', 'Quantize', 'Quantize']);
  });

  it('uint8 in/out: same scale, zero point + 128', () => {
    const { model, ranges, ids } = buildNet();
    const { model: q } = quantizeModel(model, ranges, { inputType: 'uint8', outputType: 'uint8' });
    const g = q.graphs[0];
    expect(g.tensors.get(ids.x)?.dtype).toBe('uint8');
    expect(g.tensors.get(ids.x)?.quant?.zeroPoint).toEqual([127]);
    expect(g.tensors.get(ids.soft)?.dtype).toBe('uint8');
    expect(g.tensors.get(ids.soft)?.quant).toEqual({ scale: [1 / 256], zeroPoint: [0] });
  });
});

describe('rewrites and constraints', () => {
  it('Div by a constant becomes Mul by the reciprocal; fused sigmoid becomes a Logistic (1/256, −128); Tanh 1/128, 0', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [1, 8]);
    const d = b.add('Div', [x, b.addConst('six', [], [4])]);
    const fc = b.add('FullyConnected', [d, b.addConst('w', [2, 8], Array.from({ length: 16 }, (_, i) => i / 16 - 0.5))], { activation: 'sigmoid', keepNumDims: false });
    const th = b.add('Tanh', [fc]);
    b.markOutputs(th);
    const ranges = new Map<string, Range>([[x, { min: -4, max: 4 }], [d, { min: -1, max: 1 }], [fc, { min: 0.1, max: 0.9 }]]);
    const { model: q } = quantizeModel(b.toModel(), ranges, { inputType: 'int8', outputType: 'int8' });
    const g = q.graphs[0];
    expect(g.ops.map((o) => o.type)).toEqual(['Mul', 'FullyConnected', 'Logistic', 'Tanh']);
    const recip = g.tensors.get(g.ops[0].inputs[1]) as Tensor;
    expect(recip.dtype).toBe('int8');
    // 0.25 as a per-tensor constant over [0, 0.25]: scale 0.25/255, zero point −128 → q = 127.
    expect(Array.from(recip.data as Int8Array)).toEqual([127]);
    expect(g.ops[1].attrs.activation).toBe('none');
    // Pre-sigmoid range: logit(0.1) … logit(0.9) = ±2.197.
    const pre = g.tensors.get(g.ops[1].outputs[0])?.quant;
    expect(pre?.scale[0]).toBeCloseTo((2 * Math.log(9)) / 255, 9);
    expect(g.tensors.get(fc)?.quant).toEqual({ scale: [1 / 256], zeroPoint: [-128] });
    expect(g.tensors.get(th)?.quant).toEqual({ scale: [1 / 128], zeroPoint: [0] });
  });

  it('a tensor feeding only a Logistic is clipped to ±8 (sigmoid saturates there at int8 resolution); one with other users is not', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [1, 8]);
    const logits = b.add('FullyConnected', [x, b.addConst('w', [2, 8], Array.from({ length: 16 }, (_, i) => i / 16 - 0.5))], { activation: 'none', keepNumDims: false });
    const p = b.add('Logistic', [logits]);
    const shared = b.add('FullyConnected', [x, b.addConst('w2', [2, 8], Array.from({ length: 16 }, (_, i) => 0.5 - i / 16))], { activation: 'none', keepNumDims: false });
    const p2 = b.add('Logistic', [shared]);
    b.markOutputs(p, p2, shared);
    const ranges = new Map<string, Range>([[x, { min: -4, max: 4 }], [logits, { min: -900, max: 300 }], [p, { min: 0, max: 1 }], [shared, { min: -900, max: 300 }], [p2, { min: 0, max: 1 }]]);
    const { model: q } = quantizeModel(b.toModel(), ranges, { inputType: 'int8', outputType: 'int8' });
    const g = q.graphs[0];
    expect(g.tensors.get(logits)?.quant?.scale[0]).toBeCloseTo(16 / 255, 9);
    // A graph output keeps its full range: its own values are wanted.
    expect(g.tensors.get(shared)?.quant?.scale[0]).toBeCloseTo(1200 / 255, 9);
  });

  it('Clip with non-ReLU bounds is lowered to MAXIMUM/MINIMUM at the input scale; ReLU6 clips stay', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [1, 4]);
    const c = b.add('Clip', [x], { min: 0, max: 1 });
    const r6 = b.add('Clip', [c], { min: 0, max: 6 });
    b.markOutputs(r6);
    const ranges = new Map<string, Range>([[x, { min: -2, max: 2 }], [c, { min: 0, max: 1 }], [r6, { min: 0, max: 1 }]]);
    const { model: q } = quantizeModel(b.toModel(), ranges, { inputType: 'int8', outputType: 'int8' });
    const g = q.graphs[0];
    expect(g.ops.map((o) => o.type)).toEqual(['Maximum', 'Minimum', 'Clip']);
    const xq = g.tensors.get(x)?.quant;
    for (const o of g.ops.slice(0, 2)) {
      expect(g.tensors.get(o.outputs[0])?.quant).toEqual(xq);
      const bound = g.tensors.get(o.inputs[1]) as Tensor;
      expect(bound.quant).toEqual(xq);
    }
    const scale = 4 / 255;
    const zp = xq?.zeroPoint[0] ?? NaN;
    expect((g.tensors.get(g.ops[1].inputs[1])?.data as Int8Array)[0]).toBe(Math.round(1 / scale) + zp);
    expect(g.tensors.get(r6)?.quant?.scale[0]).toBeCloseTo(1 / 255, 12);
  });

  it('names every op type without an int8 path', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [1, 4]);
    const s = b.add('Sqrt', [x], {}, { name: 'root' });
    const p = b.add('Pow', [s, x], {}, { name: 'power' });
    const e = b.add('Div', [p, x], {}, { name: 'ratio' });
    b.markOutputs(e);
    let caught: unknown;
    try {
      quantizeModel(b.toModel(), new Map(), { inputType: 'int8', outputType: 'int8' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(Int8UnsupportedError);
    const err = caught as Int8UnsupportedError;
    expect(err.opTypes).toEqual(['Div', 'Pow', 'Sqrt']);
    expect(err.unsupported.find((u) => u.type === 'Pow')?.ops).toEqual(['power']);
    expect(err.message).toMatch(/SQRT has no int8 kernel/);
  });

  it('names activations with no calibration range', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [1, 4]);
    const r = b.add('Relu', [x], {}, { name: 'act' });
    b.markOutputs(r);
    expect(() => quantizeModel(b.toModel(), new Map([[x, { min: -1, max: 1 }]]), { inputType: 'int8', outputType: 'int8' }))
      .toThrow(MissingRangeError);
    expect(() => quantizeModel(b.toModel(), new Map([[x, { min: -1, max: 1 }]]), { inputType: 'int8', outputType: 'int8' }))
      .toThrow(/act/);
  });
});
