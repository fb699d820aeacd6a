// Spatial resizes over NHWC: output [n, size[0], size[1], c]. 0 MACs;
// element ops = output elements × taps (4 for bilinear, 1 for nearest).

import type { OpContext, OpDef, OutputInfo } from './types';
import { badShape, count, input } from './shape-utils';
import type { OpType } from '../attrs';

type ResizeType = 'ResizeBilinear' | 'ResizeNearestNeighbor';

function resizeInfer(ctx: OpContext<ResizeType>): OutputInfo[] {
  const x = input(ctx, 0);
  if (x.shape.length !== 4) throw badShape(ctx.op, `expected NHWC input, got [${x.shape}]`);
  const size = ctx.attrs.size;
  if (size && size.length !== 2) throw badShape(ctx.op, `size [${size}] is not [height, width]`);
  const partial = size ?? ctx.partialOperand('size')?.map((d) => (Number.isNaN(d) ? -1 : d));
  const [h, w] = partial && partial.length === 2 ? partial : [-1, -1];
  return [{ shape: [x.shape[0], h, w, x.shape[3]], dtype: x.dtype }];
}

function resizeDef<T extends ResizeType>(type: T, taps: number): OpDef<T> {
  const def: OpDef<ResizeType> = {
    type,
    category: 'resize',
    attrs: { size: 'ints', alignCorners: 'bool', halfPixelCenters: 'bool' },
    defaults: { alignCorners: false, halfPixelCenters: false },
    operandStart: 1,
    infer: resizeInfer,
    elementOps(ctx) {
      const n = count(ctx.outputs[0]);
      return n === null ? null : n * taps;
    },
  };
  return def as OpDef<T>;
}

export const RESIZE_OPS = {
  ResizeBilinear: resizeDef('ResizeBilinear', 4),
  ResizeNearestNeighbor: resizeDef('ResizeNearestNeighbor', 1),
} satisfies { [K in OpType]?: OpDef<K> };
