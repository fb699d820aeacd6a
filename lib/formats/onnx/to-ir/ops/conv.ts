// Conv and ConvTranspose → Conv2D / DepthwiseConv2D / TransposeConv2D on
// channel-last activations, with weights permuted to the TFLite layouts.
// 1-D convolutions run as 2-D ones over a height of 1 (ExpandDims/Squeeze).
import type { Padding } from '../../../../ir/attrs';
import { ModelFormatError } from '../../../errors';
import type { OnnxNode } from '../../types';
import type { GraphBuilder, Value } from '../builder';
import { inputsOf, required, type Handler } from '../common';
import { type HostTensor, alignRank } from '../host';
import { channelLast, identity } from '../layout';
import { attrInt, attrInts, attrString } from '../node-attrs';

interface Geometry {
  spatial: number;
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** [begin…, end…] per ONNX; null when auto_pad asks for SAME. */
  pads: number[] | null;
  autoPad: string;
}

function geometry(n: OnnxNode, weightDims: number[], where: string): Geometry {
  const spatial = weightDims.length - 2;
  if (spatial < 1 || spatial > 2) throw new ModelFormatError('unsupported', `${spatial}-D convolution`, where);
  const kernel = attrInts(n, 'kernel_shape') ?? weightDims.slice(2);
  const strides = attrInts(n, 'strides') ?? new Array<number>(spatial).fill(1);
  const dilations = attrInts(n, 'dilations') ?? new Array<number>(spatial).fill(1);
  const autoPad = attrString(n, 'auto_pad', 'NOTSET');
  const pads = autoPad === 'NOTSET' ? attrInts(n, 'pads') ?? new Array<number>(2 * spatial).fill(0) : autoPad === 'VALID' ? new Array<number>(2 * spatial).fill(0) : null;
  if (kernel.length !== spatial || strides.length !== spatial || dilations.length !== spatial || (pads && pads.length !== 2 * spatial)) {
    throw new ModelFormatError('bad-value', 'kernel_shape/strides/dilations/pads do not match the weight rank', where);
  }
  return { spatial, kernel, strides, dilations, pads, autoPad };
}

/** Lifts 1-D geometry to 2-D with a unit height. */
function as2d(g: Geometry): { kernel: number[]; strides: number[]; dilations: number[]; padding: Padding } {
  const lift = (a: number[], fill: number) => (g.spatial === 1 ? [fill, ...a] : a);
  let padding: Padding;
  if (!g.pads) padding = 'same';
  else if (g.pads.every((p) => p === 0)) padding = 'valid';
  else padding = g.spatial === 1 ? [0, 0, g.pads[0], g.pads[1]] : [g.pads[0], g.pads[2], g.pads[1], g.pads[3]];
  return { kernel: lift(g.kernel, 1), strides: lift(g.strides, 1), dilations: lift(g.dilations, 1), padding };
}

function outDim(size: number, k: number, s: number, d: number, padTotal: number | null): number {
  if (size < 0) return -1;
  if (padTotal === null) return Math.ceil(size / s);
  return Math.floor((size + padTotal - ((k - 1) * d + 1)) / s) + 1;
}

/** Channel-last input as an IR rank-4 tensor (1-D gets a unit height). */
function input4d(b: GraphBuilder, x: Value): string {
  const rank = x.shape?.length ?? 4;
  const id = b.tensorIn(x, channelLast(rank));
  if (rank === 4) return id;
  const shape = x.shape ?? [-1, -1, -1];
  const nlc = [shape[0], shape[2], shape[1]];
  const out = b.addTensor(x.name, x.dtype, [nlc[0], 1, nlc[1], nlc[2]], identity(4));
  b.addOp('ExpandDims', `${x.name}/as_2d`, [id], [out], { axis: 1 });
  return out;
}

/** Wires an NHWC rank-4 result back to the ONNX output (squeezing the unit height for 1-D). */
function output4d(b: GraphBuilder, n: OnnxNode, x: Value, onnxOut: number[], emit: (outId: string) => void): void {
  const rank = onnxOut.length;
  const id = b.output(n.outputs[0], x.dtype, onnxOut, channelLast(rank));
  if (rank === 4) { emit(id); return; }
  const nhwc = [onnxOut[0], 1, onnxOut[2], onnxOut[1]];
  const tmp = b.addTensor(n.outputs[0], x.dtype, nhwc, identity(4));
  emit(tmp);
  b.addOp('Squeeze', `${n.name}/from_2d`, [tmp], [id], { axes: [1] });
}

function weightHost(w: Value | undefined, where: string): HostTensor | undefined {
  if (!w?.host) return undefined;
  if (w.host.dtype !== 'float32' && w.host.dtype !== 'float16') return undefined;
  if (w.host.dims.length < 3) throw new ModelFormatError('bad-shape', `weight rank ${w.host.dims.length} is too small`, where);
  return w.host;
}

function biasIn(b: GraphBuilder, bias: Value | undefined): string {
  if (!bias) return '';
  return bias.host ? b.tensorIn(bias, identity(bias.host.dims.length)) : b.plain(bias);
}

/** An input of unknown rank takes the kernel's rank (plain ONNX layout, as Custom outputs are). */
function withKernelRank(x: Value, rank: number): Value {
  return x.shape ? x : { ...x, shape: new Array<number>(rank).fill(-1), perm: identity(rank) };
}

