// Search over the graph's nodes by name or op type, case-insensitive.
// Exact op-type matches (e.g. "conv2d") list first, then name matches, both
// in graph order.

import type { NodeView } from './view';

export function searchNodes(nodes: readonly NodeView[], query: string): NodeView[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const typeHits: NodeView[] = [];
  const nameHits: NodeView[] = [];
  for (const n of nodes) {
    const type = n.type.toLowerCase();
    const custom = n.customCode?.toLowerCase();
    if (type === q || custom === q) typeHits.push(n);
    else if (n.name.toLowerCase().includes(q) || type.includes(q) || (custom && custom.includes(q))) nameHits.push(n);
  }
  return [...typeHits, ...nameHits];
}
