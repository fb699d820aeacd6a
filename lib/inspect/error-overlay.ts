// The int8 quantization explorer's overlay: each op coloured by the error
// its output tensor picks up when quantized to int8 (SQNR, from
// lib/inspect/byom/layer-error), green (faithful) to red (noisy). Ops whose
// output does not survive into the int8 graph (fused, folded) have none.

import type { OpGroup } from './collapse';
import type { NodeView } from './view';

export interface TensorError {
  sqnrDb: number;
  clipped: number;
}

export interface ErrorOverlay {
  /** What was measured, in words (e.g. "on chelsea.jpg"). */
  label: string;
  byTensor: Record<string, TensorError>;
}

/** The worst error among a node's outputs, or null when none was measured. */
export function nodeError(errors: ErrorOverlay, node: NodeView): TensorError | null {
  let worst: TensorError | null = null;
  for (const id of node.outputs) {
    const e = errors.byTensor[id];
    if (e && (!worst || e.sqnrDb < worst.sqnrDb)) worst = e;
  }
  return worst;
}

/** The worst error in a block. */
export function groupError(errors: ErrorOverlay, group: OpGroup, nodes: ReadonlyMap<string, NodeView>): TensorError | null {
  let worst: TensorError | null = null;
  for (const id of group.members) {
    const n = nodes.get(id);
    const e = n ? nodeError(errors, n) : null;
    if (e && (!worst || e.sqnrDb < worst.sqnrDb)) worst = e;
  }
  return worst;
}

/** Red at 5 dB or less, yellow around 20 dB, green from 40 dB. */
export function sqnrColour(db: number): string {
  const t = Number.isFinite(db) ? Math.max(0, Math.min(1, (db - 5) / 35)) : 1;
  return `hsl(${(130 * t).toFixed(0)} 75% 78%)`;
}
