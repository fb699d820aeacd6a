import { describe, expect, it } from 'vitest';
import { compareActivation, dequantize, quantizeToGrid, worstFirst, type Grid } from './probe-stats';

// int8 with scale 0.1, zero point 0: holds −12.8 … 12.7.
const grid: Grid = { type: 'int8', scale: 0.1, zeroPoint: 0 };

describe('probe statistics (hand-computed values)', () => {
  it('quantizes like the run page (half up, saturating) and dequantizes back', () => {
    expect(Array.from(quantizeToGrid([0.05, -0.05, 0.26, 20, -20], grid))).toEqual([1, 0, 3, 127, -128]);
    expect(Array.from(quantizeToGrid([0, 1], { type: 'uint8', scale: 1 / 255, zeroPoint: 0 }))).toEqual([0, 255]);
    expect(Array.from(dequantize([-128, 0, 127], grid), (v) => Number(v.toFixed(4)))).toEqual([-12.8, 0, 12.7]);
  });

  it('clipped: float values more than half a step outside the grid', () => {
    // 12.74 rounds to 127 (inside half a step of 12.7); 13 and −13 clip.
    const reference = [1, 12.74, 13, -13];
    const e = compareActivation(reference, dequantize(quantizeToGrid(reference, grid), grid), grid);
    expect(e.clipped).toBe(0.5);
    expect(e.floatRange).toEqual({ min: -13, max: 13 });
    expect(e.representable!.min).toBeCloseTo(-12.8, 9);
    expect(e.representable!.max).toBeCloseTo(12.7, 9);
    // Noise 0.04² + 0.3² + 0.2² = 0.1316 against 1 + 12.74² + 13² + 13² = 501.3076.
    expect(e.sqnrDb).toBeCloseTo(10 * Math.log10(501.3076 / 0.1316), 3);
  });

  it('leaves non-finite float values out (a float max-pool pads with −∞, int8 with −128)', () => {
    const e = compareActivation([-Infinity, 1, 2], [-12.8, 1, 2], grid);
    expect(e.nonFinite).toBe(1);
    expect(e.sqnrDb).toBe(Infinity);
    expect(e.cosine).toBe(1);
    expect(e.clipped).toBe(0);
    expect(e.floatRange).toEqual({ min: 1, max: 2 });
  });

  it('float tensors (dequantized outputs) have no grid and nothing clipped', () => {
    const e = compareActivation([3, 4], [3, 4.5], null);
    expect(e.representable).toBeNull();
    expect(e.clipped).toBe(0);
    expect(e.sqnrDb).toBeCloseTo(10 * Math.log10(25 / 0.25), 9);
    expect(() => compareActivation([1, 2], [1], null)).toThrow('2 float values vs 1 int8');
  });

  it('ranks worst first, graph order breaking ties', () => {
    const ranked = worstFirst([{ sqnrDb: 30, position: 0 }, { sqnrDb: 12, position: 4 }, { sqnrDb: 12, position: 2 }, { sqnrDb: -Infinity, position: 9 }]);
    expect(ranked.map((l) => l.position)).toEqual([9, 2, 4, 0]);
  });
});
