// Control flow, custom ops and detection post-processing. Their outputs
// depend on subgraphs, opaque code or data, so the rules are conservative:
// they keep whatever shapes the importer declared.

import { defineOp, type OpDef } from './types';
import { count, input } from './shape-utils';
import type { OpType } from '../attrs';

export const CONTROL_OPS = {
  If: defineOp({
    type: 'If',
    category: 'control',
    attrs: { thenGraph: 'int', elseGraph: 'int' },
    infer: (ctx) => ctx.outputs.map(() => ({ shape: null, dtype: null })),
  }),
  While: defineOp({
    type: 'While',
    category: 'control',
    attrs: { condGraph: 'int', bodyGraph: 'int' },
    infer: (ctx) => ctx.outputs.map(() => ({ shape: null, dtype: null })),
  }),
  Custom: defineOp({
    type: 'Custom',
    category: 'custom',
    attrs: { customCode: 'string', options: 'bytes-or-null', sourceFormat: 'string' },
    defaults: { options: null },
    infer: (ctx) => ctx.outputs.map(() => ({ shape: null, dtype: null })),
  }),
  NonMaxSuppression: defineOp({
    type: 'NonMaxSuppression',
    category: 'postprocess',
    attrs: { maxOutputSize: 'int', iouThreshold: 'number', scoreThreshold: 'number', softNmsSigma: 'number' },
    defaults: { iouThreshold: 0.5, scoreThreshold: -Infinity, softNmsSigma: 0 },
    // TFLite V4: [selected indices, valid count]; V5 adds selected scores in the middle.
    outputCount: () => 2,
    infer(ctx) {
      const max = ctx.attrs.maxOutputSize >= 0 ? ctx.attrs.maxOutputSize : -1;
      const indices = { shape: [max], dtype: 'int32' as const };
      const valid = { shape: [], dtype: 'int32' as const };
      if (ctx.outputs.length >= 3) return [indices, { shape: [max], dtype: input(ctx, 1).dtype }, valid];
      return [indices, valid];
    },
    elementOps: (ctx) => count(ctx.inputs[1]),
  }),
} satisfies { [K in OpType]?: OpDef<K> };
