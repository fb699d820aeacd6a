// Ops whose inputs are all constant and that the IR has no op for are folded
// into constants here (SparseToDense in ONNX-exported graphs: nanodet).

import type { OpHandler } from './handler';

/** SparseToDense(indices, output_shape, values, default) with constant inputs. */
const sparseToDense: OpHandler = (node, ctx, outs) => {
  const [indicesId, shapeId, valuesId, defaultId] = node.inputs.map((r) => ctx.input(r));
  const shape = ctx.constInts(shapeId);
  const indices = ctx.constInts(indicesId);
  const values = ctx.constValues(valuesId);
  const fill = ctx.constScalar(defaultId);
  const indexShape = ctx.knownShape(indicesId);
  if (!shape || !indices || !values || fill === undefined || !indexShape || shape.some((d) => d < 0)) return false;
  const total = shape.reduce((a, b) => a * b, 1);
  if (total > 1 << 20) return false; // folding is for small index/shape tensors only
  const rank = shape.length;
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const nnz = indexShape.length === 0 ? 1 : indexShape[0];
  const perIndex = indexShape.length < 2 ? 1 : indexShape[1];
  if (perIndex !== rank && !(rank === 1 && indexShape.length <= 1)) return false;
  const out = new Array<number>(total).fill(fill);
  for (let n = 0; n < nnz; n++) {
    let flat = 0;
    for (let d = 0; d < rank; d++) {
      const i = indices[n * perIndex + d];
      if (i < 0 || i >= shape[d]) return false;
      flat += i * strides[d];
    }
    out[flat] = values.length === 1 ? values[0] : values[n];
  }
  const dtype = ctx.tensor(valuesId)?.dtype === 'float32' ? 'float32' : 'int32';
  const data = dtype === 'float32' ? Float32Array.from(out) : Int32Array.from(out);
  // Replace the declared (unknown-shape) output with the folded constant under the same id.
  ctx.addConstant(outs[0], dtype, shape, data);
  return true;
};

export const FOLDING_HANDLERS: Record<string, OpHandler> = {
  SparseToDense: sparseToDense,
};
