// Binary elementwise ops with numpy broadcasting (tfjs broadcasts natively),
// comparisons, logic and Select.

import * as tf from '@tensorflow/tfjs-core';
import type { OpType } from '../../ir/attrs';
import type { Kernel } from './types';
import { aligned, applyActivation } from './util';

type Binary = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

function binary<T extends OpType>(f: Binary): Kernel<T> {
  return (ctx) => [f(...aligned(ctx.input(0), ctx.input(1)))];
}

function arithmetic<T extends 'Add' | 'Sub' | 'Mul' | 'Div'>(f: Binary): Kernel<T> {
  return (ctx, a) => [applyActivation(f(...aligned(ctx.input(0), ctx.input(1))), a.activation, ctx.op.type)];
}

function asBool(x: tf.Tensor): tf.Tensor {
  return x.dtype === 'bool' ? x : tf.notEqual(x, 0);
}

function logical<T extends OpType>(f: Binary): Kernel<T> {
  return (ctx) => [f(asBool(ctx.input(0)), asBool(ctx.input(1)))];
}

export const ELEMENTWISE_KERNELS = {
  Add: arithmetic<'Add'>(tf.add),
  Sub: arithmetic<'Sub'>(tf.sub),
  Mul: arithmetic<'Mul'>(tf.mul),
  Div: arithmetic<'Div'>(tf.div),
  Pow: binary<'Pow'>(tf.pow),
  Maximum: binary<'Maximum'>(tf.maximum),
  Minimum: binary<'Minimum'>(tf.minimum),
  SquaredDifference: binary<'SquaredDifference'>(tf.squaredDifference),
  FloorDiv: binary<'FloorDiv'>(tf.floorDiv),
  // tfjs mod is floored (result takes the divisor's sign), like TF FloorMod.
  FloorMod: binary<'FloorMod'>(tf.mod),
  Equal: binary<'Equal'>(tf.equal),
  NotEqual: binary<'NotEqual'>(tf.notEqual),
  Less: binary<'Less'>(tf.less),
  LessEqual: binary<'LessEqual'>(tf.lessEqual),
  Greater: binary<'Greater'>(tf.greater),
  GreaterEqual: binary<'GreaterEqual'>(tf.greaterEqual),
  LogicalAnd: logical<'LogicalAnd'>(tf.logicalAnd),
  LogicalOr: logical<'LogicalOr'>(tf.logicalOr),
  LogicalNot: (ctx) => [tf.logicalNot(asBool(ctx.input(0)))],
  Select: (ctx) => {
    const [x, y] = aligned(ctx.input(1), ctx.input(2));
    return [tf.where(asBool(ctx.input(0)), x, y)];
  },
} satisfies { [K in OpType]?: Kernel<K> };
