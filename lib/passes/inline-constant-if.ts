import { removeDeadCode } from '../ir/graph';
import { readConstantValues } from '../ir/dtype';
import type { Graph, Model, Op } from '../ir/types';
import { freshTensorId } from './util';
import type { GraphPass } from './types';

// An If whose condition is a constant (after freezing an input, or a shape
// test folded by fold-constants) always takes the same branch: the branch's
// ops and tensors are spliced into the parent in place of the If, with fresh
// ids, its inputs bound to the If's operands and its outputs to the If's
// outputs. Repeats until no constant If is left (branches nest), then drops
// subgraphs nothing calls any more and renumbers the rest.

const GRAPH_ATTRS = ['thenGraph', 'elseGraph', 'condGraph', 'bodyGraph'];

/** The branch a constant condition selects, or undefined when the condition is not constant. */
function takenBranch(graph: Graph, op: Op): number | undefined {
  const cond = graph.tensors.get(op.inputs[0]);
  const values = cond ? readConstantValues(cond) : null;
  if (!values || values.length !== 1) return undefined;
  return Number(values[0] !== 0 ? op.attrs.thenGraph : op.attrs.elseGraph);
}

/** The ops that replace `op`: copies of `branch`'s ops over fresh tensor ids in `graph`. */
function splice(graph: Graph, op: Op, branch: Graph): Op[] {
  const ids = new Map<string, string>();
  branch.inputs.forEach((id, k) => ids.set(id, op.inputs[k + 1]));
  const producedInBranch = new Set(branch.ops.flatMap((o) => o.outputs));
  // A branch output its own op produces can write the If's output tensor directly (keeping its id and name).
  const aliased: Array<[string, string]> = [];
  branch.outputs.forEach((id, k) => {
    if (producedInBranch.has(id) && !ids.has(id)) ids.set(id, op.outputs[k]);
    else aliased.push([op.outputs[k], id]);
  });
  const mapId = (id: string): string => {
    if (id === '') return '';
    let mapped = ids.get(id);
    if (!mapped) {
      const t = branch.tensors.get(id);
      if (!t) throw new Error(`If ${op.name}: branch ${branch.name} reads unknown tensor ${id}`);
      mapped = freshTensorId(graph, `${op.id}/${id}`);
      graph.tensors.set(mapped, { ...t, id: mapped, shape: [...t.shape] });
      ids.set(id, mapped);
    }
    return mapped;
  };
  const ops = branch.ops.map((o) => ({ ...o, id: `${op.id}/${o.id}`, inputs: o.inputs.map(mapId), outputs: o.outputs.map(mapId), attrs: { ...o.attrs } }));
  // Outputs that are branch inputs or constants: readers of the If's output read them instead.
  for (const [from, source] of aliased) {
    const to = mapId(source);
    for (const o of graph.ops) o.inputs = o.inputs.map((i) => (i === from ? to : i));
    for (const o of ops) o.inputs = o.inputs.map((i) => (i === from ? to : i));
    graph.outputs = graph.outputs.map((i) => (i === from ? to : i));
  }
  return ops;
}

/** Inlines every constant-condition If of the model; returns how many. */
export function inlineConstantIfs(model: Model): number {
  let inlined = 0;
  for (let again = true; again;) {
    again = false;
    for (const graph of model.graphs) {
      const next: Op[] = [];
      for (const op of graph.ops) {
        const branch = op.type === 'If' ? takenBranch(graph, op) : undefined;
        if (branch === undefined || !model.graphs[branch]) {
          next.push(op);
          continue;
        }
        next.push(...splice(graph, op, model.graphs[branch]));
        inlined++;
        again = true;
      }
      graph.ops = next;
      if (again) removeDeadCode(graph);
    }
  }
  if (inlined) dropUncalledGraphs(model);
  return inlined;
}

/** Removes subgraphs not reachable from the main graph and renumbers control-flow references. */
function dropUncalledGraphs(model: Model): void {
  const reached = new Set<number>([0]);
  const queue = [0];
  while (queue.length) {
    for (const op of model.graphs[queue.pop()!].ops) {
      for (const key of GRAPH_ATTRS) {
        const i = op.attrs[key];
        if (typeof i === 'number' && !reached.has(i)) {
          reached.add(i);
          queue.push(i);
        }
      }
    }
  }
  const kept = model.graphs.map((_, i) => i).filter((i) => reached.has(i));
  const index = new Map(kept.map((old, k) => [old, k]));
  model.graphs = kept.map((i) => model.graphs[i]);
  for (const g of model.graphs) {
    for (const op of g.ops) for (const key of GRAPH_ATTRS) if (typeof op.attrs[key] === 'number') op.attrs[key] = index.get(op.attrs[key] as number) ?? -1;
  }
}

export const inlineConstantIfPass: GraphPass<Record<string, never>> = {
  name: 'inline-constant-if',
  description: 'Replace each If whose condition is a constant by the ops of the branch it always takes (recursively)',
  run(model) {
    const before = model.graphs.length;
    const n = inlineConstantIfs(model);
    const notes = n ? [`inlined ${n} If ops with constant conditions; ${before - model.graphs.length} subgraphs dropped`] : [];
    return { changed: n, notes };
  },
};
