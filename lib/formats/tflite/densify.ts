// Expands a sparse constant (TACO-style SparsityParameters, consumed at runtime
// by TFLite's DENSIFY op) into dense row-major bytes. Every index is checked:
// the format is easy to corrupt and its loops are driven by file data.

import { ModelFormatError } from '../errors';
import { TENSOR_TYPE_BITS } from './schema';
import type { TfliteTensor } from './types';

/** Refuse expansions beyond this many bytes; sparse data can claim any dense size. */
export const MAX_DENSE_BYTES = 1 << 28;

export function densify(tensor: TfliteTensor, values: Uint8Array, where: string): Uint8Array {
  const sp = tensor.sparsity;
  if (!sp) throw new ModelFormatError('bad-value', 'tensor is not sparse', where);
  const elem = TENSOR_TYPE_BITS[tensor.type] / 8;
  if (!Number.isInteger(elem) || elem < 1) {
    throw new ModelFormatError('unsupported', `cannot densify ${tensor.type} tensors`, where);
  }
  const shape = tensor.shape;
  const n = shape.length;
  const k = sp.blockMap.length;
  const levels = n + k;
  if (sp.traversalOrder.length !== levels || sp.dimMetadata.length !== levels) {
    throw new ModelFormatError('bad-value', `sparsity needs ${levels} traversal levels, has ${sp.traversalOrder.length} order and ${sp.dimMetadata.length} metadata entries`, where);
  }
  let count = 1;
  for (const d of shape) {
    if (!(d >= 0)) throw new ModelFormatError('bad-shape', `sparse tensor has unknown dimension in [${shape}]`, where);
    count *= d;
  }
  if (count * elem > MAX_DENSE_BYTES) {
    throw new ModelFormatError('too-large', `dense size ${count * elem} bytes exceeds ${MAX_DENSE_BYTES}`, where);
  }

  // Block size per original dim, and each expanded dim's extent.
  const blockSize = new Array<number>(n).fill(1);
  const blockOf = new Array<number>(n).fill(-1);
  sp.blockMap.forEach((orig, j) => {
    if (!(orig >= 0 && orig < n) || blockOf[orig] !== -1) throw new ModelFormatError('bad-value', `block_map[${j}] = ${orig} is invalid`, where);
    blockOf[orig] = n + j;
  });
  const levelOf = new Array<number>(levels).fill(-1);
  sp.traversalOrder.forEach((dim, level) => {
    if (!(dim >= 0 && dim < levels) || levelOf[dim] !== -1) throw new ModelFormatError('bad-value', `traversal_order is not a permutation`, where);
    levelOf[dim] = level;
  });
  sp.blockMap.forEach((orig, j) => {
    const size = sp.dimMetadata[levelOf[n + j]].denseSize;
    if (!(size > 0) || shape[orig] % size !== 0) throw new ModelFormatError('bad-value', `block size ${size} does not divide dim ${orig}`, where);
    blockSize[orig] = size;
  });
  const extent = (dim: number): number => (dim < n ? shape[dim] / blockSize[dim] : blockSize[sp.blockMap[dim - n]]);

  const strides = new Array<number>(n).fill(1);
  for (let d = n - 2; d >= 0; d--) strides[d] = strides[d + 1] * shape[d + 1];
  const numValues = Math.floor(values.length / elem);
  const out = new Uint8Array(count * elem);
  const coord = new Array<number>(levels).fill(0);

  const emit = (pos: number): void => {
    if (pos >= numValues) throw new ModelFormatError('bad-buffer', `sparse value ${pos} is beyond the ${numValues} stored values`, where);
    let flat = 0;
    for (let d = 0; d < n; d++) {
      const inner = blockOf[d] === -1 ? 0 : coord[blockOf[d]];
      flat += (coord[d] * blockSize[d] + inner) * strides[d];
    }
    out.set(values.subarray(pos * elem, pos * elem + elem), flat * elem);
  };

  const walk = (level: number, prev: number): void => {
    if (level === levels) return emit(prev);
    const dim = sp.traversalOrder[level];
    const meta = sp.dimMetadata[level];
    const size = extent(dim);
    if (meta.format === 'DENSE') {
      if (meta.denseSize !== size) throw new ModelFormatError('bad-value', `dense_size ${meta.denseSize} of level ${level} should be ${size}`, where);
      for (let i = 0; i < size; i++) {
        coord[dim] = i;
        walk(level + 1, prev * size + i);
      }
      return;
    }
    const segs = meta.arraySegments?.values;
    const idx = meta.arrayIndices?.values;
    if (!segs || !idx) throw new ModelFormatError('bad-value', `sparse level ${level} lacks segments or indices`, where);
    if (prev + 1 >= segs.length) throw new ModelFormatError('out-of-range', `segment ${prev} of level ${level} is out of range`, where);
    const start = segs[prev];
    const end = segs[prev + 1];
    if (!(start <= end && end <= idx.length)) throw new ModelFormatError('out-of-range', `segment ${start}..${end} of level ${level} is invalid`, where);
    for (let p = start; p < end; p++) {
      if (!(idx[p] >= 0 && idx[p] < size)) throw new ModelFormatError('out-of-range', `index ${idx[p]} at level ${level} exceeds ${size}`, where);
      coord[dim] = idx[p];
      walk(level + 1, p);
    }
  };
  walk(0, 0);
  return out;
}
