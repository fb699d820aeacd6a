import { describe, expect, it } from 'vitest';
import { activationParams, convertParams, quantizeValue, representedRange } from './params';
import { quantizeBias, quantizeWeights, weightScales } from './weights';

describe('activationParams', () => {
  it('maps [-1, 1] to scale 2/255 and zero point −1 (−0.5 rounds away from zero, as in TFLite)', () => {
    const p = activationParams({ min: -1, max: 1 });
    expect(p.scale).toBeCloseTo(2 / 255, 12);
    expect(p.zeroPoint).toBe(-1);
    const q = activationParams({ min: -1, max: 3 });
    expect(Object.is(q.zeroPoint, -64)).toBe(true); // −128 + 1/(4/255) = −64.25
  });

  it('widens a range that excludes 0 and puts 0 exactly on an integer', () => {
    // [2, 6] → [0, 6]: scale 6/255, zero point −128 (0 maps to qmin).
    const p = activationParams({ min: 2, max: 6 });
    expect(p.scale).toBeCloseTo(6 / 255, 12);
    expect(p.zeroPoint).toBe(-128);
    const n = activationParams({ min: -4, max: -1 });
    expect(n.scale).toBeCloseTo(4 / 255, 12);
    expect(n.zeroPoint).toBe(127);
    expect(quantizeValue(0, n)).toBe(127);
  });

  it('nudges: [-0.3, 0.7] gives zero point round(-128 + 0.3·255 = −51.5) = −52 and a shifted represented range', () => {
    const p = activationParams({ min: -0.3, max: 0.7 });
    expect(p.scale).toBeCloseTo(1 / 255, 12);
    expect(p.zeroPoint).toBe(-52);
    const r = representedRange(p);
    expect(r.min).toBeCloseTo(-76 / 255, 12);
    expect(r.max).toBeCloseTo(179 / 255, 12);
  });

  it('gives a constant-zero tensor a positive scale', () => {
    const p = activationParams({ min: 0, max: 0 });
    expect(p.scale).toBeGreaterThan(0);
    expect(quantizeValue(0, p)).toBe(p.zeroPoint);
  });

  it('uint8 parameters: the int8 mapping shifted by 128 (rounding 76.5 directly would give 77)', () => {
    const p = activationParams({ min: -0.3, max: 0.7 });
    expect(convertParams(p, 'int8', 'uint8')).toEqual({ scale: p.scale, zeroPoint: 76 });
    expect(activationParams({ min: -0.3, max: 0.7 }, 'uint8')).toEqual({ scale: p.scale, zeroPoint: 77 });
  });

  it('saturates values outside the range', () => {
    const p = activationParams({ min: -1, max: 1 });
    expect(quantizeValue(5, p)).toBe(127);
    expect(quantizeValue(-5, p)).toBe(-128);
  });
});

describe('weights', () => {
  it('per-channel symmetric: channel with max |w| 0.5 → scale 0.5/127, values in [-127, 127]', () => {
    const w = { id: 'w', name: 'w', shape: [2, 1, 1, 2], dtype: 'float32' as const, data: Float32Array.from([0.5, -0.25, 0.125, -0.25]) };
    const q = quantizeWeights(w, 0, null, 0.01);
    expect(q.scales[0]).toBeCloseTo(0.5 / 127, 12);
    expect(q.scales[1]).toBeCloseTo(0.25 / 127, 12);
    // −0.25 / (0.5/127) = −63.5 rounds away from zero to −64; 0.125 / (0.25/127) = 63.5 → 64.
    expect(Array.from(q.data)).toEqual([127, -64, 64, -127]);
  });

  it('depthwise filters are quantized along axis 3', () => {
    const w = { id: 'w', name: 'w', shape: [1, 1, 2, 3], dtype: 'float32' as const, data: Float32Array.from([1, 2, 3, -1, -4, 0.5]) };
    const q = quantizeWeights(w, 3, null, 1);
    expect(q.quant.axis).toBe(3);
    expect(q.scales.map((s) => s * 127)).toEqual([1, 4, 3].map((v) => expect.closeTo(v, 9) as unknown as number));
  });

  it('raises a weight scale so the bias fits int32', () => {
    // max|w| = 1e-9 would give s_w ≈ 7.9e-12; with s_in = 1e-3 a bias of 100 needs 1.27e16 > 2³¹ − 1.
    const scales = weightScales([1e-9], [100], 1e-3);
    expect(100 / (1e-3 * scales[0])).toBeLessThanOrEqual(2147483647);
    expect(scales[0]).toBeGreaterThan(1e-9 / 127);
  });

  it('int32 bias: scale s_in · s_w per channel, zero point 0', () => {
    const q = quantizeBias([0.1, -0.2], 0.02, [0.5 / 127, 0.25 / 127]);
    expect(q.quant.scale[0]).toBeCloseTo(0.02 * 0.5 / 127, 15);
    expect(q.quant.zeroPoint).toEqual([0, 0]);
    expect(q.quant.axis).toBe(0);
    expect(Array.from(q.data)).toEqual([Math.round(0.1 / (0.02 * 0.5 / 127)), Math.round(-0.2 / (0.02 * 0.25 / 127))]);
  });
});
