// Public API of the target simulator (isomorphic: no node: imports).

import { TARGET_SPECS } from './registry';
import type { Figure, TargetSpec } from './schema';

export { simulate, simulatorAccuracy, SIMULATOR_ASSUMPTIONS, type SimulateOptions, type SimulationResult, type LayerRow } from './simulate';
export type { AccuracyStats, CostParams } from './params';
export type { TargetSpec, Figure } from './schema';
export { planArena, type ArenaPlan, type BufferLifetime } from './arena';

export interface TargetInfo {
  id: string;
  name: string;
  vendor: string;
  board: string;
  runtime: string;
  cpu: { core: string; cores: number; clockMHz: number };
  npu: { name: string; clockMHz: number; macsPerCycle: number; peakGops: number; dtypes: string[] } | null;
  memory: { name: string; kind: string; holds: string; bytes: number }[];
  sources: TargetSpec['sources'];
  /** Figures that are assumptions rather than sourced, by path. */
  assumptions: { path: string; value: number; why: string }[];
}

function assumptionsOf(spec: TargetSpec): TargetInfo['assumptions'] {
  const out: TargetInfo['assumptions'] = [];
  const walk = (v: unknown, path: string): void => {
    if (!v || typeof v !== 'object') return;
    const f = v as Partial<Figure>;
    if (typeof f.value === 'number' && typeof f.assumption === 'string') {
      out.push({ path, value: f.value, why: f.assumption });
      return;
    }
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) walk(child, path ? `${path}.${k}` : k);
  };
  walk({ cpu: spec.cpu, memory: spec.memory, npu: spec.npu, overheads: spec.overheads }, '');
  return out;
}

export const TARGETS: readonly TargetInfo[] = TARGET_SPECS.map((s) => ({
  id: s.id,
  name: s.name,
  vendor: s.vendor,
  board: s.board,
  runtime: s.runtime,
  cpu: { core: s.cpu.core, cores: s.cpu.cores.value, clockMHz: s.cpu.clockMHz.value },
  npu: s.npu
    ? {
      name: s.npu.name,
      clockMHz: s.npu.clockMHz.value,
      macsPerCycle: s.npu.macsPerCycle.value,
      peakGops: (2 * s.npu.macsPerCycle.value * s.npu.clockMHz.value) / 1e3,
      dtypes: [...s.npu.dtypes],
    }
    : null,
  memory: s.memory.regions.map((r) => ({ name: r.name, kind: r.kind, holds: r.holds, bytes: r.bytes.value })),
  sources: s.sources,
  assumptions: assumptionsOf(s),
}));
