// Weight and bias quantization for Conv2D, DepthwiseConv2D, TransposeConv2D
// and FullyConnected (TFLite int8 spec): weights symmetric int8 in
// [-127, 127] with zero point 0, per channel along the output-channel axis
// (OHWI filters: axis 0; depthwise [1, kh, kw, C·m]: axis 3) or per tensor;
// bias int32 with scale s_in · s_w[c] and zero point 0.

import { readConstantValues } from '../ir/dtype';
import type { Op, Quantization, Tensor } from '../ir/types';
import { clamp, INT32_MAX, roundHalfAway, WEIGHT_QMAX } from './params';

/** Output-channel axis of a weighted op's filter. */
export function weightAxis(op: Op): number {
  return op.type === 'DepthwiseConv2D' ? 3 : 0;
}

export interface QuantizedWeights {
  data: Int8Array;
  /** One scale per channel (or one for the tensor). */
  scales: number[];
  quant: Quantization;
}

/** Max |w| per slice along `axis` (row-major layout). */
export function channelMaxAbs(values: ArrayLike<number>, shape: readonly number[], axis: number): number[] {
  const channels = shape[axis];
  const inner = shape.slice(axis + 1).reduce((a, d) => a * d, 1);
  const out = new Array<number>(channels).fill(0);
  for (let i = 0; i < values.length; i++) {
    const c = Math.floor(i / inner) % channels;
    const a = Math.abs(values[i]);
    if (a > out[c]) out[c] = a;
  }
  return out;
}

/**
 * Symmetric scales: max|w| / 127, raised where the bias would otherwise
 * overflow int32 (|b| / (s_in · s_w) must stay ≤ 2³¹ − 1, as TFLite's
 * converter also ensures). An all-zero channel gets scale 1/127 (any positive
 * scale represents it exactly).
 */
export function weightScales(maxAbs: number[], bias: ArrayLike<number> | null, inputScale: number): number[] {
  return maxAbs.map((m, c) => {
    const fromWeights = m > 0 ? m / WEIGHT_QMAX : 1 / WEIGHT_QMAX;
    const b = bias ? Math.abs(bias[c] ?? 0) : 0;
    const fromBias = b / (inputScale * INT32_MAX) * (1 + 1e-6);
    return Math.max(fromWeights, fromBias);
  });
}

export function quantizeWeights(w: Tensor, axis: number | null, bias: ArrayLike<number> | null, inputScale: number): QuantizedWeights {
  const values = readConstantValues(w);
  if (!values) throw new RangeError(`weights ${w.id} are not a readable constant`);
  const perChannel = axis !== null;
  const ax = axis ?? 0;
  const channels = perChannel ? w.shape[ax] : 1;
  const inner = perChannel ? w.shape.slice(ax + 1).reduce((a, d) => a * d, 1) : values.length;
  const maxAbs = perChannel ? channelMaxAbs(values, w.shape, ax) : [values.reduce((m, v) => Math.max(m, Math.abs(v)), 0)];
  // Per-tensor weights with a per-channel bias: the bias bound must hold for every channel.
  const biasBound = bias && !perChannel ? [Array.from(bias).reduce((m, v) => Math.max(m, Math.abs(v)), 0)] : bias;
  const scales = weightScales(maxAbs, biasBound, inputScale);
  const data = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const c = perChannel ? Math.floor(i / inner) % channels : 0;
    data[i] = clamp(roundHalfAway(values[i] / scales[c]), -WEIGHT_QMAX, WEIGHT_QMAX);
  }
  const quant: Quantization = { scale: scales, zeroPoint: scales.map(() => 0) };
  if (perChannel) quant.axis = ax;
  return { data, scales, quant };
}

/** int32 bias: round(b / (s_in · s_w[c])), zero point 0; per channel when the weights are. */
export function quantizeBias(values: ArrayLike<number>, inputScale: number, weightScalesOf: number[]): { data: Int32Array; quant: Quantization } {
  const perChannel = weightScalesOf.length > 1;
  const scaleOf = (c: number) => inputScale * weightScalesOf[perChannel ? c : 0];
  const data = new Int32Array(values.length);
  for (let c = 0; c < values.length; c++) data[c] = clamp(roundHalfAway(values[c] / scaleOf(c)), -INT32_MAX, INT32_MAX);
  const scales = perChannel ? weightScalesOf.map((s) => inputScale * s) : [scaleOf(0)];
  const quant: Quantization = { scale: scales, zeroPoint: scales.map(() => 0) };
  if (perChannel) quant.axis = 0;
  return { data, quant };
}
