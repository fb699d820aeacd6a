// Unary math and activations: shape and dtype pass through. 0 MACs; element
// ops = output elements.

import { defineOp, type ConstValue, type OpContext, type OpDef } from './types';
import { broadcastShapes, count, input, normalizeAxis } from './shape-utils';
import { roundTo } from './values';
import type { OpType } from '../attrs';

type UnaryType =
  | 'Relu' | 'Relu6' | 'ReluN1To1' | 'Elu' | 'HardSwish' | 'Logistic' | 'Tanh' | 'Exp' | 'Log' | 'Sqrt' | 'Rsqrt'
  | 'Square' | 'Abs' | 'Neg' | 'Sign' | 'Floor' | 'Ceil' | 'Round' | 'Sin' | 'Cos' | 'Erf' | 'LogicalNot';

/** Evaluators for folding; ops without one (Erf) are never folded. */
const UNARY_FNS: Partial<Record<UnaryType, (x: number) => number>> = {
  Relu: (x) => Math.max(0, x),
  Relu6: (x) => Math.min(6, Math.max(0, x)),
  ReluN1To1: (x) => Math.min(1, Math.max(-1, x)),
  Elu: (x) => (x < 0 ? Math.expm1(x) : x),
  HardSwish: (x) => (x * Math.min(6, Math.max(0, x + 3))) / 6,
  Logistic: (x) => 1 / (1 + Math.exp(-x)),
  Tanh: Math.tanh,
  Exp: Math.exp,
  Log: Math.log,
  Sqrt: Math.sqrt,
  Rsqrt: (x) => 1 / Math.sqrt(x),
  Square: (x) => x * x,
  Abs: Math.abs,
  Neg: (x) => -x,
  Sign: Math.sign,
  Floor: Math.floor,
  Ceil: Math.ceil,
  // Round half to even, as TFLite and ONNX do.
  Round: (x) => {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  },
  Sin: Math.sin,
  Cos: Math.cos,
  LogicalNot: (x) => (Number.isNaN(x) ? NaN : x ? 0 : 1),
};

function passThrough(ctx: OpContext) {
  const x = input(ctx, 0);
  return [{ shape: [...x.shape], dtype: x.dtype }];
}

function mapValue(v: ConstValue, fn: (x: number) => number): ConstValue {
  return { dtype: v.dtype, shape: [...v.shape], values: v.values.map((x) => roundTo(v.dtype, fn(x))) };
}

function unaryDef<T extends UnaryType>(type: T): OpDef<T> {
  const fn = UNARY_FNS[type];
  const def: OpDef<UnaryType> = {
    type,
    category: type === 'LogicalNot' ? 'elementwise' : 'activation',
    attrs: {},
    infer: passThrough,
    elementOps: (ctx) => count(ctx.outputs[0]),
    fold: fn
      ? (ctx) => {
        const v = input(ctx, 0).value();
        return v ? [mapValue(v, fn)] : null;
      }
      : undefined,
  };
  return def as OpDef<T>;
}

const elementOps = (ctx: OpContext) => count(ctx.outputs[0]);

export const ACTIVATION_OPS = {
  Relu: unaryDef('Relu'),
  Relu6: unaryDef('Relu6'),
  ReluN1To1: unaryDef('ReluN1To1'),
  Elu: unaryDef('Elu'),
  HardSwish: unaryDef('HardSwish'),
  Logistic: unaryDef('Logistic'),
  Tanh: unaryDef('Tanh'),
  Exp: unaryDef('Exp'),
  Log: unaryDef('Log'),
  Sqrt: unaryDef('Sqrt'),
  Rsqrt: unaryDef('Rsqrt'),
  Square: unaryDef('Square'),
  Abs: unaryDef('Abs'),
  Neg: unaryDef('Neg'),
  Sign: unaryDef('Sign'),
  Floor: unaryDef('Floor'),
  Ceil: unaryDef('Ceil'),
  Round: unaryDef('Round'),
  Sin: unaryDef('Sin'),
  Cos: unaryDef('Cos'),
  Erf: unaryDef('Erf'),
  LogicalNot: unaryDef('LogicalNot'),
  LeakyRelu: defineOp({
    type: 'LeakyRelu', category: 'activation', attrs: { alpha: 'number' }, defaults: { alpha: 0.2 },
    infer: passThrough, elementOps,
    fold(ctx) {
      const v = input(ctx, 0).value();
      return v ? [mapValue(v, (x) => (x < 0 ? ctx.attrs.alpha * x : x))] : null;
    },
  }),
  PRelu: defineOp({
    type: 'PRelu', category: 'activation', attrs: {}, weightInputs: [1],
    infer(ctx) {
      // TFLite broadcasts alpha against x; the output keeps x's dtype.
      const x = input(ctx, 0);
      return [{ shape: broadcastShapes(ctx.op, [x.shape, input(ctx, 1).shape]), dtype: x.dtype }];
    },
    elementOps,
  }),
  Gelu: defineOp({
    type: 'Gelu', category: 'activation', attrs: { approximate: 'bool' }, defaults: { approximate: false },
    infer: passThrough, elementOps,
  }),
  Softmax: defineOp({
    type: 'Softmax', category: 'activation', attrs: { axis: 'int', beta: 'number' }, defaults: { axis: -1, beta: 1 },
    infer(ctx) {
      const x = input(ctx, 0);
      if (x.shape.length) normalizeAxis(ctx.op, ctx.attrs.axis, x.shape.length);
      return passThrough(ctx);
    },
    elementOps,
  }),
  LogSoftmax: defineOp({
    type: 'LogSoftmax', category: 'activation', attrs: { axis: 'int' }, defaults: { axis: -1 },
    infer(ctx) {
      const x = input(ctx, 0);
      if (x.shape.length) normalizeAxis(ctx.op, ctx.attrs.axis, x.shape.length);
      return passThrough(ctx);
    },
    elementOps,
  }),
  Clip: defineOp({
    type: 'Clip', category: 'activation', attrs: { min: 'number', max: 'number' }, defaults: { min: -Infinity, max: Infinity },
    infer: passThrough, elementOps,
    fold(ctx) {
      const v = input(ctx, 0).value();
      return v ? [mapValue(v, (x) => Math.min(ctx.attrs.max, Math.max(ctx.attrs.min, x)))] : null;
    },
  }),
  L2Normalization: defineOp({
    type: 'L2Normalization', category: 'normalization', attrs: { activation: 'activation' }, defaults: { activation: 'none' },
    infer: passThrough, elementOps,
  }),
  LocalResponseNormalization: defineOp({
    type: 'LocalResponseNormalization', category: 'normalization',
    attrs: { radius: 'int', bias: 'number', alpha: 'number', beta: 'number' },
    defaults: { radius: 5, bias: 1, alpha: 1, beta: 0.5 },
    infer: passThrough, elementOps,
  }),
} satisfies { [K in OpType]?: OpDef<K> };
