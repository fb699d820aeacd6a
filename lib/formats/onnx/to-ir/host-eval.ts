// Import-time constant folding: evaluates an ONNX node whose inputs are all
// known on the host (constants, static shapes) with ONNX semantics, so the
// values downstream ops need at import (pads, axes, target shapes, If
// conditions) are known and those ops map to IR ops instead of Custom ones.
// Data-movement ops copy elements in their own typed array (int64 stays
// exact); arithmetic goes through JS numbers.
import type { DType, TensorData } from '../../../ir/types';
import type { OnnxNode } from '../types';
import { type HostTensor, elementCount, fromOnnxTensor, irDType, permuteHost, toNumbers, typedArrayFor } from './host';
import { identity } from './layout';
import { attrInt, attrInts } from './node-attrs';

/** Results larger than this stay symbolic (IR ops), so folding never balloons the model. */
export const MAX_HOST_FOLD_ELEMENTS = 1 << 20;

type Inputs = Array<HostTensor | undefined>;
type Evaluator = (n: OnnxNode, ins: Inputs, opset: number) => HostTensor[] | undefined;

const INT_LIMITS: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535],
  int32: [-(2 ** 31), 2 ** 31 - 1], uint32: [0, 2 ** 32 - 1], int64: [-(2 ** 63), 2 ** 63 - 1024], uint64: [0, 2 ** 64 - 2048],
};

/** A host tensor of `dtype` from JS numbers (ints truncated and saturated, bool as bytes). */
export function hostFromNumbers(dtype: DType, dims: number[], values: ArrayLike<number>): HostTensor | undefined {
  if (dtype === 'bool') return { dtype, dims, bytes: Uint8Array.from(values as ArrayLike<number>, (v) => (v !== 0 ? 1 : 0)) };
  const width = dtype === 'int64' || dtype === 'uint64' || dtype === 'float64' ? 8 : dtype === 'int16' || dtype === 'uint16' ? 2 : dtype === 'int8' || dtype === 'uint8' ? 1 : 4;
  const data = typedArrayFor(dtype, new ArrayBuffer(values.length * width), 0, values.length * width);
  if (!data) return undefined;
  const limits = INT_LIMITS[dtype];
  for (let i = 0; i < values.length; i++) {
    let v = values[i];
    if (limits) v = Number.isNaN(v) ? 0 : Math.min(Math.max(Math.trunc(v), limits[0]), limits[1]);
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) data[i] = BigInt(v);
    else data[i] = v;
  }
  return { dtype, dims, data };
}

/** Numbers of any host tensor with a numeric payload; undefined for float16/string/… bytes. */
function numbers(t: HostTensor): number[] | undefined {
  if (t.data || t.dtype === 'bool') return toNumbers(t);
  return undefined;
}

/** New tensor whose element i is `t`'s element src[i] (any dtype, exact). */
function pick(t: HostTensor, dims: number[], src: ArrayLike<number>): HostTensor | undefined {
  if (t.data) {
    const ctor = t.data.constructor as new (n: number) => TensorData & { [i: number]: number | bigint };
    const from = t.data as TensorData & { [i: number]: number | bigint };
    const out = new ctor(src.length);
    for (let i = 0; i < src.length; i++) out[i] = from[src[i]];
    return { dtype: t.dtype, dims, data: out };
  }
  const count = elementCount(t.dims);
  if (!t.bytes || count === 0) return src.length === 0 ? { ...t, dims } : undefined;
  const width = t.bytes.length / count;
  if (!Number.isInteger(width)) return undefined;
  const out = new Uint8Array(src.length * width);
  for (let i = 0; i < src.length; i++) out.set(t.bytes.subarray(src[i] * width, (src[i] + 1) * width), i * width);
  return { dtype: t.dtype, dims, bytes: out };
}

function strides(dims: number[]): number[] {
  const s = new Array<number>(dims.length);
  let acc = 1;
  for (let i = dims.length - 1; i >= 0; i--) { s[i] = acc; acc *= dims[i]; }
  return s;
}

