// Narrowing helpers for untrusted JSON. Each failure is a ModelFormatError that
// names the JSON path, so a broken model.json says where it is broken.

import { ModelFormatError } from '../errors';
import type { JsonValue } from './types';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function expectObject(v: unknown, where: string): JsonObject {
  if (!isObject(v)) throw new ModelFormatError('bad-value', `expected an object, got ${describe(v)}`, where);
  return v;
}

export function expectArray(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new ModelFormatError('bad-value', `expected an array, got ${describe(v)}`, where);
  return v;
}

/** Absent or null arrays are empty: protobuf JSON omits empty repeated fields. */
export function optionalArray(v: unknown, where: string): unknown[] {
  return v === undefined || v === null ? [] : expectArray(v, where);
}

export function expectString(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new ModelFormatError('bad-value', `expected a string, got ${describe(v)}`, where);
  return v;
}

export function optionalString(v: unknown, where: string): string | undefined {
  return v === undefined || v === null ? undefined : expectString(v, where);
}

export function expectBoolean(v: unknown, where: string): boolean {
  if (typeof v !== 'boolean') throw new ModelFormatError('bad-value', `expected a boolean, got ${describe(v)}`, where);
  return v;
}

/** protobuf JSON writes int64 as a decimal string; accept numbers too. Must be a safe integer. */
export function expectInt(v: unknown, where: string): number {
  const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new ModelFormatError('bad-value', `expected an integer, got ${describe(v)}`, where);
  }
  return n;
}

/** protobuf JSON writes non-finite floats as "NaN", "Infinity", "-Infinity". */
export function expectFloat(v: unknown, where: string): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new ModelFormatError('bad-value', `expected a number, got ${describe(v)}`, where);
}

/** Deep-copies a JSON value, checking it really is JSON (the parser guarantees it, callers may not). */
export function toJsonValue(v: unknown, where: string, depth = 0): JsonValue {
  if (depth > 64) throw new ModelFormatError('too-large', 'JSON nesting deeper than 64 levels', where);
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x, i) => toJsonValue(x, `${where}[${i}]`, depth + 1));
  if (isObject(v)) {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, x] of Object.entries(v)) out[k] = toJsonValue(x, `${where}.${k}`, depth + 1);
    return out;
  }
  throw new ModelFormatError('bad-value', `not a JSON value: ${describe(v)}`, where);
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
