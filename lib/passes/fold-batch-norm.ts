import { readConstantValues } from '../ir/dtype';
import type { Graph, Op, Tensor } from '../ir/types';
import type { GraphPass } from './types';
import { constantTensor, freshTensorId, soleConsumer, tidy } from './util';

// Inference-mode batch norm arrives as a per-channel Mul then Add after a
// convolution (that is how the ONNX and TF.js importers express it). Folding
// scales the conv's weights per output channel and shifts its bias, so the
// two elementwise ops disappear and the int8 quantizer sees one op.

const FOLDABLE = new Set(['Conv2D', 'DepthwiseConv2D', 'FullyConnected']);

/** Output-channel count and the weight element's channel for each layout. */
function channelOf(op: Op, filter: Tensor, index: number): number {
  const shape = filter.shape;
  if (op.type === 'DepthwiseConv2D') return index % shape[3];
  const perChannel = shape.slice(1).reduce((a, d) => a * d, 1);
  return Math.floor(index / perChannel);
}

function outChannels(op: Op, filter: Tensor): number {
  return op.type === 'DepthwiseConv2D' ? filter.shape[3] : filter.shape[0];
}

/** Per-channel values of a constant that broadcasts over the last axis, or null. */
function perChannel(t: Tensor | undefined, channels: number): Float64Array | null {
  if (!t || t.dtype !== 'float32') return null;
  const v = readConstantValues(t);
  if (!v) return null;
  const n = t.shape.reduce((a, d) => a * d, 1);
  if (n === 1) return new Float64Array(channels).fill(v[0]);
  if (n === channels && t.shape[t.shape.length - 1] === channels) return v;
  return null;
}

function foldInto(graph: Graph, conv: Op, scale: Float64Array | null, shift: Float64Array | null): void {
  const filter = graph.tensors.get(conv.inputs[1]) as Tensor;
  const channels = outChannels(conv, filter);
  if (scale) {
    const w = readConstantValues(filter) as Float64Array;
    const out = new Float32Array(w.length);
    for (let i = 0; i < w.length; i++) out[i] = w[i] * scale[channelOf(conv, filter, i)];
    const id = freshTensorId(graph, `${filter.id}_bnfold`);
    graph.tensors.set(id, { id, name: `${filter.name}/bn_folded`, shape: [...filter.shape], dtype: 'float32', data: out });
    conv.inputs[1] = id;
  }
  const oldBias = constantTensor(graph, conv.inputs[2]);
  const b = oldBias ? (readConstantValues(oldBias) as Float64Array) : new Float64Array(channels);
  const bias = new Float32Array(channels);
  for (let c = 0; c < channels; c++) bias[c] = b[c] * (scale ? scale[c] : 1) + (shift ? shift[c] : 0);
  const id = freshTensorId(graph, `${conv.id}_bias_bnfold`);
  graph.tensors.set(id, { id, name: `${conv.name}/bias_bn_folded`, shape: [channels], dtype: 'float32', data: bias });
  conv.inputs[2] = id;
}

export const foldBatchNormPass: GraphPass<Record<string, never>> = {
  name: 'fold-batch-norm',
  description: 'Fold per-channel Mul/Add (inference-mode batch norm) into the preceding convolution or dense layer',
  run(model) {
    let folded = 0;
    for (const graph of model.graphs) {
      for (const conv of [...graph.ops]) {
        if (!FOLDABLE.has(conv.type) || conv.attrs.activation !== 'none') continue;
        const filter = constantTensor(graph, conv.inputs[1]);
        if (!filter || filter.dtype !== 'float32' || (conv.inputs[2] && !constantTensor(graph, conv.inputs[2]))) continue;
        const channels = outChannels(conv, filter);
        let out = conv.outputs[0];
        for (let step = 0; step < 2; step++) {
          const next = soleConsumer(graph, out);
          if (!next || (next.type !== 'Mul' && next.type !== 'Add') || next.attrs.activation !== 'none') break;
          const other = next.inputs[0] === out ? next.inputs[1] : next.inputs[0];
          const values = perChannel(constantTensor(graph, other), channels);
          if (!values) break;
          foldInto(graph, conv, next.type === 'Mul' ? values : null, next.type === 'Add' ? values : null);
          // The conv now writes the folded op's output, so downstream names (and graph outputs) stay as they were.
          graph.tensors.delete(out);
          out = next.outputs[0];
          conv.outputs[0] = out;
          graph.ops = graph.ops.filter((o) => o !== next);
          folded++;
        }
      }
      tidy(graph);
    }
    return { changed: folded, notes: folded ? [`folded ${folded} per-channel Mul/Add ops into convolution weights and biases`] : [] };
  },
};
