// Affine quantization parameters (real = scale · (q − zeroPoint)) and the
// arithmetic that derives them, following TFLite's int8 scheme: activations
// per tensor and asymmetric over [-128, 127]; weights symmetric over
// [-127, 127] with zero point 0 (so -128 never appears and int8×int8 products
// stay symmetric).

export type IntType = 'int8' | 'uint8';

export interface Range {
  min: number;
  max: number;
}

/** Per-tensor parameters of one integer tensor. */
export interface QParams {
  scale: number;
  zeroPoint: number;
}

export const INT_LIMITS: Record<IntType, { qmin: number; qmax: number }> = {
  int8: { qmin: -128, qmax: 127 },
  uint8: { qmin: 0, qmax: 255 },
};

export const WEIGHT_QMAX = 127;
export const INT32_MAX = 2147483647;

/** Narrowest range width we quantize: a constant-zero tensor still needs a positive scale. */
const MIN_RANGE_WIDTH = 1e-6;

/**
 * Parameters for an activation observed over `range`. The range is widened
 * to include 0 (zero padding and ReLU must be exact), then the zero point is
 * rounded to an integer, which shifts ("nudges") the represented range
 * slightly; `representedRange` reports the result.
 */
export function activationParams(range: Range, type: IntType = 'int8'): QParams {
  if (!Number.isFinite(range.min) || !Number.isFinite(range.max) || range.min > range.max) {
    throw new RangeError(`cannot quantize the range [${range.min}, ${range.max}]`);
  }
  const { qmin, qmax } = INT_LIMITS[type];
  const lo = Math.min(range.min, 0);
  let hi = Math.max(range.max, 0);
  if (hi - lo < MIN_RANGE_WIDTH) hi = lo + MIN_RANGE_WIDTH;
  const scale = (hi - lo) / (qmax - qmin);
  const zeroPoint = clamp(roundHalfAway(qmin - lo / scale), qmin, qmax);
  return { scale, zeroPoint };
}

/** The real interval an integer type covers with these parameters. */
export function representedRange(p: QParams, type: IntType = 'int8'): Range {
  const { qmin, qmax } = INT_LIMITS[type];
  return { min: p.scale * (qmin - p.zeroPoint), max: p.scale * (qmax - p.zeroPoint) };
}

/** The same real mapping expressed in the other 8-bit type (zero point shifted by 128). */
export function convertParams(p: QParams, from: IntType, to: IntType): QParams {
  if (from === to) return { ...p };
  return { scale: p.scale, zeroPoint: p.zeroPoint + (to === 'uint8' ? 128 : -128) };
}

export function quantizeValue(x: number, p: QParams, type: IntType = 'int8'): number {
  const { qmin, qmax } = INT_LIMITS[type];
  return clamp(roundHalfAway(x / p.scale) + p.zeroPoint, qmin, qmax);
}

export function dequantizeValue(q: number, p: QParams): number {
  return p.scale * (q - p.zeroPoint);
}

export function sameParams(a: QParams, b: QParams): boolean {
  return a.zeroPoint === b.zeroPoint && Math.abs(a.scale - b.scale) <= 1e-9 * Math.max(a.scale, b.scale);
}

/** Rounds half away from zero, as TFLite's converter and kernels do (std::round), unlike Math.round. */
export function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x)) + 0;
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/**
 * Output parameters TFLite's int8 kernels hard-code (quantization spec):
 * the kernels use lookup tables built for exactly these.
 */
export const FIXED_OUTPUT_PARAMS: Readonly<Record<string, QParams>> = {
  Logistic: { scale: 1 / 256, zeroPoint: -128 },
  Softmax: { scale: 1 / 256, zeroPoint: -128 },
  Tanh: { scale: 1 / 128, zeroPoint: 0 },
  LogSoftmax: { scale: 16 / 256, zeroPoint: 127 },
  L2Normalization: { scale: 1 / 128, zeroPoint: 0 },
};
