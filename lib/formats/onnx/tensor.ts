// TensorProto → OnnxTensor: validates dims against the payload and normalises
// raw_data or the typed *_data fields into one little-endian byte buffer.
import { ModelFormatError } from '../errors';
import {
  ONNX_BFLOAT16, ONNX_BOOL, ONNX_COMPLEX128, ONNX_COMPLEX64, ONNX_DOUBLE, ONNX_FLOAT, ONNX_FLOAT16,
  ONNX_INT16, ONNX_INT32, ONNX_INT64, ONNX_INT8, ONNX_STRING, ONNX_UINT16, ONNX_UINT32, ONNX_UINT64, ONNX_UINT8,
  byteLength, dataTypeInfo, dataTypeName,
} from './data-types';
import { MAX_DIM, MAX_ELEMENTS, MAX_RANK } from './limits';
import { bytes, has, int, list, messages, numbers, str, toBigInt, type Message } from './message';
import type { OnnxTensor } from './types';

const DATA_LOCATION_EXTERNAL = 1;

/** Validated dims of a constant tensor (no dynamic dims allowed). */
function readDims(m: Message, where: string): number[] {
  const raw = list(m, 'dims');
  if (raw.length > MAX_RANK) throw new ModelFormatError('too-large', `rank ${raw.length} exceeds the limit of ${MAX_RANK}`, where);
  return raw.map((v, i) => {
    const d = toBigInt(v);
    if (d < 0n) throw new ModelFormatError('bad-shape', `dimension ${i} is negative (${d})`, where);
    if (d > BigInt(MAX_DIM)) throw new ModelFormatError('too-large', `dimension ${i} is ${d}, above the limit of ${MAX_DIM}`, where);
    return Number(d);
  });
}

function elementCount(dims: number[], where: string): number {
  let n = 1;
  for (const d of dims) {
    n *= d;
    if (n > MAX_ELEMENTS) throw new ModelFormatError('too-large', `dims [${dims.join(', ')}] hold more than ${MAX_ELEMENTS} elements`, where);
  }
  return n;
}

function refuseExternal(m: Message, name: string, where: string): void {
  const external = messages(m, 'external_data');
  if (int(m, 'data_location') !== DATA_LOCATION_EXTERNAL && external.length === 0) return;
  const location = external.find((e) => str(e, 'key') === 'location');
  const file = location ? ` ('${str(location, 'value')}')` : '';
  throw new ModelFormatError(
    'missing-file',
    `tensor '${name}' keeps its data in an external file${file}; external data is not supported, re-save the model with all tensors embedded`,
    where,
  );
}

function typedFieldBytes(m: Message, dataType: number, count: number, where: string): Uint8Array | undefined {
  const check = (field: string, got: number, want: number): void => {
    if (got !== want) {
      throw new ModelFormatError('bad-buffer', `${field} holds ${got} values but the dims need ${want}`, where);
    }
  };
  const asBytes = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  switch (dataType) {
    case ONNX_FLOAT:
    case ONNX_COMPLEX64: {
      const v = numbers(m, 'float_data');
      if (v.length === 0) return undefined;
      check('float_data', v.length, dataType === ONNX_FLOAT ? count : 2 * count);
      return asBytes(Float32Array.from(v));
    }
    case ONNX_DOUBLE:
    case ONNX_COMPLEX128: {
      const v = numbers(m, 'double_data');
      if (v.length === 0) return undefined;
      check('double_data', v.length, dataType === ONNX_DOUBLE ? count : 2 * count);
      return asBytes(Float64Array.from(v));
    }
    case ONNX_INT32: case ONNX_INT16: case ONNX_INT8: case ONNX_UINT16: case ONNX_UINT8:
    case ONNX_BOOL: case ONNX_FLOAT16: case ONNX_BFLOAT16: {
      const v = numbers(m, 'int32_data');
      if (v.length === 0) return undefined;
      check('int32_data', v.length, count);
      const ctor = {
        [ONNX_INT32]: Int32Array, [ONNX_INT16]: Int16Array, [ONNX_INT8]: Int8Array, [ONNX_UINT16]: Uint16Array,
        [ONNX_UINT8]: Uint8Array, [ONNX_BOOL]: Uint8Array, [ONNX_FLOAT16]: Uint16Array, [ONNX_BFLOAT16]: Uint16Array,
      }[dataType];
      return asBytes(ctor.from(v));
    }
    case ONNX_INT64: {
      const v = list(m, 'int64_data');
      if (v.length === 0) return undefined;
      check('int64_data', v.length, count);
      return asBytes(BigInt64Array.from(v, (x) => BigInt.asIntN(64, toBigInt(x))));
    }
    case ONNX_UINT32: case ONNX_UINT64: {
      const v = list(m, 'uint64_data');
      if (v.length === 0) return undefined;
      check('uint64_data', v.length, count);
      return dataType === ONNX_UINT32
        ? asBytes(Uint32Array.from(v, (x) => Number(BigInt.asUintN(32, toBigInt(x)))))
        : asBytes(BigUint64Array.from(v, (x) => BigInt.asUintN(64, toBigInt(x))));
    }
    default:
      return undefined;
  }
}

export function readTensor(m: Message, where: string): OnnxTensor {
  const name = str(m, 'name');
  const at = name ? `${where} '${name}'` : where;
  const dataType = int(m, 'data_type');
  if (!dataTypeInfo(dataType)) throw new ModelFormatError('bad-value', `unknown data type ${dataType}`, at);
  refuseExternal(m, name, at);
  if (has(m, 'segment')) throw new ModelFormatError('unsupported', 'segmented tensors are not supported', at);
  const dims = readDims(m, at);
  const count = elementCount(dims, at);

  if (dataType === ONNX_STRING) {
    const strings = list(m, 'string_data').filter((s): s is Uint8Array => s instanceof Uint8Array);
    if (strings.length !== count) {
      throw new ModelFormatError('bad-buffer', `string_data holds ${strings.length} strings but the dims need ${count}`, at);
    }
    return { name, dims, dataType, raw: new Uint8Array(0), strings: strings.map((s) => s.slice()) };
  }

  const want = byteLength(dataType, count);
  const rawData = has(m, 'raw_data') ? bytes(m, 'raw_data') : undefined;
  let payload: Uint8Array | undefined;
  if (rawData !== undefined && (rawData.length > 0 || want === 0)) {
    if (rawData.length !== want) {
      throw new ModelFormatError(
        'bad-buffer',
        `raw_data holds ${rawData.length} bytes but dims [${dims.join(', ')}] of ${dataTypeName(dataType)} need ${want}`,
        at,
      );
    }
    payload = rawData;
  } else {
    payload = typedFieldBytes(m, dataType, count, at);
  }
  if (payload === undefined) {
    if (count !== 0) throw new ModelFormatError('bad-buffer', `has dims [${dims.join(', ')}] but no data`, at);
    payload = new Uint8Array(0);
  }
  // Fresh buffer: aligned for TypedArray views and detached from the file bytes.
  const raw = new Uint8Array(payload.length);
  raw.set(payload);
  return { name, dims, dataType, raw };
}
