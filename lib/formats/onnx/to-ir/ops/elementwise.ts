// Elementwise and activation ops. They keep whatever layout their leading
// input has, so chains of them after a Conv stay NHWC with no Transpose.
import type { AttrValue } from '../../../../ir/types';
import { elementwise, inputsOf, required, type Handler } from '../common';
import { fromNumbers, toNumbers } from '../host';
import { channelLast } from '../layout';
import { attrFloat } from '../node-attrs';

const BINARY: Record<string, [string, Record<string, AttrValue>]> = {
  Add: ['Add', { activation: 'none' }], Sub: ['Sub', { activation: 'none' }], Mul: ['Mul', { activation: 'none' }],
  Div: ['Div', { activation: 'none' }], Pow: ['Pow', {}], Max: ['Maximum', {}], Min: ['Minimum', {}],
  Equal: ['Equal', {}], Less: ['Less', {}], LessOrEqual: ['LessEqual', {}], Greater: ['Greater', {}],
  GreaterOrEqual: ['GreaterEqual', {}], And: ['LogicalAnd', {}], Or: ['LogicalOr', {}], Where: ['Select', {}],
};
const COMPARISONS = new Set(['Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual', 'And', 'Or']);

const UNARY: Record<string, string> = {
  Relu: 'Relu', Sigmoid: 'Logistic', Tanh: 'Tanh', Exp: 'Exp', Log: 'Log', Sqrt: 'Sqrt', Neg: 'Neg', Abs: 'Abs',
  Floor: 'Floor', Ceil: 'Ceil', Round: 'Round', Sin: 'Sin', Cos: 'Cos', Erf: 'Erf', Not: 'LogicalNot', Sign: 'Sign',
  HardSwish: 'HardSwish',
};

export const binaryHandler: Handler = (b, n, where) => {
  const [type, attrs] = BINARY[n.opType];
  const ins = inputsOf(b, n, where).map((v, i) => required(v, `${i}`, where));
  if (ins.length < 2 || (n.opType === 'Where' && ins.length !== 3)) return false;
  // Max/Min are variadic in ONNX; the IR ops are binary.
  if (ins.length > 2 && n.opType !== 'Where') return false;
  elementwise(b, n, type, attrs, ins, where, COMPARISONS.has(n.opType) ? 'bool' : n.opType === 'Where' ? ins[1].dtype : undefined);
  return true;
};

export const unaryHandler: Handler = (b, n, where) => {
  const x = required(inputsOf(b, n, where)[0], 'X', where);
  elementwise(b, n, UNARY[n.opType], {}, [x], where);
  return true;
};

export const leakyReluHandler: Handler = (b, n, where) => {
  const x = required(inputsOf(b, n, where)[0], 'X', where);
  elementwise(b, n, 'LeakyRelu', { alpha: attrFloat(n, 'alpha', 0.01) }, [x], where);
  return true;
};

export const eluHandler: Handler = (b, n, where) => {
  if (attrFloat(n, 'alpha', 1) !== 1) return false;
  elementwise(b, n, 'Elu', {}, [required(inputsOf(b, n, where)[0], 'X', where)], where);
  return true;
};

export const preluHandler: Handler = (b, n, where) => {
  const [x, slope] = inputsOf(b, n, where);
  elementwise(b, n, 'PRelu', {}, [required(x, 'X', where), required(slope, 'slope', where)], where);
  return true;
};

export const clipHandler: Handler = (b, n, where) => {
  const [x, lo, hi] = inputsOf(b, n, where);
  const bound = (v: typeof lo, attr: string, dflt: number): number | undefined => {
    if (b.opset < 11) return attrFloat(n, attr, dflt);
    if (!v) return dflt;
    return v.host ? toNumbers(v.host)[0] : undefined;
  };
  const min = bound(lo, 'min', -Infinity);
  const max = bound(hi, 'max', Infinity);
  if (min === undefined || max === undefined) return false;
  elementwise(b, n, 'Clip', { min, max }, [required(x, 'X', where)], where);
  return true;
};

