import { describe, expect, it } from 'vitest';
import type { LayerProbe } from '../quantize';
import { groupError, nodeError, overlayFromProbe, resolveErrorOverlay, sqnrColour, type ErrorOverlay } from './error-overlay';
import type { GraphView, NodeView } from './view';

const node = (id: string, outputs: string[]): NodeView => ({ id, kind: 'op', type: 'Add', name: id, category: 'elementwise', inputs: [], outputs, attrs: [], params: 0, macs: 0, order: 0 });

describe('int8 error overlay', () => {
  const errors: ErrorOverlay = { label: 'test', byTensor: { a: { sqnrDb: 30, clipped: 0 }, b: { sqnrDb: 12, clipped: 0.01 } } };
  it('takes the worst output of a node and the worst node of a block', () => {
    expect(nodeError(errors, node('n1', ['a', 'b']))?.sqnrDb).toBe(12);
    expect(nodeError(errors, node('n2', ['c']))).toBeNull();
    const nodes = new Map([['n1', node('n1', ['a'])], ['n2', node('n2', ['b'])], ['n3', node('n3', ['c'])]]);
    const g = { id: 'group:0', label: '', members: ['n1', 'n2', 'n3'], signature: '', summary: '', repeat: { index: 1, of: 1, firstGroup: 'group:0' } };
    expect(groupError(errors, g, nodes)).toEqual({ sqnrDb: 12, clipped: 0.01 });
  });
  it('colours red to green over 5…40 dB', () => {
    expect(sqnrColour(0)).toBe('hsl(0 75% 78%)');
    expect(sqnrColour(40)).toBe('hsl(130 75% 78%)');
    expect(sqnrColour(22.5)).toBe('hsl(65 75% 78%)');
    expect(sqnrColour(Infinity)).toBe('hsl(130 75% 78%)');
  });
});

describe('overlay from a probe', () => {
  const layer = (floatTensor: string, name: string, sqnrDb: number, clipped = 0): LayerProbe => ({
    tensor: `q:${floatTensor}`, floatTensor, name, producer: 'Conv2D', position: 0, dtype: 'int8', shape: [1], grid: null,
    isOutput: false, movesOnly: false, sqnrDb, cosine: 1, floatRange: { min: 0, max: 1 }, representable: null, clipped, nonFinite: 0,
  });
  const layers = [layer('t1', 'conv', 30), layer('t2', 'add', 18, 0.02), layer('t2', 'add', 12, 0.03), layer('t3', 'shared', 9)];

  it('keys by the float model id, keeping the worse of two tensors that carry one value', () => {
    const o = overlayFromProbe('on x.jpg', layers, 'id');
    expect(o.byTensor).toEqual({ t1: { sqnrDb: 30, clipped: 0 }, t2: { sqnrDb: 12, clipped: 0.03 }, t3: { sqnrDb: 9, clipped: 0 } });
  });

  it('maps names to the ids of another import of the graph, leaving out names that repeat there', () => {
    const o = overlayFromProbe('on x.jpg', layers, 'name');
    expect(o.byTensor).toEqual({});
    const tensor = (id: string, name: string, constant = false) => ({ id, name, shape: [1], dtype: 'float32', constant });
    const graph: GraphView = {
      graphIndex: 0, name: 'main', nodes: [], edges: [], totals: { ops: 0, params: 0, macs: 0 },
      tensors: { a: tensor('a', 'conv'), b: tensor('b', 'add'), c: tensor('c', 'shared'), d: tensor('d', 'shared'), w: tensor('w', 'conv', true) },
    };
    expect(resolveErrorOverlay(o, graph).byTensor).toEqual({ a: { sqnrDb: 30, clipped: 0 }, b: { sqnrDb: 12, clipped: 0.03 } });
  });
});
