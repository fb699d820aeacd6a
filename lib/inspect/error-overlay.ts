// The int8 quantization explorer's overlay: each op coloured by the error
// its output carries in the real int8 network (SQNR of the int8 activation
// against the float one, accumulated through every layer before it; from
// lib/quantize/probe), green (faithful) to red (noisy). Ops whose output does
// not survive into the int8 graph (fused, folded) have none.

import type { LayerProbe } from '../quantize';
import type { OpGroup } from './collapse';
import type { GraphView, NodeView } from './view';

export interface TensorError {
  sqnrDb: number;
  clipped: number;
}

export interface ErrorOverlay {
  /** What was measured, in words (e.g. "on chelsea.jpg"). */
  label: string;
  /** By tensor id of the graph the inspector shows. */
  byTensor: Record<string, TensorError>;
  /** By tensor name, for a graph imported apart from the measured one (a catalogue model's source); resolveErrorOverlay maps them to ids. */
  byName?: Record<string, TensorError>;
}

/**
 * The overlay of a probe: by the float model's tensor ids when the inspector
 * shows that very import (bring your own model), else by name.
 */
export function overlayFromProbe(label: string, layers: readonly LayerProbe[], keyBy: 'id' | 'name'): ErrorOverlay {
  const byKey: Record<string, TensorError> = {};
  for (const l of layers) {
    const key = keyBy === 'id' ? l.floatTensor : l.name;
    const prior = byKey[key];
    // Two int8 tensors can carry one float value (a requantized copy): keep the worse.
    if (!prior || l.sqnrDb < prior.sqnrDb) byKey[key] = { sqnrDb: l.sqnrDb, clipped: l.clipped };
  }
  return keyBy === 'id' ? { label, byTensor: byKey } : { label, byTensor: {}, byName: byKey };
}

/** The overlay keyed by this graph's tensor ids (names that repeat in the graph are left out: they cannot be told apart). */
export function resolveErrorOverlay(errors: ErrorOverlay, graph: GraphView): ErrorOverlay {
  if (!errors.byName) return errors;
  const idsByName = new Map<string, string[]>();
  for (const [id, t] of Object.entries(graph.tensors)) if (!t.constant) idsByName.set(t.name, [...(idsByName.get(t.name) ?? []), id]);
  const byTensor = { ...errors.byTensor };
  for (const [name, e] of Object.entries(errors.byName)) {
    const ids = idsByName.get(name);
    if (ids?.length === 1) byTensor[ids[0]] = e;
  }
  return { label: errors.label, byTensor };
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