/** HardSigmoid(x) = clip(alpha·x + beta, 0, 1): the IR has no single op, so Mul → Add → Clip. */
export const hardSigmoidHandler: Handler = (b, n, where) => {
  const x = required(inputsOf(b, n, where)[0], 'X', where);
  const alpha = attrFloat(n, 'alpha', 0.2);
  const beta = attrFloat(n, 'beta', 0.5);
  const out = n.outputs[0];
  const scaled = b.constant(`${out}/alpha`, fromNumbers('float32', [], [alpha]));
  const shift = b.constant(`${out}/beta`, fromNumbers('float32', [], [beta]));
  elementwise(b, { ...n, outputs: [`${out}/scaled`], name: `${n.name}/mul` }, 'Mul', { activation: 'none' }, [x, scaled], where);
  elementwise(b, { ...n, outputs: [`${out}/shifted`], name: `${n.name}/add` }, 'Add', { activation: 'none' }, [b.value(`${out}/scaled`, where), shift], where);
  elementwise(b, n, 'Clip', { min: 0, max: 1 }, [b.value(`${out}/shifted`, where)], where);
  return true;
};

/**
 * BatchNormalization (inference) as Mul + Add with per-channel constants
 * scale = γ/√(σ²+ε), shift = β − μ·scale, broadcast on the channel axis.
 */
export const batchNormHandler: Handler = (b, n, where) => {
  const [x, gamma, beta, mean, variance] = inputsOf(b, n, where).map((v, i) => required(v, `${i}`, where));
  if (!gamma.host || !beta.host || !mean.host || !variance.host) return false;
  const eps = attrFloat(n, 'epsilon', 1e-5);
  const [g, bt, m, v] = [gamma, beta, mean, variance].map((t) => toNumbers(t.host!));
  const c = g.length;
  if (![bt, m, v].every((a) => a.length === c)) return false;
  const scale = g.map((gi, i) => gi / Math.sqrt(v[i] + eps));
  const shift = bt.map((bi, i) => bi - m[i] * scale[i]);
  const rank = x.shape?.length ?? 4;
  // Per-channel vector shaped [C, 1, …] in ONNX order so broadcasting hits axis 1.
  const vecDims = [c, ...new Array<number>(Math.max(rank - 2, 0)).fill(1)];
  const out = n.outputs[0];
  const s = b.constant(`${out}/bn_scale`, fromNumbers('float32', vecDims, scale));
  const t = b.constant(`${out}/bn_shift`, fromNumbers('float32', vecDims, shift));
  const xin = x.shape && x.shape.length >= 3 && x.perm.every((p, i) => p === i) && !x.host
    ? { ...x, id: b.tensorIn(x, channelLast(rank)), perm: channelLast(rank) } : x;
  elementwise(b, { ...n, outputs: [`${out}/bn_scaled`], name: `${n.name}/scale` }, 'Mul', { activation: 'none' }, [xin, s], where);
  elementwise(b, n, 'Add', { activation: 'none' }, [b.value(`${out}/bn_scaled`, where), t], where);
  return true;
};

export const castHandler: Handler = (b, n, where) => {
  const x = required(inputsOf(b, n, where)[0], 'X', where);
  const toAttr = n.attributes.to;
  const code = toAttr?.type === 'int' ? toAttr.value : 1;
  const to = b.dtypeOf(code, where);
  if (x.host && x.host.data) {
    b.constant(n.outputs[0], fromNumbers(to, x.host.dims, toNumbers(x.host)));
    return true;
  }
  elementwise(b, n, 'Cast', { to }, [x], where, to);
  return true;
};

/** Identity/Dropout: the output is the input (no op). */
export const aliasHandler: Handler = (b, n, where) => {
  const x = required(inputsOf(b, n, where)[0], 'X', where);
  b.define(n.outputs[0], { ...x, name: n.outputs[0] });
  return true;
};

export const softmaxHandler: Handler = (b, n, where) => {
  const x = required(inputsOf(b, n, where)[0], 'X', where);
  const rank = x.shape?.length;
  if (rank === undefined) return false;
  const axisAttr = n.attributes.axis;
  let axis = axisAttr?.type === 'int' ? axisAttr.value : b.opset < 13 ? 1 : -1;
  if (axis < 0) axis += rank;
  // Before opset 13 Softmax flattened from `axis`; that equals a 1-axis softmax only on the last axis.
  if (b.opset < 13 && axis !== rank - 1) return false;
  const irAxis = x.perm.indexOf(axis);
  const type = n.opType === 'LogSoftmax' ? 'LogSoftmax' : 'Softmax';
  elementwise(b, n, type, type === 'Softmax' ? { axis: irAxis, beta: 1 } : { axis: irAxis }, [x], where);
  return true;
};
