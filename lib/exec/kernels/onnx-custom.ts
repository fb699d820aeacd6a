// ONNX nodes the importer kept verbatim as Custom ops (it does so when their
// operands are only known at run time, e.g. inside If branches). They run in
// plain ONNX layout with ONNX semantics; the node's attributes arrive as JSON
// in the op's options (tensor-valued attributes are not carried).

import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from './types';
import { UnsupportedOpError } from './types';
import { aligned, dims, normAxis, readInts } from './util';

type OnnxAttrs = Record<string, unknown>;
type OnnxKernel = (ctx: KernelContext, attrs: OnnxAttrs) => tf.Tensor[];

function ints(attrs: OnnxAttrs, key: string): number[] | undefined {
  const v = attrs[key];
  return Array.isArray(v) && v.every((e) => typeof e === 'number') ? (v as number[]) : undefined;
}

function num(attrs: OnnxAttrs, key: string, fallback: number): number {
  const v = attrs[key];
  return typeof v === 'number' ? v : fallback;
}

function str(attrs: OnnxAttrs, key: string, fallback: string): string {
  const v = attrs[key];
  return typeof v === 'string' ? v : fallback;
}

/** Axes from the opset ≥ 13 input when present, else the attribute. */
function axesOf(ctx: KernelContext, attrs: OnnxAttrs, inputIndex: number): number[] | undefined {
  const input = ctx.inputs[inputIndex];
  return input ? readInts(input) : ints(attrs, 'axes');
}

function scalarInput(ctx: KernelContext, i: number): number | undefined {
  const t = ctx.inputs[i];
  return t ? Number(t.dataSync()[0]) : undefined;
}

const sigmoid = (x: tf.Tensor): tf.Tensor => tf.sigmoid(x);

/**
 * ONNX LSTM, forward or reverse (bidirectional runs both), default
 * activations (sigmoid, tanh, tanh), gate order i, o, f, c, no peepholes.
 * Outputs Y [seq, dirs, batch, hidden], Y_h and Y_c [dirs, batch, hidden].
 */
const lstm: OnnxKernel = (ctx, attrs) => {
  if (num(attrs, 'layout', 0) !== 0) throw new UnsupportedOpError('Custom', 'ONNX LSTM with layout=1');
  if (ctx.inputs[4] || ctx.inputs[7]) throw new UnsupportedOpError('Custom', 'ONNX LSTM with sequence_lens or peepholes');
  const x = ctx.input(0);
  const [seq, batch] = dims(x);
  const w = ctx.input(1);
  const r = ctx.input(2);
  const dirs = w.shape[0];
  const hidden = dims(r)[2];
  const direction = str(attrs, 'direction', 'forward');
  const ys: tf.Tensor[] = [];
  const hs: tf.Tensor[] = [];
  const cs: tf.Tensor[] = [];
  for (let d = 0; d < dirs; d++) {
    const wd = tf.transpose(tf.squeeze(tf.slice(w, [d, 0, 0], [1, -1, -1]), [0])) as tf.Tensor2D;
    const rd = tf.transpose(tf.squeeze(tf.slice(r, [d, 0, 0], [1, -1, -1]), [0])) as tf.Tensor2D;
    const b = ctx.inputs[3];
    const bias = b ? tf.add(tf.slice(b, [d, 0], [1, 4 * hidden]), tf.slice(b, [d, 4 * hidden], [1, 4 * hidden])) : tf.zeros([1, 4 * hidden]);
    const h0 = ctx.inputs[5];
    const c0 = ctx.inputs[6];
    let h = h0 ? tf.reshape(tf.slice(h0, [d, 0, 0], [1, -1, -1]), [batch, hidden]) : tf.zeros([batch, hidden]);
    let c = c0 ? tf.reshape(tf.slice(c0, [d, 0, 0], [1, -1, -1]), [batch, hidden]) : tf.zeros([batch, hidden]);
    const reverse = direction === 'reverse' || (direction === 'bidirectional' && d === 1);
    const steps: tf.Tensor[] = new Array<tf.Tensor>(seq);
    for (let k = 0; k < seq; k++) {
      const t = reverse ? seq - 1 - k : k;
      const xt = tf.reshape(tf.slice(x, [t, 0, 0], [1, -1, -1]), [batch, -1]) as tf.Tensor2D;
      const gates = tf.add(tf.add(tf.matMul(xt, wd), tf.matMul(h as tf.Tensor2D, rd)), bias);
      const [gi, go, gf, gc] = tf.split(gates, 4, 1);
      c = tf.add(tf.mul(sigmoid(gf), c), tf.mul(sigmoid(gi), tf.tanh(gc)));
      h = tf.mul(sigmoid(go), tf.tanh(c));
      steps[t] = h;
    }
    ys.push(tf.stack(steps, 0));
    hs.push(h);
    cs.push(c);
  }
  return [tf.stack(ys, 1), tf.stack(hs, 0), tf.stack(cs, 0)];
};

