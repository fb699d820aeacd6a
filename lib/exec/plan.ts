// What the executor prepares once per graph: validated attrs (op-table
// defaults applied), how many times each tensor is read (for freeing it after
// its last reader) and which ops depend only on constants.

import type { OpType } from '../ir/attrs';
import { isConstant } from '../ir/dtype';
import { requireOpDef } from '../ir/ops';
import { checkAttr } from '../ir/ops/attr-schema';
import { operandInputIndex } from '../ir/ops/context';
import type { AttrKind } from '../ir/ops/types';
import type { AttrValue, Graph, Model, Op } from '../ir/types';
import { type Kernel, kernelFor, UnsupportedOpError } from './kernels';

export interface Step {
  op: Op;
  kernel: Kernel;
  attrs: Record<string, AttrValue>;
  /** Input index of each operand attr still carried as an input. */
  operandInputs: Map<string, number>;
}

export interface GraphPlan {
  graph: Graph;
  steps: Step[];
  /** Ids of the graph's constant tensors. */
  constantIds: Set<string>;
}

function planStep(op: Op): Step {
  const def = requireOpDef(op);
  const kernel = kernelFor(op.type);
  if (!kernel) throw new UnsupportedOpError(op.type, 'no kernel');
  const attrs: Record<string, AttrValue> = { ...(def.defaults as Record<string, AttrValue> | undefined), ...op.attrs };
  const operandInputs = new Map<string, number>();
  for (const [name, index] of operandInputIndex(def, op)) {
    if (index < op.inputs.length && op.inputs[index] !== '') operandInputs.set(name, index);
  }
  for (const [name, kind] of Object.entries(def.attrs as Record<string, AttrKind>)) {
    if (operandInputs.has(name)) continue;
    checkAttr(op, name, kind, attrs[name]);
  }
  return { op, kernel, attrs, operandInputs };
}

export function planModel(model: Model): GraphPlan[] {
  return model.graphs.map((graph) => ({
    graph,
    steps: graph.ops.map(planStep),
    constantIds: new Set([...graph.tensors.values()].filter(isConstant).map((t) => t.id)),
  }));
}

/** Reads of each tensor by the given steps plus one per appearance among the graph outputs. */
export function countUses(steps: readonly Step[], outputs: readonly string[]): Map<string, number> {
  const uses = new Map<string, number>();
  const add = (id: string) => uses.set(id, (uses.get(id) ?? 0) + 1);
  for (const s of steps) for (const id of s.op.inputs) if (id !== '') add(id);
  for (const id of outputs) add(id);
  return uses;
}

/** Op types whose result is not a pure function of constant inputs (or that run subgraphs). */
export const NOT_PRECOMPUTABLE: ReadonlySet<string> = new Set<OpType>(['If', 'While']);
