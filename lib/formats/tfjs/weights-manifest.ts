// Parses weightsManifest: groups of shard paths and the weights laid out back
// to back across those shards. Sizes are computed here, before any shard is
// touched, so a lying manifest fails on arithmetic rather than on allocation.

import { ModelFormatError } from '../errors';
import { MAX_RANK } from './attr-value';
import { expectArray, expectFloat, expectInt, expectObject, expectString, optionalString } from './json-checks';
import type { TfjsQuantization, TfjsWeightDType } from './types';

/** One weight as declared, before its bytes are read. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: TfjsWeightDType;
  quantization?: TfjsQuantization;
  size: number;
  /** Stored bytes; undefined for strings, whose length is only known from the data. */
  byteLength: number | undefined;
  where: string;
}

export interface GroupSpec {
  paths: string[];
  weights: WeightSpec[];
  where: string;
}

/** No browser or Node can hold a single weight larger than this many elements. */
export const MAX_WEIGHT_ELEMENTS = 2 ** 31 - 1;

const DTYPE_BYTES: Record<TfjsWeightDType, number | undefined> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  string: undefined,
};

const QUANT_BYTES = { uint8: 1, uint16: 2, float16: 2 } as const;

function parseDType(v: unknown, where: string): TfjsWeightDType {
  const s = expectString(v, where);
  if (s in DTYPE_BYTES) return s as TfjsWeightDType;
  throw new ModelFormatError('unsupported', `weight dtype ${JSON.stringify(s)} is not one TF.js stores (float32, int32, bool, string, complex64)`, where);
}

function parseQuantization(v: unknown, dtype: TfjsWeightDType, where: string): TfjsQuantization {
  const o = expectObject(v, where);
  const q = expectString(o.dtype, `${where}.dtype`);
  if (q !== 'uint8' && q !== 'uint16' && q !== 'float16') {
    throw new ModelFormatError('unsupported', `quantization dtype ${JSON.stringify(q)} (expected uint8, uint16 or float16)`, where);
  }
  const originalDtype = optionalString(o.original_dtype ?? o.originalDtype, `${where}.original_dtype`);
  if (q === 'float16') {
    if (dtype !== 'float32') throw new ModelFormatError('unsupported', `float16 quantization of a ${dtype} weight`, where);
    return { dtype: q, originalDtype };
  }
  if (dtype !== 'float32' && dtype !== 'int32') {
    throw new ModelFormatError('unsupported', `${q} quantization of a ${dtype} weight`, where);
  }
  if (o.scale === undefined || o.min === undefined) {
    throw new ModelFormatError('bad-value', `${q} quantization needs both scale and min`, where);
  }
  const scale = expectFloat(o.scale, `${where}.scale`);
  const min = expectFloat(o.min, `${where}.min`);
  if (!Number.isFinite(scale) || !Number.isFinite(min)) {
    throw new ModelFormatError('bad-value', `non-finite quantization scale/min`, where);
  }
  return { dtype: q, scale, min, originalDtype };
}

export function elementCount(shape: number[], where: string): number {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (n > MAX_WEIGHT_ELEMENTS) {
      throw new ModelFormatError('too-large', `shape [${shape.join(', ')}] has more than ${MAX_WEIGHT_ELEMENTS} elements`, where);
    }
  }
  return n;
}

function parseWeight(v: unknown, where: string): WeightSpec {
  const o = expectObject(v, where);
  const name = expectString(o.name, `${where}.name`);
  const shapeJson = expectArray(o.shape, `${where}.shape`);
  if (shapeJson.length > MAX_RANK) throw new ModelFormatError('bad-shape', `rank ${shapeJson.length} exceeds ${MAX_RANK}`, `${where}.shape`);
  const shape = shapeJson.map((d, i) => {
    const n = expectInt(d, `${where}.shape[${i}]`);
    if (n < 0) throw new ModelFormatError('bad-shape', `negative dimension ${n} in a stored weight`, `${where}.shape[${i}]`);
    return n;
  });
  const dtype = parseDType(o.dtype, `${where}.dtype`);
  const quantization = o.quantization === undefined || o.quantization === null ? undefined : parseQuantization(o.quantization, dtype, `${where}.quantization`);
  const size = elementCount(shape, `${where}.shape`);
  const perElement = quantization ? QUANT_BYTES[quantization.dtype] : DTYPE_BYTES[dtype];
  return { name, shape, dtype, quantization, size, byteLength: perElement === undefined ? undefined : size * perElement, where };
}

export function parseWeightsManifest(v: unknown, where: string): GroupSpec[] {
  if (v === undefined || v === null) return [];
  return expectArray(v, where).map((g, gi) => {
    const gw = `${where}[${gi}]`;
    const o = expectObject(g, gw);
    const paths = expectArray(o.paths, `${gw}.paths`).map((p, pi) => expectString(p, `${gw}.paths[${pi}]`));
    const weights = expectArray(o.weights, `${gw}.weights`).map((w, wi) => parseWeight(w, `${gw}.weights[${wi}]`));
    return { paths, weights, where: gw };
  });
}

