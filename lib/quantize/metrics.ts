// Accuracy metrics for comparing a quantized model's outputs with the float
// model's: small pure functions over flat arrays.

/** A box as [x1, y1, x2, y2] (any consistent units). */
export type Box = readonly [number, number, number, number];

export interface Detection {
  box: Box;
  score?: number;
  label?: number;
}

function assertSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new RangeError(`length mismatch: ${a.length} vs ${b.length}`);
}

/**
 * Signal-to-quantization-noise ratio in dB: 10·log10(Σ ref² / Σ (ref − test)²).
 * Infinity when the two are identical; −Infinity when the reference is all
 * zeros and the test is not.
 */
export function sqnr(reference: ArrayLike<number>, test: ArrayLike<number>): number {
  assertSameLength(reference, test);
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < reference.length; i++) {
    signal += reference[i] * reference[i];
    const d = reference[i] - test[i];
    noise += d * d;
  }
  if (noise === 0) return Infinity;
  return 10 * Math.log10(signal / noise);
}

/** Cosine of the angle between two vectors; 1 when both are zero, 0 when only one is. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assertSameLength(a, b);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (na === 0 && nb === 0) return 1;
  if (na === 0 || nb === 0) return 0;
  return dot / Math.sqrt(na * nb);
}

/** IoU of the masks {a > threshold} and {b > threshold}; 1 when both are empty. */
export function maskIoU(a: ArrayLike<number>, b: ArrayLike<number>, threshold = 0.5): number {
  assertSameLength(a, b);
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] > threshold;
    const y = b[i] > threshold;
    if (x && y) inter++;
    if (x || y) union++;
  }
  return union === 0 ? 1 : inter / union;
}

export function boxIoU(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  const inter = w > 0 && h > 0 ? w * h : 0;
  const area = (r: Box) => Math.max(0, r[2] - r[0]) * Math.max(0, r[3] - r[1]);
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

export interface DetectionMatch {
  /** Pairs [reference index, test index] matched greedily by IoU. */
  pairs: [number, number][];
  ious: number[];
  /** Reference detections with no match (missed by the test model). */
  unmatchedReference: number[];
  /** Test detections with no match (spurious). */
  unmatchedTest: number[];
  /** matched / max(reference count, test count); 1 when both are empty. */
  agreement: number;
}

/**
 * Greedy one-to-one matching: all pairs with IoU ≥ threshold (and equal
 * labels, when both have one), highest IoU first; ties broken by reference
 * then test index so the result is deterministic.
 */
export function matchDetections(reference: readonly Detection[], test: readonly Detection[], iouThreshold = 0.5): DetectionMatch {
  const candidates: { r: number; t: number; iou: number }[] = [];
  reference.forEach((rd, r) => test.forEach((td, t) => {
    if (rd.label !== undefined && td.label !== undefined && rd.label !== td.label) return;
    const iou = boxIoU(rd.box, td.box);
    if (iou >= iouThreshold) candidates.push({ r, t, iou });
  }));
  candidates.sort((x, y) => y.iou - x.iou || x.r - y.r || x.t - y.t);
  const usedR = new Set<number>();
  const usedT = new Set<number>();
  const pairs: [number, number][] = [];
  const ious: number[] = [];
  for (const c of candidates) {
    if (usedR.has(c.r) || usedT.has(c.t)) continue;
    usedR.add(c.r);
    usedT.add(c.t);
    pairs.push([c.r, c.t]);
    ious.push(c.iou);
  }
  const most = Math.max(reference.length, test.length);
  return {
    pairs, ious,
    unmatchedReference: reference.map((_, i) => i).filter((i) => !usedR.has(i)),
    unmatchedTest: test.map((_, i) => i).filter((i) => !usedT.has(i)),
    agreement: most === 0 ? 1 : pairs.length / most,
  };
}

/** Mean Euclidean distance between corresponding keypoints, given flat [x0, y0, (z0,) x1, …] with `dims` values each. */
export function meanKeypointDistance(a: ArrayLike<number>, b: ArrayLike<number>, dims = 2): number {
  assertSameLength(a, b);
  if (dims < 1 || a.length % dims !== 0) throw new RangeError(`${a.length} values do not split into ${dims}-d keypoints`);
  const n = a.length / dims;
  if (n === 0) return 0;
  let total = 0;
  for (let k = 0; k < n; k++) {
    let d2 = 0;
    for (let j = 0; j < dims; j++) {
      const d = a[k * dims + j] - b[k * dims + j];
      d2 += d * d;
    }
    total += Math.sqrt(d2);
  }
  return total / n;
}

/** Index of the largest value (first on ties). */
export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

/**
 * Fraction of rows whose argmax agrees: a and b hold `rows` score vectors of
 * equal length each (one row when `classes` is omitted).
 */
export function top1Agreement(a: ArrayLike<number>, b: ArrayLike<number>, classes = a.length): number {
  assertSameLength(a, b);
  if (classes <= 0 || a.length % classes !== 0) throw new RangeError(`${a.length} scores do not split into rows of ${classes}`);
  const rows = a.length / classes;
  if (rows === 0) return 1;
  let agree = 0;
  for (let r = 0; r < rows; r++) {
    const s = r * classes;
    const view = (x: ArrayLike<number>) => Array.prototype.slice.call(x, s, s + classes) as number[];
    if (argmax(view(a)) === argmax(view(b))) agree++;
  }
  return agree / rows;
}
