import { describe, expect, it } from 'vitest';
import { ssdAnchors } from './anchors';
import { blazeFaceAnchors } from './blazeface';

describe('SSD anchors (MediaPipe SsdAnchorsCalculator)', () => {
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

  it('sizes anchors from the layer scales when they are not fixed', () => {
    const a = ssdAnchors({
      inputWidth: 64, inputHeight: 32, minScale: 0.2, maxScale: 0.8, strides: [16, 32], aspectRatios: [1, 4],
      interpolatedScaleAspectRatio: 1, anchorOffsetX: 0.5, anchorOffsetY: 0.5, fixedAnchorSize: false,
    });
    // Layer 0: 4 × 2 cells × 3 anchors; layer 1: 2 × 1 cells × 3 anchors.
    expect(a).toHaveLength(24 + 6);
    expect(a[0]).toEqual({ x: 0.125, y: 0.25, w: 0.2, h: 0.2 });
    // Aspect ratio 4: w = s·√4, h = s/√4.
    expect(a[1].w).toBeCloseTo(0.4, 12);
    expect(a[1].h).toBeCloseTo(0.1, 12);
    // Interpolated: √(0.2 · 0.8); the last layer interpolates towards 1.
    expect(a[2].w).toBeCloseTo(0.4, 12);
    expect(a[29].w).toBeCloseTo(Math.sqrt(0.8), 12);
    expect(a[24]).toMatchObject({ x: 0.25, y: 0.5 });
  });
});
