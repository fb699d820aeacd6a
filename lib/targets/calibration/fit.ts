// Fitting the cost model's free parameters to published latencies. Rows are
// predicted only through simulate's cost model with candidate parameters;
// the fit minimises squared log error (relative error both ways) plus a weak
// pull toward the device file's priors, so targets with few rows stay sane.

import type { Model } from '../../ir/types';
import { profileModel, type ModelProfile } from '../op-profile';
import { PARAM_KEYS, priorParams, type AccuracyStats, type CostParams } from '../params';
import { z } from 'zod';
import { buildArchitecture, REFERENCE_ARCHITECTURES, type ArchitectureName, type ArchitectureRef } from '../reference/architectures';
import { findTargetSpec } from '../registry';
import type { TargetSpec } from '../schema';
import { predictSeconds } from '../simulate';
import measurements from './measurements.json';

export interface CalibrationRow {
  id: string;
  target: string;
  model: ArchitectureRef;
  dtype: 'int8' | 'float32';
  unit: 'cpu' | 'npu';
  threads: number;
  latencyMs: number;
  clockMHz?: number;
  runtime: string;
  board: string;
  source: string;
  sourceRef: string;
  note?: string;
}

const rowSchema = z.object({
  id: z.string(),
  target: z.string(),
  model: z.object({ name: z.enum(Object.keys(REFERENCE_ARCHITECTURES) as [ArchitectureName, ...ArchitectureName[]]), args: z.record(z.string(), z.union([z.number(), z.string()])) }),
  dtype: z.enum(['int8', 'float32']),
  unit: z.enum(['cpu', 'npu']),
  threads: z.number().int().positive(),
  latencyMs: z.number().positive(),
  clockMHz: z.number().positive().optional(),
  runtime: z.string(),
  board: z.string(),
  source: z.string().min(1),
  sourceRef: z.string().min(1),
  note: z.string().optional(),
  published: z.record(z.string(), z.string()).optional(),
});

export const CALIBRATION_ROWS: readonly CalibrationRow[] = z.object({ rows: z.array(rowSchema) }).parse(measurements).rows;

export interface PreparedRow {
  row: CalibrationRow;
  spec: TargetSpec;
  profile: ModelProfile;
}

export function prepareRows(rows: readonly CalibrationRow[]): PreparedRow[] {
  const models = new Map<string, ModelProfile>();
  return rows.map((row) => {
    const spec = findTargetSpec(row.target);
    if (!spec) throw new Error(`calibration row ${row.id}: unknown target ${row.target}`);
    const key = `${row.model.name}:${JSON.stringify(row.model.args)}:${row.dtype}`;
    let profile = models.get(key);
    if (!profile) {
      const model: Model = buildArchitecture(row.model, row.dtype);
      models.set(key, (profile = profileModel(model, 'as-stored')));
    }
    return { row, spec, profile };
  });
}

export function predictRowMs(p: PreparedRow, params: CostParams): number {
  return predictSeconds(p.profile, p.spec, params, {
    threads: p.row.threads,
    useNpu: p.row.unit === 'npu',
    clockMHzOverride: p.row.clockMHz,
  }) * 1e3;
}

/** The naive predictor: MACs ÷ peak MAC rate of the unit that ran it. */
export function baselineRowMs(p: PreparedRow): number {
  const { spec, row, profile } = p;
  if (row.unit === 'npu' && spec.npu) return (profile.macs / (spec.npu.macsPerCycle.value * spec.npu.clockMHz.value * 1e6)) * 1e3;
  const clock = (row.clockMHz ?? spec.cpu.clockMHz.value) * 1e6;
  const cores = Math.min(row.threads, spec.cpu.cores.value);
  return (profile.macs / (spec.cpu.macsPerCycle[row.dtype].value * clock * cores)) * 1e3;
}

/** Which parameters the rows can inform. */
export function fittableKeys(rows: readonly PreparedRow[]): (keyof CostParams)[] {
  const cpu = rows.filter((r) => r.row.unit === 'cpu');
  const npu = rows.filter((r) => r.row.unit === 'npu');
  const keys: (keyof CostParams)[] = [];
  if (cpu.length) keys.push('cpuEfficiency');
  if (cpu.length >= 3) keys.push('depthwiseFactor', 'perOpUs');
  if (cpu.some((r) => r.row.threads > 1)) keys.push('parallelFraction');
  if (npu.length) keys.push('npuEfficiency');
  if (npu.length >= 3) keys.push('npuDepthwiseFactor', 'npuPerOpUs');
  return keys;
}

