import { describe, expect, it } from 'vitest';
import { transpose } from '../../../lib/engines/boundary';
import { toArtifact } from './inputs';

describe('feed tensor → artifact input', () => {
  it('NCHW → NHWC permutation moves channels last', () => {
    // 1×2×2×3 (C=2, H=2, W=3): value = c·100 + h·10 + w.
    const data = Float32Array.from([0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112]);
    const out = transpose(data, [1, 2, 2, 3], [0, 2, 3, 1]);
    expect(out.shape).toEqual([1, 2, 3, 2]);
    expect(Array.from(out.data)).toEqual([0, 100, 1, 101, 2, 102, 10, 110, 11, 111, 12, 112]);
    expect(() => transpose(data, [1, 2, 2, 3], [0, 1, 1, 2])).toThrow(/bad permutation/);
  });

  it('int8 inputs are quantized with the artifact scale and zero point, clamped to the int8 range', () => {
    const t = { name: 'input', shape: [1, 4], dtype: 'float32' as const, data: Float32Array.from([-1, 0, 0.5, 3]) };
    const q = toArtifact(t, { quant: { scale: 1 / 127.5, zeroPoint: -1, dtype: 'int8' } });
    expect(q.dtype).toBe('int8');
    expect(q.data).toEqual(Int32Array.from([-128, -1, 63, 127]));
    expect(toArtifact(t, undefined)).toBe(t);
  });
});
