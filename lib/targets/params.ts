// The cost model's free parameters: priors from each device file, replaced by
// the values scripts/simulator/fit.ts fitted against published latencies
// (lib/targets/fitted-params.json, committed with its error statistics).

import { z } from 'zod';
import fitted from './fitted-params.json';
import type { TargetSpec } from './schema';

export interface CostParams {
  cpuEfficiency: number;
  depthwiseFactor: number;
  perOpUs: number;
  parallelFraction: number;
  npuEfficiency: number;
  npuDepthwiseFactor: number;
  npuPerOpUs: number;
}

export const PARAM_KEYS: readonly (keyof CostParams)[] = [
  'cpuEfficiency', 'depthwiseFactor', 'perOpUs', 'parallelFraction', 'npuEfficiency', 'npuDepthwiseFactor', 'npuPerOpUs',
];

/** In-sample and leave-one-out error of the fitted model on one target's published figures. */
export interface AccuracyStats {
  rows: number;
  medianAbsErrorPct: number | null;
  within10Pct: number | null;
  within25Pct: number | null;
  /** Each row predicted by a fit that did not see it. */
  leaveOneOutMedianAbsErrorPct: number | null;
  /** The naive predictor MACs ÷ peak, for comparison. */
  baselineMedianAbsErrorPct: number | null;
}

export interface FittedGroup {
  params: Partial<CostParams>;
  fittedKeys: (keyof CostParams)[];
  rows: number;
}

export interface FittedFile {
  note: string;
  groups: Record<string, FittedGroup>;
  targets: Record<string, AccuracyStats>;
}

const paramKey = z.enum(['cpuEfficiency', 'depthwiseFactor', 'perOpUs', 'parallelFraction', 'npuEfficiency', 'npuDepthwiseFactor', 'npuPerOpUs']);
const nullableNumber = z.number().nullable();
const fittedSchema = z.object({
  note: z.string(),
  groups: z.record(z.string(), z.object({ params: z.partialRecord(paramKey, z.number().positive()), fittedKeys: z.array(paramKey), rows: z.number().int() })),
  targets: z.record(z.string(), z.object({
    rows: z.number().int(),
    medianAbsErrorPct: nullableNumber,
    within10Pct: nullableNumber,
    within25Pct: nullableNumber,
    leaveOneOutMedianAbsErrorPct: nullableNumber,
    baselineMedianAbsErrorPct: nullableNumber,
  })),
});

/** The committed fit, checked on load (fitted groups list only the parameters they fitted). */
export const FITTED: FittedFile = fittedSchema.parse(fitted) as FittedFile;

export function priorParams(spec: TargetSpec): CostParams {
  const p = spec.priors;
  return {
    cpuEfficiency: p.cpuEfficiency.value,
    depthwiseFactor: p.depthwiseFactor.value,
    perOpUs: p.perOpUs.value,
    parallelFraction: p.parallelFraction.value,
    npuEfficiency: p.npuEfficiency?.value ?? 0.3,
    npuDepthwiseFactor: p.npuDepthwiseFactor?.value ?? 0.25,
    npuPerOpUs: p.npuPerOpUs?.value ?? 20,
  };
}

/** Fitted parameters of the target's group where a fit exists, else its priors. */
const CPU_KEYS: readonly (keyof CostParams)[] = ['cpuEfficiency', 'depthwiseFactor', 'perOpUs', 'parallelFraction'];

export function paramsFor(spec: TargetSpec, file: FittedFile = FITTED): { params: CostParams; fitted: boolean } {
  const params = priorParams(spec);
  let fitted = false;
  const lender = spec.borrowsCpuFitFrom ? file.groups[spec.borrowsCpuFitFrom.group] : undefined;
  if (lender) {
    for (const k of CPU_KEYS) if (lender.params[k] !== undefined) params[k] = lender.params[k] as number;
    fitted = true;
  }
  const group = file.groups[spec.fitGroup];
  if (group) {
    Object.assign(params, group.params);
    fitted = true;
  }
  return { params, fitted };
}
