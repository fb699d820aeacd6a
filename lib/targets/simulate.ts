// simulate(): will this model run on this board, and how fast? Combines the
// op profile (target-independent), the memory plan, NPU partitioning and the
// fitted cost model into totals and per-layer rows.

import type { Model } from '../ir/types';
import { evaluatePlan, type Bound, type PlanTiming } from './cost';
import { planMemory, type RegionUse } from './memory';
import { profileModel, type DtypeMode, type ModelProfile } from './op-profile';
import { FITTED, paramsFor, type AccuracyStats, type CostParams } from './params';
import { findTargetSpec } from './registry';
import type { TargetSpec } from './schema';

export interface SimulateOptions {
  /** CPU threads (clamped to the target's cores). Default 1, as the published single-thread figures. */
  threads?: number;
  /** Simulate a float model as its int8 (or an int8 one as float32) variant. Default: the tensors' own dtypes. */
  assumeDtype?: 'int8' | 'float32';
  /** Override the cost parameters (the fit uses this; users should not need it). */
  params?: CostParams;
}

export interface LayerRow {
  opId: string;
  name: string;
  type: string;
  category: string;
  runsOn: 'npu' | 'cpu' | 'cpu-fallback';
  fallbackReason?: string;
  timeMs: number;
  /** Of which: moving inputs across the NPU/CPU boundary. */
  transferMs: number;
  bound: Bound;
  macs: number;
  bytesMoved: number;
  computeDtype: string;
  /** Arena placement of the op's (first) output; null when it has none. */
  output: { tensor: string; offset: number; bytes: number } | null;
}

export interface SimulationResult {
  target: { id: string; name: string; runtime: string };
  /** Which dtypes were simulated: the file's own, or the assumed variant. */
  dtype: { mode: DtypeMode; description: string };
  threads: number;
  totals: {
    latencyMs: number;
    perInferenceOverheadMs: number;
    cpuMs: number;
    npuMs: number;
    transferMs: number;
    macs: number;
    opsOnNpu: number;
    opsOnCpu: number;
    peakActivationBytes: number;
    /** What activations would need without buffer reuse, for comparison. */
    unsharedActivationBytes: number;
    weightBytes: number;
    ram: RegionUse;
    flash: RegionUse;
    fits: boolean;
  };
  /** Present on targets with an NPU: the NPU-delegated plan against CPU only. */
  npuComparison: {
    npuLatencyMs: number;
    cpuOnlyLatencyMs: number;
    speedup: number;
    slowerOnNpu: boolean;
    verdict: string;
  } | null;
  layers: LayerRow[];
  accuracy: AccuracyStats | null;
  calibrated: boolean;
  warnings: string[];
  assumptions: string[];
}

export const SIMULATOR_ASSUMPTIONS: readonly string[] = [
  'Each op takes max(compute, memory) plus a fixed dispatch cost (roofline); ops do not overlap.',
  'Compute = MACs ÷ (peak MACs/cycle × clock × fitted efficiency); depthwise convolutions get their own fitted efficiency factor.',
  'Memory = activation bytes ÷ the bandwidth of the memory holding the arena + weight bytes ÷ the bandwidth of the memory holding the weights; caches are not modelled.',
  'Threads speed up CPU ops by Amdahl\'s law with a fitted parallel share; memory bandwidth does not scale with threads.',
  'An op runs on the NPU when the NPU supports its type, dtype and kernel/stride limits; every tensor crossing NPU↔CPU pays a sync cost plus a copy.',
  'Peak activation RAM comes from a greedy-by-size arena plan (TFLite Micro style) over tensor lifetimes in execution order; reshapes get their own buffer.',
  'Weights sit in the first weight memory that fits (internal flash, then external flash; DRAM on Linux boards); RAM and flash keep a reserve for the application.',
  'Dequantize ops on constants (float16/int8 weights) are folded at load time and cost nothing per inference.',
];

const profileCache = new WeakMap<Model, Map<DtypeMode, ModelProfile>>();

/** The target-independent profile of a model, cached per model object. */
export function getProfile(model: Model, mode: DtypeMode): ModelProfile {
  let byMode = profileCache.get(model);
  if (!byMode) profileCache.set(model, (byMode = new Map()));
  let profile = byMode.get(mode);
  if (!profile) byMode.set(mode, (profile = profileModel(model, mode)));
  return profile;
}

function requireSpec(targetId: string): TargetSpec {
  const spec = findTargetSpec(targetId);
  if (!spec) throw new RangeError(`unknown target "${targetId}"`);
  return spec;
}

const ms = (s: number) => s * 1e3;

