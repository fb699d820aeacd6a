// TF/TFLite StridedSlice semantics (masks, ellipsis, new and shrink axes),
// reduced to a plain box over the input plus a final reshape. Follows TF's
// BuildDenseSpec so imported graphs slice exactly as they did at the source.

import type { Op } from '../types';
import type { AttrsOf } from '../attrs';
import { badShape } from './shape-utils';

export interface SliceBox {
  /** Per input dim: first index, step and element count (-1 when unknown). */
  starts: number[];
  steps: number[];
  counts: number[];
  /** Output shape after new axes are inserted and shrunk axes removed. */
  outShape: number[];
}

type StridedAttrs = Pick<AttrsOf<'StridedSlice'>, 'beginMask' | 'endMask' | 'ellipsisMask' | 'newAxisMask' | 'shrinkAxisMask'>;

const bit = (mask: number, i: number): boolean => ((mask >> i) & 1) === 1;

/** Count of a forward/backward range after TF's clamping rules; -1 when the dim is unknown. */
function rangeOf(dim: number, begin: number, end: number, stride: number, beginMasked: boolean, endMasked: boolean): [number, number] {
  if (dim < 0) return [-1, -1];
  const norm = (x: number) => (x < 0 ? x + dim : x);
  let b: number;
  let e: number;
  if (stride > 0) {
    b = beginMasked ? 0 : Math.min(dim, Math.max(0, norm(begin)));
    e = endMasked ? dim : Math.min(dim, Math.max(0, norm(end)));
  } else {
    b = beginMasked ? dim - 1 : Math.min(dim - 1, Math.max(-1, norm(begin)));
    e = endMasked ? -1 : Math.min(dim - 1, Math.max(-1, norm(end)));
  }
  return [b, Math.max(0, Math.ceil((e - b) / stride))];
}

export function stridedSliceBox(
  op: Op,
  shape: readonly number[],
  begin: readonly number[],
  end: readonly number[],
  strides: readonly number[],
  attrs: StridedAttrs,
): SliceBox {
  const n = begin.length;
  if (end.length !== n || strides.length !== n) throw badShape(op, `begin/end/strides lengths differ: ${n}, ${end.length}, ${strides.length}`);
  let ellipsisMask = attrs.ellipsisMask;
  let sparseDims = n;
  // No ellipsis: TF appends an implicit one so trailing dims are taken whole.
  if (ellipsisMask === 0) {
    ellipsisMask = 1 << n;
    sparseDims = n + 1;
  }
  const rank = shape.length;
  const starts: number[] = [];
  const steps: number[] = [];
  const counts: number[] = [];
  // Per sparse entry: dense dims it maps to, or 'new' for an inserted axis.
  const finalIndex: (number | 'new')[] = [];
  let full = 0;
  for (let i = 0; i < sparseDims; i++) {
    if (bit(ellipsisMask, i)) {
      let newAfter = 0;
      for (let j = i + 1; j < sparseDims; j++) if (bit(attrs.newAxisMask, j) && !bit(ellipsisMask, j)) newAfter++;
      const remaining = sparseDims - i - 1 - newAfter;
      const next = Math.min(rank, rank - remaining);
      for (; full < next; full++) {
        const [b, c] = rangeOf(shape[full], 0, 0, 1, true, true);
        starts.push(b); steps.push(1); counts.push(c);
        finalIndex.push(full);
      }
    } else if (bit(attrs.newAxisMask, i)) {
      finalIndex.push('new');
    } else {
      if (full >= rank) throw badShape(op, `strided slice indexes ${full + 1} dims of a rank-${rank} input`);
      const s = strides[i];
      if (s === 0) throw badShape(op, 'strided slice stride is 0');
      if (bit(attrs.shrinkAxisMask, i)) {
        const dim = shape[full];
        const b = begin[i] < 0 && dim >= 0 ? begin[i] + dim : begin[i];
        if (dim >= 0 && (b < 0 || b >= dim)) throw badShape(op, `shrink index ${begin[i]} out of range for dim ${dim}`);
        starts.push(b); steps.push(1); counts.push(1);
      } else {
        const [b, c] = rangeOf(shape[full], begin[i], end[i], s, bit(attrs.beginMask, i), bit(attrs.endMask, i));
        starts.push(b); steps.push(s); counts.push(c);
        finalIndex.push(full);
      }
      full++;
    }
  }
  const outShape = finalIndex.map((d) => (d === 'new' ? 1 : counts[d]));
  return { starts, steps, counts, outShape };
}
