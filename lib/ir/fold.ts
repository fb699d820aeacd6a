// Constant folding: evaluates every op whose outputs the op table can compute
// from constants (or, for Shape, from static shapes), stores the results as
// constant tensors, moves constant operands into attrs, then drops what no
// longer reaches an output.

import { removeDeadCode } from './graph';
import { propagateGraph } from './infer';
import type { Model } from './types';

export interface FoldOptions {
  /** Refuse to read or materialise tensors larger than this many elements (default 16M). */
  maxElements?: number;
}

export interface FoldResult {
  opsFolded: number;
  operandsFolded: number;
  removedOps: number;
  removedTensors: number;
}

export const DEFAULT_MAX_FOLD_ELEMENTS = 16 * 1024 * 1024;

/** Folds every graph of the model in place. Shapes are inferred along the way, so it converges in one pass. */
export function foldConstants(model: Model, opts: FoldOptions = {}): FoldResult {
  const result: FoldResult = { opsFolded: 0, operandsFolded: 0, removedOps: 0, removedTensors: 0 };
  for (const graph of model.graphs) {
    const p = propagateGraph(graph, { mode: 'fold', maxValueElements: opts.maxElements ?? DEFAULT_MAX_FOLD_ELEMENTS, model });
    const d = removeDeadCode(graph);
    result.opsFolded += p.opsFolded;
    result.operandsFolded += p.operandsFolded;
    result.removedOps += d.removedOps;
    result.removedTensors += d.removedTensors;
  }
  return result;
}
