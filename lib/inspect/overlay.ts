// The simulator's per-layer estimate laid over the graph: each op's share of
// the simulated latency (a heat colour) and where it runs (NPU, CPU, or CPU
// because the NPU cannot take it).

import type { LayerRow } from '../targets';
import type { OpGroup } from './collapse';

export type Placement = LayerRow['runsOn'];

export interface OpEstimate {
  timeMs: number;
  /** Fraction of the model's simulated latency. */
  share: number;
  runsOn: Placement;
  fallbackReason?: string;
  bound: string;
}

export interface LayerOverlay {
  targetId: string;
  totalMs: number;
  byOp: Record<string, OpEstimate>;
}

/** Per-layer rows (lib/targets simulate().layers) keyed by op id. */
export function overlayFromLayers(targetId: string, rows: readonly Pick<LayerRow, 'opId' | 'timeMs' | 'runsOn' | 'fallbackReason' | 'bound'>[]): LayerOverlay {
  const totalMs = rows.reduce((a, r) => a + r.timeMs, 0);
  const byOp: Record<string, OpEstimate> = {};
  for (const r of rows) {
    byOp[r.opId] = { timeMs: r.timeMs, share: totalMs > 0 ? r.timeMs / totalMs : 0, runsOn: r.runsOn, bound: r.bound, ...(r.fallbackReason ? { fallbackReason: r.fallbackReason } : {}) };
  }
  return { targetId, totalMs, byOp };
}

/** A collapsed block: the sum of its ops' time, and where most of that time runs (reasons of any fallback kept). */
export function groupEstimate(overlay: LayerOverlay, group: OpGroup): OpEstimate | null {
  let timeMs = 0;
  const byPlace = new Map<Placement, number>();
  const reasons = new Set<string>();
  let any = false;
  for (const id of group.members) {
    const e = overlay.byOp[id];
    if (!e) continue;
    any = true;
    timeMs += e.timeMs;
    byPlace.set(e.runsOn, (byPlace.get(e.runsOn) ?? 0) + e.timeMs + 1e-9);
    if (e.fallbackReason) reasons.add(e.fallbackReason);
  }
  if (!any) return null;
  const runsOn = [...byPlace].sort((a, b) => b[1] - a[1])[0][0];
  return {
    timeMs,
    share: overlay.totalMs > 0 ? timeMs / overlay.totalMs : 0,
    runsOn,
    bound: byPlace.size > 1 ? 'mixed placement' : 'mixed',
    ...(reasons.size ? { fallbackReason: [...reasons].join('; ') } : {}),
  };
}

/**
 * Heat colour of a share of latency: pale yellow (none) to deep red (the
 * op that dominates). Square-root scale so small shares still show.
 */
export function heatColour(share: number): string {
  const t = Math.sqrt(Math.max(0, Math.min(1, share / 0.25)));
  const hue = 55 - 55 * t;
  const light = 92 - 42 * t;
  return `hsl(${hue.toFixed(0)} 95% ${light.toFixed(0)}%)`;
}

export const PLACEMENT_LABELS: Record<Placement, string> = {
  npu: 'NPU',
  cpu: 'CPU',
  'cpu-fallback': 'CPU fallback',
};
