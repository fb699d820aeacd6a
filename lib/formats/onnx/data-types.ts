// ONNX TensorProto.DataType codes (public onnx.proto enum values) and how they
// map onto the IR's DType. Codes the IR cannot represent (float8 variants,
// uint4, float4) map to null; importers refuse them with a clear message.
import type { DType } from '../../ir/types';

export const ONNX_FLOAT = 1;
export const ONNX_UINT8 = 2;
export const ONNX_INT8 = 3;
export const ONNX_UINT16 = 4;
export const ONNX_INT16 = 5;
export const ONNX_INT32 = 6;
export const ONNX_INT64 = 7;
export const ONNX_STRING = 8;
export const ONNX_BOOL = 9;
export const ONNX_FLOAT16 = 10;
export const ONNX_DOUBLE = 11;
export const ONNX_UINT32 = 12;
export const ONNX_UINT64 = 13;
export const ONNX_COMPLEX64 = 14;
export const ONNX_COMPLEX128 = 15;
export const ONNX_BFLOAT16 = 16;
export const ONNX_UINT4 = 21;
export const ONNX_INT4 = 22;

interface DataTypeInfo {
  name: string;
  /** Bits per element (4 for the packed 4-bit types, 0 for strings). */
  bits: number;
  ir: DType | null;
}

const INFO: Record<number, DataTypeInfo> = {
  1: { name: 'FLOAT', bits: 32, ir: 'float32' },
  2: { name: 'UINT8', bits: 8, ir: 'uint8' },
  3: { name: 'INT8', bits: 8, ir: 'int8' },
  4: { name: 'UINT16', bits: 16, ir: 'uint16' },
  5: { name: 'INT16', bits: 16, ir: 'int16' },
  6: { name: 'INT32', bits: 32, ir: 'int32' },
  7: { name: 'INT64', bits: 64, ir: 'int64' },
  8: { name: 'STRING', bits: 0, ir: 'string' },
  9: { name: 'BOOL', bits: 8, ir: 'bool' },
  10: { name: 'FLOAT16', bits: 16, ir: 'float16' },
  11: { name: 'DOUBLE', bits: 64, ir: 'float64' },
  12: { name: 'UINT32', bits: 32, ir: 'uint32' },
  13: { name: 'UINT64', bits: 64, ir: 'uint64' },
  14: { name: 'COMPLEX64', bits: 64, ir: 'complex64' },
  15: { name: 'COMPLEX128', bits: 128, ir: 'complex128' },
  16: { name: 'BFLOAT16', bits: 16, ir: 'bfloat16' },
  17: { name: 'FLOAT8E4M3FN', bits: 8, ir: null },
  18: { name: 'FLOAT8E4M3FNUZ', bits: 8, ir: null },
  19: { name: 'FLOAT8E5M2', bits: 8, ir: null },
  20: { name: 'FLOAT8E5M2FNUZ', bits: 8, ir: null },
  21: { name: 'UINT4', bits: 4, ir: null },
  22: { name: 'INT4', bits: 4, ir: 'int4' },
  23: { name: 'FLOAT4E2M1', bits: 4, ir: null },
};

export function dataTypeInfo(code: number): DataTypeInfo | undefined {
  return Object.hasOwn(INFO, code) ? INFO[code] : undefined;
}

export function dataTypeName(code: number): string {
  return dataTypeInfo(code)?.name ?? `unknown data type ${code}`;
}

/** Bytes needed for `count` elements of `code` (4-bit types pack two per byte). */
export function byteLength(code: number, count: number): number {
  const bits = dataTypeInfo(code)?.bits ?? 0;
  return Math.ceil((count * bits) / 8);
}
