// Layout permutations. A value's `perm` says how its IR tensor relates to the
// ONNX tensor: IR = transpose(onnx, perm), i.e. IR dim i is ONNX dim perm[i].
// Channel-first ONNX activations are held channel-last (NHWC for rank 4).

export function identity(rank: number): number[] {
  return Array.from({ length: rank }, (_, i) => i);
}

/** [0, 2, 3, …, 1]: NCHW → NHWC, NCL → NLC. */
export function channelLast(rank: number): number[] {
  return rank < 3 ? identity(rank) : [0, ...identity(rank).slice(2), 1];
}

export function invert(perm: number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => { inv[p] = i; });
  return inv;
}

export function isIdentity(perm: number[]): boolean {
  return perm.every((p, i) => p === i);
}

export function samePerm(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

/** dims in ONNX order → dims in IR order. */
export function permute<T>(dims: T[], perm: number[]): T[] {
  return perm.map((p) => dims[p]);
}

/** IR Transpose perm that turns a tensor held in layout `from` into layout `to`. */
export function transposeBetween(from: number[], to: number[]): number[] {
  const inv = invert(from);
  return to.map((axis) => inv[axis]);
}

/** ONNX axis (possibly negative) → IR axis under `perm`. */
export function irAxis(axis: number, perm: number[]): number {
  const a = axis < 0 ? axis + perm.length : axis;
  return invert(perm)[a];
}

/**
 * Layout of the result of dropping ONNX axes `removed` from a value held in
 * `perm` (Squeeze, reductions without keepdims): the remaining axes keep
 * their relative IR order, renumbered.
 */
export function dropAxes(perm: number[], removed: number[]): number[] {
  const kept = perm.filter((p) => !removed.includes(p));
  const sorted = [...kept].sort((a, b) => a - b);
  return kept.map((p) => sorted.indexOf(p));
}

/** Moves elements of a row-major array with ONNX `dims` into IR order under `perm`. */
export function permuteData<A extends { length: number; [i: number]: unknown }>(
  src: A, dims: number[], perm: number[], make: (n: number) => A,
): A {
  const rank = dims.length;
  const out = make(src.length);
  if (isIdentity(perm)) {
    for (let i = 0; i < src.length; i++) out[i] = src[i];
    return out;
  }
  const srcStrides = new Array<number>(rank);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) { srcStrides[i] = s; s *= dims[i]; }
  const outDims = permute(dims, perm);
  const stepOfOut = perm.map((p) => srcStrides[p]);
  const idx = new Array<number>(rank).fill(0);
  let from = 0;
  for (let o = 0; o < src.length; o++) {
    out[o] = src[from];
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      from += stepOfOut[d];
      if (idx[d] < outDims[d]) break;
      from -= stepOfOut[d] * outDims[d];
      idx[d] = 0;
    }
  }
  return out;
}
