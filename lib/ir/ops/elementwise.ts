// Binary elementwise ops with numpy broadcasting, and Select. They count 0
// MACs; element ops = output elements.

import { defineOp, type ConstValue, type OpContext, type OpDef } from './types';
import { broadcastShapes, count, input } from './shape-utils';
import { broadcastMap, roundTo } from './values';
import { isIntegerDType } from '../dtype';
import type { OpType } from '../attrs';
import type { DType } from '../types';

type BinaryType =
  | 'Add' | 'Sub' | 'Mul' | 'Div' | 'Pow' | 'Maximum' | 'Minimum' | 'SquaredDifference' | 'FloorDiv' | 'FloorMod'
  | 'Equal' | 'NotEqual' | 'Less' | 'LessEqual' | 'Greater' | 'GreaterEqual' | 'LogicalAnd' | 'LogicalOr';

const FUSED_ACTIVATION: readonly BinaryType[] = ['Add', 'Sub', 'Mul', 'Div'];

/** Element functions; `int` selects integer semantics (Div truncates toward zero, as TFLite and ONNX do). */
const BINARY_FNS: Record<BinaryType, (a: number, b: number, int: boolean) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b, int) => (int ? Math.trunc(a / b) : a / b),
  Pow: (a, b) => a ** b,
  Maximum: (a, b) => Math.max(a, b),
  Minimum: (a, b) => Math.min(a, b),
  SquaredDifference: (a, b) => (a - b) * (a - b),
  FloorDiv: (a, b) => Math.floor(a / b),
  FloorMod: (a, b) => a - Math.floor(a / b) * b,
  Equal: (a, b) => (a === b ? 1 : 0),
  NotEqual: (a, b) => (a !== b ? 1 : 0),
  Less: (a, b) => (a < b ? 1 : 0),
  LessEqual: (a, b) => (a <= b ? 1 : 0),
  Greater: (a, b) => (a > b ? 1 : 0),
  GreaterEqual: (a, b) => (a >= b ? 1 : 0),
  LogicalAnd: (a, b) => (a && b ? 1 : 0),
  LogicalOr: (a, b) => (a || b ? 1 : 0),
};

const BOOL_RESULT = new Set<BinaryType>(['Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual', 'LogicalAnd', 'LogicalOr']);

function applyActivation(x: number, activation: string): number {
  switch (activation) {
    case 'relu': return Math.max(0, x);
    case 'relu6': return Math.min(6, Math.max(0, x));
    case 'relu_n1_to_1': return Math.min(1, Math.max(-1, x));
    case 'tanh': return Math.tanh(x);
    case 'sigmoid': return 1 / (1 + Math.exp(-x));
    case 'sign_bit': return x < 0 || Object.is(x, -0) ? 1 : 0;
    default: return x;
  }
}

function resultDType(type: BinaryType, ctx: OpContext): DType {
  return BOOL_RESULT.has(type) ? 'bool' : input(ctx, 0).dtype;
}

function binaryDef<T extends BinaryType>(type: T): OpDef<T> {
  const fn = BINARY_FNS[type];
  const fused = FUSED_ACTIVATION.includes(type);
  const def: OpDef<BinaryType> = {
    type,
    category: 'elementwise',
    // Only Add/Sub/Mul/Div carry a fused activation.
    attrs: (fused ? { activation: 'activation' } : {}) as OpDef<BinaryType>['attrs'],
    defaults: (fused ? { activation: 'none' } : {}) as OpDef<BinaryType>['defaults'],
    weightInputs: [0, 1],
    infer(ctx) {
      const a = input(ctx, 0);
      const b = input(ctx, 1);
      return [{ shape: broadcastShapes(ctx.op, [a.shape, b.shape]), dtype: resultDType(type, ctx) }];
    },
    elementOps: (ctx) => count(ctx.outputs[0]),
    fold(ctx) {
      const a = input(ctx, 0).value();
      const b = input(ctx, 1).value();
      if (!a || !b) return null;
      const dtype = resultDType(type, ctx);
      const int = isIntegerDType(a.dtype) && isIntegerDType(b.dtype);
      const activation = 'activation' in ctx.attrs && typeof ctx.attrs.activation === 'string' ? ctx.attrs.activation : 'none';
      const shape = broadcastShapes(ctx.op, [a.shape, b.shape]);
      const out: ConstValue = broadcastMap([a, b], shape, dtype, ([x, y]) => roundTo(dtype, applyActivation(fn(x, y, int), activation)));
      return [out];
    },
  };
  return def as OpDef<T>;
}

export const ELEMENTWISE_OPS = {
  Add: binaryDef('Add'),
  Sub: binaryDef('Sub'),
  Mul: binaryDef('Mul'),
  Div: binaryDef('Div'),
  Pow: binaryDef('Pow'),
  Maximum: binaryDef('Maximum'),
  Minimum: binaryDef('Minimum'),
  SquaredDifference: binaryDef('SquaredDifference'),
  FloorDiv: binaryDef('FloorDiv'),
  FloorMod: binaryDef('FloorMod'),
  Equal: binaryDef('Equal'),
  NotEqual: binaryDef('NotEqual'),
  Less: binaryDef('Less'),
  LessEqual: binaryDef('LessEqual'),
  Greater: binaryDef('Greater'),
  GreaterEqual: binaryDef('GreaterEqual'),
  LogicalAnd: binaryDef('LogicalAnd'),
  LogicalOr: binaryDef('LogicalOr'),
  Select: defineOp({
    type: 'Select',
    category: 'elementwise',
    attrs: {},
    weightInputs: [1, 2],
    infer(ctx) {
      const [c, x, y] = [input(ctx, 0), input(ctx, 1), input(ctx, 2)];
      return [{ shape: broadcastShapes(ctx.op, [c.shape, x.shape, y.shape]), dtype: x.dtype }];
    },
    elementOps: (ctx) => count(ctx.outputs[0]),
    fold(ctx) {
      const [c, x, y] = [input(ctx, 0).value(), input(ctx, 1).value(), input(ctx, 2).value()];
      if (!c || !x || !y) return null;
      const shape = broadcastShapes(ctx.op, [c.shape, x.shape, y.shape]);
      return [broadcastMap([c, x, y], shape, x.dtype, ([k, a, b]) => (Number.isNaN(k) ? NaN : k ? a : b))];
    },
  }),
} satisfies { [K in OpType]?: OpDef<K> };
