import { consumers, producers, removeDeadCode } from '../ir/graph';
import type { Graph, Op, Tensor } from '../ir/types';
import { isConstant } from '../ir/dtype';

/** The op that consumes `tensor` if it is the only reader and the tensor is not a graph output. */
export function soleConsumer(graph: Graph, tensor: string): Op | undefined {
  if (graph.outputs.includes(tensor)) return undefined;
  const uses = consumers(graph).get(tensor) ?? [];
  return uses.length === 1 ? uses[0].op : undefined;
}

export function constantTensor(graph: Graph, id: string | undefined): Tensor | undefined {
  const t = id ? graph.tensors.get(id) : undefined;
  return t && isConstant(t) ? t : undefined;
}

/** Replaces every read of `from` with `to` (graph outputs included). */
export function rewire(graph: Graph, from: string, to: string): void {
  for (const op of graph.ops) op.inputs = op.inputs.map((i) => (i === from ? to : i));
  graph.outputs = graph.outputs.map((o) => (o === from ? to : o));
}

/** Drops ops no longer reaching an output, and the tensors only they used. */
export function tidy(graph: Graph): void {
  removeDeadCode(graph);
}

export function producerOf(graph: Graph, tensor: string): Op | undefined {
  return producers(graph).get(tensor);
}

/** A unique tensor id for tensors a pass creates. */
export function freshTensorId(graph: Graph, base: string): string {
  let id = base;
  for (let k = 1; graph.tensors.has(id); k++) id = `${base}_${k}`;
  return id;
}
