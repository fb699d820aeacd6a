// Elementwise and activation ops: mostly one TF op → one IR op.

import type { AttrValue } from '../../../ir/types';
import type { OpHandler } from './handler';
import { floatAttr, requireNhwc } from './node-attrs';

function simple(type: string, attrs: Record<string, AttrValue> = {}): OpHandler {
  return (node, ctx, outs) => {
    ctx.addOp(type, node.name, node.inputs.map((r) => ctx.input(r)), [outs[0]], { ...attrs });
    return true;
  };
}

const ACT_NONE = { activation: 'none' };

const biasAdd: OpHandler = (node, ctx, outs) => {
  requireNhwc(node);
  ctx.addOp('Add', node.name, node.inputs.map((r) => ctx.input(r)), [outs[0]], { ...ACT_NONE });
  return true;
};

/** AddN(a, b, c, …) → a chain of Adds. */
const addN: OpHandler = (node, ctx, outs) => {
  const ins = node.inputs.map((r) => ctx.input(r));
  if (ins.length === 0) return false;
  if (ins.length === 1) {
    ctx.addOp('Add', node.name, [ins[0], ctx.newConstant(`${node.name}/zero`, 'float32', [0], [])], [outs[0]], { ...ACT_NONE });
    return true;
  }
  let acc = ins[0];
  for (let i = 1; i < ins.length; i++) {
    const out = i === ins.length - 1 ? outs[0] : ctx.declareTensor(ctx.freshId(`${node.name}/partial_${i}`), ctx.tensor(outs[0])?.dtype ?? 'float32');
    ctx.addOp('Add', i === 1 ? node.name : `${node.name}/add_${i}`, [acc, ins[i]], [out], { ...ACT_NONE });
    acc = out;
  }
  return true;
};

/** Reciprocal(x) = 1 / x. */
const reciprocal: OpHandler = (node, ctx, outs) => {
  const dtype = ctx.tensor(outs[0])?.dtype === 'int32' ? 'int32' : 'float32';
  ctx.addOp('Div', node.name, [ctx.newConstant(`${node.name}/one`, dtype, [1], []), ctx.input(node.inputs[0])], [outs[0]], { ...ACT_NONE });
  return true;
};

const clipByValue: OpHandler = (node, ctx, outs) => {
  const [x, lo, hi] = node.inputs.map((r) => ctx.input(r));
  const min = ctx.constScalar(lo);
  const max = ctx.constScalar(hi);
  if (min === undefined || max === undefined) return false;
  ctx.addOp('Clip', node.name, [x], [outs[0]], { min, max });
  return true;
};

const leakyRelu: OpHandler = (node, ctx, outs) => {
  ctx.addOp('LeakyRelu', node.name, [ctx.input(node.inputs[0])], [outs[0]], { alpha: floatAttr(node, 'alpha', 0.2) });
  return true;
};

export const ELEMENTWISE_HANDLERS: Record<string, OpHandler> = {
  Add: simple('Add', ACT_NONE),
  AddV2: simple('Add', ACT_NONE),
  BiasAdd: biasAdd,
  AddN: addN,
  Sub: simple('Sub', ACT_NONE),
  Mul: simple('Mul', ACT_NONE),
  RealDiv: simple('Div', ACT_NONE),
  Div: simple('Div', ACT_NONE),
  Reciprocal: reciprocal,
  Pow: simple('Pow'),
  Maximum: simple('Maximum'),
  Minimum: simple('Minimum'),
  SquaredDifference: simple('SquaredDifference'),
  FloorDiv: simple('FloorDiv'),
  FloorMod: simple('FloorMod'),
  Equal: simple('Equal'),
  NotEqual: simple('NotEqual'),
  Less: simple('Less'),
  LessEqual: simple('LessEqual'),
  Greater: simple('Greater'),
  GreaterEqual: simple('GreaterEqual'),
  LogicalAnd: simple('LogicalAnd'),
  LogicalOr: simple('LogicalOr'),
  LogicalNot: simple('LogicalNot'),
  Select: simple('Select'),
  SelectV2: simple('Select'),
  Relu: simple('Relu'),
  Relu6: simple('Relu6'),
  Elu: simple('Elu'),
  LeakyRelu: leakyRelu,
  Prelu: simple('PRelu'),
  Sigmoid: simple('Logistic'),
  Tanh: simple('Tanh'),
  Softmax: simple('Softmax', { axis: -1, beta: 1 }),
  LogSoftmax: simple('LogSoftmax', { axis: -1 }),
  Exp: simple('Exp'),
  Log: simple('Log'),
  Sqrt: simple('Sqrt'),
  Rsqrt: simple('Rsqrt'),
  Square: simple('Square'),
  Abs: simple('Abs'),
  Neg: simple('Neg'),
  Sign: simple('Sign'),
  Floor: simple('Floor'),
  Ceil: simple('Ceil'),
  Round: simple('Round'),
  Sin: simple('Sin'),
  Cos: simple('Cos'),
  Erf: simple('Erf'),
  ClipByValue: clipByValue,
};
