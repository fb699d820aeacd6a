import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './builder';
import { cloneGraph, consumers, producers, removeDeadCode, sortTopologically, validateGraph } from './graph';
import { ModelFormatError } from '../formats/errors';
import type { Graph } from './types';

function chain(): { g: Graph; x: string; a: string; b: string; dead: string } {
  const bld = new GraphBuilder();
  const x = bld.addInput('x', [1, 4]);
  const a = bld.add('Relu', [x]);
  const b = bld.add('Tanh', [a]);
  const dead = bld.add('Exp', [a]);
  bld.markOutputs(b);
  return { g: bld.build(), x, a, b, dead };
}

function errorOf(fn: () => void): ModelFormatError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ModelFormatError) return e;
    throw e;
  }
  throw new Error('expected a ModelFormatError');
}

describe('graph checks', () => {
  it('sorts topologically and maps producers/consumers', () => {
    const { g, x, a } = chain();
    g.ops.reverse();
    validateGraph(g);
    // Stable: Exp and Tanh keep their given (reversed) order once Relu is placed.
    expect(g.ops.map((op) => op.type)).toEqual(['Relu', 'Exp', 'Tanh']);
    expect(producers(g).get(a)?.type).toBe('Relu');
    expect(consumers(g).get(a)?.map((u) => u.op.type)).toEqual(['Exp', 'Tanh']);
    expect(consumers(g).get(x)?.[0].index).toBe(0);
  });

  it('a cycle raises a typed error naming the op and tensor', () => {
    const { g, a } = chain();
    // Relu now reads Tanh's output, which reads Relu's output.
    const tanh = g.ops[1];
    g.ops[0].inputs = [tanh.outputs[0]];
    const e = errorOf(() => validateGraph(g));
    expect(e.code).toBe('cycle');
    expect(e.message).toMatch(/op op\d \((Relu|Tanh)/);
    expect(e.message).toMatch(new RegExp(`tensor (${a}|${tanh.outputs[0]})`));
  });

  it('a dangling tensor raises a typed error naming it', () => {
    const { g } = chain();
    g.tensors.set('ghost', { id: 'ghost', name: 'ghost', shape: [1, 4], dtype: 'float32' });
    g.ops[1].inputs = ['ghost'];
    const e = errorOf(() => validateGraph(g));
    expect(e.code).toBe('dangling-tensor');
    expect(e.message).toContain('tensor ghost is not a graph input, constant or op output');
    expect(e.message).toContain('op op1 (Tanh');
    g.ops[1].inputs = ['missing'];
    expect(errorOf(() => validateGraph(g)).message).toContain('missing tensor missing');
    g.ops[1].inputs = [g.ops[0].outputs[0]];
    g.outputs.push('nowhere');
    expect(errorOf(() => validateGraph(g)).code).toBe('dangling-tensor');
  });

  it('removes dead ops and tensors but keeps inputs', () => {
    const { g, x, dead } = chain();
    const r = removeDeadCode(g);
    expect(r).toEqual({ removedOps: 1, removedTensors: 1 });
    expect(g.ops.map((op) => op.type)).toEqual(['Relu', 'Tanh']);
    expect(g.tensors.has(dead)).toBe(false);
    expect(g.tensors.has(x)).toBe(true);
  });

  it('clones structure without aliasing it', () => {
    const { g } = chain();
    const c = cloneGraph(g);
    c.ops[0].inputs[0] = 'changed';
    c.tensors.get(g.outputs[0])!.shape[0] = 9;
    expect(g.ops[0].inputs[0]).not.toBe('changed');
    expect(g.tensors.get(g.outputs[0])!.shape[0]).toBe(1);
    sortTopologically(c);
    expect(c.ops.length).toBe(3);
  });
});
