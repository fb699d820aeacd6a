// Affine quantization in plain words: which integers a tensor stores and
// which real values they stand for (real = scale × (q − zero point)), e.g.
// "int8 −128…127 ↦ −3.2…4.1". Per-channel tensors get the spread of their
// channels' ranges.

import type { Quantization } from '../ir/types';

/** Integer range of each quantized storage type. */
export const INTEGER_RANGES: Record<string, [number, number]> = {
  int4: [-8, 7],
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
};

export interface ChannelRange {
  scale: number;
  zeroPoint: number;
  /** Real values of the lowest and highest integer. */
  min: number;
  max: number;
}

export interface QuantDescription {
  /** e.g. "int8 −128…127 ↦ −3.2…4.1". */
  text: string;
  perChannel: boolean;
  axis?: number;
  channels: number;
  /** First channels' parameters (all of them for per-tensor), for the details table. */
  shown: ChannelRange[];
  /** Observed float range the source file records, when it does. */
  recorded?: { min: number; max: number };
}

const MINUS = '\u2212';

/** A number short enough for prose: 3 significant digits, typographic minus. */
export function shortNumber(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? `${MINUS}∞` : 'NaN';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  const text = abs >= 1e5 || abs < 1e-3 ? x.toExponential(2) : String(Number(x.toPrecision(3)));
  return text.replace('-', MINUS);
}

function channelRange(lo: number, hi: number, scale: number, zeroPoint: number): ChannelRange {
  return { scale, zeroPoint, min: scale * (lo - zeroPoint), max: scale * (hi - zeroPoint) };
}

export function describeQuant(dtype: string, q: Quantization): QuantDescription {
  const [lo, hi] = INTEGER_RANGES[dtype] ?? [Number.NaN, Number.NaN];
  const channels = q.scale.length;
  const perChannel = channels > 1;
  const ranges = q.scale.map((s, i) => channelRange(lo, hi, s, q.zeroPoint[i] ?? q.zeroPoint[0] ?? 0));
  const ints = Number.isNaN(lo) ? dtype : `${dtype} ${shortNumber(lo)}…${shortNumber(hi)}`;
  let text: string;
  if (!perChannel) {
    const r = ranges[0];
    text = Number.isNaN(lo) ? `${dtype}, scale ${shortNumber(r.scale)}, zero point ${r.zeroPoint}` : `${ints} ↦ ${shortNumber(r.min)}…${shortNumber(r.max)}`;
  } else {
    const widths = ranges.map((r) => Math.max(Math.abs(r.min), Math.abs(r.max)));
    const narrow = Math.min(...widths);
    const wide = Math.max(...widths);
    const symmetric = ranges.every((r) => r.zeroPoint === 0);
    const span = symmetric ? `±${shortNumber(narrow)} … ±${shortNumber(wide)}` : `${shortNumber(Math.min(...ranges.map((r) => r.min)))}…${shortNumber(Math.max(...ranges.map((r) => r.max)))}`;
    text = `${ints} ↦ ${span} (per channel along axis ${q.axis ?? 0}, ${channels} channels)`;
  }
  const out: QuantDescription = { text, perChannel, channels, shown: ranges.slice(0, 8) };
  if (perChannel) out.axis = q.axis ?? 0;
  if (q.min?.length && q.max?.length) out.recorded = { min: Math.min(...q.min), max: Math.max(...q.max) };
  return out;
}
