import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './builder';
import { foldConstants } from './fold';
import { numberToFloat16, readConstantValues } from './dtype';

const valuesOf = (b: GraphBuilder, id: string) => Array.from(readConstantValues(b.tensor(id)) ?? []);

describe('foldConstants', () => {
  it('folds a Shape→Gather→ExpandDims→Concat→Reshape chain and removes the dead ops', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [2, 3, 4]);
    const shape = b.add('Shape', [x], { outType: 'int64' });
    const idx = b.addConst('idx', [2], new BigInt64Array([0n, 1n]), 'int64');
    const lead = b.add('Gather', [shape, idx], { axis: 0 });
    const minus1 = b.addConst('minus1', [1], new BigInt64Array([-1n]), 'int64');
    const target = b.add('Concat', [lead, minus1], { axis: 0 });
    const y = b.add('Reshape', [x, target]);
    b.markOutputs(y);
    const model = b.toModel('onnx');
    const r = foldConstants(model);
    const g = model.graphs[0];
    expect(g.ops.map((op) => op.type)).toEqual(['Reshape']);
    expect(g.ops[0].attrs.newShape).toEqual([2, 3, -1]);
    expect(g.ops[0].inputs).toEqual([x]);
    expect(b.tensor(y).shape).toEqual([2, 3, 4]);
    // Shape, Gather, Concat folded; their tensors and the index constants become dead.
    expect(r.opsFolded).toBe(3);
    expect(r.operandsFolded).toBe(1);
    expect(g.tensors.has(shape)).toBe(false);
    expect(g.tensors.has(idx)).toBe(false);
    expect([...g.tensors.keys()].sort()).toEqual([x, y].sort());
  });

  it('evaluates integer and float arithmetic, Range, Fill, Transpose and Cast', () => {
    const b = new GraphBuilder();
    const a = b.addConst('a', [3], [7, -7, 9], 'int32');
    const c = b.addConst('c', [1], [2], 'int32');
    const div = b.add('Div', [a, c]);
    const fdiv = b.add('FloorDiv', [a, c]);
    const f = b.addConst('f', [2, 3], [1, 2, 3, 4, 5, 6]);
    const t = b.add('Transpose', [f], { perm: [1, 0] });
    const mul = b.add('Mul', [t, b.addConst('k', [], [0.5])]);
    const range = b.add('Range', [b.addConst('s', [], [1], 'int32'), b.addConst('l', [], [10], 'int32'), b.addConst('d', [], [3], 'int32')]);
    const fill = b.add('Fill', [b.addConst('dims', [2], [2, 2], 'int32'), b.addConst('v', [], [1.5])]);
    const cast = b.add('Cast', [b.addConst('g', [3], [1.7, -1.7, 300])], { to: 'uint8' });
    b.markOutputs(div, fdiv, mul, range, fill, cast);
    const model = b.toModel();
    foldConstants(model);
    expect(model.graphs[0].ops).toHaveLength(0);
    expect(valuesOf(b, div)).toEqual([3, -3, 4]); // truncates toward zero
    expect(valuesOf(b, fdiv)).toEqual([3, -4, 4]); // floors
    expect(b.tensor(mul).shape).toEqual([3, 2]);
    expect(valuesOf(b, mul)).toEqual([0.5, 2, 1, 2.5, 1.5, 3]);
    expect(valuesOf(b, range)).toEqual([1, 4, 7]);
    expect(valuesOf(b, fill)).toEqual([1.5, 1.5, 1.5, 1.5]);
    expect(valuesOf(b, cast)).toEqual([1, 0, 255]);
  });

  it('folds Slice, StridedSlice (reversed), Squeeze, Pack and Unpack', () => {
    const b = new GraphBuilder();
    const v = b.addConst('v', [2, 3], [1, 2, 3, 4, 5, 6], 'int32');
    const slice = b.add('Slice', [v], { begin: [1, 1], size: [1, -1] });
    const rev = b.add('StridedSlice', [v], { begin: [0, 0], end: [0, 0], strides: [1, -1], beginMask: 3, endMask: 3 });
    const sq = b.add('Squeeze', [slice], { axes: [0] });
    const packed = b.add('Pack', [sq, sq], { axis: 1 });
    const [u0, u1] = b.addOp('Unpack', [v], { axis: 1, num: 3 });
    b.markOutputs(rev, packed, u0, u1);
    const model = b.toModel();
    foldConstants(model);
    expect(model.graphs[0].ops).toHaveLength(0);
    expect(valuesOf(b, rev)).toEqual([3, 2, 1, 6, 5, 4]);
    expect(b.tensor(packed).shape).toEqual([2, 2]);
    expect(valuesOf(b, packed)).toEqual([5, 5, 6, 6]);
    expect(valuesOf(b, u1)).toEqual([2, 5]);
    expect(b.tensor(u0).shape).toEqual([2]);
  });

  it('dequantizes float16 weights to float32', () => {
    const b = new GraphBuilder();
    const halves = new Uint8Array(6);
    const view = new DataView(halves.buffer);
    [1.5, -2, 0.333251953125].forEach((x, i) => view.setUint16(i * 2, numberToFloat16(x), true));
    const w16 = b.addConst('w16', [3], halves, 'float16');
    const w = b.add('Dequantize', [w16]);
    b.markOutputs(w);
    const model = b.toModel();
    foldConstants(model);
    const t = b.tensor(w);
    expect(t.dtype).toBe('float32');
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(valuesOf(b, w)).toEqual([1.5, -2, 0.333251953125]);
    expect(model.graphs[0].tensors.has(w16)).toBe(false);
  });

  it('leaves non-constant work alone and refuses tensors over the size bound', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [64]);
    const big = b.addConst('big', [64], new Float32Array(64));
    const neg = b.add('Neg', [big]);
    const y = b.add('Add', [x, neg]);
    b.markOutputs(y);
    const model = b.toModel();
    const r = foldConstants(model, { maxElements: 32 });
    expect(r.opsFolded).toBe(0);
    expect(model.graphs[0].ops.map((op) => op.type)).toEqual(['Neg', 'Add']);
  });
});
