// Typed reads of ONNX node attributes with defaults.
import { ModelFormatError } from '../../errors';
import type { OnnxNode } from '../types';

export function attrInt(n: OnnxNode, name: string, fallback: number): number {
  const a = n.attributes[name];
  return a?.type === 'int' ? a.value : fallback;
}

export function attrFloat(n: OnnxNode, name: string, fallback: number): number {
  const a = n.attributes[name];
  if (a?.type === 'float') return a.value;
  if (a?.type === 'int') return a.value;
  return fallback;
}

export function attrInts(n: OnnxNode, name: string): number[] | undefined {
  const a = n.attributes[name];
  return a?.type === 'ints' ? a.value : a?.type === 'int' ? [a.value] : undefined;
}

export function attrFloats(n: OnnxNode, name: string): number[] | undefined {
  const a = n.attributes[name];
  return a?.type === 'floats' ? a.value : undefined;
}

export function attrString(n: OnnxNode, name: string, fallback: string): string {
  const a = n.attributes[name];
  return a?.type === 'string' ? a.value : fallback;
}

/** Normalises a possibly negative axis against `rank`, rejecting out-of-range values. */
export function normAxis(axis: number, rank: number, where: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= Math.max(rank, 1)) {
    throw new ModelFormatError('out-of-range', `axis ${axis} is out of range for rank ${rank}`, where);
  }
  return a;
}
