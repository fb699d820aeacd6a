import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './builder';
import { inferShapes } from './infer';
import { ModelFormatError } from '../formats/errors';

/**
 * The ONNX flatten idiom: Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), [-1])).
 * Built with the batch dim unknown, as an importer would leave it.
 */
function onnxFlatten() {
  const b = new GraphBuilder();
  const x = b.addInput('x', [-1, 7, 7, 64]);
  const shape = b.add('Shape', [x], { outType: 'int64' });
  const zero = b.addConst('zero', [], new BigInt64Array([0n]), 'int64');
  const batch = b.add('Gather', [shape, zero], { axis: 0 });
  const batch1 = b.add('ExpandDims', [batch], { axis: 0 });
  const minus1 = b.addConst('minus1', [1], new BigInt64Array([-1n]), 'int64');
  const target = b.add('Concat', [batch1, minus1], { axis: 0 });
  const flat = b.add('Reshape', [x, target]);
  const w = b.addConst('w', [10, 3136], new Float32Array(31360));
  const y = b.add('FullyConnected', [flat, w]);
  b.markOutputs(y);
  return { b, x, flat, y, target };
}

describe('inferShapes', () => {
  it('keeps unknown batch as -1 but still resolves the known part', () => {
    const { b, flat, y } = onnxFlatten();
    const model = b.toModel('onnx');
    const r = inferShapes(model);
    // [batch?, -1]: the -1 cannot be resolved while batch is unknown.
    expect(b.tensor(flat).shape).toEqual([-1, -1]);
    expect(b.tensor(y).shape).toEqual([-1, 10]);
    expect(r.operandsFolded).toBe(0);
    expect(r.unknownTensors).toContain(flat);
  });

  it('converges once the input shape is fixed, folding the operand into attrs', () => {
    const { b, flat, y } = onnxFlatten();
    const model = b.toModel('onnx');
    const r = inferShapes(model, { inputShapes: { x: [1, 7, 7, 64] } });
    expect(b.tensor(flat).shape).toEqual([1, 3136]);
    expect(b.tensor(y).shape).toEqual([1, 10]);
    const reshape = model.graphs[0].ops.find((op) => op.type === 'Reshape')!;
    expect(reshape.attrs.newShape).toEqual([1, -1]);
    expect(reshape.inputs).toHaveLength(1);
    expect(r.operandsFolded).toBe(1);
    expect(r.unknownTensors).toEqual([]);
  });

  it('rejects input shapes that contradict the declared rank or dims', () => {
    const { b } = onnxFlatten();
    expect(() => inferShapes(b.toModel(), { inputShapes: { x: [1, 7, 7] } })).toThrowError(/rank 4/);
    expect(() => inferShapes(b.toModel(), { inputShapes: { x: [1, 8, 7, 64] } })).toThrowError(/fixed dim 1 = 7/);
    expect(() => inferShapes(b.toModel(), { inputShapes: { nope: [1] } })).toThrowError(/no graph input named "nope"/);
  });

  it('reports a declared-vs-inferred conflict as bad-shape naming op and tensor', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [1, 8, 8, 3]);
    const y = b.add('MaxPool2D', [x], { filter: [2, 2], strides: [2, 2], padding: 'valid' });
    b.markOutputs(y);
    b.tensor(y).shape = [1, 5, 4, 3];
    try {
      inferShapes(b.toModel());
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ModelFormatError);
      expect((e as ModelFormatError).code).toBe('bad-shape');
      expect((e as ModelFormatError).message).toContain(`tensor ${y} is declared [1,5,4,3] but infers as [1,4,4,3]`);
      expect((e as ModelFormatError).message).toContain('(MaxPool2D');
    }
  });

  it('fills unknown declared dims and treats a declared [] as unknown rank', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [-1, 16]);
    const y = b.add('Relu', [x]);
    b.markOutputs(y);
    b.tensor(y).shape = [];
    inferShapes(b.toModel(), { inputShapes: { x: [4, 16] } });
    expect(b.tensor(y).shape).toEqual([4, 16]);
  });
});
