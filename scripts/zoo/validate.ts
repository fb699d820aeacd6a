// Validation of built artifacts:
//  - fp32 vs the source model on the validation samples: max |a − b| within
//    1e-4 × the reference output's range (a declared range for one-value
//    outputs, which have none);
//  - int8 vs fp32 on the same samples: output SQNR and the task metric the
//    recipe names, each against the recipe's threshold.

import type { TaskMetric } from '../../lib/catalogue/recipe-schema';
import type { Int8Validation, MetricResult, OutputParity, SqnrResult } from '../../lib/catalogue/manifest';
import { maskIoU, matchDetections, meanKeypointDistance, sqnr, top1Agreement, type Box, type Detection } from '../../lib/quantize';
import type { Tensor } from './samples';

export const RELATIVE_TOLERANCE = 1e-4;

/**
 * Parity of each output over all samples: the largest |ours − reference|
 * against 1e-4 × the reference's value range over the whole validation set
 * (one sample's range can be degenerate, e.g. a text map of an image without
 * text), or the declared range for one-value outputs.
 */
export function fp32Parity(
  names: string[], ours: Tensor[][], reference: Tensor[][], declaredRanges: Readonly<Record<string, [number, number]>>,
): OutputParity[] {
  if (reference.length === 0) throw new Error('no validation samples');
  return names.map((output, k) => {
    let lo = Infinity;
    let hi = -Infinity;
    let maxError = 0;
    for (let s = 0; s < reference.length; s++) {
      const a = ours[s][k].data;
      const r = reference[s][k].data;
      if (a.length !== r.length) throw new Error(`output ${output}: ${a.length} values vs the reference's ${r.length}`);
      for (let i = 0; i < r.length; i++) {
        lo = Math.min(lo, r[i]);
        hi = Math.max(hi, r[i]);
        const e = Math.abs(a[i] - r[i]);
        if (!(e <= maxError)) maxError = Number.isNaN(e) ? Infinity : e;
      }
    }
    const declared = declaredRanges[output];
    if (!declared && reference[0][k].data.length === 1) throw new Error(`output ${output} has one value and so no range: declare validation.outputRanges["${output}"]`);
    const range = declared ? declared[1] - declared[0] : hi - lo;
    const tolerance = RELATIVE_TOLERANCE * range;
    return { output, maxError, range, tolerance, rangeDeclared: declared !== undefined, ok: maxError <= tolerance };
  });
}

/** Per-output int8 floors from the recipe: each output is gated by one of them. */
export interface Int8Gates {
  minSqnrDb: Readonly<Record<string, number>>;
  maxAbsDiff: Readonly<Record<string, number>>;
}

/**
 * SQNR (dB) per output over the whole validation set (signal and noise
 * energy summed over every sample) and the largest |int8 − fp32|, each
 * output gated by the recipe's SQNR floor or absolute-difference ceiling; the
 * worst and mean per-sample SQNR are reported too. The pooled value is the
 * gate because a per-sample SQNR is meaningless where the reference is ~0
 * (a text detector's map on a photo without text). An output without a gate
 * is an error: an ungated output can silently be noise.
 */
