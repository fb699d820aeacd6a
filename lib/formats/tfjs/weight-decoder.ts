// Reads the shard bytes of each manifest group and decodes every weight the
// way tfjs-core's decodeWeights does: weights back to back, affine uint8/uint16
// dequantized as q * scale + min (rounded for int32), float16 widened exactly.

import { ModelFormatError } from '../errors';
import { decodeFloat16 } from './float16';
import type { GroupSpec, WeightSpec } from './weights-manifest';
import type { TfjsWeight, TfjsWeightGroup } from './types';

export type ShardLoader = (path: string) => Uint8Array | undefined;

function loadGroupBytes(group: GroupSpec, loadShard: ShardLoader): Uint8Array {
  const shards = group.paths.map((path) => {
    const bytes = loadShard(path);
    if (bytes === undefined) throw new ModelFormatError('missing-file', `weight shard "${path}" was not provided`, group.where);
    if (!(bytes instanceof Uint8Array)) throw new ModelFormatError('bad-buffer', `weight shard "${path}" is not a byte array`, group.where);
    return bytes;
  });
  if (shards.length === 1) return shards[0];
  const total = shards.reduce((n, s) => n + s.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const s of shards) {
    out.set(s, at);
    at += s.length;
  }
  return out;
}

function checkGroupSize(group: GroupSpec, actual: number): void {
  if (group.weights.some((w) => w.byteLength === undefined)) return; // string sizes are checked while decoding
  const expected = group.weights.reduce((n, w) => n + (w.byteLength ?? 0), 0);
  if (actual < expected) {
    throw new ModelFormatError('truncated', `shards [${group.paths.join(', ')}] hold ${actual} bytes but the manifest needs ${expected}`, group.where);
  }
  if (actual > expected) {
    throw new ModelFormatError('bad-buffer', `shards [${group.paths.join(', ')}] hold ${actual} bytes but the manifest describes only ${expected}`, group.where);
  }
}

/** Copies into a fresh, aligned buffer; shard offsets need not be multiples of 4. */
function copyOut(bytes: Uint8Array, start: number, length: number): ArrayBuffer {
  const out = new Uint8Array(length);
  out.set(bytes.subarray(start, start + length));
  return out.buffer;
}

function readUint32LE(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

function decodeStrings(spec: WeightSpec, bytes: Uint8Array, start: number): { values: Uint8Array[]; end: number } {
  const values: Uint8Array[] = [];
  let at = start;
  for (let i = 0; i < spec.size; i++) {
    if (at + 4 > bytes.length) throw new ModelFormatError('truncated', `string element ${i} length runs past the shard end`, spec.where);
    const len = readUint32LE(bytes, at);
    at += 4;
    if (at + len > bytes.length) throw new ModelFormatError('truncated', `string element ${i} (${len} bytes) runs past the shard end`, spec.where);
    values.push(bytes.slice(at, at + len));
    at += len;
  }
  return { values, end: at };
}

/** Decodes one weight starting at `start`; returns it with the offset just past its bytes. */
function decodeWeight(spec: WeightSpec, bytes: Uint8Array, start: number, group: number): { weight: TfjsWeight; end: number } {
  if (spec.dtype === 'string' && !spec.quantization) {
    const { values, end } = decodeStrings(spec, bytes, start);
    return { weight: { name: spec.name, shape: spec.shape, group, dtype: 'string', values }, end };
  }
  return { weight: decodeFixedWidth(spec, bytes, start, group), end: start + (spec.byteLength ?? 0) };
}

function decodeFixedWidth(spec: WeightSpec, bytes: Uint8Array, start: number, group: number): TfjsWeight {
  const base = { name: spec.name, shape: spec.shape, group, quantization: spec.quantization };
  const byteLength = spec.byteLength ?? 0;
  const q = spec.quantization;
  if (q) {
    const raw = copyOut(bytes, start, byteLength);
    if (q.dtype === 'float16') return { ...base, dtype: 'float32', values: decodeFloat16(new Uint16Array(raw)) };
    const quantized = q.dtype === 'uint8' ? new Uint8Array(raw) : new Uint16Array(raw);
    const scale = q.scale ?? 1;
    const min = q.min ?? 0;
    if (spec.dtype === 'int32') {
      const values = new Int32Array(quantized.length);
      for (let i = 0; i < quantized.length; i++) values[i] = Math.round(quantized[i] * scale + min);
      return { ...base, dtype: 'int32', values };
    }
    const values = new Float32Array(quantized.length);
    for (let i = 0; i < quantized.length; i++) values[i] = quantized[i] * scale + min;
    return { ...base, dtype: 'float32', values };
  }
  switch (spec.dtype) {
    case 'float32':
      return { ...base, dtype: 'float32', values: new Float32Array(copyOut(bytes, start, byteLength)) };
    case 'int32':
      return { ...base, dtype: 'int32', values: new Int32Array(copyOut(bytes, start, byteLength)) };
    case 'bool':
      return { ...base, dtype: 'bool', values: new Uint8Array(copyOut(bytes, start, byteLength)) };
    case 'complex64':
      return { ...base, dtype: 'complex64', values: new Float32Array(copyOut(bytes, start, byteLength)) };
    case 'string':
      throw new ModelFormatError('unsupported', 'quantized string weight', spec.where);
  }
}

export function decodeWeightGroups(
  groups: GroupSpec[],
  loadShard: ShardLoader,
): { groups: TfjsWeightGroup[]; weights: Map<string, TfjsWeight> } {
  const weights = new Map<string, TfjsWeight>();
  const out: TfjsWeightGroup[] = [];
  groups.forEach((group, gi) => {
    const bytes = loadGroupBytes(group, loadShard);
    checkGroupSize(group, bytes.length);
    let at = 0;
    for (const spec of group.weights) {
      if (weights.has(spec.name)) throw new ModelFormatError('bad-value', `duplicate weight name "${spec.name}"`, spec.where);
      const { weight, end } = decodeWeight(spec, bytes, at, gi);
      at = end;
      weights.set(spec.name, weight);
    }
    if (at !== bytes.length) {
      throw new ModelFormatError('bad-buffer', `shards hold ${bytes.length} bytes but the weights use ${at}`, group.where);
    }
    out.push({ paths: group.paths, byteLength: bytes.length });
  });
  return { groups: out, weights };
}