/** Calls visit(flatIndex, multiIndex) for every element of `dims` in row-major order. */
function forEachIndex(dims: number[], visit: (flat: number, idx: number[]) => void): void {
  const total = elementCount(dims);
  const idx = new Array<number>(dims.length).fill(0);
  for (let flat = 0; flat < total; flat++) {
    visit(flat, idx);
    for (let d = dims.length - 1; d >= 0; d--) {
      if (++idx[d] < dims[d]) break;
      idx[d] = 0;
    }
  }
}

function normAxisOr(axis: number, rank: number): number | undefined {
  const a = axis < 0 ? axis + rank : axis;
  return Number.isInteger(a) && a >= 0 && a < Math.max(rank, 1) ? a : undefined;
}

function broadcastDims(all: number[][]): number[] | undefined {
  const rank = Math.max(0, ...all.map((d) => d.length));
  const out = new Array<number>(rank).fill(1);
  for (const d of all) {
    const off = rank - d.length;
    for (let i = 0; i < d.length; i++) {
      if (d[i] === out[off + i] || d[i] === 1) continue;
      if (out[off + i] !== 1) return undefined;
      out[off + i] = d[i];
    }
  }
  return out;
}

/** Flat source index into a tensor of `dims` broadcast to `outDims`, per output element. */
function broadcastIndex(dims: number[], outDims: number[]): Int32Array {
  const off = outDims.length - dims.length;
  const st = strides(dims);
  const out = new Int32Array(elementCount(outDims));
  forEachIndex(outDims, (flat, idx) => {
    let s = 0;
    for (let i = 0; i < dims.length; i++) if (dims[i] !== 1) s += idx[off + i] * st[i];
    out[flat] = s;
  });
  return out;
}

function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'bfloat16';
}

/** Elementwise op over broadcast numeric inputs. */
function mapN(ins: Inputs, outDtype: (first: DType) => DType, f: (xs: number[], dtype: DType) => number): HostTensor[] | undefined {
  if (ins.some((t) => !t)) return undefined;
  const ts = ins as HostTensor[];
  const vals = ts.map(numbers);
  if (vals.some((v) => !v)) return undefined;
  const dims = broadcastDims(ts.map((t) => t.dims));
  if (!dims || elementCount(dims) > MAX_HOST_FOLD_ELEMENTS) return undefined;
  const index = ts.map((t) => broadcastIndex(t.dims, dims));
  const dtype = ts[0].dtype;
  const out = new Array<number>(elementCount(dims));
  const xs = new Array<number>(ts.length);
  for (let i = 0; i < out.length; i++) {
    for (let k = 0; k < ts.length; k++) xs[k] = vals[k]![index[k][i]];
    out[i] = f(xs, dtype);
  }
  const r = hostFromNumbers(outDtype(dtype), dims, out);
  return r ? [r] : undefined;
}

const same = (d: DType): DType => d;
const bool = (): DType => 'bool';
const binary = (f: (a: number, b: number, dtype: DType) => number, out: (d: DType) => DType = same): Evaluator =>
  (_n, ins) => (ins.length === 2 ? mapN(ins, out, (xs, d) => f(xs[0], xs[1], d)) : undefined);
const unary = (f: (a: number) => number): Evaluator => (_n, ins) => mapN(ins.slice(0, 1), same, (xs) => f(xs[0]));
const variadic = (f: (a: number, b: number) => number): Evaluator =>
  (_n, ins) => (ins.length >= 1 ? mapN(ins, same, (xs) => xs.reduce(f)) : undefined);

/** Axes from the attribute (older opsets) or the second input (newer). */
function axesOf(n: OnnxNode, ins: Inputs): number[] | undefined | null {
  const attr = attrInts(n, 'axes');
  if (attr) return attr;
  if (n.inputs.length < 2 || n.inputs[1] === '') return null;
  return ins[1] ? toNumbers(ins[1]) : undefined;
}

function relabel(t: HostTensor, dims: number[]): HostTensor[] | undefined {
  return elementCount(dims) === elementCount(t.dims) ? [{ ...t, dims }] : undefined;
}

const reshape: Evaluator = (n, [x, shape]) => {
  if (!x || !shape) return undefined;
  const allowZero = attrInt(n, 'allowzero', 0) === 1;
  const target = toNumbers(shape).map((d, i) => (d === 0 && !allowZero ? x.dims[i] : d));
  const free = target.indexOf(-1);
  if (free >= 0) {
    const known = target.reduce((p, d, i) => (i === free ? p : p * d), 1);
    if (known === 0) return undefined;
    target[free] = elementCount(x.dims) / known;
  }
  return target.every((d) => Number.isInteger(d) && d >= 0) ? relabel(x, target) : undefined;
};

