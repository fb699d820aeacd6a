// The per-op cost model. An op's time is the larger of its compute time and
// its memory time (roofline), plus a fixed dispatch cost:
//   compute = MACs ÷ (peak MACs/cycle × clock × efficiency × category factor)
//           + element ops × cycles/element ÷ clock       (÷ Amdahl speed-up on CPU threads)
//   memory  = activation bytes ÷ arena bandwidth + weight bytes ÷ weight-memory bandwidth
// NPU ops use the NPU's MAC array and bandwidth; tensors crossing between NPU
// and CPU pay a sync cost plus a copy. Efficiencies, the depthwise factor,
// dispatch costs and the parallel share are the fitted free parameters.

import type { ModelProfile, OpProfile } from './op-profile';
import type { CostParams } from './params';
import { placeOp, type Placement } from './partition';
import type { MemoryPlan } from './memory';
import type { TargetSpec } from './schema';

export type Bound = 'compute' | 'memory' | 'overhead';

export interface OpTiming {
  op: OpProfile;
  placement: Placement;
  timeS: number;
  computeS: number;
  memoryS: number;
  /** Time spent moving this op's inputs across the NPU/CPU boundary. */
  transferS: number;
  bound: Bound;
  bytesMoved: number;
}

export interface PlanTiming {
  ops: OpTiming[];
  totalS: number;
  cpuS: number;
  npuS: number;
  transferS: number;
  overheadS: number;
  npuOps: number;
}

export interface EvaluateOptions {
  threads: number;
  useNpu: boolean;
  /** Calibration rows measured at another clock on the same core (cycles are what transfer). */
  clockMHzOverride?: number;
}

const MB = 1e6;

function cpuOpTime(op: OpProfile, spec: TargetSpec, p: CostParams, mem: MemoryPlan, o: EvaluateOptions) {
  const clock = (o.clockMHzOverride ?? spec.cpu.clockMHz.value) * 1e6;
  const dt = op.computeDtype === 'float32' ? 'float32' : 'int8';
  const rate = spec.cpu.macsPerCycle[dt].value * (op.computeDtype === 'int16' ? 0.5 : 1);
  const category = op.category === 'depthwise' ? p.depthwiseFactor : 1;
  const threads = Math.max(1, Math.min(o.threads, spec.cpu.cores.value));
  const speedup = 1 / (1 - p.parallelFraction + p.parallelFraction / threads);
  const computeS = (op.macs / (rate * clock * p.cpuEfficiency * category) +
    (op.elementOps * spec.cpu.cyclesPerElement[dt].value) / (clock * p.cpuEfficiency)) / speedup;
  const act = op.inputs.reduce((a, t) => a + t.bytes, 0) + op.outputs.reduce((a, t) => a + t.bytes, 0);
  const memoryS = act / (mem.activations.bandwidthMBps * MB) + op.weightBytes / (mem.weights.bandwidthMBps * MB);
  return { computeS, memoryS, dispatchS: p.perOpUs * 1e-6, bytes: act + op.weightBytes };
}

function npuOpTime(op: OpProfile, spec: TargetSpec, p: CostParams, mem: MemoryPlan) {
  const npu = spec.npu;
  if (!npu) throw new Error(`${spec.id} has no NPU`);
  const clock = npu.clockMHz.value * 1e6;
  const rate = npu.macsPerCycle.value * (op.computeDtype === 'int16' ? 0.5 : 1);
  const category = op.category === 'depthwise' ? p.npuDepthwiseFactor : 1;
  const computeS = op.macs / (rate * clock * p.npuEfficiency * category) +
    op.elementOps / (npu.elementsPerCycle.value * clock * p.npuEfficiency);
  // DRAM-attached NPUs stream at their own bus rate; on MCUs the slower of the NPU bus and the memory holding the data.
  const bw = (region: MemoryPlan['activations']) =>
    (region.kind === 'dram' ? npu.bandwidthMBps.value : Math.min(npu.bandwidthMBps.value, region.bandwidthMBps)) * MB;
  const act = op.inputs.reduce((a, t) => a + t.bytes, 0) + op.outputs.reduce((a, t) => a + t.bytes, 0);
  const memoryS = act / bw(mem.activations) + op.weightBytes / bw(mem.weights);
  return { computeS, memoryS, dispatchS: p.npuPerOpUs * 1e-6, bytes: act + op.weightBytes };
}

export function evaluatePlan(profile: ModelProfile, spec: TargetSpec, p: CostParams, mem: MemoryPlan, o: EvaluateOptions): PlanTiming {
  const npu = o.useNpu ? spec.npu : undefined;
  const placements = profile.ops.map((op) => placeOp(op, npu));
  const onNpu = (i: number) => i >= 0 && placements[i].unit === 'npu';
  const plan: PlanTiming = { ops: [], totalS: 0, cpuS: 0, npuS: 0, transferS: 0, overheadS: 0, npuOps: 0 };
  const crossed = new Set<string>();
  for (const op of profile.ops) {
    const placement = placements[op.index];
    const here = placement.unit === 'npu';
    let transferS = 0;
    if (npu) {
      for (const input of op.inputs) {
        const key = `${input.id}>${here ? 'npu' : 'cpu'}`;
        if (input.producer < 0 || onNpu(input.producer) === here || crossed.has(key)) continue;
        crossed.add(key);
        transferS += npu.transfer.boundaryUs.value * 1e-6 + input.bytes / (npu.transfer.bandwidthMBps.value * MB);
      }
    }
    let timing: OpTiming;
    if (op.free) {
      timing = { op, placement, timeS: 0, computeS: 0, memoryS: 0, transferS, bound: 'overhead', bytesMoved: 0 };
    } else {
      const t = here ? npuOpTime(op, spec, p, mem) : cpuOpTime(op, spec, p, mem, o);
      const work = Math.max(t.computeS, t.memoryS);
      const bound: Bound = t.dispatchS > work ? 'overhead' : t.computeS >= t.memoryS ? 'compute' : 'memory';
      timing = { op, placement, timeS: work + t.dispatchS, computeS: t.computeS, memoryS: t.memoryS, transferS, bound, bytesMoved: t.bytes };
    }
    plan.ops.push(timing);
    if (here) {
      plan.npuS += timing.timeS;
      plan.npuOps++;
    } else plan.cpuS += timing.timeS;
    plan.transferS += transferS;
  }
  plan.overheadS = spec.overheads.perInferenceUs.value * 1e-6 + (npu && plan.npuOps > 0 ? npu.invokeUs.value * 1e-6 : 0);
  plan.totalS = plan.cpuS + plan.npuS + plan.transferS + plan.overheadS;
  return plan;
}
