// Control flow: If evaluates its condition and runs one branch subgraph;
// While loops body until cond is false. Operands map to the subgraph inputs
// in order.

import type * as tf from '@tensorflow/tfjs-core';
import type { OpType } from '../../ir/attrs';
import type { Kernel } from './types';

function truthy(x: tf.Tensor): boolean {
  const v = x.dataSync();
  return v.length > 0 && Number(v[0]) !== 0;
}

const ifKernel: Kernel<'If'> = (ctx, a) => {
  const operands = ctx.inputs.slice(1).filter((t): t is tf.Tensor => t !== undefined);
  return ctx.runGraph(truthy(ctx.input(0)) ? a.thenGraph : a.elseGraph, operands);
};

const whileKernel: Kernel<'While'> = (ctx, a) => {
  let vars = ctx.inputs.filter((t): t is tf.Tensor => t !== undefined);
  // Runs inside the kernel's tidy: each iteration's superseded values are freed when the op ends.
  for (;;) {
    const [cond] = ctx.runGraph(a.condGraph, vars);
    if (!truthy(cond)) break;
    vars = ctx.runGraph(a.bodyGraph, vars);
  }
  return vars;
};

export const CONTROL_KERNELS = {
  If: ifKernel,
  While: whileKernel,
} satisfies { [K in OpType]?: Kernel<K> };