export function int8Sqnr(names: string[], fp32: Tensor[][], int8: Tensor[][], gates: Int8Gates): SqnrResult[] {
  for (const [field, record] of Object.entries(gates)) {
    for (const name of Object.keys(record)) if (!names.includes(name)) throw new Error(`validation.int8.${field} names ${name}, which is not an output (${names.join(', ')})`);
  }
  const ungated = names.filter((n) => gates.minSqnrDb[n] === undefined && gates.maxAbsDiff[n] === undefined);
  if (ungated.length) throw new Error(`int8 output${ungated.length > 1 ? 's' : ''} ${ungated.join(', ')} ha${ungated.length > 1 ? 've' : 's'} no floor: set validation.int8.minSqnrDb or maxAbsDiff for ${ungated.length > 1 ? 'each' : 'it'}`);
  return names.map((output, k) => {
    const dbs = fp32.map((sample, s) => sqnr(sample[k].data, int8[s][k].data));
    const pooledDb = sqnr(concat(fp32.map((s) => s[k].data)), concat(int8.map((s) => s[k].data)));
    const minDb = Math.min(...dbs);
    const finite = dbs.filter(Number.isFinite);
    const meanDb = finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : minDb;
    let maxAbsDiff = 0;
    fp32.forEach((sample, s) => {
      const a = sample[k].data;
      const b = int8[s][k].data;
      for (let i = 0; i < a.length; i++) {
        const d = Math.abs(a[i] - b[i]);
        if (!(d <= maxAbsDiff)) maxAbsDiff = Number.isNaN(d) ? Infinity : d;
      }
    });
    const thresholdDb = gates.minSqnrDb[output];
    const maxAbsDiffThreshold = gates.maxAbsDiff[output];
    const ok = thresholdDb !== undefined ? pooledDb >= thresholdDb : maxAbsDiff <= maxAbsDiffThreshold;
    return { output, pooledDb, minDb, meanDb, maxAbsDiff, ...(thresholdDb !== undefined ? { thresholdDb } : { maxAbsDiffThreshold }), ok };
  });
}

/** The gate an output failed, in words. */
export function sqnrFailure(s: SqnrResult): string {
  return s.thresholdDb !== undefined
    ? `${s.output} SQNR ${s.pooledDb.toFixed(2)} dB < ${s.thresholdDb} dB`
    : `${s.output} max |int8 − fp32| ${s.maxAbsDiff.toPrecision(3)} > ${s.maxAbsDiffThreshold}`;
}

function concat(parts: ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(Array.from(p), at);
    at += p.length;
  }
  return out;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Decoded detections, one per score row that passes; label = row (anchor matching) or best class. */
function detections(scores: ArrayLike<number>, boxes: ArrayLike<number>, m: Extract<TaskMetric, { kind: 'detections' }>, scoreRows: number): Detection[] {
  const sPer = scores.length / scoreRows;
  const bPer = boxes.length / scoreRows;
  const out: Detection[] = [];
  for (let a = 0; a < scoreRows; a++) {
    let best = -Infinity;
    let cls = 0;
    for (let c = 0; c < m.scoreColumns; c++) {
      const v = scores[a * sPer + m.scoreOffset + c];
      if (v > best) {
        best = v;
        cls = c;
      }
    }
    const s = m.sigmoid ? sigmoid(best) : best;
    if (!(s >= m.scoreThreshold)) continue;
    const o = a * bPer + m.boxOffset;
    let box: Box;
    if (m.boxFormat === 'ltrb-distribution') {
      const bins = m.bins ?? 1;
      const d = [0, 1, 2, 3].map((side) => {
        let z = 0;
        let e = 0;
        const base = o + side * bins;
        let hi = -Infinity;
        for (let i = 0; i < bins; i++) hi = Math.max(hi, boxes[base + i]);
        for (let i = 0; i < bins; i++) {
          const w = Math.exp(boxes[base + i] - hi);
          z += w;
          e += w * i;
        }
        return e / z;
      });
      box = [-d[0], -d[1], d[2], d[3]];
    } else {
      const [p, q, r, t] = [boxes[o], boxes[o + 1], boxes[o + 2], boxes[o + 3]];
      box = m.boxFormat === 'cxcywh' ? [p - r / 2, q - t / 2, p + r / 2, q + t / 2] : m.boxFormat === 'xyxy' ? [p, q, r, t] : [q, p, t, r];
    }
    out.push({ box, score: s, label: m.matchBy === 'anchor' ? a : cls });
  }
  return out;
}

function output(names: string[], name: string): number {
  const k = names.indexOf(name);
  if (k < 0) throw new Error(`task metric names output ${name}, which is not an output (${names.join(', ')})`);
  return k;
}

