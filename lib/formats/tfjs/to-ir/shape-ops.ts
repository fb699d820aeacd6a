// Shape and data-movement ops. Constant operands (shape, perm, begin/size, …)
// become attrs; computed ones stay as trailing inputs, per OPERAND_ATTRS.

import type { AttrValue } from '../../../ir/types';
import { irDTypeOf } from '../dtype';
import type { TfjsNode } from '../types';
import type { ImportContext } from './context';
import type { OpHandler } from './handler';
import { boolAttr, intAttr, intListAttr, requireNhwc, stringAttr } from './node-attrs';

/**
 * Emits `type` with data inputs `data` and operands that are attrs when
 * constant (named by `names`), trailing inputs otherwise.
 */
function withOperands(ctx: ImportContext, node: TfjsNode, type: string, data: string[], operands: string[], names: string[], outs: string[], attrs: Record<string, AttrValue>): void {
  const inputs = [...data];
  const all: Record<string, AttrValue> = { ...attrs };
  const values = operands.map((o) => ctx.constInts(o));
  if (values.every((v) => v !== undefined)) {
    names.forEach((n, i) => (all[n] = values[i] as number[]));
  } else {
    inputs.push(...operands);
  }
  ctx.addOp(type, node.name, inputs, outs, all);
}

function ins(ctx: ImportContext, node: TfjsNode): string[] {
  return node.inputs.map((r) => ctx.input(r));
}

const reshape: OpHandler = (node, ctx, outs) => {
  const [x, shape] = ins(ctx, node);
  withOperands(ctx, node, 'Reshape', [x], [shape], ['newShape'], [outs[0]], {});
  return true;
};

const transpose: OpHandler = (node, ctx, outs) => {
  const [x, perm] = ins(ctx, node);
  withOperands(ctx, node, 'Transpose', [x], [perm], ['perm'], [outs[0]], {});
  return true;
};

const squeeze: OpHandler = (node, ctx, outs) => {
  ctx.addOp('Squeeze', node.name, [ctx.input(node.inputs[0])], [outs[0]], { axes: intListAttr(node, 'squeeze_dims') ?? intListAttr(node, 'axis') ?? [] });
  return true;
};

const expandDims: OpHandler = (node, ctx, outs) => {
  const [x, dim] = ins(ctx, node);
  const axis = ctx.constScalar(dim);
  if (axis === undefined) return false;
  ctx.addOp('ExpandDims', node.name, [x], [outs[0]], { axis });
  return true;
};

function concat(axisFirst: boolean): OpHandler {
  return (node, ctx, outs) => {
    const all = ins(ctx, node);
    const axisId = axisFirst ? all[0] : all[all.length - 1];
    const values = axisFirst ? all.slice(1) : all.slice(0, -1);
    const axis = ctx.constScalar(axisId);
    if (axis === undefined || values.length === 0) return false;
    ctx.addOp('Concat', node.name, values, [outs[0]], { axis, activation: 'none' });
    return true;
  };
}

const split: OpHandler = (node, ctx, outs) => {
  const [axisId, x] = ins(ctx, node);
  const axis = ctx.constScalar(axisId);
  if (axis === undefined) return false;
  const numSplits = intAttr(node, 'num_split', outs.length);
  ctx.addOp('Split', node.name, [x], outs.slice(0, Math.max(numSplits, 1)), { axis, numSplits });
  return true;
};

const splitV: OpHandler = (node, ctx, outs) => {
  const [x, sizes, axisId] = ins(ctx, node);
  const axis = ctx.constScalar(axisId);
  if (axis === undefined) return false;
  const n = intAttr(node, 'num_split', outs.length);
  withOperands(ctx, node, 'SplitV', [x], [sizes], ['sizes'], outs.slice(0, Math.max(n, 1)), { axis });
  return true;
};

const slice: OpHandler = (node, ctx, outs) => {
  const [x, begin, size] = ins(ctx, node);
  withOperands(ctx, node, 'Slice', [x], [begin, size], ['begin', 'size'], [outs[0]], {});
  return true;
};

const stridedSlice: OpHandler = (node, ctx, outs) => {
  const [x, begin, end, strides] = ins(ctx, node);
  const masks = {
    beginMask: intAttr(node, 'begin_mask', 0),
    endMask: intAttr(node, 'end_mask', 0),
    ellipsisMask: intAttr(node, 'ellipsis_mask', 0),
    newAxisMask: intAttr(node, 'new_axis_mask', 0),
    shrinkAxisMask: intAttr(node, 'shrink_axis_mask', 0),
  };
  withOperands(ctx, node, 'StridedSlice', [x], [begin, end, strides], ['begin', 'end', 'strides'], [outs[0]], masks);
  return true;
};

const pack: OpHandler = (node, ctx, outs) => {
  ctx.addOp('Pack', node.name, ins(ctx, node), [outs[0]], { axis: intAttr(node, 'axis', 0) });
  return true;
};

const unpack: OpHandler = (node, ctx, outs) => {
  const num = intAttr(node, 'num', outs.length);
  ctx.addOp('Unpack', node.name, [ctx.input(node.inputs[0])], outs.slice(0, Math.max(num, 1)), { axis: intAttr(node, 'axis', 0), num });
  return true;
};

const tile: OpHandler = (node, ctx, outs) => {
  const [x, multiples] = ins(ctx, node);
  withOperands(ctx, node, 'Tile', [x], [multiples], ['multiples'], [outs[0]], {});
  return true;
};

const broadcastTo: OpHandler = (node, ctx, outs) => {
  const [x, shape] = ins(ctx, node);
  withOperands(ctx, node, 'BroadcastTo', [x], [shape], ['shape'], [outs[0]], {});
  return true;
};

