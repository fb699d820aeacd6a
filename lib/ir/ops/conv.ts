// Convolutions, fully connected and matmul: the ops that carry the MACs.
// MAC conventions (1 MAC = one multiply-accumulate = 2 ops; bias adds and
// fused activations are not counted):
//   Conv2D           output elements × kh × kw × Cin/groups
//   DepthwiseConv2D  output elements × kh × kw
//   TransposeConv2D  input elements × kh × kw × Cout
//   FullyConnected   batch × in × out
//   MatMul           batch × M × K × N

import { defineOp, type OpContext, type OpDef } from './types';
import { badShape, convOutputDim, count, input, product, requireRank, spatialPair, transposeConvOutputDim } from './shape-utils';
import type { OpType } from '../attrs';

function known(...dims: number[]): boolean {
  return dims.every((d) => d >= 0);
}

function checkDim(ctx: OpContext, got: number, want: number, what: string): void {
  if (got >= 0 && want >= 0 && got !== want) throw badShape(ctx.op, `${what}: ${got} vs ${want}`);
}

const conv2d = defineOp({
  type: 'Conv2D',
  category: 'conv',
  attrs: { strides: 'ints', dilations: 'ints', padding: 'padding', activation: 'activation', groups: 'int' },
  defaults: { strides: [1, 1], dilations: [1, 1], padding: 'valid', activation: 'none', groups: 1 },
  weightInputs: [1, 2],
  infer(ctx) {
    const x = input(ctx, 0);
    const f = input(ctx, 1);
    requireRank(ctx, x, 4);
    requireRank(ctx, f, 4);
    const [n, h, w, c] = x.shape;
    const [cout, kh, kw, cinPerGroup] = f.shape;
    const groups = ctx.attrs.groups;
    if (cinPerGroup >= 0) checkDim(ctx, c, cinPerGroup * groups, `input channels vs filter ${f.id} × groups`);
    const [sh, sw] = spatialPair(ctx.attrs.strides, 1);
    const [dh, dw] = spatialPair(ctx.attrs.dilations, 1);
    return [{
      shape: [n, convOutputDim(h, kh, sh, dh, ctx.attrs.padding, 0), convOutputDim(w, kw, sw, dw, ctx.attrs.padding, 1), cout],
      dtype: x.dtype,
    }];
  },
  macs(ctx) {
    const out = count(ctx.outputs[0]);
    const [, kh, kw, cinPerGroup] = input(ctx, 1).shape;
    return out === null || !known(kh, kw, cinPerGroup) ? null : out * kh * kw * cinPerGroup;
  },
});

const depthwise = defineOp({
  type: 'DepthwiseConv2D',
  category: 'depthwise',
  attrs: { strides: 'ints', dilations: 'ints', padding: 'padding', activation: 'activation', depthMultiplier: 'int' },
  defaults: { strides: [1, 1], dilations: [1, 1], padding: 'valid', activation: 'none', depthMultiplier: 1 },
  weightInputs: [1, 2],
  infer(ctx) {
    const x = input(ctx, 0);
    const f = input(ctx, 1);
    requireRank(ctx, x, 4);
    requireRank(ctx, f, 4);
    const [n, h, w, c] = x.shape;
    const [, kh, kw, cout] = f.shape;
    if (c >= 0) checkDim(ctx, cout, c * ctx.attrs.depthMultiplier, `filter ${f.id} channels vs input channels × multiplier`);
    const [sh, sw] = spatialPair(ctx.attrs.strides, 1);
    const [dh, dw] = spatialPair(ctx.attrs.dilations, 1);
    return [{
      shape: [n, convOutputDim(h, kh, sh, dh, ctx.attrs.padding, 0), convOutputDim(w, kw, sw, dw, ctx.attrs.padding, 1),
        cout >= 0 ? cout : c >= 0 ? c * ctx.attrs.depthMultiplier : -1],
      dtype: x.dtype,
    }];
  },
  macs(ctx) {
    const out = count(ctx.outputs[0]);
    const [, kh, kw] = input(ctx, 1).shape;
    return out === null || !known(kh, kw) ? null : out * kh * kw;
  },
});

