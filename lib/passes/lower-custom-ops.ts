import { decodeTransposeConvBias, TRANSPOSE_CONV_BIAS, transposeConvBiasOutput } from '../ir/custom/transpose-conv-bias';
import type { Graph, Op } from '../ir/types';
import type { GraphPass } from './types';

// Custom ops that only their own runtime can run are rewritten into builtins
// every TFLite runtime (and TFLite Micro) has. Each lowering is exact.

type Lowering = (graph: Graph, op: Op) => Op | null;

/** MediaPipe's Convolution2DTransposeBias → TRANSPOSE_CONV with a bias input and an explicit output shape. */
const lowerTransposeConvBias: Lowering = (graph, op) => {
  const { padding, strides } = decodeTransposeConvBias(op.attrs.options instanceof Uint8Array ? op.attrs.options : null);
  const x = graph.tensors.get(op.inputs[0]);
  const filter = graph.tensors.get(op.inputs[1]);
  if (!x || !filter || x.shape.length !== 4 || x.shape.slice(1).some((d) => d < 0)) return null;
  const [cout, kh, kw] = filter.shape;
  const outputShape = [
    x.shape[0],
    transposeConvBiasOutput(padding, kh, x.shape[1], strides[0]),
    transposeConvBiasOutput(padding, kw, x.shape[2], strides[1]),
    cout,
  ];
  return {
    id: op.id,
    type: 'TransposeConv2D',
    name: op.name,
    inputs: op.inputs.slice(0, 3),
    outputs: [...op.outputs],
    // SAME with an explicit output shape splits the dropped rows as MediaPipe does (smaller half first).
    attrs: { strides, padding, activation: 'none', outputShape },
  };
};

const LOWERINGS: Record<string, Lowering> = { [TRANSPOSE_CONV_BIAS]: lowerTransposeConvBias };

export const lowerCustomOpsPass: GraphPass<{ ops?: string[] }> = {
  name: 'lower-custom-ops',
  description: 'Rewrite custom ops into builtin ops (e.g. MediaPipe Convolution2DTransposeBias → TRANSPOSE_CONV + bias)',
  run(model, { ops }) {
    const counts: Record<string, number> = {};
    for (const graph of model.graphs) {
      graph.ops = graph.ops.map((op) => {
        const code = op.type === 'Custom' ? String(op.attrs.customCode) : '';
        const lower = LOWERINGS[code];
        if (!lower || (ops && !ops.includes(code))) return op;
        const lowered = lower(graph, op);
        if (lowered) counts[code] = (counts[code] ?? 0) + 1;
        return lowered ?? op;
      });
    }
    return {
      changed: Object.values(counts).reduce((a, b) => a + b, 0),
      notes: Object.entries(counts).map(([code, n]) => `lowered ${n} × ${code}`),
    };
  },
};
