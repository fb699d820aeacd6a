// Resize/Upsample (2-D, nearest or linear) → ResizeNearestNeighbor /
// ResizeBilinear on NHWC. The output size is an attr when the input's spatial
// dims are known, otherwise an operand computed from Shape(x) × scales.
import type { GraphBuilder } from '../builder';
import { inputsOf, required, type Handler } from '../common';
import { fromNumbers, toNumbers } from '../host';
import { channelLast } from '../layout';
import { attrFloats, attrString } from '../node-attrs';

export const resizeHandler: Handler = (b, n, where) => {
  const ins = inputsOf(b, n, where);
  const x = required(ins[0], 'X', where);
  if (!x.shape || x.shape.length !== 4) return false;
  const mode = attrString(n, 'mode', 'nearest');
  if (mode !== 'nearest' && mode !== 'linear') return false;
  const ctm = attrString(n, 'coordinate_transformation_mode', b.opset < 11 ? 'asymmetric' : 'half_pixel');
  if (!['half_pixel', 'pytorch_half_pixel', 'align_corners', 'asymmetric'].includes(ctm)) return false;
  if (mode === 'nearest' && ctm === 'asymmetric' && !['floor', 'round_prefer_ceil'].includes(attrString(n, 'nearest_mode', 'round_prefer_floor')) && b.opset >= 11) return false;
  // Upsample and Resize-10: [X, scales]; Resize-11+: [X, roi, scales, sizes].
  const scalesIn = n.opType === 'Upsample' || b.opset < 11 ? ins[1] : ins[2];
  const sizesIn = n.opType === 'Upsample' || b.opset < 11 ? undefined : ins[3];
  let size: number[] | undefined;
  let scales: number[] | undefined = attrFloats(n, 'scales');
  if (sizesIn?.host && toNumbers(sizesIn.host).length === 4) size = toNumbers(sizesIn.host).slice(2);
  else if (scalesIn?.host && toNumbers(scalesIn.host).length === 4) scales = toNumbers(scalesIn.host);
  else if (!scales) return false;
  if (scales && (scales[0] !== 1 || scales[1] !== 1)) return false;
  const spatial = size ?? [0, 1].map((i) => (x.shape![2 + i] < 0 ? -1 : Math.floor(x.shape![2 + i] * scales![2 + i])));
  const outShape = [x.shape[0], x.shape[1], ...spatial];
  const src = b.tensorIn(x, channelLast(4));
  const out = b.output(n.outputs[0], x.dtype, outShape, channelLast(4));
  const inputs = [src];
  if (spatial.some((d) => d < 0)) inputs.push(sizeOperand(b, n.name, src, scales!.slice(2)));
  b.addOp(mode === 'linear' ? 'ResizeBilinear' : 'ResizeNearestNeighbor', n.name, inputs, [out], {
    size: spatial, alignCorners: ctm === 'align_corners', halfPixelCenters: ctm === 'half_pixel' || ctm === 'pytorch_half_pixel',
  });
  return true;
};

/** [H·sh, W·sw] from the NHWC shape at run time (integer scales only, as in real models). */
function sizeOperand(b: GraphBuilder, name: string, src: string, scales: number[]): string {
  const shape = b.addTensor(`${name}/in_shape`, 'int32', [4], [0]);
  b.addOp('Shape', `${name}/in_shape`, [src], [shape], { outType: 'int32' });
  const hw = b.addTensor(`${name}/in_hw`, 'int32', [2], [0]);
  b.addOp('Slice', `${name}/in_hw`, [shape], [hw], { begin: [1], size: [2] });
  const size = b.addTensor(`${name}/out_hw`, 'int32', [2], [0]);
  b.addOp('Mul', `${name}/out_hw`, [hw, b.constTensor(`${name}/scales`, fromNumbers('int32', [2], scales.map(Math.round)))], [size], { activation: 'none' });
  return size;
}
