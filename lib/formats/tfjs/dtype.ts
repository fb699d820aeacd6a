// TensorFlow DataType enum ↔ IR dtype. protobuf JSON usually writes the enum
// name ("DT_FLOAT") but may write its number, so both are accepted.

import type { DType } from '../../ir/types';
import { ModelFormatError } from '../errors';

const ENUM_NAMES: Record<number, string> = {
  0: 'DT_INVALID',
  1: 'DT_FLOAT',
  2: 'DT_DOUBLE',
  3: 'DT_INT32',
  4: 'DT_UINT8',
  5: 'DT_INT16',
  6: 'DT_INT8',
  7: 'DT_STRING',
  8: 'DT_COMPLEX64',
  9: 'DT_INT64',
  10: 'DT_BOOL',
  11: 'DT_QINT8',
  12: 'DT_QUINT8',
  13: 'DT_QINT32',
  14: 'DT_BFLOAT16',
  15: 'DT_QINT16',
  16: 'DT_QUINT16',
  17: 'DT_UINT16',
  18: 'DT_COMPLEX128',
  19: 'DT_HALF',
  20: 'DT_RESOURCE',
  21: 'DT_VARIANT',
  22: 'DT_UINT32',
  23: 'DT_UINT64',
};

const KNOWN_NAMES = new Set(Object.values(ENUM_NAMES));

const TO_IR: Record<string, DType> = {
  DT_FLOAT: 'float32',
  DT_DOUBLE: 'float64',
  DT_HALF: 'float16',
  DT_BFLOAT16: 'bfloat16',
  DT_INT8: 'int8',
  DT_UINT8: 'uint8',
  DT_INT16: 'int16',
  DT_UINT16: 'uint16',
  DT_INT32: 'int32',
  DT_UINT32: 'uint32',
  DT_INT64: 'int64',
  DT_UINT64: 'uint64',
  DT_BOOL: 'bool',
  DT_STRING: 'string',
  DT_COMPLEX64: 'complex64',
  DT_COMPLEX128: 'complex128',
  DT_QINT8: 'int8',
  DT_QUINT8: 'uint8',
  DT_QINT16: 'int16',
  DT_QUINT16: 'uint16',
  DT_QINT32: 'int32',
};

/** Normalises a JSON DataType (name or number, "_REF" variants) to its enum name. */
export function parseDataType(v: unknown, where: string): string {
  let name: string | undefined;
  if (typeof v === 'number' && Number.isInteger(v)) name = ENUM_NAMES[v >= 100 ? v - 100 : v];
  else if (typeof v === 'string') name = v.endsWith('_REF') ? v.slice(0, -4) : v;
  if (name === undefined || !KNOWN_NAMES.has(name)) {
    throw new ModelFormatError('bad-value', `unknown TensorFlow dtype ${JSON.stringify(v)}`, where);
  }
  return name;
}

/** IR dtype of a TF dtype; resource/variant handles have none. */
export function irDTypeOf(tfType: string): DType | undefined {
  return TO_IR[tfType];
}
