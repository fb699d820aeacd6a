import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../builder';
import { OPERAND_ATTRS, type OpType } from '../attrs';
import { ModelFormatError } from '../../formats/errors';
import { attrsOf, getOpDef, OP_TABLE, operandAttrs } from './index';
import type { Op } from '../types';

const zeros = (n: number) => new Float32Array(n);

function shapeOf(b: GraphBuilder, id: string): number[] {
  return b.tensor(id).shape;
}

describe('op table', () => {
  it('has an entry per type, each naming itself, with operand attrs in its schema', () => {
    // Every type declared in attrs.ts (the compile-time table type enforces this too).
    const src = readFileSync(fileURLToPath(new URL('../attrs.ts', import.meta.url)), 'utf8');
    const body = src.slice(src.indexOf('export interface OpAttrMap'), src.indexOf('export type OpType'));
    const declared = [...body.matchAll(/^ {2}([A-Z][A-Za-z0-9]*):/gm)].map((m) => m[1]);
    expect(declared.length).toBe(97);
    expect([...OP_TABLE.keys()].sort()).toEqual(declared.sort());
    for (const [type, def] of OP_TABLE) expect(def.type).toBe(type);
    for (const [type, names] of Object.entries(OPERAND_ATTRS)) {
      const def = getOpDef(type);
      expect(def?.operandStart, type).toBeGreaterThan(0);
      for (const n of names ?? []) expect(Object.keys(def?.attrs ?? {})).toContain(n);
      expect(operandAttrs(type)).toEqual(names);
    }
    expect(getOpDef('Conv2D')?.category).toBe('conv');
    expect(getOpDef('DepthwiseConv2D')?.category).toBe('depthwise');
    expect(getOpDef('NoSuchOp')).toBeUndefined();
  });

  it('validates attrs with typed errors naming op and attr', () => {
    const op: Op = { id: 'op7', type: 'Conv2D', name: 'conv', inputs: [], outputs: [], attrs: { strides: [2, 2], dilations: [1, 1], padding: 'same', activation: 'relu6', groups: 1 } };
    expect(attrsOf<'Conv2D'>(op, 'Conv2D').strides).toEqual([2, 2]);
    const missing = { ...op, attrs: { ...op.attrs, groups: undefined as unknown as number } };
    expect(() => attrsOf(missing)).toThrowError(/op op7 \(Conv2D "conv"\).*missing attr "groups"/);
    const bad = { ...op, attrs: { ...op.attrs, padding: 'full' } };
    try {
      attrsOf(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ModelFormatError);
      expect((e as ModelFormatError).code).toBe('bad-value');
      expect((e as ModelFormatError).message).toContain('attr "padding" is "full"');
    }
    expect(() => attrsOf({ ...op, type: 'Bogus' as OpType })).toThrowError(/unknown IR op type "Bogus"/);
  });
});

