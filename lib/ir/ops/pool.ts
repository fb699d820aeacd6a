// 2-D pooling over NHWC. Pools count 0 MACs; their element ops are window
// reads: output elements × fh × fw.

import { defineOp, type OpContext, type OpDef, type OutputInfo } from './types';
import { convOutputDim, count, input, requireRank, spatialPair } from './shape-utils';
import type { OpType } from '../attrs';

function poolInfer(ctx: OpContext<'AveragePool2D' | 'MaxPool2D'>): OutputInfo[] {
  const x = input(ctx, 0);
  requireRank(ctx, x, 4);
  const [n, h, w, c] = x.shape;
  const [fh, fw] = spatialPair(ctx.attrs.filter, 1);
  const [sh, sw] = spatialPair(ctx.attrs.strides, 1);
  return [{
    shape: [n, convOutputDim(h, fh, sh, 1, ctx.attrs.padding, 0), convOutputDim(w, fw, sw, 1, ctx.attrs.padding, 1), c],
    dtype: x.dtype,
  }];
}

function poolElementOps(ctx: OpContext<'AveragePool2D' | 'MaxPool2D'>): number | null {
  const out = count(ctx.outputs[0]);
  const [fh, fw] = spatialPair(ctx.attrs.filter, 1);
  return out === null ? null : out * fh * fw;
}

const POOL_ATTRS = { filter: 'ints', strides: 'ints', padding: 'padding', activation: 'activation' } as const;

export const POOL_OPS = {
  AveragePool2D: defineOp({
    type: 'AveragePool2D',
    category: 'pool',
    attrs: POOL_ATTRS,
    defaults: { strides: [1, 1], padding: 'valid', activation: 'none' },
    infer: poolInfer,
    elementOps: poolElementOps,
  }),
  MaxPool2D: defineOp({
    type: 'MaxPool2D',
    category: 'pool',
    attrs: POOL_ATTRS,
    defaults: { strides: [1, 1], padding: 'valid', activation: 'none' },
    infer: poolInfer,
    elementOps: poolElementOps,
  }),
} satisfies { [K in OpType]?: OpDef<K> };
