// Decodes TF AttrValue / TensorShapeProto / TensorProto in their protobuf-JSON
// form (int64 as strings, bytes as base64, empty fields omitted).

import { ModelFormatError } from '../errors';
import { decodeBase64Text } from './base64';
import { parseDataType } from './dtype';
import { expectBoolean, expectFloat, expectInt, expectObject, expectString, optionalArray } from './json-checks';
import type { TfAttr, TfAttrList, TfShape, TfTensorAttr } from './types';

/** Ranks beyond this are not real models; rejecting early keeps shape math bounded. */
export const MAX_RANK = 32;
/** Largest single dimension we accept (2^31 - 1, TF's int32 index limit for tfjs). */
export const MAX_DIM = 0x7fffffff;

export function parseShape(v: unknown, where: string): TfShape {
  const o = expectObject(v, where);
  const unknownRank = o.unknownRank === undefined ? false : expectBoolean(o.unknownRank, `${where}.unknownRank`);
  const dimsJson = optionalArray(o.dim, `${where}.dim`);
  if (dimsJson.length > MAX_RANK) {
    throw new ModelFormatError('bad-shape', `rank ${dimsJson.length} exceeds ${MAX_RANK}`, where);
  }
  const dims = dimsJson.map((d, i) => {
    const dw = `${where}.dim[${i}]`;
    // proto3 JSON omits a zero size, so {} is a dimension of 0.
    const size = expectObject(d, dw).size;
    const n = size === undefined ? 0 : expectInt(size, `${dw}.size`);
    if (n < -1 || n > MAX_DIM) throw new ModelFormatError('bad-shape', `dimension ${n} out of range`, dw);
    return n;
  });
  return { dims, unknownRank };
}

export function parseTensorAttr(v: unknown, where: string): TfTensorAttr {
  const o = expectObject(v, where);
  const dtype = o.dtype === undefined ? 'DT_INVALID' : parseDataType(o.dtype, `${where}.dtype`);
  const shape = o.tensorShape === undefined ? { dims: [], unknownRank: false } : parseShape(o.tensorShape, `${where}.tensorShape`);
  return { dtype, shape };
}

function parseList(v: unknown, where: string): TfAttrList {
  const o = expectObject(v, where);
  return {
    s: optionalArray(o.s, `${where}.s`).map((x, i) => decodeBase64Text(expectString(x, `${where}.s[${i}]`), `${where}.s[${i}]`)),
    i: optionalArray(o.i, `${where}.i`).map((x, i) => expectInt(x, `${where}.i[${i}]`)),
    f: optionalArray(o.f, `${where}.f`).map((x, i) => expectFloat(x, `${where}.f[${i}]`)),
    b: optionalArray(o.b, `${where}.b`).map((x, i) => expectBoolean(x, `${where}.b[${i}]`)),
    type: optionalArray(o.type, `${where}.type`).map((x, i) => parseDataType(x, `${where}.type[${i}]`)),
    shape: optionalArray(o.shape, `${where}.shape`).map((x, i) => parseShape(x, `${where}.shape[${i}]`)),
    func: optionalArray(o.func, `${where}.func`).map((x, i) => expectString(expectObject(x, `${where}.func[${i}]`).name, `${where}.func[${i}].name`)),
  };
}

export function emptyList(): TfAttrList {
  return { s: [], i: [], f: [], b: [], type: [], shape: [], func: [] };
}

export function parseAttr(v: unknown, where: string): TfAttr {
  const o = expectObject(v, where);
  if (o.s !== undefined) return { kind: 's', value: decodeBase64Text(expectString(o.s, `${where}.s`), `${where}.s`) };
  if (o.i !== undefined) return { kind: 'i', value: expectInt(o.i, `${where}.i`) };
  if (o.f !== undefined) return { kind: 'f', value: expectFloat(o.f, `${where}.f`) };
  if (o.b !== undefined) return { kind: 'b', value: expectBoolean(o.b, `${where}.b`) };
  if (o.type !== undefined) return { kind: 'type', value: parseDataType(o.type, `${where}.type`) };
  if (o.shape !== undefined) return { kind: 'shape', value: parseShape(o.shape, `${where}.shape`) };
  if (o.tensor !== undefined) return { kind: 'tensor', value: parseTensorAttr(o.tensor, `${where}.tensor`) };
  if (o.list !== undefined) return { kind: 'list', value: parseList(o.list, `${where}.list`) };
  if (o.func !== undefined) {
    return { kind: 'func', value: expectString(expectObject(o.func, `${where}.func`).name, `${where}.func.name`) };
  }
  if (o.placeholder !== undefined) return { kind: 'placeholder', value: expectString(o.placeholder, `${where}.placeholder`) };
  // An AttrValue with no field set is proto3's empty value; an empty list is the only sensible reading.
  return { kind: 'list', value: emptyList() };
}

export function parseAttrMap(v: unknown, where: string): Record<string, TfAttr> {
  if (v === undefined || v === null) return {};
  const o = expectObject(v, where);
  const out: Record<string, TfAttr> = {};
  for (const [k, x] of Object.entries(o)) out[k] = parseAttr(x, `${where}.${k}`);
  return out;
}

// ---- typed getters used by the importer ------------------------------------

export function isAttrKind<K extends TfAttr['kind']>(a: TfAttr | undefined, kind: K): a is Extract<TfAttr, { kind: K }> {
  return a !== undefined && a.kind === kind;
}