describe('conv shape rules', () => {
  const conv = (inHW: number, k: number, attrs: Record<string, unknown>) => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [1, inHW, inHW, 3]);
    const f = b.addConst('f', [8, k, k, 3], zeros(8 * k * k * 3));
    return shapeOf(b, b.add('Conv2D', [x, f], attrs));
  };

  it('same padding: ceil(in / stride)', () => {
    expect(conv(224, 3, { strides: [2, 2], padding: 'same' })).toEqual([1, 112, 112, 8]);
    expect(conv(7, 3, { strides: [2, 2], padding: 'same' })).toEqual([1, 4, 4, 8]);
  });
  it('valid padding: floor((in - effK) / stride) + 1, with dilation', () => {
    expect(conv(224, 3, { strides: [2, 2], padding: 'valid' })).toEqual([1, 111, 111, 8]);
    // effK = (3-1)·2+1 = 5 → 10 - 5 + 1 = 6
    expect(conv(10, 3, { dilations: [2, 2], padding: 'valid' })).toEqual([1, 6, 6, 8]);
    // NHWC-style strides are accepted too.
    expect(conv(10, 3, { strides: [1, 3, 3, 1], padding: 'valid' })).toEqual([1, 3, 3, 8]);
  });
  it('explicit pads [t, b, l, r]', () => {
    // (224 + 1 + 1 - 3) / 2 + 1 = 112; width: (224 + 0 + 2 - 3) / 2 + 1 = 112
    expect(conv(224, 3, { strides: [2, 2], padding: [1, 1, 0, 2] })).toEqual([1, 112, 112, 8]);
  });
  it('rejects a channel mismatch with bad-shape', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [1, 8, 8, 4]);
    const f = b.addConst('f', [8, 3, 3, 3], zeros(216));
    expect(() => b.add('Conv2D', [x, f])).toThrowError(ModelFormatError);
  });
  it('grouped conv checks Cin = groups × filter Cin', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [1, 8, 8, 6]);
    const f = b.addConst('f', [4, 3, 3, 3], zeros(108));
    expect(shapeOf(b, b.add('Conv2D', [x, f], { groups: 2, padding: 'same' }))).toEqual([1, 8, 8, 4]);
  });
  it('transpose conv: same → in × stride, valid → (in−1)·stride + k, explicit outputShape wins', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [1, 7, 7, 16]);
    const f = b.addConst('f', [8, 3, 3, 16], zeros(8 * 9 * 16));
    expect(shapeOf(b, b.add('TransposeConv2D', [x, f], { strides: [2, 2], padding: 'same', outputShape: [] }))).toEqual([1, 14, 14, 8]);
    expect(shapeOf(b, b.add('TransposeConv2D', [x, f], { strides: [2, 2], padding: 'valid', outputShape: [] }))).toEqual([1, 15, 15, 8]);
    const os = b.addConst('os', [4], [1, 13, 13, 8], 'int32');
    // outputShape carried as an operand input (after the omitted bias)
    expect(shapeOf(b, b.add('TransposeConv2D', [x, f, '', os], { strides: [2, 2], padding: 'valid' }))).toEqual([1, 13, 13, 8]);
  });
  it('depthwise multiplies channels', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [1, 16, 16, 8]);
    const f = b.addConst('f', [1, 3, 3, 16], zeros(144));
    expect(shapeOf(b, b.add('DepthwiseConv2D', [x, f], { depthMultiplier: 2, strides: [2, 2], padding: 'same' }))).toEqual([1, 8, 8, 16]);
  });
  it('matmul broadcasts batch dims and honours transposes', () => {
    const b = new GraphBuilder();
    const a = b.addInput('a', [2, 1, 5, 4]);
    const c = b.addInput('c', [3, 6, 4]);
    expect(shapeOf(b, b.add('MatMul', [a, c], { transposeB: true }))).toEqual([2, 3, 5, 6]);
  });
});

