// Convolutions, dense layers and pooling. TF weight layouts are rewritten into
// the IR's TFLite layouts: Conv2D HWIO → OHWI, depthwise HWCM → [1,h,w,C*M],
// Conv2DBackpropInput HWOI → OHWI, MatMul [in,out] → FullyConnected [out,in].

import type { TfjsNode } from '../types';
import type { ImportContext } from './context';
import { planFused, UNFUSED } from './fused-activation';
import type { OpHandler } from './handler';
import { boolAttr, fail, paddingAttr, requireNhwc, spatialPair } from './node-attrs';

/** A filter in the IR layout: permuted constant, or a Transpose op for a computed filter. */
function relayoutFilter(ctx: ImportContext, node: TfjsNode, filter: string, perm: number[], suffix: string): string {
  if (ctx.isConstant(filter)) {
    if (ctx.tensor(filter)?.shape.length !== 4) fail(node, 'bad-value', `filter "${filter}" is not 4-D`);
    return ctx.permutedConstant(filter, perm, suffix);
  }
  const out = ctx.declareTensor(ctx.freshId(`${node.name}/filter_${suffix}`), ctx.tensor(filter)?.dtype ?? 'float32');
  ctx.addOp('Transpose', `${node.name}/filter_${suffix}`, [filter], [out], { perm });
  return out;
}

const conv2d: OpHandler = (node, ctx, outs) => {
  requireNhwc(node);
  const plan = node.op === '_FusedConv2D' ? planFused(node, ctx, 2) : UNFUSED;
  if (!plan || node.inputs.length < 2) return false;
  const x = ctx.input(node.inputs[0]);
  const filter = relayoutFilter(ctx, node, ctx.input(node.inputs[1]), [3, 0, 1, 2], 'ohwi');
  const attrs = {
    strides: spatialPair(node, 'strides'),
    dilations: spatialPair(node, 'dilations'),
    padding: paddingAttr(node),
    activation: plan.activation,
    // Grouped convs need the input channel count, which is unknown before shape inference.
    groups: 1,
  };
  const { write, finish } = plan.wire(outs[0]);
  ctx.addOp('Conv2D', node.name, [x, filter, plan.bias ?? ''], [write], attrs);
  finish();
  return true;
};

const depthwise: OpHandler = (node, ctx, outs) => {
  requireNhwc(node);
  const plan = node.op === 'FusedDepthwiseConv2dNative' ? planFused(node, ctx, 2) : UNFUSED;
  if (!plan || node.inputs.length < 2) return false;
  const filterIn = ctx.input(node.inputs[1]);
  const shape = ctx.knownShape(filterIn);
  if (!shape || shape.length !== 4) return false; // multiplier comes from the filter shape
  const [kh, kw, c, m] = shape;
  // HWCM flattened is exactly TFLite's [1, h, w, C*M] order: a reshape, no data movement.
  const filter = ctx.isConstant(filterIn)
    ? ctx.reshapedConstant(filterIn, [1, kh, kw, c * m], '1hwc')
    : (() => {
        const t = ctx.declareTensor(ctx.freshId(`${node.name}/filter_1hwc`), ctx.tensor(filterIn)?.dtype ?? 'float32');
        ctx.addOp('Reshape', `${node.name}/filter_1hwc`, [filterIn], [t], { newShape: [1, kh, kw, c * m] });
        return t;
      })();
  const attrs = {
    strides: spatialPair(node, 'strides'),
    dilations: spatialPair(node, 'dilations'),
    padding: paddingAttr(node),
    activation: plan.activation,
    depthMultiplier: m,
  };
  const { write, finish } = plan.wire(outs[0]);
  ctx.addOp('DepthwiseConv2D', node.name, [ctx.input(node.inputs[0]), filter, plan.bias ?? ''], [write], attrs);
  finish();
  return true;
};

const transposeConv: OpHandler = (node, ctx, outs) => {
  requireNhwc(node);
  if (node.inputs.length < 3) return false;
  const [sizes, filterRef, x] = node.inputs.map((r) => ctx.input(r));
  const dilations = spatialPair(node, 'dilations');
  if (dilations[0] !== 1 || dilations[1] !== 1) return false; // TransposeConv2D has no dilation
  const filter = relayoutFilter(ctx, node, filterRef, [2, 0, 1, 3], 'ohwi');
  const outputShape = ctx.constInts(sizes);
  const attrs = { strides: spatialPair(node, 'strides'), padding: paddingAttr(node), activation: 'none', ...(outputShape ? { outputShape } : {}) };
  ctx.addOp('TransposeConv2D', node.name, outputShape ? [x, filter, ''] : [x, filter, '', sizes], [outs[0]], attrs);
  return true;
};

