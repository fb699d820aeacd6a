// Structural checks on the node list: unique names, no dangling references,
// no cycles. TF1 while-loops legitimately close a cycle through NextIteration,
// so edges out of NextIteration are not followed (tfjs does the same).

import { ModelFormatError } from '../errors';
import type { TfjsNode } from './types';

export function checkGraph(nodes: TfjsNode[], where: string, extraSources: ReadonlySet<string> = new Set()): void {
  const byName = new Map<string, TfjsNode>();
  for (const n of nodes) {
    if (byName.has(n.name)) throw new ModelFormatError('bad-value', `duplicate node name "${n.name}"`, where);
    byName.set(n.name, n);
  }
  for (const n of nodes) {
    for (const ref of n.inputs) {
      if (!byName.has(ref.node) && !extraSources.has(ref.node)) {
        throw new ModelFormatError('dangling-tensor', `node "${n.name}" reads "${ref.node}", which is not in the graph`, where);
      }
    }
    for (const c of n.controlInputs) {
      if (!byName.has(c) && !extraSources.has(c)) {
        throw new ModelFormatError('dangling-tensor', `node "${n.name}" has a control dependency on missing node "${c}"`, where);
      }
    }
  }
  topologicalOrder(nodes, where);
}

/**
 * Nodes in dependency order (Kahn's algorithm, FIFO so file order is kept
 * where possible; iterative so deep graphs cannot overflow the stack).
 * Throws 'cycle' if the graph has one outside TF1 loop back-edges.
 */
export function topologicalOrder(nodes: TfjsNode[], where: string): TfjsNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const indegree = new Map<string, number>();
  const consumers = new Map<string, TfjsNode[]>();
  for (const n of nodes) {
    let deg = 0;
    const sources = new Set([...n.inputs.map((r) => r.node), ...n.controlInputs]);
    for (const s of sources) {
      const src = byName.get(s);
      if (!src || src.op === 'NextIteration') continue;
      deg++;
      const list = consumers.get(s);
      if (list) list.push(n);
      else consumers.set(s, [n]);
    }
    indegree.set(n.name, deg);
  }
  const queue = nodes.filter((n) => indegree.get(n.name) === 0);
  for (let head = 0; head < queue.length; head++) {
    for (const c of consumers.get(queue[head].name) ?? []) {
      const d = (indegree.get(c.name) ?? 0) - 1;
      indegree.set(c.name, d);
      if (d === 0) queue.push(c);
    }
  }
  if (queue.length !== nodes.length) {
    const stuck = nodes.find((n) => (indegree.get(n.name) ?? 0) > 0);
    throw new ModelFormatError('cycle', `the graph has a cycle through node "${stuck?.name ?? '?'}"`, where);
  }
  return queue;
}