const unsqueeze: Evaluator = (n, ins) => {
  const x = ins[0];
  const axes = axesOf(n, ins);
  if (!x || !axes) return undefined;
  const rank = x.dims.length + axes.length;
  const norm = axes.map((a) => normAxisOr(a, rank));
  if (norm.some((a) => a === undefined)) return undefined;
  const dims = [...x.dims];
  for (const a of (norm as number[]).sort((p, q) => p - q)) dims.splice(a, 0, 1);
  return relabel(x, dims);
};

const squeeze: Evaluator = (n, ins) => {
  const x = ins[0];
  const axes = axesOf(n, ins);
  if (!x || axes === undefined) return undefined;
  const drop = axes === null ? x.dims.flatMap((d, i) => (d === 1 ? [i] : [])) : axes.map((a) => normAxisOr(a, x.dims.length));
  if (drop.some((a) => a === undefined || x.dims[a] !== 1)) return undefined;
  return relabel(x, x.dims.filter((_, i) => !drop.includes(i)));
};

const flatten: Evaluator = (n, [x]) => {
  if (!x) return undefined;
  const rank = x.dims.length;
  const axis = attrInt(n, 'axis', 1);
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a > rank) return undefined;
  return relabel(x, [elementCount(x.dims.slice(0, a)), elementCount(x.dims.slice(a))]);
};

const transpose: Evaluator = (n, [x]) => {
  if (!x) return undefined;
  const perm = attrInts(n, 'perm') ?? identity(x.dims.length).reverse();
  if (perm.length !== x.dims.length) return undefined;
  return [permuteHost(x, perm)];
};

function clampStart(i: number, d: number, step: number): number {
  const v = i < 0 ? i + d : i;
  return step > 0 ? Math.min(Math.max(v, 0), d) : Math.min(Math.max(v, -1), d - 1);
}

const slice: Evaluator = (n, ins, opset) => {
  const x = ins[0];
  if (!x) return undefined;
  const rank = x.dims.length;
  const param = (i: number, attr: string): number[] | undefined | null => {
    if (opset < 10) return attrInts(n, attr) ?? null;
    if (n.inputs.length <= i || n.inputs[i] === '') return null;
    return ins[i] ? toNumbers(ins[i]!) : undefined;
  };
  const starts = param(1, 'starts');
  const ends = param(2, 'ends');
  const axes = param(3, 'axes');
  const steps = opset < 10 ? null : param(4, 'steps');
  if (!starts || !ends || axes === undefined || steps === undefined) return undefined;
  const begin = new Array<number>(rank).fill(0);
  const step = new Array<number>(rank).fill(1);
  const dims = [...x.dims];
  for (let k = 0; k < starts.length; k++) {
    const a = normAxisOr(axes ? axes[k] : k, rank);
    const s = steps ? steps[k] : 1;
    if (a === undefined || s === 0) return undefined;
    const d = x.dims[a];
    const b = clampStart(starts[k], d, s);
    const e = clampStart(ends[k], d, s);
    begin[a] = b;
    step[a] = s;
    dims[a] = Math.max(0, Math.ceil((e - b) / s));
  }
  const st = strides(x.dims);
  const src = new Int32Array(elementCount(dims));
  forEachIndex(dims, (flat, idx) => {
    let s = 0;
    for (let i = 0; i < rank; i++) s += (begin[i] + idx[i] * step[i]) * st[i];
    src[flat] = s;
  });
  const r = pick(x, dims, src);
  return r ? [r] : undefined;
};

const gather: Evaluator = (n, [data, indices]) => {
  if (!data || !indices) return undefined;
  const rank = data.dims.length;
  const axis = normAxisOr(attrInt(n, 'axis', 0), rank);
  if (axis === undefined) return undefined;
  const d = data.dims[axis];
  const picks = toNumbers(indices).map((i) => (i < 0 ? i + d : i));
  if (picks.some((i) => i < 0 || i >= d)) return undefined;
  const outer = elementCount(data.dims.slice(0, axis));
  const inner = elementCount(data.dims.slice(axis + 1));
  const dims = [...data.dims.slice(0, axis), ...indices.dims, ...data.dims.slice(axis + 1)];
  const src = new Int32Array(elementCount(dims));
  let k = 0;
  for (let o = 0; o < outer; o++) for (const p of picks) for (let i = 0; i < inner; i++) src[k++] = (o * d + p) * inner + i;
  const r = pick(data, dims, src);
  return r ? [r] : undefined;
};

