// The boundary between the demo's tensors and a downloadable variant's own
// inputs and outputs. The demo (like the zoo build) speaks the SOURCE model's
// layout and float values everywhere; our .tflite artifacts may differ at the
// edges: ONNX graphs export channels-last (NCHW → NHWC), and int8 artifacts
// may take/return int8 per the recipe's quantize step. This module converts
// at that edge, with the quantization parameters recorded for each tensor in
// the artifact file (as read into zoo/artifacts.json), so decoders see one
// layout and float values whatever variant ran. Pure: runs in Node tests.

import { elementCount } from './tensor';
import type { EngineTensor, TensorData } from './types';

export interface QuantParams {
  scale: number[];
  zeroPoint: number[];
  axis?: number;
}

/** One input or output as a model file declares it. -1 marks a dynamic dimension. */
export interface IoSpec {
  name: string;
  shape: number[];
  dtype: string;
  quant?: QuantParams;
}

const INT_RANGE: Record<string, [number, number]> = { int8: [-128, 127], uint8: [0, 255] };

/** The axis order that moves channels (axis 1) last: NCHW → NHWC for rank 4. */
function channelsLastPerm(rank: number): number[] {
  return [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
}

/** Inverse permutation: NHWC → NCHW. */
function channelsFirstPerm(rank: number): number[] {
  return [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
}

function dimsMatch(actual: readonly number[], declared: readonly number[]): boolean {
  return actual.length === declared.length && actual.every((d, i) => declared[i] < 0 || declared[i] === d);
}

/** Dense row-major transpose: output axis k is input axis perm[k]. */
export function transpose<T extends TensorData>(data: T, shape: readonly number[], perm: readonly number[]): { data: T; shape: number[] } {
  if (perm.length !== shape.length || [...perm].sort().some((p, i) => p !== i)) throw new Error(`bad permutation ${perm.join(',')} for shape ${shape.join('×')}`);
  const outShape = perm.map((p) => shape[p]);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, d) => a * d, 1));
  const out = new (data.constructor as new (n: number) => T)(data.length);
  const idx = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < data.length; o++) {
    let src = 0;
    for (let k = 0; k < perm.length; k++) src += idx[k] * strides[perm[k]];
    out[o] = data[src];
    for (let k = perm.length - 1; k >= 0; k--) {
      if (++idx[k] < outShape[k]) break;
      idx[k] = 0;
    }
  }
  return { data: out, shape: outShape };
}

/**
 * Whether a tensor of `shape` must be moved channels-last to match `target`:
 * true when the shapes differ and the channels-last order matches.
 */
function needsChannelsLast(shape: readonly number[], target: readonly number[]): boolean {
  if (shape.length < 3 || dimsMatch(shape, target)) return false;
  const moved = channelsLastPerm(shape.length).map((p) => shape[p]);
  return dimsMatch(moved, target);
}

function quantize(values: TensorData, q: QuantParams, dtype: string): Int8Array | Uint8Array {
  const [lo, hi] = INT_RANGE[dtype];
  if (q.scale.length !== 1) throw new Error(`per-channel quantization of an input (${q.scale.length} scales) is not supported at the boundary`);
  const scale = q.scale[0];
  const zp = q.zeroPoint[0] ?? 0;
  const out = dtype === 'int8' ? new Int8Array(values.length) : new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = Math.round(Number(values[i]) / scale) + zp;
    out[i] = v < lo ? lo : v > hi ? hi : v;
  }
  return out;
}

function dequantize(values: TensorData, q: QuantParams): Float32Array {
  if (q.scale.length !== 1) throw new Error(`per-channel quantization of an output (${q.scale.length} scales) is not supported at the boundary`);
  const scale = q.scale[0];
  const zp = q.zeroPoint[0] ?? 0;
  return Float32Array.from(values as ArrayLike<number>, (v) => (Number(v) - zp) * scale);
}

/**
 * A tensor made in the source model's layout and dtype → what the variant's
 * input `target` takes: moved channels-last if the artifact is NHWC, and
 * quantized (round(x / scale) + zeroPoint, clamped) if it takes int8/uint8.
 */
export function toVariantInput(t: EngineTensor, target: IoSpec): EngineTensor {
  let data: TensorData = t.data;
  let shape = t.shape;
  if (needsChannelsLast(shape, target.shape)) ({ data, shape } = transpose(data, shape, channelsLastPerm(shape.length)));
  if (!dimsMatch(shape, target.shape)) throw new Error(`input ${t.name} is [${t.shape.join(', ')}]; the model wants [${target.shape.join(', ')}]`);
  if ((target.dtype === 'int8' || target.dtype === 'uint8') && t.dtype !== target.dtype) {
    if (!target.quant) throw new Error(`input ${target.name} is ${target.dtype} without quantization parameters, so float values cannot be fed to it`);
    return { name: target.name, shape, dtype: target.dtype, data: quantize(data, target.quant, target.dtype) };
  }
  return { ...t, name: target.name, shape, data };
}

/**
 * The variant's outputs → the source model's: matched by name (then by
 * position), dequantized to float32 when the artifact returns int8/uint8
 * (the engine may hand them over widened to int32), moved back
 * channels-first where the source is NCHW, renamed to the source's names
 * and put in the source's output order.
 */
export function toSourceOutputs(outputs: EngineTensor[], variant: IoSpec[], source: IoSpec[]): EngineTensor[] {
  if (outputs.length !== source.length) throw new Error(`the model returned ${outputs.length} outputs, the source model has ${source.length}`);
  const used = new Set<number>();
  const pick = (name: string, position: number): number => {
    const byName = outputs.findIndex((o, i) => !used.has(i) && o.name === name);
    const at = byName >= 0 ? byName : position;
    if (used.has(at)) throw new Error(`output ${name} cannot be matched to one of the model's outputs`);
    used.add(at);
    return at;
  };
  return source.map((src, position) => {
    const at = pick(src.name, position);
    const o = outputs[at];
    const spec = variant.find((v) => v.name === o.name) ?? variant[at];
    let data: TensorData = o.data;
    let dtype = o.dtype;
    if (spec && (spec.dtype === 'int8' || spec.dtype === 'uint8') && spec.quant && src.dtype.startsWith('float')) {
      data = dequantize(data, spec.quant);
      dtype = 'float32';
    }
    let shape = o.shape;
    if (!dimsMatch(shape, src.shape) && shape.length >= 3) {
      const moved = channelsFirstPerm(shape.length).map((p) => shape[p]);
      if (dimsMatch(moved, src.shape)) ({ data, shape } = transpose(data, shape, channelsFirstPerm(shape.length)));
    }
    if (elementCount(shape) !== data.length) throw new Error(`output ${src.name}: ${data.length} values do not fill [${shape.join(', ')}]`);
    return { name: src.name, shape, dtype, data };
  });
}