const matmul: OpHandler = (node, ctx, outs) => {
  const plan = node.op === '_FusedMatMul' ? planFused(node, ctx, 2) : UNFUSED;
  if (!plan || node.inputs.length < 2) return false;
  const a = ctx.input(node.inputs[0]);
  const b = ctx.input(node.inputs[1]);
  const transposeA = boolAttr(node, 'transpose_a', false);
  const transposeB = boolAttr(node, 'transpose_b', false);
  if (ctx.isConstant(b) && !transposeA && ctx.tensor(b)?.shape.length === 2) {
    const weights = transposeB ? b : ctx.permutedConstant(b, [1, 0], 'out_in');
    const { write, finish } = plan.wire(outs[0]);
    ctx.addOp('FullyConnected', node.name, [a, weights, plan.bias ?? ''], [write], { activation: plan.activation, keepNumDims: false });
    finish();
    return true;
  }
  // Computed weights: plain MatMul, then bias and activation as their own ops.
  const { write, finish } = plan.wire(outs[0]);
  let out = write;
  const actOut = write;
  if (plan.activation !== 'none') out = ctx.declareTensor(ctx.freshId(`${node.name}/pre_activation`), ctx.tensor(actOut)?.dtype ?? 'float32');
  const mm = plan.bias ? ctx.declareTensor(ctx.freshId(`${node.name}/matmul`), ctx.tensor(actOut)?.dtype ?? 'float32') : out;
  ctx.addOp('MatMul', node.name, [a, b], [mm], { transposeA, transposeB });
  if (plan.bias) ctx.addOp('Add', `${node.name}/bias_add`, [mm, plan.bias], [out], { activation: 'none' });
  if (plan.activation !== 'none') emitActivation(ctx, `${node.name}/activation`, plan.activation, out, actOut);
  finish();
  return true;
};

function emitActivation(ctx: ImportContext, name: string, act: string, input: string, output: string): void {
  const type = { relu: 'Relu', relu6: 'Relu6', sigmoid: 'Logistic', tanh: 'Tanh' }[act] ?? 'Relu';
  ctx.addOp(type, name, [input], [output], {});
}

const batchMatmul: OpHandler = (node, ctx, outs) => {
  if (node.inputs.length < 2) return false;
  const [a, b] = node.inputs.map((r) => ctx.input(r));
  ctx.addOp('MatMul', node.name, [a, b], [outs[0]], { transposeA: boolAttr(node, 'adj_x', false), transposeB: boolAttr(node, 'adj_y', false) });
  return true;
};

function pool(type: 'MaxPool2D' | 'AveragePool2D'): OpHandler {
  return (node, ctx, outs) => {
    requireNhwc(node);
    const attrs = { filter: spatialPair(node, 'ksize'), strides: spatialPair(node, 'strides'), padding: paddingAttr(node), activation: 'none' };
    ctx.addOp(type, node.name, [ctx.input(node.inputs[0])], [outs[0]], attrs);
    return true;
  };
}

/** Inference-mode batch norm with constant statistics folds to x * scale' + shift'. */
const fusedBatchNorm: OpHandler = (node, ctx, outs) => {
  requireNhwc(node);
  if (boolAttr(node, 'is_training', true) || node.inputs.length < 5) return false;
  const [x, ...params] = node.inputs.map((r) => ctx.input(r));
  const [gamma, beta, mean, variance] = params.map((p) => ctx.constValues(p));
  if (!gamma || !beta || !mean || !variance) return false;
  const n = gamma.length;
  if (beta.length !== n || mean.length !== n || variance.length !== n) return false;
  const eps = node.attrs.epsilon?.kind === 'f' ? node.attrs.epsilon.value : 1e-3;
  const scale = gamma.map((g, i) => g / Math.sqrt(variance[i] + eps));
  const shift = beta.map((b, i) => b - mean[i] * scale[i]);
  const scaled = ctx.declareTensor(ctx.freshId(`${node.name}/scaled`), 'float32');
  ctx.addOp('Mul', `${node.name}/scale`, [x, ctx.newConstant(`${node.name}/folded_scale`, 'float32', scale)], [scaled], { activation: 'none' });
  ctx.addOp('Add', `${node.name}/shift`, [scaled, ctx.newConstant(`${node.name}/folded_shift`, 'float32', shift)], [outs[0]], { activation: 'none' });
  return true;
};

export const CONV_HANDLERS: Record<string, OpHandler> = {
  Conv2D: conv2d,
  _FusedConv2D: conv2d,
  DepthwiseConv2dNative: depthwise,
  FusedDepthwiseConv2dNative: depthwise,
  Conv2DBackpropInput: transposeConv,
  MatMul: matmul,
  _FusedMatMul: matmul,
  BatchMatMul: batchMatmul,
  BatchMatMulV2: batchMatmul,
  BatchMatMulV3: batchMatmul,
  MaxPool: pool('MaxPool2D'),
  AvgPool: pool('AveragePool2D'),
  FusedBatchNorm: fusedBatchNorm,
  FusedBatchNormV2: fusedBatchNorm,
  FusedBatchNormV3: fusedBatchNorm,
};