// Parameters are searched in an unbounded space: log for rates and costs, logit for the parallel share.
const toFree = (k: keyof CostParams, v: number) => (k === 'parallelFraction' ? Math.log(Math.max(v, 1e-3) / Math.max(1 - v, 1e-3)) : Math.log(Math.max(v, 1e-9)));
// Dispatch costs stay within [prior ÷ 20, prior × 10]: without the cap a fit trades a tiny depthwise efficiency
// for a huge per-op cost, which then ruins predictions for small models.
const fromFree = (k: keyof CostParams, z: number, prior: number) => {
  if (k === 'parallelFraction') return 1 / (1 + Math.exp(-z));
  const v = Math.exp(z);
  return k === 'perOpUs' || k === 'npuPerOpUs' ? Math.min(Math.max(v, prior / 20), prior * 10) : Math.min(Math.max(v, 1e-4), 4);
};

const PRIOR_WEIGHT = 0.02;

function nelderMead(f: (x: number[]) => number, start: number[], iterations: number): number[] {
  const n = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + 0.7 : v)))].map((x) => ({ x, y: f(x) }));
  for (let it = 0; it < iterations; it++) {
    simplex.sort((a, b) => a.y - b.y);
    const best = simplex[0];
    const worst = simplex[n];
    const centroid = start.map((_, j) => simplex.slice(0, n).reduce((a, s) => a + s.x[j], 0) / n);
    const at = (t: number) => centroid.map((c, j) => c + t * (worst.x[j] - c));
    const reflected = at(-1);
    const yr = f(reflected);
    if (yr < best.y) {
      const expanded = at(-2);
      const ye = f(expanded);
      simplex[n] = ye < yr ? { x: expanded, y: ye } : { x: reflected, y: yr };
    } else if (yr < simplex[n - 1].y) {
      simplex[n] = { x: reflected, y: yr };
    } else {
      const contracted = at(0.5);
      const yc = f(contracted);
      if (yc < worst.y) simplex[n] = { x: contracted, y: yc };
      else simplex = simplex.map((s, i) => (i === 0 ? s : { x: s.x.map((v, j) => best.x[j] + 0.5 * (v - best.x[j])), y: 0 })).map((s, i) => (i === 0 ? s : { x: s.x, y: f(s.x) }));
    }
  }
  simplex.sort((a, b) => a.y - b.y);
  return simplex[0].x;
}

export interface GroupFit {
  params: CostParams;
  fittedKeys: (keyof CostParams)[];
  loss: number;
}

/** Fits one group's shared parameters on its rows (all rows must share the group's priors). */
export function fitRows(rows: readonly PreparedRow[]): GroupFit {
  if (!rows.length) throw new Error('no rows to fit');
  const prior = priorParams(rows[0].spec);
  const keys = fittableKeys(rows);
  const paramsAt = (z: number[]): CostParams => {
    const p = { ...prior };
    keys.forEach((k, i) => (p[k] = fromFree(k, z[i], prior[k])));
    return p;
  };
  const loss = (z: number[]) => {
    const p = paramsAt(z);
    let sum = 0;
    for (const r of rows) sum += Math.log(predictRowMs(r, p) / r.row.latencyMs) ** 2;
    keys.forEach((k, i) => (sum += PRIOR_WEIGHT * (z[i] - toFree(k, prior[k])) ** 2));
    return sum;
  };
  let z = keys.map((k) => toFree(k, prior[k]));
  // Two restarts from the previous optimum escape the odd collapsed simplex.
  for (let round = 0; round < 3; round++) z = nelderMead(loss, z, 150 * Math.max(keys.length, 2));
  return { params: paramsAt(z), fittedKeys: keys, loss: loss(z) };
}

export const absPctError = (predicted: number, measured: number) => (Math.abs(predicted - measured) / measured) * 100;

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function accuracyStats(errors: number[], looErrors: number[], baselineErrors: number[]): AccuracyStats {
  const share = (limit: number) => (errors.length ? errors.filter((e) => e <= limit).length / errors.length : null);
  return {
    rows: errors.length,
    medianAbsErrorPct: median(errors),
    within10Pct: share(10),
    within25Pct: share(25),
    leaveOneOutMedianAbsErrorPct: median(looErrors),
    baselineMedianAbsErrorPct: median(baselineErrors),
  };
}

export { PARAM_KEYS };
