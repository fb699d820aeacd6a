import type { Activation } from '../ir/attrs';
import { attrsOf } from '../ir/ops';
import type { Op } from '../ir/types';
import type { GraphPass } from './types';
import { soleConsumer, tidy } from './util';

// TFLite ops carry a fused activation; a separate RELU after a conv costs a
// pass over memory and, in int8, an extra requantisation.

const HOSTS = new Set(['Conv2D', 'DepthwiseConv2D', 'TransposeConv2D', 'FullyConnected', 'Add', 'Sub', 'Mul', 'Div', 'Concat', 'AveragePool2D', 'MaxPool2D']);

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
  description: 'Fuse ReLU, ReLU6, ReLU-N1-to-1, Tanh (and equivalent Clips) into the op that produces their input',
  run(model) {
    const fused: Record<string, number> = {};
    for (const graph of model.graphs) {
      for (const host of [...graph.ops]) {
        if (!HOSTS.has(host.type) || host.outputs.length !== 1 || host.attrs.activation !== 'none') continue;
        const act = soleConsumer(graph, host.outputs[0]);
        const kind = act && act.inputs.filter(Boolean).length === 1 ? asActivation(act) : null;
        if (!act || !kind) continue;
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
