// Gemm/MatMul. With constant weights they become FullyConnected (weights
// [out, in]); otherwise MatMul. The contraction runs over the last ONNX axis,
// so any layout that keeps that axis last is fine for the activation.
import type { GraphBuilder, Value } from '../builder';
import { inputsOf, required, type Handler } from '../common';
import { type HostTensor, elementCount, fromNumbers, permuteHost, toNumbers } from '../host';
import { identity } from '../layout';
import { attrFloat, attrInt } from '../node-attrs';

function scaled(t: HostTensor, k: number): HostTensor {
  return k === 1 ? t : fromNumbers('float32', t.dims, toNumbers(t).map((v) => v * k));
}

function activationIn(b: GraphBuilder, a: Value): { id: string; perm: number[] } {
  const rank = a.shape?.length ?? 2;
  const perm = a.perm[rank - 1] === rank - 1 && !a.host ? a.perm : identity(rank);
  return { id: b.tensorIn(a, perm), perm };
}

function fullyConnected(b: GraphBuilder, name: string, out: string, a: Value, weightsOI: HostTensor, bias: HostTensor | undefined): void {
  const { id, perm } = activationIn(b, a);
  const rank = a.shape?.length ?? 2;
  const outShape = [...(a.shape ?? [-1, -1]).slice(0, -1), weightsOI.dims[0]];
  const w = b.constTensor(`${name}/weights`, weightsOI);
  const bi = bias ? b.constTensor(`${name}/bias`, bias) : '';
  const o = b.output(out, a.dtype, outShape, perm);
  b.addOp('FullyConnected', name, [id, w, bi], [o], { activation: 'none', keepNumDims: rank > 2 });
}

const isFloatConst = (v: Value | undefined): v is Value & { host: HostTensor } => !!v?.host?.data && v.host.dtype === 'float32';

export const matMulHandler: Handler = (b, n, where) => {
  const [a0, b0] = inputsOf(b, n, where).map((v, i) => required(v, `${i}`, where));
  if (isFloatConst(b0) && b0.host.dims.length === 2 && (a0.shape?.length ?? 0) >= 2) {
    fullyConnected(b, n.name, n.outputs[0], a0, permuteHost(b0.host, [1, 0]), undefined);
    return true;
  }
  const ra = a0.shape?.length;
  const rb = b0.shape?.length;
  if (!ra || !rb || ra < 2 || rb < 2) return false;
  const rank = Math.max(ra, rb);
  const lead = (ra >= rb ? a0.shape! : b0.shape!).slice(0, rank - 2);
  const outShape = [...lead, a0.shape![ra - 2], b0.shape![rb - 1]];
  const out = b.output(n.outputs[0], a0.dtype, outShape, identity(rank));
  b.addOp('MatMul', n.name, [b.plain(a0), b.plain(b0)], [out], { transposeA: false, transposeB: false });
  return true;
};

export const gemmHandler: Handler = (b, n, where) => {
  const [a0, b0, c0] = inputsOf(b, n, where);
  const a = required(a0, 'A', where);
  const w = required(b0, 'B', where);
  if (attrInt(n, 'transA', 0) !== 0 || !isFloatConst(w) || w.host.dims.length !== 2) return false;
  const alpha = attrFloat(n, 'alpha', 1);
  const beta = attrFloat(n, 'beta', 1);
  const weights = scaled(attrInt(n, 'transB', 0) === 1 ? w.host : permuteHost(w.host, [1, 0]), alpha);
  const outN = weights.dims[0];
  let bias: HostTensor | undefined;
  if (c0) {
    if (!isFloatConst(c0) || (elementCount(c0.host.dims) !== outN && elementCount(c0.host.dims) !== 1)) return false;
    const vals = toNumbers(c0.host);
    bias = fromNumbers('float32', [outN], vals.length === 1 ? new Array<number>(outN).fill(vals[0] * beta) : vals.map((v) => v * beta));
  }
  fullyConnected(b, n.name, n.outputs[0], a, weights, bias);
  return true;
};
