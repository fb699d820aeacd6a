// NPU partitioning: an op runs on the NPU when the NPU lists its type, runs
// its dtype and the op meets the listed constraints; otherwise it falls back
// to the CPU and the result says why.

import type { OpProfile } from './op-profile';
import type { NpuSpec } from './schema';

export type Placement = { unit: 'npu' } | { unit: 'cpu' } | { unit: 'cpu-fallback'; reason: string };

export function placeOp(op: OpProfile, npu: NpuSpec | undefined): Placement {
  if (!npu) return { unit: 'cpu' };
  const rule = npu.ops[op.type];
  if (!rule) return { unit: 'cpu-fallback', reason: `${op.type} is not supported by ${npu.name}` };
  if (!npu.dtypes.includes(op.computeDtype)) {
    return { unit: 'cpu-fallback', reason: `${npu.name} runs ${npu.dtypes.join('/')} only; this op computes in ${op.computeDtype}` };
  }
  if (rule.maxKernel !== undefined && op.kernel > rule.maxKernel) {
    return { unit: 'cpu-fallback', reason: `kernel ${op.kernel} exceeds ${npu.name}'s limit of ${rule.maxKernel}` };
  }
  if (rule.maxStride !== undefined && op.stride > rule.maxStride) {
    return { unit: 'cpu-fallback', reason: `stride ${op.stride} exceeds ${npu.name}'s limit of ${rule.maxStride}` };
  }
  if (rule.maxDilation !== undefined && op.dilation > rule.maxDilation) {
    return { unit: 'cpu-fallback', reason: `dilation ${op.dilation} exceeds ${npu.name}'s limit of ${rule.maxDilation}` };
  }
  if (rule.depthMultiplierOne && op.depthMultiplier !== 1) {
    return { unit: 'cpu-fallback', reason: `depth multiplier ${op.depthMultiplier}: ${npu.name} supports 1 only` };
  }
  return { unit: 'npu' };
}
