import { describe, expect, it } from 'vitest';
import type { OnnxAttribute, OnnxNode } from '../types';
import { type HostTensor, toNumbers } from './host';
import { evaluateOnHost, hostFromNumbers } from './host-eval';

const node = (opType: string, inputs: number, attributes: Record<string, OnnxAttribute> = {}): OnnxNode =>
  ({ name: opType, opType, domain: '', inputs: Array.from({ length: inputs }, (_, i) => `i${i}`), outputs: ['y'], attributes });
const i64 = (dims: number[], v: number[]): HostTensor => hostFromNumbers('int64', dims, v)!;
const f32 = (dims: number[], v: number[]): HostTensor => hostFromNumbers('float32', dims, v)!;
const run = (n: OnnxNode, ins: HostTensor[]) => {
  const [y] = evaluateOnHost(n, ins, 16) ?? [];
  return y ? { dims: y.dims, dtype: y.dtype, values: toNumbers(y) } : undefined;
};

describe('evaluateOnHost', () => {
  it('reverses rows with Slice step -1 and an INT64_MIN end (torch pad-order idiom), exactly in int64', () => {
    // Silero's reflect-pad chain: [0, 64, 0, 0] as [[0, 64], [0, 0]] reversed → [[0, 0], [0, 64]].
    const y = run(node('Slice', 5), [i64([2, 2], [0, 64, 0, 0]), i64([1], [-1]), i64([1], [-(2 ** 63)]), i64([1], [0]), i64([1], [-1])]);
    expect(y).toEqual({ dims: [2, 2], dtype: 'int64', values: [0, 0, 0, 64] });
  });

  it('transposes, reshapes with -1 and casts', () => {
    const t = evaluateOnHost(node('Transpose', 1, { perm: { type: 'ints', value: [1, 0] } }), [i64([2, 2], [0, 0, 0, 64])], 16)![0];
    expect(toNumbers(t)).toEqual([0, 0, 0, 64]);
    const r = evaluateOnHost(node('Reshape', 2), [i64([2, 3], [1, 2, 3, 4, 5, 6]), i64([1], [-1])], 16)![0];
    expect(r.dims).toEqual([6]);
    expect(run(node('Cast', 1, { to: { type: 'int', value: 7 } }), [f32([3], [-1.7, 0.5, 2.9])])?.values).toEqual([-1, 0, 2]);
    expect(run(node('Cast', 1, { to: { type: 'int', value: 9 } }), [i64([3], [2, 0, -1])])).toEqual({ dims: [3], dtype: 'bool', values: [1, 0, 1] });
  });

  it('gathers and concatenates along inner axes', () => {
    expect(run(node('Gather', 2, { axis: { type: 'int', value: 1 } }), [f32([2, 3], [1, 2, 3, 4, 5, 6]), i64([2], [2, -3])])?.values).toEqual([3, 1, 6, 4]);
    expect(run(node('Concat', 2, { axis: { type: 'int', value: 1 } }), [f32([2, 1], [1, 2]), f32([2, 2], [3, 4, 5, 6])]))
      .toEqual({ dims: [2, 3], dtype: 'float32', values: [1, 3, 4, 2, 5, 6] });
  });

  it('broadcasts arithmetic and comparisons (int division truncates)', () => {
    expect(run(node('Div', 2), [i64([2], [7, -7]), i64([], [2])])?.values).toEqual([3, -3]);
    expect(run(node('Equal', 2), [i64([2, 1], [1, 2]), i64([2], [1, 2])])).toEqual({ dims: [2, 2], dtype: 'bool', values: [1, 0, 0, 1] });
    expect(run(node('Shape', 1, { start: { type: 'int', value: -1 } }), [f32([1, 128, 4], new Array<number>(512).fill(0))])?.values).toEqual([4]);
  });

  it('declines what it cannot fold', () => {
    expect(evaluateOnHost(node('Conv', 2), [f32([1], [1]), f32([1], [1])], 16)).toBeUndefined();
    expect(evaluateOnHost(node('Add', 2), [f32([2], [1, 2]), f32([3], [1, 2, 3])], 16)).toBeUndefined();
  });
});