const transposeConv = defineOp({
  type: 'TransposeConv2D',
  category: 'transpose-conv',
  attrs: { strides: 'ints', padding: 'padding', activation: 'activation', outputShape: 'ints' },
  defaults: { strides: [1, 1], padding: 'valid', activation: 'none' },
  operandStart: 3,
  weightInputs: [1, 2],
  infer(ctx) {
    const x = input(ctx, 0);
    const f = input(ctx, 1);
    requireRank(ctx, x, 4);
    requireRank(ctx, f, 4);
    const [n, h, w, c] = x.shape;
    const [cout, kh, kw, cin] = f.shape;
    checkDim(ctx, c, cin, `input channels vs filter ${f.id}`);
    const given = ctx.attrs.outputShape;
    if (given && given.length === 4) {
      checkDim(ctx, given[3], cout, 'outputShape channels vs filter');
      return [{ shape: [...given], dtype: x.dtype }];
    }
    const partial = ctx.partialOperand('outputShape');
    if (partial && partial.length === 4) {
      return [{ shape: partial.map((d) => (Number.isNaN(d) ? -1 : d)), dtype: x.dtype }];
    }
    const [sh, sw] = spatialPair(ctx.attrs.strides, 1);
    return [{
      shape: [n, transposeConvOutputDim(h, kh, sh, ctx.attrs.padding, 0), transposeConvOutputDim(w, kw, sw, ctx.attrs.padding, 1), cout],
      dtype: x.dtype,
    }];
  },
  macs(ctx) {
    const inElems = count(input(ctx, 0));
    const [cout, kh, kw] = input(ctx, 1).shape;
    return inElems === null || !known(cout, kh, kw) ? null : inElems * kh * kw * cout;
  },
});

const fullyConnected = defineOp({
  type: 'FullyConnected',
  category: 'dense',
  attrs: { activation: 'activation', keepNumDims: 'bool' },
  defaults: { activation: 'none', keepNumDims: false },
  weightInputs: [1, 2],
  infer(ctx) {
    const x = input(ctx, 0);
    const wts = input(ctx, 1);
    requireRank(ctx, wts, 2);
    const [units, inDim] = wts.shape;
    if (x.shape.length === 0) throw badShape(ctx.op, `input ${x.id} is a scalar`);
    if (ctx.attrs.keepNumDims) {
      checkDim(ctx, x.shape[x.shape.length - 1], inDim, `last input dim vs weights ${wts.id}`);
      return [{ shape: [...x.shape.slice(0, -1), units], dtype: x.dtype }];
    }
    const total = product(x.shape);
    if (total >= 0 && inDim > 0 && total % inDim !== 0) {
      throw badShape(ctx.op, `input ${x.id} [${x.shape}] does not flatten to rows of ${inDim}`);
    }
    return [{ shape: [total >= 0 && inDim > 0 ? total / inDim : -1, units], dtype: x.dtype }];
  },
  macs(ctx) {
    const total = count(input(ctx, 0));
    const [units, inDim] = input(ctx, 1).shape;
    if (total === null || !known(units, inDim)) return null;
    return (total / inDim) * inDim * units;
  },
});

/** [batch dims, M, K, N] of a MatMul after applying the transposes, -1 where unknown. */
function matmulDims(ctx: OpContext<'MatMul'>): { batch: number[]; m: number; k: number; n: number } {
  const a = input(ctx, 0);
  const b = input(ctx, 1);
  if (a.shape.length < 2 || b.shape.length < 2) {
    throw badShape(ctx.op, `MatMul operands need rank >= 2, got [${a.shape}] and [${b.shape}]`);
  }
  const ar = a.shape.length;
  const br = b.shape.length;
  const [m, ka] = ctx.attrs.transposeA ? [a.shape[ar - 1], a.shape[ar - 2]] : [a.shape[ar - 2], a.shape[ar - 1]];
  const [kb, n] = ctx.attrs.transposeB ? [b.shape[br - 1], b.shape[br - 2]] : [b.shape[br - 2], b.shape[br - 1]];
  checkDim(ctx, ka, kb, `inner dims of ${a.id} and ${b.id}`);
  const batch = broadcastBatch(ctx, a.shape.slice(0, -2), b.shape.slice(0, -2));
  return { batch, m, k: ka >= 0 ? ka : kb, n };
}

function broadcastBatch(ctx: OpContext, a: number[], b: number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x === 1) out.push(y);
    else if (y === 1) out.push(x);
    else if (x === -1 || y === -1) out.push(x === -1 ? y : x);
    else if (x !== y) throw badShape(ctx.op, `batch dims [${a}] and [${b}] do not broadcast`);
    else out.push(x);
  }
  return out;
}

const matmul = defineOp({
  type: 'MatMul',
  category: 'matmul',
  attrs: { transposeA: 'bool', transposeB: 'bool' },
  defaults: { transposeA: false, transposeB: false },
  weightInputs: [0, 1],
  infer(ctx) {
    const { batch, m, n } = matmulDims(ctx);
    return [{ shape: [...batch, m, n], dtype: input(ctx, 0).dtype }];
  },
  macs(ctx) {
    const { batch, m, k, n } = matmulDims(ctx);
    const b = product(batch);
    return known(b, m, k, n) ? b * m * k * n : null;
  },
});

export const CONV_OPS = {
  Conv2D: conv2d,
  DepthwiseConv2D: depthwise,
  TransposeConv2D: transposeConv,
  FullyConnected: fullyConnected,
  MatMul: matmul,
} satisfies { [K in OpType]?: OpDef<K> };