const ONNX_KERNELS: Record<string, OnnxKernel> = {
  Clip: (ctx, attrs) => {
    let x = ctx.input(0);
    const min = scalarInput(ctx, 1) ?? num(attrs, 'min', -Infinity);
    const max = scalarInput(ctx, 2) ?? num(attrs, 'max', Infinity);
    if (Number.isFinite(min)) x = tf.maximum(x, tf.scalar(min, x.dtype));
    if (Number.isFinite(max)) x = tf.minimum(x, tf.scalar(max, x.dtype));
    return [x];
  },
  Pad: (ctx, attrs) => {
    const x = ctx.input(0);
    const raw = ctx.inputs[1] ? readInts(ctx.input(1)) : ints(attrs, 'pads') ?? [];
    const axes = (ctx.inputs[3] ? readInts(ctx.input(3)) : [...Array(x.rank).keys()]).map((a) => normAxis(a, x.rank));
    const pairs: [number, number][] = Array.from({ length: x.rank }, () => [0, 0]);
    axes.forEach((axis, k) => { pairs[axis] = [raw[k], raw[k + axes.length]]; });
    if (pairs.some(([b, e]) => b < 0 || e < 0)) throw new UnsupportedOpError('Custom', 'ONNX Pad with negative pads');
    const mode = str(attrs, 'mode', 'constant');
    if (mode === 'constant') return [tf.pad(x, pairs, scalarInput(ctx, 2) ?? num(attrs, 'value', 0))];
    if (mode === 'reflect') return [tf.mirrorPad(x, pairs, 'reflect')];
    throw new UnsupportedOpError('Custom', `ONNX Pad mode ${mode}`);
  },
  Unsqueeze: (ctx, attrs) => {
    let x = ctx.input(0);
    const axes = axesOf(ctx, attrs, 1) ?? [];
    const rank = x.rank + axes.length;
    for (const axis of axes.map((a) => normAxis(a, rank)).sort((p, q) => p - q)) x = tf.expandDims(x, axis);
    return [x];
  },
  Squeeze: (ctx, attrs) => {
    const x = ctx.input(0);
    const axes = axesOf(ctx, attrs, 1);
    return [tf.squeeze(x, axes?.map((a) => normAxis(a, x.rank)))];
  },
  Concat: (ctx, attrs) => {
    const parts = ctx.inputs.filter((t): t is tf.Tensor => t !== undefined);
    return [tf.concat(parts, normAxis(num(attrs, 'axis', 0), parts[0].rank))];
  },
  ReduceMean: (ctx, attrs) => {
    const x = ctx.input(0);
    const axes = axesOf(ctx, attrs, 1);
    const keep = num(attrs, 'keepdims', 1) !== 0;
    if (!axes || axes.length === 0) {
      return [num(attrs, 'noop_with_empty_axes', 0) ? x : tf.mean(x, undefined, keep)];
    }
    return [tf.mean(x, axes.map((a) => normAxis(a, x.rank)), keep)];
  },
  Shape: (ctx, attrs) => {
    const shape = ctx.input(0).shape;
    const start = normAxis(num(attrs, 'start', 0), shape.length);
    const end = attrs.end === undefined ? shape.length : normAxis(num(attrs, 'end', shape.length), shape.length);
    return [tf.tensor1d(shape.slice(start, end), 'int32')];
  },
  Size: (ctx) => [tf.scalar(ctx.input(0).size, 'int32')],
  Gather: (ctx, attrs) => {
    const x = ctx.input(0);
    const axis = normAxis(num(attrs, 'axis', 0), x.rank);
    const idx = tf.cast(ctx.input(1), 'int32');
    return [tf.gather(x, tf.where(tf.less(idx, 0), tf.add(idx, tf.scalar(dims(x)[axis], 'int32')), idx), axis)];
  },
  ConstantOfShape: (ctx) => {
    // The `value` attribute is a tensor the importer does not carry; ONNX's default is float 0.
    const dtype = ctx.outputInfo(0).dtype === 'float32' ? 'float32' : 'int32';
    return [tf.zeros(readInts(ctx.input(0)), dtype)];
  },
  Reshape: (ctx) => {
    const x = ctx.input(0);
    const spec = readInts(ctx.input(1));
    // ONNX 0 copies the input dim (allowzero=0).
    return [tf.reshape(x, spec.map((d, i) => (d === 0 ? x.shape[i] : d)))];
  },
  Transpose: (ctx, attrs) => [tf.transpose(ctx.input(0), ints(attrs, 'perm'))],
  Add: (ctx) => [tf.add(...aligned(ctx.input(0), ctx.input(1)))],
  Mul: (ctx) => [tf.mul(...aligned(ctx.input(0), ctx.input(1)))],
  Sub: (ctx) => [tf.sub(...aligned(ctx.input(0), ctx.input(1)))],
  LSTM: lstm,
};

export function runOnnxCustom(ctx: KernelContext, code: string, options: Uint8Array | null): tf.Tensor[] {
  const kernel = ONNX_KERNELS[code];
  if (!kernel) throw new UnsupportedOpError('Custom', `ONNX node ${code}`);
  const parsed: unknown = options ? JSON.parse(new TextDecoder().decode(options)) : {};
  const attrs: OnnxAttrs = typeof parsed === 'object' && parsed !== null ? (parsed as OnnxAttrs) : {};
  return kernel(ctx, attrs);
}
