import { describe, expect, it } from 'vitest';
import { ssdAnchors } from './ssd-anchors';

describe('SSD anchors (MediaPipe SsdAnchorsCalculator)', () => {
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
