// ONNX LSTM. With a known sequence length, batch and constant float32
// weights it is unrolled into IR ops (lstm-decompose.ts), which every TFLite
// runtime runs and our accounting counts. Anything else (peepholes, clip,
// non-default activations, input_forget, layout=1, sequence_lens, run-time
// weights, unknown dims, very long sequences) stays a Custom op; the reason
// is recorded in Model.metadata under 'custom-reason:<node name>'. We still
// infer its output shapes so downstream layout decisions know the ranks.
import type { OnnxNode } from '../../types';
import type { GraphBuilder, Value } from '../builder';
import { emitCustom, inputsOf, required, type Handler } from '../common';
import { attrInt, attrString } from '../node-attrs';
import { emitUnrolledLstm, type LstmSpec } from './lstm-decompose';

/** Model.metadata key prefix: why a node stayed Custom. */
export const CUSTOM_REASON_KEY = 'custom-reason:';

/** Time steps × directions beyond which unrolling would bloat the graph; such LSTMs stay Custom. */
export const MAX_UNROLLED_STEPS = 256;

const DEFAULT_ACTIVATIONS = ['Sigmoid', 'Tanh', 'Tanh'];

const isFloatConst = (v: Value | undefined): boolean => v?.host?.dtype === 'float32' && v.host.data instanceof Float32Array;

/** The unrolled form's parameters, or why the node cannot be unrolled. */
function lstmSpec(b: GraphBuilder, n: OnnxNode, where: string): LstmSpec | string {
  const [x, w, r, bias, seqLens, initialH, initialC, peep] = inputsOf(b, n, where);
  const direction = attrString(n, 'direction', 'forward');
  if (direction !== 'forward' && direction !== 'reverse' && direction !== 'bidirectional') return `direction '${direction}'`;
  if (attrInt(n, 'layout', 0) !== 0) return 'layout=1 (batch-major)';
  if (attrInt(n, 'input_forget', 0) !== 0) return 'input_forget=1';
  if (n.attributes.clip) return 'cell clip';
  const acts = n.attributes.activations;
  if (acts?.type === 'strings' && acts.value.some((a, k) => a !== DEFAULT_ACTIVATIONS[k % 3])) return `activations ${acts.value.join(', ')}`;
  if (peep) return 'peephole weights';
  if (!isFloatConst(w) || !isFloatConst(r) || (bias && !isFloatConst(bias))) return 'weights or biases that are not float32 constants';
  const xs = required(x, 'X', where).shape;
  if (!xs || xs.length !== 3 || xs.some((d) => d < 0)) return `input X of unknown shape [${xs?.join(', ') ?? '?'}]`;
  const [seq, batch, inputSize] = xs;
  const dirs = direction === 'bidirectional' ? 2 : 1;
  const hidden = attrInt(n, 'hidden_size', r!.host!.dims[2] ?? -1);
  const wDims = w!.host!.dims;
  const rDims = r!.host!.dims;
  if (wDims.join() !== [dirs, 4 * hidden, inputSize].join() || rDims.join() !== [dirs, 4 * hidden, hidden].join()) {
    return `weights W [${wDims.join(', ')}] / R [${rDims.join(', ')}] do not fit hidden_size ${hidden} and input size ${inputSize}`;
  }
  if (bias && bias.host!.dims.join() !== [dirs, 8 * hidden].join()) return `bias B [${bias.host!.dims.join(', ')}] does not fit hidden_size ${hidden}`;
  if (seqLens && !(seqLens.host && Array.from(seqLens.host.data ?? [], Number).every((l) => l === seq))) return 'sequence_lens shorter than the sequence';
  if (seq * dirs > MAX_UNROLLED_STEPS) return `${seq * dirs} time steps (more than ${MAX_UNROLLED_STEPS} to unroll)`;
  for (const [label, v] of [['initial_h', initialH], ['initial_c', initialC]] as const) {
    if (v && (v.dtype !== 'float32' || !v.shape || v.shape.join() !== [dirs, batch, hidden].join())) return `${label} of shape [${v.shape?.join(', ') ?? '?'}]`;
  }
  return {
    name: n.name || n.outputs.find(Boolean) || 'lstm',
    seq, batch, inputSize, hidden, direction, x: x!,
    w: w!.host!, r: r!.host!, b: bias?.host,
    initialH, initialC,
    outputs: { y: n.outputs[0] ?? '', yh: n.outputs[1] ?? '', yc: n.outputs[2] ?? '' },
  };
}

export const lstmHandler: Handler = (b, n, where) => {
  const spec = lstmSpec(b, n, where);
  if (typeof spec !== 'string') {
    emitUnrolledLstm(b, spec);
    return true;
  }
  b.model.metadata[`${CUSTOM_REASON_KEY}${n.name || n.outputs[0]}`] = `LSTM kept as a custom op: ${spec}`;
  const x = required(inputsOf(b, n, where)[0], 'X', where);
  const hidden = attrInt(n, 'hidden_size', -1);
  const dirs = attrString(n, 'direction', 'forward') === 'bidirectional' ? 2 : 1;
  const [seq, batch] = attrInt(n, 'layout', 0) === 0 ? [x.shape?.[0] ?? -1, x.shape?.[1] ?? -1] : [x.shape?.[1] ?? -1, x.shape?.[0] ?? -1];
  const state = [dirs, batch, hidden];
  emitCustom(b, n, where, [[seq, dirs, batch, hidden], state, state]);
  return true;
};