const concat: Evaluator = (n, ins) => {
  const parts = ins.filter((_, i) => n.inputs[i] !== '');
  if (parts.length === 0 || parts.some((t) => !t?.data && !t?.bytes)) return undefined;
  const ts = parts as HostTensor[];
  const rank = ts[0].dims.length;
  const axis = normAxisOr(attrInt(n, 'axis', 0), rank);
  if (axis === undefined || ts.some((t) => t.dims.length !== rank || t.dtype !== ts[0].dtype)) return undefined;
  const outer = elementCount(ts[0].dims.slice(0, axis));
  const inner = elementCount(ts[0].dims.slice(axis + 1));
  const dims = [...ts[0].dims];
  dims[axis] = ts.reduce((s, t) => s + t.dims[axis], 0);
  const src: Array<[number, number]> = [];
  for (let o = 0; o < outer; o++) {
    ts.forEach((t, k) => {
      const rows = t.dims[axis] * inner;
      for (let i = 0; i < rows; i++) src.push([k, o * rows + i]);
    });
  }
  return joinParts(ts, dims, src);
};

/** Builds a tensor whose element i is part src[i][0]'s element src[i][1]. */
function joinParts(ts: HostTensor[], dims: number[], src: Array<[number, number]>): HostTensor[] | undefined {
  const first = ts[0];
  if (first.data) {
    const ctor = first.data.constructor as new (n: number) => TensorData & { [i: number]: number | bigint };
    const out = new ctor(src.length);
    src.forEach(([k, i], o) => { out[o] = (ts[k].data as TensorData & { [i: number]: number | bigint })[i]; });
    return [{ dtype: first.dtype, dims, data: out }];
  }
  const widths = ts.map((t) => (elementCount(t.dims) ? (t.bytes?.length ?? 0) / elementCount(t.dims) : 0));
  const width = widths.find((w) => w > 0) ?? 1;
  if (!Number.isInteger(width)) return undefined;
  const out = new Uint8Array(src.length * width);
  src.forEach(([k, i], o) => out.set(ts[k].bytes!.subarray(i * width, (i + 1) * width), o * width));
  return [{ dtype: first.dtype, dims, bytes: out }];
}

const expand: Evaluator = (_n, [x, shape]) => {
  if (!x || !shape) return undefined;
  const dims = broadcastDims([x.dims, toNumbers(shape)]);
  if (!dims || elementCount(dims) > MAX_HOST_FOLD_ELEMENTS) return undefined;
  const r = pick(x, dims, broadcastIndex(x.dims, dims));
  return r ? [r] : undefined;
};

const shape: Evaluator = (n, [x]) => {
  if (!x) return undefined;
  const rank = x.dims.length;
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
  const dims = x.dims.slice(clamp(attrInt(n, 'start', 0)), clamp(attrInt(n, 'end', rank)));
  const r = hostFromNumbers('int64', [dims.length], dims);
  return r ? [r] : undefined;
};

const size: Evaluator = (_n, [x]) => {
  const r = x ? hostFromNumbers('int64', [], [elementCount(x.dims)]) : undefined;
  return r ? [r] : undefined;
};

const constantOfShape: Evaluator = (n, [shapeIn]) => {
  if (!shapeIn) return undefined;
  const dims = toNumbers(shapeIn);
  if (dims.some((d) => d < 0) || elementCount(dims) > MAX_HOST_FOLD_ELEMENTS) return undefined;
  const a = n.attributes.value;
  const fill = a?.type === 'tensor' ? fromOnnxTensor(a.value, n.name) : undefined;
  const value = fill ? numbers(fill)?.[0] ?? 0 : 0;
  const r = hostFromNumbers(fill?.dtype ?? 'float32', dims, new Array<number>(elementCount(dims)).fill(value));
  return r ? [r] : undefined;
};

