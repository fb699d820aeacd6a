// Host-side constants: initializers, Constant nodes and small shape math we
// fold while importing. Data is in ONNX (row-major, ONNX-order) layout.
import type { DType, TensorData } from '../../../ir/types';
import { ModelFormatError } from '../../errors';
import { dataTypeInfo, dataTypeName } from '../data-types';
import type { OnnxTensor } from '../types';
import { permuteData } from './layout';

export interface HostTensor {
  dtype: DType;
  dims: number[];
  /** TypedArray payload for dtypes that have one. */
  data?: TensorData;
  /** Raw bytes for float16, bool, int4, bfloat16, complex, string. */
  bytes?: Uint8Array;
}

export function typedArrayFor(dtype: DType, buf: ArrayBuffer, byteOffset: number, byteLength: number): TensorData | undefined {
  switch (dtype) {
    case 'float32': return new Float32Array(buf, byteOffset, byteLength / 4);
    case 'float64': return new Float64Array(buf, byteOffset, byteLength / 8);
    case 'int8': return new Int8Array(buf, byteOffset, byteLength);
    case 'uint8': return new Uint8Array(buf, byteOffset, byteLength);
    case 'int16': return new Int16Array(buf, byteOffset, byteLength / 2);
    case 'uint16': return new Uint16Array(buf, byteOffset, byteLength / 2);
    case 'int32': return new Int32Array(buf, byteOffset, byteLength / 4);
    case 'uint32': return new Uint32Array(buf, byteOffset, byteLength / 4);
    case 'int64': return new BigInt64Array(buf, byteOffset, byteLength / 8);
    case 'uint64': return new BigUint64Array(buf, byteOffset, byteLength / 8);
    default: return undefined;
  }
}

export function irDType(code: number, where: string): DType {
  const ir = dataTypeInfo(code)?.ir;
  if (!ir) throw new ModelFormatError('unsupported', `data type ${dataTypeName(code)} has no IR equivalent`, where);
  return ir;
}

/** Length-prefixed (u32 LE) concatenation of strings, the byte form of IR string constants. */
function packStrings(strings: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(strings.reduce((n, s) => n + 4 + s.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const s of strings) {
    view.setUint32(at, s.length, true);
    out.set(s, at + 4);
    at += 4 + s.length;
  }
  return out;
}

export function fromOnnxTensor(t: OnnxTensor, where: string): HostTensor {
  const dtype = irDType(t.dataType, where);
  if (t.strings) return { dtype, dims: t.dims, bytes: packStrings(t.strings) };
  const data = typedArrayFor(dtype, t.raw.buffer as ArrayBuffer, t.raw.byteOffset, t.raw.byteLength);
  return data ? { dtype, dims: t.dims, data } : { dtype, dims: t.dims, bytes: t.raw };
}

export function elementCount(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Values as JS numbers (int64 narrowed; callers use this for shapes, axes, scalars). */
export function toNumbers(t: HostTensor): number[] {
  if (!t.data) {
    if (t.dtype === 'bool' && t.bytes) return Array.from(t.bytes);
    return [];
  }
  return Array.from(t.data as ArrayLike<number | bigint>, (v) => Number(v));
}

export function fromNumbers(dtype: DType, dims: number[], values: number[]): HostTensor {
  const n = values.length;
  const buf = new ArrayBuffer(n * (dtype === 'int64' || dtype === 'uint64' || dtype === 'float64' ? 8 : 4));
  const data = typedArrayFor(dtype, buf, 0, buf.byteLength);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) values.forEach((v, i) => { data[i] = BigInt(Math.trunc(v)); });
  else if (data) values.forEach((v, i) => { data[i] = v; });
  else {
    const f = new Float32Array(values);
    return { dtype: 'float32', dims, data: f };
  }
  return { dtype, dims, data };
}

/** Element-wise copy into a new layout (see layout.ts); bytes-only dtypes are permuted bytewise per element. */
export function permuteHost(t: HostTensor, perm: number[]): HostTensor {
  const dims = perm.map((p) => t.dims[p]);
  if (t.data) {
    const ctor = t.data.constructor as new (n: number) => TensorData;
    const data = permuteData(t.data as TensorData & { [i: number]: unknown }, t.dims, perm, (n) => new ctor(n) as TensorData & { [i: number]: unknown });
    return { dtype: t.dtype, dims, data };
  }
  const count = elementCount(t.dims);
  const bytes = t.bytes ?? new Uint8Array(0);
  const width = count > 0 ? bytes.length / count : 0;
  if (!Number.isInteger(width) || width === 0) return { ...t, dims };
  const idx = permuteData(Array.from({ length: count }, (_, i) => i), t.dims, perm, (n) => new Array<number>(n));
  const out = new Uint8Array(bytes.length);
  idx.forEach((src, i) => out.set(bytes.subarray(src * width, (src + 1) * width), i * width));
  return { dtype: t.dtype, dims, bytes: out };
}

/** Pads dims with leading 1s to `rank` (numpy broadcasting alignment). */
export function alignRank(t: HostTensor, rank: number): HostTensor {
  if (t.dims.length >= rank) return t;
  return { ...t, dims: [...new Array<number>(rank - t.dims.length).fill(1), ...t.dims] };
}
