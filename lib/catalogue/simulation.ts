import { simulate, simulatorAccuracy, TARGETS, type LayerRow, type SimulationResult } from '../targets';
import type { Model } from '../ir/types';

// What the model pages show of the target simulator: per variant and target
// the totals (in the catalogue), and per-layer rows (in a JSON file per model,
// fetched only when a reader opens the breakdown).

export type VariantId = 'fp32' | 'int8';

export interface TargetEstimate {
  targetId: string;
  latencyMs: number;
  cpuOnlyMs: number | null;
  /** Share of ops placed on the NPU (0 when the target has none or none qualify). */
  npuOpShare: number;
  slowerOnNpu: boolean;
  peakRamBytes: number;
  flashBytes: number;
  ramRegion: string;
  flashRegion: string;
  fits: boolean;
  /** The smaller of the RAM and flash margins, in % of what is usable (negative: does not fit). */
  marginPct: number;
}

export interface VariantEstimate {
  id: VariantId;
  /** What was simulated, in words (e.g. "int8, estimated from the float model"). */
  basis: string;
  targets: TargetEstimate[];
}

export interface ModelSimulation {
  variants: VariantEstimate[];
  /** Site path of the per-layer JSON (LayerFile). */
  layersHref: string;
}

/** Compact per-layer row: [name, op type, runs on, ms, bound, output bytes, fallback reason]. */
export type CompactLayer = [string, string, LayerRow['runsOn'], number, LayerRow['bound'], number, string];

/** layers[variant][target][graph] */
export type LayerFile = Record<string, Record<string, Record<string, CompactLayer[]>>>;

export interface SimulationInput {
  graphId: string;
  model: Model;
}

function compact(rows: LayerRow[]): CompactLayer[] {
  return rows.map((r) => [r.name, r.type, r.runsOn, Number(r.timeMs.toPrecision(4)), r.bound, r.output?.bytes ?? 0, r.fallbackReason ?? '']);
}

/**
 * Simulates every graph of a model on every target. Pipelines (several
 * graphs) run one graph after another per inference: latency and flash add
 * up, and so does RAM, since each graph keeps its own arena.
 */
export function simulateModel(
  graphs: SimulationInput[],
  variants: { id: VariantId; basis: string; assumeDtype?: 'int8' | 'float32'; graphs?: SimulationInput[] }[],
  layersHref: string,
): { simulation: ModelSimulation; layers: LayerFile } {
  const layers: LayerFile = {};
  const out: VariantEstimate[] = variants.map((v) => {
    layers[v.id] = {};
    const targets = TARGETS.map((t): TargetEstimate => {
      const results: [string, SimulationResult][] = (v.graphs ?? graphs).map((g) => [g.graphId, simulate(g.model, t.id, { assumeDtype: v.assumeDtype })]);
      layers[v.id][t.id] = Object.fromEntries(results.map(([id, r]) => [id, compact(r.layers)]));
      const sum = (f: (r: SimulationResult) => number) => results.reduce((a, [, r]) => a + f(r), 0);
      const first = results[0][1];
      const ram = sum((r) => r.totals.peakActivationBytes);
      const flash = sum((r) => r.totals.weightBytes);
      const ramUsable = first.totals.ram.usableBytes;
      const flashUsable = first.totals.flash.usableBytes;
      const margin = (need: number, usable: number) => (usable > 0 ? ((usable - need) / usable) * 100 : -100);
      const cpuOnly = results.every(([, r]) => r.npuComparison) ? sum((r) => r.npuComparison?.cpuOnlyLatencyMs ?? 0) : null;
      const opsNpu = sum((r) => r.totals.opsOnNpu);
      const opsAll = sum((r) => r.totals.opsOnNpu + r.totals.opsOnCpu);
      return {
        targetId: t.id,
        latencyMs: sum((r) => r.totals.latencyMs),
        cpuOnlyMs: cpuOnly,
        npuOpShare: opsAll ? opsNpu / opsAll : 0,
        slowerOnNpu: results.some(([, r]) => r.npuComparison?.slowerOnNpu),
        peakRamBytes: ram,
        flashBytes: flash,
        ramRegion: first.totals.ram.region,
        flashRegion: first.totals.flash.region,
        fits: results.every(([, r]) => r.totals.fits) && ram <= ramUsable && flash <= flashUsable,
        marginPct: Math.min(margin(ram, ramUsable), margin(flash, flashUsable)),
      };
    });
    return { id: v.id, basis: v.basis, targets };
  });
  return { simulation: { variants: out, layersHref }, layers };
}

export { simulatorAccuracy, TARGETS };
