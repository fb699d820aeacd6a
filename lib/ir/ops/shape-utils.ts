// Shape arithmetic shared by the rules. -1 is an unknown dim and stays
// unknown through any arithmetic it enters.

import { ModelFormatError } from '../../formats/errors';
import type { Op } from '../types';
import type { Padding } from '../attrs';
import type { OpContext, TensorInfo } from './types';

export function where(op: Op): string {
  return `op ${op.id} (${op.type}${op.name ? ` "${op.name}"` : ''})`;
}

export function badShape(op: Op, message: string): ModelFormatError {
  return new ModelFormatError('bad-shape', message, where(op));
}

/** The input at `index`, or a typed error naming the op. */
export function input(ctx: OpContext, index: number): TensorInfo {
  const t = ctx.inputs[index];
  if (!t) throw new ModelFormatError('bad-value', `missing input ${index}`, where(ctx.op));
  return t;
}

export function requireRank(ctx: OpContext, t: TensorInfo, rank: number): void {
  if (t.shape.length !== rank) {
    throw badShape(ctx.op, `tensor ${t.id} has shape [${t.shape}], expected rank ${rank}`);
  }
}

export function product(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) {
    if (d < 0) return -1;
    n *= d;
  }
  return n;
}

export function unknownDims(rank: number): number[] {
  return new Array<number>(rank).fill(-1);
}

/** Normalises a possibly negative axis against `rank`. */
export function normalizeAxis(op: Op, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) {
    throw new ModelFormatError('bad-value', `axis ${axis} out of range for rank ${rank}`, where(op));
  }
  return a;
}

/** Numpy broadcasting over any number of shapes. */
export function broadcastShapes(op: Op, shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let dim = 1;
    let unknown = false;
    for (const s of shapes) {
      const d = s[s.length - rank + i] ?? 1;
      if (d === -1) unknown = true;
      else if (d !== 1) {
        if (dim !== 1 && dim !== d) {
          throw badShape(op, `shapes ${shapes.map((x) => `[${x}]`).join(', ')} do not broadcast`);
        }
        dim = d;
      }
    }
    // An unknown dim broadcast with 1s is unknown; with a known d>1 it must be d (or 1).
    out.push(unknown && dim === 1 ? -1 : dim);
  }
  return out;
}

/** Stride/dilation pairs may be given as [h, w] or NHWC [1, h, w, 1]. */
export function spatialPair(values: readonly number[], fallback: number): [number, number] {
  if (values.length === 4) return [values[1], values[2]];
  if (values.length === 2) return [values[0], values[1]];
  if (values.length === 1) return [values[0], values[0]];
  return [fallback, fallback];
}

/**
 * One spatial output dim. 'same': ceil(in/stride); 'valid':
 * floor((in - effK)/stride) + 1; explicit pads as given, where effK =
 * (k-1)·dilation + 1.
 */
export function convOutputDim(inDim: number, k: number, stride: number, dilation: number, padding: Padding, axis: 0 | 1): number {
  if (inDim < 0 || k < 0) return -1;
  const effK = (k - 1) * dilation + 1;
  if (padding === 'same') return Math.ceil(inDim / stride);
  const [before, after] = padding === 'valid' ? [0, 0] : [padding[axis * 2] ?? 0, padding[axis * 2 + 1] ?? 0];
  const span = inDim + before + after - effK;
  return span < 0 ? 0 : Math.floor(span / stride) + 1;
}

/** Transposed conv output dim when no explicit output shape is known (inverse of convOutputDim). */
export function transposeConvOutputDim(inDim: number, k: number, stride: number, padding: Padding, axis: 0 | 1): number {
  if (inDim < 0 || k < 0) return -1;
  if (padding === 'same') return inDim * stride;
  const [before, after] = padding === 'valid' ? [0, 0] : [padding[axis * 2] ?? 0, padding[axis * 2 + 1] ?? 0];
  return (inDim - 1) * stride + k - before - after;
}

/** Element count of a tensor's shape, or null while any dim is unknown. */
export function count(t: TensorInfo | undefined): number | null {
  if (!t) return null;
  const n = product(t.shape);
  return n < 0 ? null : n;
}
