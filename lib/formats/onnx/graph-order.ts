// Puts a graph's nodes in topological order and checks that every value a
// node or graph output reads is defined: by a graph input, an initializer, a
// node, or (for subgraphs of If/Loop) an enclosing graph. Subgraph captures
// count as inputs of the node that owns the subgraph, so an If is ordered
// after whatever its branches read from outside.
import { ModelFormatError } from '../errors';
import type { OnnxGraph, OnnxNode } from './types';

/** Names a subgraph reads from enclosing scopes (recursively). */
export function capturedNames(g: OnnxGraph): Set<string> {
  const defined = new Set<string>([...g.inputs.map((v) => v.name), ...g.initializers.map((t) => t.name)]);
  for (const n of g.nodes) for (const o of n.outputs) defined.add(o);
  const captured = new Set<string>();
  for (const n of g.nodes) {
    for (const name of nodeReads(n)) if (name !== '' && !defined.has(name)) captured.add(name);
  }
  for (const o of g.outputs) if (!defined.has(o.name)) captured.add(o.name);
  return captured;
}

/** Every value a node reads: its inputs plus what its subgraphs capture. */
function nodeReads(n: OnnxNode): string[] {
  const reads = [...n.inputs];
  for (const a of Object.values(n.attributes)) {
    const graphs = a.type === 'graph' ? [a.value] : a.type === 'graphs' ? a.value : [];
    for (const g of graphs) reads.push(...capturedNames(g));
  }
  return reads;
}

function describe(n: OnnxNode, i: number): string {
  return `node ${i}${n.name ? ` '${n.name}'` : ''} (${n.opType})`;
}

/**
 * Returns the nodes in dependency order (the file's order when it is already
 * sorted). `outer` holds names visible from enclosing graphs.
 */
export function orderNodes(g: OnnxGraph, outer: ReadonlySet<string>, where: string): OnnxNode[] {
  const available = new Set<string>(['', ...outer, ...g.inputs.map((v) => v.name), ...g.initializers.map((t) => t.name)]);
  const producer = new Map<string, number>();
  g.nodes.forEach((n, i) => {
    for (const o of n.outputs) {
      if (o === '') continue;
      if (producer.has(o)) {
        throw new ModelFormatError('bad-value', `value '${o}' is produced by two nodes (${producer.get(o)} and ${i})`, `${where} / ${describe(n, i)}`);
      }
      producer.set(o, i);
    }
  });

  const deps = g.nodes.map((n, i) => {
    const d: number[] = [];
    for (const name of nodeReads(n)) {
      const p = producer.get(name);
      if (p !== undefined) d.push(p);
      else if (!available.has(name)) {
        throw new ModelFormatError('dangling-tensor', `reads '${name}', which no node, graph input or initializer defines`, `${where} / ${describe(n, i)}`);
      }
    }
    return d;
  });
  for (const o of g.outputs) {
    if (!producer.has(o.name) && !available.has(o.name)) {
      throw new ModelFormatError('dangling-tensor', `graph output '${o.name}' is never produced`, where);
    }
  }

  // Iterative DFS post-order: keeps file order for sorted graphs, never recurses deeply.
  const state = new Uint8Array(g.nodes.length); // 0 new, 1 on stack, 2 done
  const order: OnnxNode[] = [];
  for (let root = 0; root < g.nodes.length; root++) {
    if (state[root] !== 0) continue;
    const stack: Array<[number, number]> = [[root, 0]];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [node, next] = top;
      if (next < deps[node].length) {
        top[1] = next + 1;
        const dep = deps[node][next];
        if (state[dep] === 1) {
          throw new ModelFormatError('cycle', `the graph has a cycle through ${describe(g.nodes[dep], dep)}`, where);
        }
        if (state[dep] === 0) {
          state[dep] = 1;
          stack.push([dep, 0]);
        }
      } else {
        stack.pop();
        state[node] = 2;
        order.push(g.nodes[node]);
      }
    }
  }
  return order;
}