function layerRows(plan: PlanTiming, profile: ModelProfile): LayerRow[] {
  return plan.ops.map((t) => {
    const out = t.op.outputs[0];
    const placed = out ? profile.arena.placements.get(out.id) : undefined;
    return {
      opId: t.op.opId,
      name: t.op.name,
      type: t.op.type,
      category: t.op.category,
      runsOn: t.placement.unit,
      ...(t.placement.unit === 'cpu-fallback' ? { fallbackReason: t.placement.reason } : {}),
      timeMs: ms(t.timeS + t.transferS),
      transferMs: ms(t.transferS),
      bound: t.bound,
      macs: t.op.macs,
      bytesMoved: t.bytesMoved,
      computeDtype: t.op.computeDtype,
      output: out && placed ? { tensor: out.id, offset: placed.offset, bytes: placed.bytes } : null,
    };
  });
}

/** Simulated latency in seconds only: the fit's inner loop. */
export function predictSeconds(profile: ModelProfile, spec: TargetSpec, params: CostParams, o: { threads: number; useNpu: boolean; clockMHzOverride?: number }): number {
  const mem = planMemory(spec, profile.arena.peakBytes, profile.weightBytes);
  return evaluatePlan(profile, spec, params, mem, o).totalS;
}

export function simulate(model: Model, targetId: string, opts: SimulateOptions = {}): SimulationResult {
  const spec = requireSpec(targetId);
  const mode: DtypeMode = opts.assumeDtype ?? 'as-stored';
  const profile = getProfile(model, mode);
  const { params, fitted } = opts.params ? { params: opts.params, fitted: true } : paramsFor(spec);
  const threads = Math.max(1, Math.min(Math.floor(opts.threads ?? 1), spec.cpu.cores.value));
  const mem = planMemory(spec, profile.arena.peakBytes, profile.weightBytes);
  const cpuOnly = evaluatePlan(profile, spec, params, mem, { threads, useNpu: false });
  const withNpu = spec.npu ? evaluatePlan(profile, spec, params, mem, { threads, useNpu: true }) : null;
  const plan = withNpu ?? cpuOnly;

  const warnings: string[] = [];
  if (profile.unknownMacOps.length) warnings.push(`MACs unknown for ${profile.unknownMacOps.length} op(s) (dynamic shapes); they count as 0. Fix input shapes to simulate them.`);
  if (profile.unknownSizeTensors.length) warnings.push(`${profile.unknownSizeTensors.length} tensor(s) have unknown sizes and count as 0 bytes.`);
  if (!mem.activations.fits) warnings.push(`activations (${profile.arena.peakBytes} B) do not fit any RAM region of ${spec.name}.`);
  if (!mem.weights.fits) warnings.push(`weights (${profile.weightBytes} B) do not fit any weight memory of ${spec.name}.`);
  if (!fitted) warnings.push(`${spec.name} has no fitted parameters: figures use the device file's priors (uncalibrated).`);

  let npuComparison: SimulationResult['npuComparison'] = null;
  if (withNpu) {
    const speedup = cpuOnly.totalS / withNpu.totalS;
    const slower = withNpu.npuOps > 0 && withNpu.totalS > cpuOnly.totalS;
    npuComparison = {
      npuLatencyMs: ms(withNpu.totalS),
      cpuOnlyLatencyMs: ms(cpuOnly.totalS),
      speedup,
      slowerOnNpu: slower,
      verdict: withNpu.npuOps === 0
        ? `no op can run on ${spec.npu?.name}: the model runs on the CPU`
        : slower
          ? `slower with the NPU (${speedup.toFixed(2)}×): fallback and transfers cost more than the NPU saves; run it on the CPU`
          : `${speedup.toFixed(1)}× faster with the NPU`,
    };
  }

  const dtypeDescription = mode === 'as-stored'
    ? 'as stored in the model file'
    : mode === 'int8'
      ? 'estimated as the int8-quantized variant (float tensors counted as int8, biases int32)'
      : 'estimated as the float32 variant';
  return {
    target: { id: spec.id, name: spec.name, runtime: spec.runtime },
    dtype: { mode, description: dtypeDescription },
    threads,
    totals: {
      latencyMs: ms(plan.totalS),
      perInferenceOverheadMs: ms(plan.overheadS),
      cpuMs: ms(plan.cpuS),
      npuMs: ms(plan.npuS),
      transferMs: ms(plan.transferS),
      macs: profile.macs,
      opsOnNpu: plan.npuOps,
      opsOnCpu: plan.ops.length - plan.npuOps,
      peakActivationBytes: profile.arena.peakBytes,
      unsharedActivationBytes: profile.arena.unsharedBytes,
      weightBytes: profile.weightBytes,
      ram: mem.activations,
      flash: mem.weights,
      fits: mem.activations.fits && mem.weights.fits,
    },
    npuComparison,
    layers: layerRows(plan, profile),
    accuracy: simulatorAccuracy(spec.id),
    calibrated: fitted,
    warnings,
    assumptions: [...SIMULATOR_ASSUMPTIONS],
  };
}

/** The fit's error statistics for a target (null when it has no calibration rows). */
export function simulatorAccuracy(targetId: string): AccuracyStats | null {
  requireSpec(targetId);
  return FITTED.targets[targetId] ?? null;
}
