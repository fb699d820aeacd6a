// TFLite's UnidirectionalSequenceLstm (24 inputs):
//   0 input [batch, time, in] (or [time, batch, in] when timeMajor)
//   1–4 input→{input, forget, cell, output} weights [cell, in]
//   5–8 recurrent→{…} weights [cell, out]
//   9–11 peephole weights [cell], 12–15 gate biases [cell]
//   16 projection weights [out, cell], 17 projection bias [out]
//   18 output state [batch, out], 19 cell state [batch, cell] (variable tensors)
//   20–23 layer-norm coefficients [cell]
// MACs per step = elements of the 8 gate matrices + projection matrix (one
// MAC per weight per batch row); total = that × batch × time.

import { defineOp, type OpDef } from './types';
import { badShape, input, product } from './shape-utils';
import type { OpType } from '../attrs';

const MATRIX_INPUTS = [1, 2, 3, 4, 5, 6, 7, 8, 16];

export const RECURRENT_OPS = {
  UnidirectionalSequenceLstm: defineOp({
    type: 'UnidirectionalSequenceLstm',
    category: 'recurrent',
    attrs: { activation: 'activation', cellClip: 'number', projClip: 'number', timeMajor: 'bool' },
    defaults: { activation: 'tanh', cellClip: 0, projClip: 0, timeMajor: false },
    weightInputs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 20, 21, 22, 23],
    stateInputs: [18, 19],
    infer(ctx) {
      const x = input(ctx, 0);
      if (x.shape.length !== 3) throw badShape(ctx.op, `input ${x.id} [${x.shape}] is not rank 3`);
      // Output width is the projection's rows when present, else the recurrent weights' columns.
      const proj = ctx.inputs[16];
      const recurrent = ctx.inputs[8];
      const units = proj ? proj.shape[0] : recurrent ? recurrent.shape[1] : -1;
      return [{ shape: [x.shape[0], x.shape[1], units ?? -1], dtype: x.dtype }];
    },
    macs(ctx) {
      const [d0, d1] = input(ctx, 0).shape;
      let perRow = 0;
      for (const i of MATRIX_INPUTS) {
        const t = ctx.inputs[i];
        if (!t) continue;
        const n = product(t.shape);
        if (n < 0) return null;
        perRow += n;
      }
      return d0 < 0 || d1 < 0 ? null : perRow * d0 * d1;
    },
  }),
} satisfies { [K in OpType]?: OpDef<K> };
