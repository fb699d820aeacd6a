import { describe, expect, it } from 'vitest';
import { bytesPerElement, encodeConstant, float16ToNumber, numberToFloat16, readConstantValues, tensorBytes } from './dtype';
import type { DType, Tensor } from './types';

describe('dtype helpers', () => {
  it('converts float16 with round-to-nearest-even, subnormals and overflow', () => {
    expect(numberToFloat16(1)).toBe(0x3c00);
    expect(numberToFloat16(-2)).toBe(0xc000);
    expect(numberToFloat16(65504)).toBe(0x7bff);
    expect(numberToFloat16(70000)).toBe(0x7c00);
    expect(numberToFloat16(2 ** -24)).toBe(0x0001);
    expect(float16ToNumber(0x0001)).toBe(2 ** -24);
    // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to even (1).
    expect(numberToFloat16(1 + 2 ** -11)).toBe(0x3c00);
    expect(Number.isNaN(float16ToNumber(numberToFloat16(NaN)))).toBe(true);
  });

  it('round-trips constants of every numeric dtype', () => {
    const cases: [DType, number[]][] = [
      ['int4', [-8, 7, 3, -1, 0]], ['int8', [-128, 5]], ['uint16', [65535, 1]], ['int64', [-3, 2 ** 40]],
      ['float16', [0.5, -1.25]], ['bool', [1, 0, 1]], ['float32', [0.25, 3]],
    ];
    for (const [dtype, values] of cases) {
      const t: Tensor = { id: 'c', name: 'c', shape: [values.length], dtype, ...encodeConstant(dtype, values) };
      expect(Array.from(readConstantValues(t) ?? []), dtype).toEqual(values);
    }
  });

  it('sizes tensors as stored', () => {
    expect(bytesPerElement('int4')).toBe(0.5);
    expect(tensorBytes({ shape: [3, 3], dtype: 'int4' })).toBe(5);
    expect(tensorBytes({ shape: [2, 8], dtype: 'float16' })).toBe(32);
    expect(tensorBytes({ shape: [-1, 8], dtype: 'float32' })).toBeNull();
  });
});
