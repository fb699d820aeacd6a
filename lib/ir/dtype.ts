// Element types: sizes as stored, classification, and conversion between
// constant tensor payloads and plain numbers (used by folding and inference).

import type { DType, Tensor, TensorData } from './types';
import { ModelFormatError } from '../formats/errors';

const DTYPES: readonly DType[] = [
  'float32', 'float16', 'float64', 'int4', 'int8', 'uint8', 'int16', 'uint16', 'int32',
  'uint32', 'int64', 'uint64', 'bool', 'string', 'complex64', 'complex128', 'bfloat16',
];

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value);
}

/** Bytes per element as stored; int4 packs two per byte. Strings have no fixed size (returns null). */
export function bytesPerElement(dtype: DType): number | null {
  switch (dtype) {
    case 'int4': return 0.5;
    case 'int8': case 'uint8': case 'bool': return 1;
    case 'float16': case 'bfloat16': case 'int16': case 'uint16': return 2;
    case 'float32': case 'int32': case 'uint32': return 4;
    case 'float64': case 'int64': case 'uint64': case 'complex64': return 8;
    case 'complex128': return 16;
    case 'string': return null;
  }
}

export function isFloatDType(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float16' || dtype === 'float64' || dtype === 'bfloat16';
}

export function isIntegerDType(dtype: DType): boolean {
  return dtype === 'int4' || dtype === 'int8' || dtype === 'uint8' || dtype === 'int16' || dtype === 'uint16' ||
    dtype === 'int32' || dtype === 'uint32' || dtype === 'int64' || dtype === 'uint64';
}

/** Product of dims; null when any dim is unknown (-1). A scalar ([]) has one element. */
export function elementCount(shape: readonly number[]): number | null {
  let n = 1;
  for (const d of shape) {
    if (d < 0) return null;
    n *= d;
  }
  return n;
}

/** Bytes of a tensor as stored; null when its shape is unknown or its dtype has no fixed size. */
export function tensorBytes(tensor: Pick<Tensor, 'shape' | 'dtype' | 'bytes' | 'data'>): number | null {
  if (tensor.dtype === 'string') return tensor.bytes ? tensor.bytes.length : null;
  const n = elementCount(tensor.shape);
  const per = bytesPerElement(tensor.dtype);
  if (n === null || per === null) return null;
  return Math.ceil(n * per);
}

export function isConstant(tensor: Pick<Tensor, 'data' | 'bytes'>): boolean {
  return tensor.data !== undefined || tensor.bytes !== undefined;
}

// ---- float16 / bfloat16 ------------------------------------------------------

export function float16ToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Round-to-nearest-even conversion to IEEE half precision bits. */
export function numberToFloat16(value: number): number {
  const f32 = new Float32Array([value]);
  const x = new Uint32Array(f32.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && (half & 1))) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa bumps the exponent, which is the correctly rounded result (up to infinity).
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++;
  return sign | half;
}

function bfloat16ToNumber(b: number): number {
  return new Float32Array(new Uint32Array([b << 16]).buffer)[0];
}

// ---- reading constants -------------------------------------------------------

function readBytes(dtype: DType, bytes: Uint8Array, count: number, where: string): Float64Array {
  const out = new Float64Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = dtype === 'int4' ? Math.ceil(count / 2) : count * (bytesPerElement(dtype) ?? 1);
  if (bytes.byteLength < need) {
    throw new ModelFormatError('bad-buffer', `constant holds ${bytes.byteLength} bytes, ${dtype}×${count} needs ${need}`, where);
  }
  for (let i = 0; i < count; i++) {
    switch (dtype) {
      case 'float16': out[i] = float16ToNumber(view.getUint16(i * 2, true)); break;
      case 'bfloat16': out[i] = bfloat16ToNumber(view.getUint16(i * 2, true)); break;
      case 'bool': case 'uint8': out[i] = dtype === 'bool' ? (bytes[i] ? 1 : 0) : bytes[i]; break;
      case 'int8': out[i] = view.getInt8(i); break;
      case 'int4': {
        // Two's-complement nibbles, low nibble first (TFLite/ONNX packing).
        const nib = (bytes[i >> 1] >> ((i & 1) * 4)) & 0xf;
        out[i] = nib >= 8 ? nib - 16 : nib;
        break;
      }
      case 'int16': out[i] = view.getInt16(i * 2, true); break;
      case 'uint16': out[i] = view.getUint16(i * 2, true); break;
      case 'int32': out[i] = view.getInt32(i * 4, true); break;
      case 'uint32': out[i] = view.getUint32(i * 4, true); break;
      case 'float32': out[i] = view.getFloat32(i * 4, true); break;
      case 'float64': out[i] = view.getFloat64(i * 8, true); break;
      case 'int64': out[i] = Number(view.getBigInt64(i * 8, true)); break;
      case 'uint64': out[i] = Number(view.getBigUint64(i * 8, true)); break;
      default: throw new ModelFormatError('unsupported', `cannot read ${dtype} constants as numbers`, where);
    }
  }
  return out;
}