/** The recipe's task metric, int8 vs fp32, over all validation samples. */
export function taskMetric(m: TaskMetric, names: string[], fp32: Tensor[][], int8: Tensor[][]): MetricResult {
  switch (m.kind) {
    case 'top1': {
      const k = output(names, m.output);
      const a = fp32.flatMap((s) => Array.from(s[k].data));
      const b = int8.flatMap((s) => Array.from(s[k].data));
      const value = top1Agreement(a, b, m.classes);
      return { kind: m.kind, label: `top-1 agreement (${a.length / m.classes} rows)`, value, threshold: m.minAgreement, ok: value >= m.minAgreement };
    }
    case 'mask-iou': {
      const k = output(names, m.output);
      // Pooled over the set (total intersection / total union): a photo with almost no foreground would
      // otherwise decide the gate on a handful of pixels.
      const value = maskIoU(concat(fp32.map((s) => s[k].data)), concat(int8.map((s) => s[k].data)), m.threshold);
      const worst = Math.min(...fp32.map((s, i) => maskIoU(s[k].data, int8[i][k].data, m.threshold)));
      return { kind: m.kind, label: `mask IoU at ${m.threshold} (all samples pooled)`, value, threshold: m.minIoU, ok: value >= m.minIoU, detail: { worstSampleIoU: worst } };
    }
    case 'keypoints': {
      const k = output(names, m.output);
      const coords = (d: ArrayLike<number>) => {
        const out: number[] = [];
        for (let i = 0; i + m.dims <= d.length; i += m.stride) for (let j = 0; j < m.dims; j++) out.push(d[i + j] / m.normaliser);
        return out;
      };
      const dists = fp32.map((s, i) => meanKeypointDistance(coords(s[k].data), coords(int8[i][k].data), m.dims));
      const value = Math.max(...dists);
      return { kind: m.kind, label: 'mean keypoint distance, fraction of the input side (worst sample)', value, threshold: m.maxMeanDistance, ok: value <= m.maxMeanDistance };
    }
    case 'detections': {
      const ks = output(names, m.scores);
      const kb = output(names, m.boxes);
      let pairs = 0;
      let most = 0;
      let worst = 1;
      let refCount = 0;
      let ious: number[] = [];
      fp32.forEach((s, i) => {
        const rows = s[ks].shape.length >= 2 ? s[ks].shape[s[ks].shape.length - 2] : 1;
        const ref = detections(s[ks].data, s[kb].data, m, rows);
        const test = detections(int8[i][ks].data, int8[i][kb].data, m, rows);
        const match = matchDetections(ref, test, m.matchIoU);
        refCount += ref.length;
        pairs += match.pairs.length;
        most += Math.max(ref.length, test.length);
        ious = ious.concat(match.ious);
        worst = Math.min(worst, match.agreement);
      });
      // Pooled over the set (matched pairs / detections), like the other gates: an image with one
      // borderline face would otherwise decide it alone.
      const value = most === 0 ? 1 : pairs / most;
      const meanIoU = ious.length ? ious.reduce((a, b) => a + b, 0) / ious.length : 1;
      return {
        kind: m.kind, label: `matched detections (${m.matchBy === 'anchor' ? 'same anchor' : 'same class'}, IoU ≥ ${m.matchIoU}; all samples pooled)`, value, threshold: m.minAgreement, ok: value >= m.minAgreement,
        detail: { referenceDetections: refCount, meanBoxIoU: meanIoU, worstSampleAgreement: worst },
      };
    }
    case 'score': {
      const k = output(names, m.output);
      let maxDiff = 0;
      let disagree = 0;
      let windows = 0;
      fp32.forEach((s, i) => {
        const a = s[k].data;
        const b = int8[i][k].data;
        for (let j = 0; j < a.length; j++) {
          windows++;
          maxDiff = Math.max(maxDiff, Math.abs(a[j] - b[j]));
          if ((a[j] >= m.threshold) !== (b[j] >= m.threshold)) disagree++;
        }
      });
      return {
        kind: m.kind, label: `max score difference (detections at ${m.threshold} must agree)`, value: maxDiff, threshold: m.maxDifference,
        ok: maxDiff <= m.maxDifference && disagree === 0, detail: { windows, disagreeingWindows: disagree },
      };
    }
  }
}

export function int8Passed(v: Omit<Int8Validation, 'passed'>): boolean {
  return v.sqnr.every((s) => s.ok) && (v.metric?.ok ?? true);
}
