// Graph drawing geometry with ELK's layered (Sugiyama) algorithm, top-down.
// Box sizes come from the text they show; the layout itself runs wherever
// the given ELK instance runs (the inspector's worker in the browser).

import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { Unit, UnitEdge } from './collapse';

export interface ElkLike {
  layout(graph: ElkNode): Promise<ElkNode>;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LayoutEdge {
  id: string;
  from: string;
  to: string;
  points: [number, number][];
}

export interface GraphLayout {
  width: number;
  height: number;
  boxes: Record<string, Box>;
  edges: LayoutEdge[];
  ms: number;
}

/** Approximate advance of one character of the drawing's 12 px font. */
const CHAR_WIDTH = 7.6;
const PADDING = 16;

/** Lines a box shows; the drawing and the size estimate share them. */
export function unitLines(u: Unit): [string, string] {
  if (u.group) return [`${u.group.members.length} ops: ${u.group.summary}`, u.group.label];
  const n = u.node;
  if (!n) return ['', ''];
  if (n.kind === 'input') return ['Input', n.name];
  if (n.kind === 'output') return ['Output', n.name];
  return [n.customCode ? `${n.type} (${n.customCode})` : n.type, n.name];
}

export const MAX_LINE_CHARS = 34;

export function unitSize(u: Unit): { width: number; height: number } {
  const [a, b] = unitLines(u);
  const chars = Math.min(MAX_LINE_CHARS, Math.max(a.length, b.length, 6));
  return { width: Math.round(chars * CHAR_WIDTH + PADDING), height: u.group ? 48 : 40 };
}

export function elkGraph(units: Unit[], edges: UnitEdge[]): ElkNode {
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.edgeRouting': 'POLYLINE',
      'elk.spacing.nodeNode': '18',
      'elk.layered.spacing.nodeNodeBetweenLayers': '28',
      // Keep the file's op order where the layering leaves a choice: the drawing reads like the file.
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: units.map((u) => ({ id: u.id, ...unitSize(u) })),
    edges: edges.map((e): ElkExtendedEdge => ({ id: e.id, sources: [e.from], targets: [e.to] })),
  };
}

export async function layoutGraph(elk: ElkLike, units: Unit[], edges: UnitEdge[]): Promise<GraphLayout> {
  const started = Date.now();
  const result = await elk.layout(elkGraph(units, edges));
  const boxes: Record<string, Box> = {};
  for (const c of result.children ?? []) boxes[c.id] = { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 };
  const ends = new Map(edges.map((e) => [e.id, e]));
  const out: LayoutEdge[] = [];
  for (const e of (result.edges ?? []) as ElkExtendedEdge[]) {
    const src = ends.get(e.id);
    if (!src) continue;
    const points: [number, number][] = [];
    for (const s of e.sections ?? []) {
      points.push([s.startPoint.x, s.startPoint.y]);
      for (const b of s.bendPoints ?? []) points.push([b.x, b.y]);
      points.push([s.endPoint.x, s.endPoint.y]);
    }
    out.push({ id: e.id, from: src.from, to: src.to, points });
  }
  return { width: result.width ?? 0, height: result.height ?? 0, boxes, edges: out, ms: Date.now() - started };
}
