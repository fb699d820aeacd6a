// Reductions: axes remapped to the IR layout; without keepdims the surviving
// axes keep their relative layout.
import { inputsOf, required, type Handler } from '../common';
import { toNumbers } from '../host';
import { dropAxes, identity, invert } from '../layout';
import { attrInt, attrInts, normAxis } from '../node-attrs';

const REDUCE: Record<string, string> = { ReduceMean: 'Mean', ReduceSum: 'Sum', ReduceMax: 'ReduceMax', ReduceMin: 'ReduceMin', ReduceProd: 'ReduceProd' };

export const reduceHandler: Handler = (b, n, where) => {
  const [x0, axesIn] = inputsOf(b, n, where);
  const x = required(x0, 'data', where);
  if (!x.shape) return false;
  const rank = x.shape.length;
  let axes = attrInts(n, 'axes');
  if (!axes && axesIn) {
    if (!axesIn.host) return false;
    axes = toNumbers(axesIn.host);
  }
  if (!axes || axes.length === 0) {
    if (attrInt(n, 'noop_with_empty_axes', 0) === 1) return false;
    axes = identity(rank);
  }
  const norm = [...new Set(axes.map((a) => normAxis(a, rank, where)))];
  const keep = attrInt(n, 'keepdims', 1) === 1;
  const outShape = keep ? x.shape.map((d, i) => (norm.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !norm.includes(i));
  const inv = invert(x.perm);
  const out = b.output(n.outputs[0], x.dtype, outShape, keep ? x.perm : dropAxes(x.perm, norm));
  b.addOp(REDUCE[n.opType], n.name, [b.tensorIn(x, x.perm)], [out], { axes: norm.map((a) => inv[a]).sort((p, q) => p - q), keepDims: keep });
  return true;
};
