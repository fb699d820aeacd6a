// Pooling on channel-last activations.
import type { Padding } from '../../../../ir/attrs';
import { inputsOf, required, type Handler } from '../common';
import { channelLast } from '../layout';
import { attrInt, attrInts, attrString } from '../node-attrs';

export const globalPoolHandler: Handler = (b, n, where) => {
  const x = required(inputsOf(b, n, where)[0], 'X', where);
  const s = x.shape;
  if (!s || s.length !== 4) return false;
  const id = b.tensorIn(x, channelLast(4));
  const out = b.output(n.outputs[0], x.dtype, [s[0], s[1], 1, 1], channelLast(4));
  b.addOp(n.opType === 'GlobalAveragePool' ? 'Mean' : 'ReduceMax', n.name, [id], [out], { axes: [1, 2], keepDims: true });
  return true;
};

export const poolHandler: Handler = (b, n, where) => {
  const x = required(inputsOf(b, n, where)[0], 'X', where);
  const s = x.shape;
  const kernel = attrInts(n, 'kernel_shape');
  if (!s || s.length !== 4 || !kernel || kernel.length !== 2) return false;
  const strides = attrInts(n, 'strides') ?? [1, 1];
  const autoPad = attrString(n, 'auto_pad', 'NOTSET');
  const pads = attrInts(n, 'pads') ?? [0, 0, 0, 0];
  const ceil = attrInt(n, 'ceil_mode', 0) === 1;
  const hasPads = pads.some((p) => p !== 0);
  // TFLite average pooling never counts padding; ONNX may.
  if (n.opType === 'AveragePool' && hasPads && attrInt(n, 'count_include_pad', 0) === 1) return false;
  if ((attrInts(n, 'dilations') ?? [1, 1]).some((d) => d !== 1)) return false;
  const padding: Padding = autoPad === 'SAME_UPPER' ? 'same' : !hasPads && autoPad !== 'SAME_LOWER' ? 'valid' : [pads[0], pads[2], pads[1], pads[3]];
  const spatial = [0, 1].map((i) => {
    const d = s[2 + i];
    if (d < 0) return -1;
    if (padding === 'same') return Math.ceil(d / strides[i]);
    const span = d + pads[i] + pads[i + 2] - kernel[i];
    return (ceil ? Math.ceil(span / strides[i]) : Math.floor(span / strides[i])) + 1;
  });
  // ceil_mode only differs when the last window is partial; with static dims that is checkable.
  if (ceil && spatial.some((d, i) => d < 0 || (s[2 + i] + pads[i] + pads[i + 2] - kernel[i]) % strides[i] !== 0)) return false;
  const id = b.tensorIn(x, channelLast(4));
  const out = b.output(n.outputs[0], x.dtype, [s[0], s[1], ...spatial], channelLast(4));
  b.addOp(n.opType === 'MaxPool' ? 'MaxPool2D' : 'AveragePool2D', n.name, [id], [out], { filter: kernel, strides, padding, activation: 'none' });
  return true;
};
