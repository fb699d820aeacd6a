import type { Activation } from '../ir/attrs';
import { attrsOf } from '../ir/ops';
import type { Op } from '../ir/types';
import type { GraphPass } from './types';
import { soleConsumer, tidy } from './util';

// TFLite ops carry a fused activation; a separate RELU after a conv costs a
// pass over memory and, in int8, an extra requantisation.
//
// Which host takes which activation follows what the TFLite kernels do with
// the fused_activation_function field, measured in the official runtime
// (lib/passes/fuse-activations.test.ts):
//  - CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD, SUB, MUL, DIV,
//    AVERAGE_POOL_2D and MAX_POOL_2D clamp to RELU, RELU6 and RELU_N1_TO_1
//    (CalculateActivationRange and its quantized twin);
//  - no kernel applies a fused TANH: CalculateActivationRange treats it as
//    "no clamp" (the value comes out un-tanh'd), FULLY_CONNECTED refuses it;
//  - CONCATENATION refuses any fused activation (concatenation.cc);
//  - TRANSPOSE_CONV ignores the field in this runtime, silently.
// So only the RELU family is fused, and only into the hosts that apply it.

const RELU_FAMILY: ReadonlySet<Activation> = new Set<Activation>(['relu', 'relu6', 'relu_n1_to_1']);

/** Host op type → the fused activations its TFLite kernel applies. */
export const FUSABLE_ACTIVATIONS: Readonly<Record<string, ReadonlySet<Activation>>> = {
  Conv2D: RELU_FAMILY,
  DepthwiseConv2D: RELU_FAMILY,
  FullyConnected: RELU_FAMILY,
  Add: RELU_FAMILY,
  Sub: RELU_FAMILY,
  Mul: RELU_FAMILY,
  Div: RELU_FAMILY,
  AveragePool2D: RELU_FAMILY,
  MaxPool2D: RELU_FAMILY,
};

/** The fused activation equivalent to `op`, if there is one. */
function asActivation(op: Op): Activation | null {
  switch (op.type) {
    case 'Relu':
      return 'relu';
    case 'Relu6':
      return 'relu6';
    case 'ReluN1To1':
      return 'relu_n1_to_1';
    case 'Tanh':
      return 'tanh';
    case 'Clip': {
      const { min, max } = attrsOf(op, 'Clip');
      if (min === 0 && max === 6) return 'relu6';
      if (min === 0 && max === Infinity) return 'relu';
      if (min === -1 && max === 1) return 'relu_n1_to_1';
      return null;
    }
    default:
      return null;
  }
}

export const fuseActivationsPass: GraphPass<Record<string, never>> = {
  name: 'fuse-activations',
  description: 'Fuse ReLU, ReLU6, ReLU-N1-to-1 (and equivalent Clips) into the op that produces their input, where its TFLite kernel applies them',
  run(model) {
    const fused: Record<string, number> = {};
    for (const graph of model.graphs) {
      for (const host of [...graph.ops]) {
        const accepts = FUSABLE_ACTIVATIONS[host.type];
        if (!accepts || host.outputs.length !== 1 || host.attrs.activation !== 'none') continue;
        const act = soleConsumer(graph, host.outputs[0]);
        const kind = act && act.inputs.filter(Boolean).length === 1 ? asActivation(act) : null;
        if (!act || !kind || !accepts.has(kind)) continue;
        // Attrs objects may be shared between ops by an importer: never write through them.
        host.attrs = { ...host.attrs, activation: kind };
        graph.tensors.delete(host.outputs[0]);
        host.outputs[0] = act.outputs[0];
        graph.ops = graph.ops.filter((o) => o !== act);
        fused[`${act.type}→${host.type}`] = (fused[`${act.type}→${host.type}`] ?? 0) + 1;
      }
      tidy(graph);
    }
    const total = Object.values(fused).reduce((a, b) => a + b, 0);
    return { changed: total, notes: Object.entries(fused).map(([k, n]) => `fused ${n} × ${k}`) };
  },
};
