// Precision changes: Quantize, Dequantize, Cast. Shapes pass through.

import { defineOp, type OpDef } from './types';
import { count, input, normalizeAxis, where } from './shape-utils';
import { castNumber, isDType } from '../dtype';
import { stridesOf } from './values';
import { ModelFormatError } from '../../formats/errors';
import type { OpType } from '../attrs';

export const QUANTIZE_OPS = {
  Quantize: defineOp({
    type: 'Quantize',
    category: 'quantize',
    attrs: {},
    // The integer type lives only on the output tensor (with its quant params).
    infer: (ctx) => [{ shape: [...input(ctx, 0).shape], dtype: null }],
    elementOps: (ctx) => count(ctx.outputs[0]),
  }),
  Dequantize: defineOp({
    type: 'Dequantize',
    category: 'quantize',
    attrs: {},
    foldsQuantized: true,
    infer: (ctx) => [{ shape: [...input(ctx, 0).shape], dtype: 'float32' }],
    elementOps: (ctx) => count(ctx.outputs[0]),
    fold(ctx) {
      const x = input(ctx, 0);
      const v = x.value();
      if (!v) return null;
      const q = x.quant;
      if (!q || x.dtype === 'float16' || x.dtype === 'bfloat16') {
        return [{ dtype: 'float32', shape: [...v.shape], values: v.values.map((e) => Math.fround(e)) }];
      }
      // real = scale · (q − zeroPoint), per tensor or per channel along quant.axis.
      const perChannel = q.axis !== undefined && q.scale.length > 1;
      const axis = perChannel ? normalizeAxis(ctx.op, q.axis ?? 0, v.shape.length) : 0;
      const stride = perChannel ? stridesOf(v.shape)[axis] : 1;
      const dim = perChannel ? v.shape[axis] : 1;
      if (perChannel && q.scale.length !== dim) {
        throw new ModelFormatError('bad-value', `tensor ${x.id} has ${q.scale.length} scales for ${dim} channels`, where(ctx.op));
      }
      const values = v.values.map((e, i) => {
        const c = perChannel ? Math.floor(i / stride) % dim : 0;
        return Math.fround(q.scale[c] * (e - (q.zeroPoint[c] ?? 0)));
      });
      return [{ dtype: 'float32', shape: [...v.shape], values }];
    },
  }),
  Cast: defineOp({
    type: 'Cast',
    category: 'elementwise',
    attrs: { to: 'dtype' },
    infer(ctx) {
      const to = ctx.attrs.to;
      return [{ shape: [...input(ctx, 0).shape], dtype: isDType(to) ? to : null }];
    },
    elementOps: (ctx) => count(ctx.outputs[0]),
    fold(ctx) {
      const v = input(ctx, 0).value();
      const to = ctx.attrs.to;
      if (!v || !isDType(to)) return null;
      return [{ dtype: to, shape: [...v.shape], values: v.values.map((e) => (Number.isNaN(e) ? NaN : castNumber(e, to))) }];
    },
  }),
} satisfies { [K in OpType]?: OpDef<K> };
