import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../ir/builder';
import { liveBytesLowerBound, planArena, type BufferLifetime } from './arena';
import { profileModel } from './op-profile';

const buf = (id: string, bytes: number, first: number, last: number): BufferLifetime => ({ id, bytes, first, last });

describe('planArena', () => {
  it('reuses the memory of a buffer that is dead before the next one is born', () => {
    const plan = planArena([buf('a', 100, 0, 1), buf('b', 50, 1, 2), buf('c', 100, 2, 3)], 1);
    // a and c never coexist: both at offset 0; b overlaps both and sits above them.
    expect(plan.placements.get('a')).toEqual({ offset: 0, bytes: 100 });
    expect(plan.placements.get('c')).toEqual({ offset: 0, bytes: 100 });
    expect(plan.placements.get('b')).toEqual({ offset: 100, bytes: 50 });
    expect(plan.peakBytes).toBe(150);
    expect(plan.unsharedBytes).toBe(250);
  });

  it('places a small buffer in a gap between live ones', () => {
    // big1 [0,1], big2 [3,4] placed first; mid [1,3] overlaps both; small [2,2] fits the gap below mid.
    const plan = planArena([buf('big1', 64, 0, 1), buf('big2', 64, 3, 4), buf('mid', 32, 1, 3), buf('small', 16, 2, 2)], 1);
    expect(plan.placements.get('mid')?.offset).toBe(64);
    expect(plan.placements.get('small')?.offset).toBe(0);
    expect(plan.peakBytes).toBe(96);
  });

  it('aligns buffers and never beats the live-bytes lower bound', () => {
    const bufs = [buf('x', 10, -1, 0), buf('y', 30, 0, 1), buf('z', 20, 1, 2), buf('w', 5, 0, 2)];
    const plan = planArena(bufs, 16);
    for (const p of plan.placements.values()) {
      expect(p.offset % 16).toBe(0);
      expect(p.bytes % 16).toBe(0);
    }
    expect(plan.peakBytes).toBeGreaterThanOrEqual(liveBytesLowerBound(bufs, 16));
    expect(plan.peakBytes).toBe(80); // y(32) + z(32) overlap at op 1, w(16) alive throughout
  });

  it('plans a model: peak of a conv chain is the largest input+output pair', () => {
    const g = new GraphBuilder();
    let x = g.addInput('x', [1, 8, 8, 4], 'int8'); // 256 B
    for (const cout of [16, 8, 2]) {
      const w = g.addConst('w', [cout, 1, 1, b(g, x)], new Int8Array(cout * b(g, x)), 'int8');
      x = g.add('Conv2D', [x, w], { padding: 'same' });
    }
    g.markOutputs(x);
    // tensors: 256, 1024, 512, 128 bytes; pairs alive together: 256+1024, 1024+512, 512+128.
    expect(profileModel(g.toModel()).arena.peakBytes).toBe(1536);
  });
});

function b(g: GraphBuilder, id: string): number {
  const s = g.tensor(id).shape;
  return s[s.length - 1];
}