const gatherV2: OpHandler = (node, ctx, outs) => {
  const [params, indices, axisId] = ins(ctx, node);
  const axis = axisId === undefined ? 0 : ctx.constScalar(axisId);
  if (axis === undefined) return false;
  ctx.addOp('Gather', node.name, [params, indices], [outs[0]], { axis, batchDims: intAttr(node, 'batch_dims', 0) });
  return true;
};

const gatherNd: OpHandler = (node, ctx, outs) => {
  ctx.addOp('GatherNd', node.name, ins(ctx, node).slice(0, 2), [outs[0]], {});
  return true;
};

function pad(mode: 'constant' | 'mirror'): OpHandler {
  return (node, ctx, outs) => {
    const [x, paddings, constant] = ins(ctx, node);
    let value = 0;
    if (constant !== undefined) {
      const v = ctx.constScalar(constant);
      if (v === undefined) return false;
      value = v;
    }
    const m = mode === 'constant' ? 'constant' : stringAttr(node, 'mode', 'REFLECT') === 'SYMMETRIC' ? 'symmetric' : 'reflect';
    // TF paddings [rank, 2] flattened is already [b0, a0, b1, a1, …].
    withOperands(ctx, node, 'Pad', [x], [paddings], ['pads'], [outs[0]], { mode: m, value });
    return true;
  };
}

function resize(type: 'ResizeBilinear' | 'ResizeNearestNeighbor'): OpHandler {
  return (node, ctx, outs) => {
    const [x, size] = ins(ctx, node);
    const attrs = { alignCorners: boolAttr(node, 'align_corners', false), halfPixelCenters: boolAttr(node, 'half_pixel_centers', false) };
    withOperands(ctx, node, type, [x], [size], ['size'], [outs[0]], attrs);
    return true;
  };
}

function blockOp(type: 'DepthToSpace' | 'SpaceToDepth'): OpHandler {
  return (node, ctx, outs) => {
    requireNhwc(node);
    ctx.addOp(type, node.name, [ctx.input(node.inputs[0])], [outs[0]], { blockSize: intAttr(node, 'block_size', 2) });
    return true;
  };
}

const cast: OpHandler = (node, ctx, outs) => {
  const dst = node.attrs.DstT;
  const to = dst?.kind === 'type' ? irDTypeOf(dst.value) : undefined;
  if (!to) return false;
  ctx.addOp('Cast', node.name, [ctx.input(node.inputs[0])], [outs[0]], { to });
  return true;
};

function outTypeOf(node: TfjsNode): 'int32' | 'int64' {
  const t = node.attrs.out_type;
  return t?.kind === 'type' && t.value === 'DT_INT64' ? 'int64' : 'int32';
}

const shape: OpHandler = (node, ctx, outs) => {
  ctx.addOp('Shape', node.name, [ctx.input(node.inputs[0])], [outs[0]], { outType: outTypeOf(node) });
  return true;
};

/** Size(x) = ReduceProd(Shape(x)). */
const size: OpHandler = (node, ctx, outs) => {
  const outType = outTypeOf(node);
  const s = ctx.declareTensor(ctx.freshId(`${node.name}/shape`), outType);
  ctx.addOp('Shape', `${node.name}/shape`, [ctx.input(node.inputs[0])], [s], { outType });
  ctx.addOp('ReduceProd', node.name, [s], [outs[0]], { axes: [0], keepDims: false });
  return true;
};

/** ZerosLike/OnesLike(x) = Fill(Shape(x), 0|1): exact, unlike x * 0 (NaN, Inf). */
function filledLike(value: number): OpHandler {
  return (node, ctx, outs) => {
    const dtype = ctx.tensor(outs[0])?.dtype;
    if (dtype !== 'float32' && dtype !== 'int32') return false;
    const s = ctx.declareTensor(ctx.freshId(`${node.name}/shape`), 'int32');
    ctx.addOp('Shape', `${node.name}/shape`, [ctx.input(node.inputs[0])], [s], { outType: 'int32' });
    ctx.addOp('Fill', node.name, [s, ctx.newConstant(`${node.name}/value`, dtype, [value], [])], [outs[0]], {});
    return true;
  };
}

function plain(type: string): OpHandler {
  return (node, ctx, outs) => {
    ctx.addOp(type, node.name, ins(ctx, node), [outs[0]], {});
    return true;
  };
}

export const SHAPE_HANDLERS: Record<string, OpHandler> = {
  Reshape: reshape,
  Transpose: transpose,
  Squeeze: squeeze,
  ExpandDims: expandDims,
  ConcatV2: concat(false),
  Concat: concat(true),
  Split: split,
  SplitV: splitV,
  Slice: slice,
  StridedSlice: stridedSlice,
  Pack: pack,
  Unpack: unpack,
  Tile: tile,
  BroadcastTo: broadcastTo,
  Gather: gatherV2,
  GatherV2: gatherV2,
  GatherNd: gatherNd,
  Pad: pad('constant'),
  PadV2: pad('constant'),
  MirrorPad: pad('mirror'),
  ResizeBilinear: resize('ResizeBilinear'),
  ResizeNearestNeighbor: resize('ResizeNearestNeighbor'),
  DepthToSpace: blockOp('DepthToSpace'),
  SpaceToDepth: blockOp('SpaceToDepth'),
  Cast: cast,
  Shape: shape,
  Size: size,
  Fill: plain('Fill'),
  ZerosLike: filledLike(0),
  OnesLike: filledLike(1),
  Range: plain('Range'),
};
