import { describe, expect, it } from 'vitest';
import { groupError, nodeError, sqnrColour, type ErrorOverlay } from './error-overlay';
import type { NodeView } from './view';

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
