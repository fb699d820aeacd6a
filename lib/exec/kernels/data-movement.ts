// Data movement: concatenation, splitting, slicing, padding, gathering,
// stacking and depth/space rearrangement.

import * as tf from '@tensorflow/tfjs-core';
import type { OpType } from '../../ir/attrs';
import { type Kernel, UnsupportedOpError } from './types';
import { applyActivation, normAxis } from './util';

/** Indices as int32 with negative entries wrapped (ONNX allows them, tfjs does not). */
function wrapIndices(indices: tf.Tensor, dim: number): tf.Tensor {
  const idx = indices.dtype === 'int32' ? indices : tf.cast(indices, 'int32');
  return tf.where(tf.less(idx, 0), tf.add(idx, tf.scalar(dim, 'int32')), idx);
}

const pad: Kernel<'Pad'> = (ctx, a) => {
  const x = ctx.input(0);
  const flat = ctx.operand('pads');
  const pairs = Array.from({ length: x.rank }, (_, i): [number, number] => [flat[2 * i] ?? 0, flat[2 * i + 1] ?? 0]);
  // Negative pads (ONNX) crop: pad the positive parts, then slice.
  const grow = pairs.map(([b, e]): [number, number] => [Math.max(b, 0), Math.max(e, 0)]);
  let y: tf.Tensor;
  if (a.mode === 'constant') y = tf.pad(x, grow, a.value);
  else y = tf.mirrorPad(x, grow, a.mode);
  if (pairs.every(([b, e]) => b >= 0 && e >= 0)) return [y];
  const begin = pairs.map(([b]) => Math.max(-b, 0));
  const size = y.shape.map((d, i) => d - begin[i] - Math.max(-pairs[i][1], 0));
  return [tf.slice(y, begin, size)];
};

const depthToSpace: Kernel<'DepthToSpace'> = (ctx, a) => [tf.depthToSpace(ctx.input(0) as tf.Tensor4D, a.blockSize, 'NHWC')];

const spaceToDepth: Kernel<'SpaceToDepth'> = (ctx, a) => {
  const x = ctx.input(0);
  const [n, h, w, c] = x.shape;
  const b = a.blockSize;
  // [n, h/b, b, w/b, b, c] → [n, h/b, w/b, b, b, c]: TF's block-major channel order.
  const y = tf.transpose(tf.reshape(x, [n, h / b, b, w / b, b, c]), [0, 1, 3, 2, 4, 5]);
  return [tf.reshape(y, [n, h / b, w / b, b * b * c])];
};

const oneHot: Kernel<'OneHot'> = (ctx, a) => {
  const indices = ctx.input(0);
  const depth = Number(ctx.input(1).dataSync()[0]);
  // TFLite: [indices, depth, on, off]; ONNX: [indices, depth, [off, on]].
  let on = 1;
  let off = 0;
  if (ctx.inputs.length >= 4) {
    on = Number(ctx.input(2).dataSync()[0]);
    off = Number(ctx.input(3).dataSync()[0]);
  } else if (ctx.inputs.length === 3) {
    [off, on] = Array.from(ctx.input(2).dataSync(), Number);
  }
  const y = tf.oneHot(wrapIndices(indices, depth), depth, on, off);
  const axis = a.axis === -1 ? indices.rank : normAxis(a.axis, indices.rank + 1);
  if (axis === indices.rank) return [y];
  const perm = [...Array(y.rank).keys()];
  perm.splice(y.rank - 1, 1);
  perm.splice(axis, 0, y.rank - 1);
  return [tf.transpose(y, perm)];
};

export const DATA_MOVEMENT_KERNELS = {
  Concat: (ctx, a) => {
    const parts = ctx.inputs.filter((t): t is tf.Tensor => t !== undefined);
    const axis = normAxis(a.axis, parts[0].rank);
    const dtype = parts.some((p) => p.dtype === 'float32') ? 'float32' : parts[0].dtype;
    const same = parts.map((p) => (p.dtype === dtype ? p : tf.cast(p, dtype)));
    return [applyActivation(tf.concat(same, axis), a.activation, ctx.op.type)];
  },
  Split: (ctx, a) => tf.split(ctx.input(0), a.numSplits, normAxis(a.axis, ctx.input(0).rank)),
  SplitV: (ctx, a) => tf.split(ctx.input(0), ctx.operand('sizes'), normAxis(a.axis, ctx.input(0).rank)),
  Slice: (ctx) => [tf.slice(ctx.input(0), ctx.operand('begin'), ctx.operand('size'))],
  StridedSlice: (ctx, a) => [tf.stridedSlice(
    ctx.input(0), ctx.operand('begin'), ctx.operand('end'), ctx.operand('strides'),
    a.beginMask, a.endMask, a.ellipsisMask, a.newAxisMask, a.shrinkAxisMask,
  )],
  Pad: pad,
  Gather: (ctx, a) => {
    const params = ctx.input(0);
    const axis = normAxis(a.axis, params.rank);
    return [tf.gather(params, wrapIndices(ctx.input(1), params.shape[axis]), axis, a.batchDims)];
  },
  GatherNd: (ctx) => {
    const indices = ctx.input(1);
    return [tf.gatherND(ctx.input(0), indices.dtype === 'int32' ? indices : tf.cast(indices, 'int32'))];
  },
  DepthToSpace: depthToSpace,
  SpaceToDepth: spaceToDepth,
  Pack: (ctx, a) => {
    const parts = ctx.inputs.filter((t): t is tf.Tensor => t !== undefined);
    return [tf.stack(parts, normAxis(a.axis, parts[0].rank + 1))];
  },
  Unpack: (ctx, a) => tf.unstack(ctx.input(0), normAxis(a.axis, ctx.input(0).rank)),
  OneHot: oneHot,
  TopK: (ctx, a) => {
    const { values, indices } = tf.topk(ctx.input(0), a.k, true);
    return [values, indices];
  },
  CumSum: (ctx, a) => [tf.cumsum(ctx.input(0), normAxis(a.axis, ctx.input(0).rank), a.exclusive, a.reverse)],
  NonMaxSuppression: (ctx, a) => {
    const boxes = ctx.input(0) as tf.Tensor2D;
    const scores = ctx.input(1) as tf.Tensor1D;
    const max = a.maxOutputSize;
    if (max < 0) throw new UnsupportedOpError('NonMaxSuppression', 'a dynamic maxOutputSize');
    const { selectedIndices, selectedScores } = tf.image.nonMaxSuppressionWithScore(
      boxes, scores, max, a.iouThreshold, a.scoreThreshold, a.softNmsSigma);
    const valid = selectedIndices.shape[0];
    // TFLite pads the selection to maxOutputSize with zeros and reports the valid count.
    const padded = (t: tf.Tensor) => tf.pad(t, [[0, max - valid]]);
    const count = tf.scalar(valid, 'int32');
    return ctx.op.outputs.length >= 3 ? [padded(selectedIndices), padded(selectedScores), count] : [padded(selectedIndices), count];
  },
} satisfies { [K in OpType]?: Kernel<K> };