const range: Evaluator = (_n, [start, limit, delta]) => {
  if (!start || !limit || !delta) return undefined;
  const [s, l, d] = [start, limit, delta].map((t) => toNumbers(t)[0]);
  if (!d) return undefined;
  const count = Math.max(Math.ceil((l - s) / d), 0);
  if (count > MAX_HOST_FOLD_ELEMENTS) return undefined;
  const r = hostFromNumbers(start.dtype, [count], Array.from({ length: count }, (_, i) => s + i * d));
  return r ? [r] : undefined;
};

const cast: Evaluator = (n, [x]) => {
  const to = n.attributes.to;
  if (!x || to?.type !== 'int') return undefined;
  let dtype: DType;
  try { dtype = irDType(to.value, n.name); } catch { return undefined; }
  const vals = numbers(x);
  if (!vals) return undefined;
  // Float → int truncates toward zero in ONNX (and here, via hostFromNumbers).
  const r = hostFromNumbers(dtype, x.dims, vals);
  return r ? [r] : undefined;
};

const div = (a: number, b: number, d: DType): number => (isFloat(d) ? a / b : b === 0 ? 0 : Math.trunc(a / b));
const mod = (a: number, b: number): number => (b === 0 ? 0 : a - Math.floor(a / b) * b);
const f32 = (v: boolean): number => (v ? 1 : 0);

const EVALUATORS: Record<string, Evaluator> = {
  Identity: (_n, [x]) => (x ? [x] : undefined),
  Reshape: reshape,
  Unsqueeze: unsqueeze,
  Squeeze: squeeze,
  Flatten: flatten,
  Transpose: transpose,
  Slice: slice,
  Gather: gather,
  Concat: concat,
  Expand: expand,
  Shape: shape,
  Size: size,
  ConstantOfShape: constantOfShape,
  Range: range,
  Cast: cast,
  Add: binary((a, b) => a + b),
  Sub: binary((a, b) => a - b),
  Mul: binary((a, b) => a * b),
  Div: binary(div),
  Mod: binary(mod),
  Pow: binary((a, b) => a ** b),
  Max: variadic((a, b) => Math.max(a, b)),
  Min: variadic((a, b) => Math.min(a, b)),
  Sum: variadic((a, b) => a + b),
  Equal: binary((a, b) => f32(a === b), bool),
  Less: binary((a, b) => f32(a < b), bool),
  LessOrEqual: binary((a, b) => f32(a <= b), bool),
  Greater: binary((a, b) => f32(a > b), bool),
  GreaterOrEqual: binary((a, b) => f32(a >= b), bool),
  And: binary((a, b) => f32(a !== 0 && b !== 0), bool),
  Or: binary((a, b) => f32(a !== 0 || b !== 0), bool),
  Xor: binary((a, b) => f32((a !== 0) !== (b !== 0)), bool),
  Not: (_n, ins) => mapN(ins.slice(0, 1), bool, (xs) => f32(xs[0] === 0)),
  Where: (_n, ins) => (ins.length === 3 && ins[1] ? mapN(ins, () => ins[1]!.dtype, (xs) => (xs[0] !== 0 ? xs[1] : xs[2])) : undefined),
  Neg: unary((a) => -a),
  Abs: unary(Math.abs),
  Sqrt: unary(Math.sqrt),
  Floor: unary(Math.floor),
  Ceil: unary(Math.ceil),
  Sign: unary(Math.sign),
  Reciprocal: unary((a) => 1 / a),
  Relu: unary((a) => Math.max(a, 0)),
};

/** Whether `n` is an op this module can fold (given host inputs). */
export function canEvaluateOnHost(n: OnnxNode): boolean {
  return n.domain === '' && n.opType in EVALUATORS;
}

/**
 * Outputs of `n` computed on the host, or undefined when the node is not
 * foldable here (unsupported op or dtype, unknown operand, too large).
 */
export function evaluateOnHost(n: OnnxNode, ins: Inputs, opset: number): HostTensor[] | undefined {
  if (!canEvaluateOnHost(n)) return undefined;
  const out = EVALUATORS[n.opType](n, ins, opset);
  if (!out || out.length !== n.outputs.length || out.some((t) => elementCount(t.dims) > MAX_HOST_FOLD_ELEMENTS)) return undefined;
  return out;
}
