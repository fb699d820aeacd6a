// Reductions, arg-reductions, top-k, NMS and other ops with scalar operands.

import { irDTypeOf } from '../dtype';
import type { OpHandler } from './handler';
import { boolAttr, floatAttr, intAttr } from './node-attrs';

function reduction(type: 'Mean' | 'Sum' | 'ReduceMax' | 'ReduceMin' | 'ReduceProd'): OpHandler {
  return (node, ctx, outs) => {
    const [x, axesId] = node.inputs.map((r) => ctx.input(r));
    const keepDims = boolAttr(node, 'keep_dims', false);
    let axes = ctx.constInts(axesId);
    if (axes && axes.some((a) => a < 0)) {
      // The IR wants non-negative axes; that needs the input rank, known only for constants/inputs here.
      const rank = ctx.knownShape(x)?.length;
      axes = rank === undefined ? undefined : axes.map((a) => (a < 0 ? a + rank : a));
    }
    if (axes) ctx.addOp(type, node.name, [x], [outs[0]], { axes, keepDims });
    else ctx.addOp(type, node.name, [x, axesId], [outs[0]], { keepDims });
    return true;
  };
}

function argReduction(type: 'ArgMax' | 'ArgMin'): OpHandler {
  return (node, ctx, outs) => {
    const [x, axisId] = node.inputs.map((r) => ctx.input(r));
    const axis = ctx.constScalar(axisId);
    if (axis === undefined) return false;
    const t = node.attrs.output_type;
    const outputType = t?.kind === 'type' && irDTypeOf(t.value) === 'int32' ? 'int32' : 'int64';
    ctx.addOp(type, node.name, [x], [outs[0]], { axis, outputType });
    return true;
  };
}

const topK: OpHandler = (node, ctx, outs) => {
  const [x, kId] = node.inputs.map((r) => ctx.input(r));
  const k = ctx.constScalar(kId);
  if (k === undefined) return false;
  ctx.addOp('TopK', node.name, [x], outs.slice(0, 2), { k });
  return true;
};

/** NonMaxSuppressionV3/4/5: [boxes, scores, max_output_size, iou, score(, soft_nms_sigma)]. */
const nms: OpHandler = (node, ctx, outs) => {
  const [boxes, scores, ...rest] = node.inputs.map((r) => ctx.input(r));
  const scalars = rest.map((id) => ctx.constScalar(id));
  if (scalars.length < 3 || scalars.some((v) => v === undefined)) return false;
  const [maxOutputSize, iouThreshold, scoreThreshold, softNmsSigma] = scalars as number[];
  const count = node.op === 'NonMaxSuppressionV5' ? 3 : node.op === 'NonMaxSuppressionV4' ? 2 : 1;
  ctx.addOp('NonMaxSuppression', node.name, [boxes, scores], outs.slice(0, count), {
    maxOutputSize,
    iouThreshold,
    scoreThreshold,
    softNmsSigma: softNmsSigma ?? 0,
  });
  return true;
};

const oneHot: OpHandler = (node, ctx, outs) => {
  ctx.addOp('OneHot', node.name, node.inputs.map((r) => ctx.input(r)), [outs[0]], { axis: intAttr(node, 'axis', -1) });
  return true;
};

const cumsum: OpHandler = (node, ctx, outs) => {
  const [x, axisId] = node.inputs.map((r) => ctx.input(r));
  const axis = ctx.constScalar(axisId);
  if (axis === undefined) return false;
  ctx.addOp('CumSum', node.name, [x], [outs[0]], { axis, exclusive: boolAttr(node, 'exclusive', false), reverse: boolAttr(node, 'reverse', false) });
  return true;
};

const lrn: OpHandler = (node, ctx, outs) => {
  ctx.addOp('LocalResponseNormalization', node.name, [ctx.input(node.inputs[0])], [outs[0]], {
    radius: intAttr(node, 'depth_radius', 5),
    bias: floatAttr(node, 'bias', 1),
    alpha: floatAttr(node, 'alpha', 1),
    beta: floatAttr(node, 'beta', 0.5),
  });
  return true;
};

export const REDUCE_HANDLERS: Record<string, OpHandler> = {
  Mean: reduction('Mean'),
  Sum: reduction('Sum'),
  Max: reduction('ReduceMax'),
  Min: reduction('ReduceMin'),
  Prod: reduction('ReduceProd'),
  ArgMax: argReduction('ArgMax'),
  ArgMin: argReduction('ArgMin'),
  TopKV2: topK,
  NonMaxSuppressionV3: nms,
  NonMaxSuppressionV4: nms,
  NonMaxSuppressionV5: nms,
  OneHot: oneHot,
  Cumsum: cumsum,
  LRN: lrn,
};
