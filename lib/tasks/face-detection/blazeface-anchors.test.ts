import { describe, expect, it } from 'vitest';
import { blazeFaceAnchors } from './blazeface';

describe('BlazeFace anchors (MediaPipe SsdAnchorsCalculator)', () => {
  it('short-range BlazeFace: 16×16 × 2 then 8×8 × 6 = 896, cells row-major, anchors of a cell adjacent', () => {
    const a = blazeFaceAnchors({ inputWidth: 128, inputHeight: 128, strides: [8, 16, 16, 16], interpolatedScaleAspectRatio: 1 });
    expect(a).toHaveLength(896);
    expect(a[0]).toEqual({ x: 0.5 / 16, y: 0.5 / 16, w: 1, h: 1 });
    expect(a[1]).toEqual(a[0]);
    expect(a[2]).toEqual({ x: 1.5 / 16, y: 0.5 / 16, w: 1, h: 1 });
    expect(a[32]).toEqual({ x: 0.5 / 16, y: 1.5 / 16, w: 1, h: 1 });
    expect(a[512]).toEqual({ x: 0.5 / 8, y: 0.5 / 8, w: 1, h: 1 });
    expect(a[517]).toEqual(a[512]);
    expect(a[518]).toEqual({ x: 1.5 / 8, y: 0.5 / 8, w: 1, h: 1 });
    expect(a[895]).toEqual({ x: 7.5 / 8, y: 7.5 / 8, w: 1, h: 1 });
  });

  it('full-range BlazeFace: one anchor per cell of 48×48 = 2304', () => {
    const a = blazeFaceAnchors({ inputWidth: 192, inputHeight: 192, strides: [4], interpolatedScaleAspectRatio: 0 });
    expect(a).toHaveLength(2304);
    expect(a[48]).toEqual({ x: 0.5 / 48, y: 1.5 / 48, w: 1, h: 1 });
    expect(a[2303]).toEqual({ x: 47.5 / 48, y: 47.5 / 48, w: 1, h: 1 });
  });
});