describe('other shape rules', () => {
  it('resize to size, from attr or constant operand', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [1, 10, 20, 3]);
    expect(shapeOf(b, b.add('ResizeBilinear', [x], { size: [40, 80] }))).toEqual([1, 40, 80, 3]);
    const size = b.addConst('size', [2], [5, 6], 'int32');
    expect(shapeOf(b, b.add('ResizeNearestNeighbor', [x, size]))).toEqual([1, 5, 6, 3]);
    const dyn = b.addInput('dyn', [2], 'int32');
    expect(shapeOf(b, b.add('ResizeNearestNeighbor', [x, dyn]))).toEqual([1, -1, -1, 3]);
  });

  it('strided slice with begin/end masks and shrink', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [1, 10, 20, 3]);
    // x[:, 2:8:2, :, 1]
    const y = b.add('StridedSlice', [x], {
      begin: [0, 2, 0, 1], end: [0, 8, 0, 2], strides: [1, 2, 1, 1], beginMask: 0b0101, endMask: 0b0101, shrinkAxisMask: 0b1000,
    });
    expect(shapeOf(b, y)).toEqual([1, 3, 20]);
  });
  it('strided slice with ellipsis, new axis and negative indices', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [2, 3, 4]);
    // x[..., 1:-1]
    expect(shapeOf(b, b.add('StridedSlice', [x], { begin: [0, 1], end: [0, -1], strides: [1, 1], ellipsisMask: 1 }))).toEqual([2, 3, 2]);
    // x[None, :]  (implicit trailing ellipsis)
    expect(shapeOf(b, b.add('StridedSlice', [x], { begin: [0, 0], end: [0, 0], strides: [1, 1], newAxisMask: 1, beginMask: 2, endMask: 2 }))).toEqual([1, 2, 3, 4]);
    // x[:, ::-2]
    expect(shapeOf(b, b.add('StridedSlice', [x], { begin: [0, 0], end: [0, 0], strides: [1, -2], beginMask: 3, endMask: 3 }))).toEqual([2, 2, 4]);
    // x[-1] shrinks the first dim
    expect(shapeOf(b, b.add('StridedSlice', [x], { begin: [-1], end: [0], strides: [1], shrinkAxisMask: 1 }))).toEqual([3, 4]);
  });

  it('broadcasting follows numpy, unknown dims stay unknown', () => {
    const b = new GraphBuilder();
    const p = b.addInput('p', [2, 1, 3]);
    const q = b.addInput('q', [4, 1]);
    expect(shapeOf(b, b.add('Add', [p, q]))).toEqual([2, 4, 3]);
    const u = b.addInput('u', [-1, 3]);
    expect(shapeOf(b, b.add('Mul', [u, b.addInput('s', [1])]))).toEqual([-1, 3]);
    expect(shapeOf(b, b.add('Less', [p, q]))).toEqual([2, 4, 3]);
    expect(b.tensor(b.add('Less', [p, q])).dtype).toBe('bool');
    expect(() => b.add('Sub', [b.addInput('a', [3]), b.addInput('c', [4])])).toThrowError(/do not broadcast/);
  });

  it('reshape resolves -1 and rejects impossible targets', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [2, 3, 4]);
    expect(shapeOf(b, b.add('Reshape', [x], { newShape: [2, -1] }))).toEqual([2, 12]);
    expect(shapeOf(b, b.add('Reshape', [x], { newShape: [-1] }))).toEqual([24]);
    expect(() => b.add('Reshape', [x], { newShape: [5, -1] })).toThrowError(/cannot reshape/);
    expect(() => b.add('Reshape', [x], { newShape: [-1, -1] })).toThrowError(/more than one -1/);
    const u = b.addInput('u', [-1, 3, 4]);
    expect(shapeOf(b, b.add('Reshape', [u], { newShape: [-1, 12] }))).toEqual([-1, 12]);
  });

  it('pooling, reductions, gather, concat, split, pack, pad', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [1, 112, 112, 32]);
    expect(shapeOf(b, b.add('MaxPool2D', [x], { filter: [3, 3], strides: [2, 2], padding: 'valid' }))).toEqual([1, 55, 55, 32]);
    expect(shapeOf(b, b.add('Mean', [x], { axes: [1, 2], keepDims: true }))).toEqual([1, 1, 1, 32]);
    expect(shapeOf(b, b.add('Sum', [x], { axes: [1, 2], keepDims: false }))).toEqual([1, 32]);
    const table = b.addConst('emb', [100, 16], zeros(1600));
    const ids = b.addInput('ids', [2, 7], 'int32');
    expect(shapeOf(b, b.add('Gather', [table, ids]))).toEqual([2, 7, 16]);
    expect(shapeOf(b, b.add('Concat', [x, x], { axis: -1 }))).toEqual([1, 112, 112, 64]);
    expect(b.addOp('Split', [x], { axis: 3, numSplits: 4 }).map((id) => shapeOf(b, id))).toEqual(Array(4).fill([1, 112, 112, 8]));
    expect(b.addOp('SplitV', [x], { axis: 3, sizes: [8, -1] }).map((id) => shapeOf(b, id))).toEqual([[1, 112, 112, 8], [1, 112, 112, 24]]);
    expect(shapeOf(b, b.add('Pack', [ids, ids], { axis: 1 }))).toEqual([2, 2, 7]);
    expect(shapeOf(b, b.add('Pad', [x], { pads: [0, 0, 1, 1, 2, 2, 0, 0] }))).toEqual([1, 114, 116, 32]);
    expect(shapeOf(b, b.add('ArgMax', [x], { axis: 3 }))).toEqual([1, 112, 112]);
    expect(shapeOf(b, b.add('DepthToSpace', [x], { blockSize: 2 }))).toEqual([1, 224, 224, 8]);
  });

  it('control flow and custom ops keep declared shapes', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [1, 4]);
    const [y] = b.addOp('Custom', [x], { customCode: 'TFLite_Detection_PostProcess', sourceFormat: 'tflite' }, { outputs: 1, outputShapes: [[1, 10, 4]] });
    expect(shapeOf(b, y)).toEqual([1, 10, 4]);
  });
});