/**
 * A constant's elements as float64 (int64 beyond 2^53 loses precision, which
 * only matters for sentinels like INT64_MAX that get clamped anyway). Returns
 * null for non-constants, strings and complex types.
 */
export function readConstantValues(tensor: Tensor): Float64Array | null {
  const count = elementCount(tensor.shape);
  if (count === null) return null;
  const where = `tensor ${tensor.id}`;
  if (tensor.data) {
    const data = tensor.data;
    if (data.length < count) {
      throw new ModelFormatError('bad-buffer', `constant holds ${data.length} elements, shape needs ${count}`, where);
    }
    const out = new Float64Array(count);
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
      for (let i = 0; i < count; i++) out[i] = Number(data[i]);
    } else {
      for (let i = 0; i < count; i++) out[i] = data[i];
    }
    return out;
  }
  if (tensor.bytes) {
    if (tensor.dtype === 'string' || tensor.dtype === 'complex64' || tensor.dtype === 'complex128') return null;
    return readBytes(tensor.dtype, tensor.bytes, count, where);
  }
  return null;
}

// ---- writing constants -------------------------------------------------------

const INT_RANGES: Partial<Record<DType, [number, number]>> = {
  int4: [-8, 7], int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535],
  int32: [-2147483648, 2147483647], uint32: [0, 4294967295],
};

/** Casts a number to an integer dtype the way C casts do for in-range values; out-of-range saturates. */
export function castNumber(value: number, dtype: DType): number {
  if (dtype === 'bool') return value !== 0 && !Number.isNaN(value) ? 1 : 0;
  if (dtype === 'float32') return Math.fround(value);
  if (dtype === 'float16') return float16ToNumber(numberToFloat16(value));
  if (!isIntegerDType(dtype)) return value;
  if (Number.isNaN(value)) return 0;
  const t = Math.trunc(value);
  const range = INT_RANGES[dtype];
  if (range) return Math.min(range[1], Math.max(range[0], t));
  // int64/uint64: clamp to what a float64 can carry below the type's bound.
  const max = dtype === 'int64' ? 9223372036854775807 : 18446744073709551615;
  const min = dtype === 'int64' ? -9223372036854775808 : 0;
  return Math.min(max, Math.max(min, t));
}

function toBigInt64(value: number, unsigned: boolean): bigint {
  if (unsigned) {
    if (value >= 18446744073709551615) return 18446744073709551615n;
    return BigInt(Math.max(0, Math.trunc(value)));
  }
  if (value >= 9223372036854775807) return 9223372036854775807n;
  if (value <= -9223372036854775808) return -9223372036854775808n;
  return BigInt(Math.trunc(value));
}

/** Encodes numbers as a constant payload of `dtype` (typed array, or raw bytes for float16/bfloat16/bool/int4). */
export function encodeConstant(dtype: DType, values: ArrayLike<number>): { data?: TensorData; bytes?: Uint8Array } {
  const n = values.length;
  switch (dtype) {
    case 'float32': return { data: Float32Array.from(values) };
    case 'float64': return { data: Float64Array.from(values) };
    case 'int8': case 'uint8': case 'int16': case 'uint16': case 'int32': case 'uint32': {
      const ctor = { int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array }[dtype];
      const out = new ctor(n);
      for (let i = 0; i < n; i++) out[i] = castNumber(values[i], dtype);
      return { data: out };
    }
    case 'int64': case 'uint64': {
      const out = dtype === 'int64' ? new BigInt64Array(n) : new BigUint64Array(n);
      for (let i = 0; i < n; i++) out[i] = toBigInt64(values[i], dtype === 'uint64');
      return { data: out };
    }
    case 'float16': case 'bfloat16': {
      const out = new Uint8Array(n * 2);
      const view = new DataView(out.buffer);
      for (let i = 0; i < n; i++) {
        const bits = dtype === 'float16'
          ? numberToFloat16(values[i])
          : new Uint32Array(new Float32Array([values[i]]).buffer)[0] >>> 16;
        view.setUint16(i * 2, bits, true);
      }
      return { bytes: out };
    }
    case 'bool': return { bytes: Uint8Array.from(values, (v) => (v ? 1 : 0)) };
    case 'int4': {
      const out = new Uint8Array(Math.ceil(n / 2));
      for (let i = 0; i < n; i++) out[i >> 1] |= (castNumber(values[i], 'int4') & 0xf) << ((i & 1) * 4);
      return { bytes: out };
    }
    default:
      throw new ModelFormatError('unsupported', `cannot encode ${dtype} constants`);
  }
}