export const convHandler: Handler = (b, n, where) => {
  const [xIn, wIn, biasV] = inputsOf(b, n, where);
  const w = weightHost(wIn, where);
  if (!w) return false; // weights computed at run time: keep as Custom
  const g = geometry(n, w.dims, where);
  const x = withKernelRank(required(xIn, 'X', where), g.spatial + 2);
  const group = attrInt(n, 'group', 1);
  const [cout, cinPerGroup] = w.dims;
  if (group < 1 || cout % group !== 0) throw new ModelFormatError('bad-value', `group ${group} does not divide ${cout} output channels`, where);
  const cin = cinPerGroup * group;
  const xs = x.shape ?? [-1, cin, ...new Array<number>(g.spatial).fill(-1)];
  if (xs.length !== g.spatial + 2) throw new ModelFormatError('bad-shape', `input rank ${xs.length} does not match a ${g.spatial}-D kernel`, where);
  if (xs[1] !== -1 && xs[1] !== cin) throw new ModelFormatError('bad-shape', `input has ${xs[1]} channels, weights expect ${cin}`, where);
  const outShape = [xs[0], cout, ...xs.slice(2).map((d, i) => outDim(d, g.kernel[i], g.strides[i], g.dilations[i], g.pads ? g.pads[i] + g.pads[i + g.spatial] : null))];
  const geo = as2d(g);
  const w4 = alignRank({ ...w, dims: g.spatial === 1 ? [w.dims[0], w.dims[1], 1, w.dims[2]] : w.dims }, 4);
  const depthwise = group > 1 && group === cin && cinPerGroup === 1;
  // OIHW → OHWI for Conv2D, → 1HWO (IHWO with I = 1) for DepthwiseConv2D.
  const filterPerm = depthwise ? [1, 2, 3, 0] : [0, 2, 3, 1];
  const filter = b.tensorIn({ ...wIn!, host: w4, shape: w4.dims, perm: identity(4), name: `${wIn!.name}@${depthwise ? 'dw' : 'ohwi'}` }, filterPerm);
  const xId = input4d(b, x);
  const bias = biasIn(b, biasV);
  output4d(b, n, x, outShape, (out) => {
    if (depthwise) {
      b.addOp('DepthwiseConv2D', n.name, [xId, filter, bias], [out], {
        strides: geo.strides, dilations: geo.dilations, padding: geo.padding, activation: 'none', depthMultiplier: cout / cin,
      });
    } else {
      b.addOp('Conv2D', n.name, [xId, filter, bias], [out], {
        strides: geo.strides, dilations: geo.dilations, padding: geo.padding, activation: 'none', groups: group,
      });
    }
  });
  return true;
};

export const convTransposeHandler: Handler = (b, n, where) => {
  const [xIn, wIn, biasV] = inputsOf(b, n, where);
  const x = required(xIn, 'X', where);
  const w = weightHost(wIn, where);
  if (!w || w.dims.length !== 4 || attrInt(n, 'group', 1) !== 1) return false;
  const g = geometry(n, w.dims, where);
  if (g.dilations.some((d) => d !== 1) || !g.pads) return false;
  const [cin, cout, kh, kw] = w.dims;
  const xs = x.shape ?? [-1, cin, -1, -1];
  if (xs.length !== 4) return false;
  const outPad = attrInts(n, 'output_padding') ?? [0, 0];
  const explicit = attrInts(n, 'output_shape');
  const pads = g.pads;
  const spatialOut = [0, 1].map((i) => {
    if (explicit) return explicit[explicit.length - 2 + i];
    const d = xs[2 + i];
    return d < 0 ? -1 : g.strides[i] * (d - 1) + outPad[i] + [kh, kw][i] - pads[i] - pads[i + 2];
  });
  const outShape = [xs[0], cout, ...spatialOut];
  const xId = b.tensorIn(x, channelLast(4));
  // IOHW → OHWI.
  const filter = b.tensorIn({ ...wIn!, name: `${wIn!.name}@ohwi_t` }, [1, 2, 3, 0]);
  const bias = biasIn(b, biasV);
  const out = b.output(n.outputs[0], x.dtype, outShape, channelLast(4));
  const nhwc = [outShape[0], outShape[2], outShape[3], outShape[1]];
  const inputs = [xId, filter, bias];
  if (nhwc.some((d) => d < 0)) inputs.push(transposeConvShapeOperand(b, n, xId, g.strides, [kh, kw], pads, outPad, cout));
  b.addOp('TransposeConv2D', n.name, inputs, [out], {
    strides: g.strides, padding: pads.every((p) => p === 0) ? 'valid' : [pads[0], pads[2], pads[1], pads[3]], activation: 'none', outputShape: nhwc,
  });
  return true;
};

/** Output shape computed at run time: [N, s·H + c_h, s·W + c_w, Cout] from Shape(x). */
function transposeConvShapeOperand(
  b: GraphBuilder, n: OnnxNode, xId: string, strides: number[], kernel: number[], pads: number[], outPad: number[], cout: number,
): string {
  const i32 = (name: string, vals: number[]) => b.constTensor(name, { dtype: 'int32', dims: [vals.length], data: Int32Array.from(vals) });
  const shape = b.addTensor(`${n.name}/in_shape`, 'int32', [4], [0]);
  b.addOp('Shape', `${n.name}/in_shape`, [xId], [shape], { outType: 'int32' });
  const scaled = b.addTensor(`${n.name}/out_shape_scaled`, 'int32', [4], [0]);
  b.addOp('Mul', `${n.name}/out_shape_scaled`, [shape, i32(`${n.name}/stride`, [1, strides[0], strides[1], 0])], [scaled], { activation: 'none' });
  const offs = [0, 1].map((i) => kernel[i] - strides[i] - pads[i] - pads[i + 2] + outPad[i]);
  const out = b.addTensor(`${n.name}/out_shape`, 'int32', [4], [0]);
  b.addOp('Add', `${n.name}/out_shape`, [scaled, i32(`${n.name}/offset`, [0, offs[0], offs[1], cout])], [out], { activation: 'none' });
  return out;
}

