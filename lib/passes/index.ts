import type { Model } from '../ir/types';
import { diffGraphs, snapshotModel, type NodeEdit } from './change-log';
import { foldBatchNormPass } from './fold-batch-norm';
import { foldConstantsPass } from './fold-constants';
import { fixInputShapesPass } from './fix-input-shapes';
import { freezeInputsPass } from './freeze-inputs';
import { fuseActivationsPass } from './fuse-activations';
import { inlineConstantIfPass } from './inline-constant-if';
import { lowerCustomOpsPass } from './lower-custom-ops';
import type { GraphPass, PassResult } from './types';

export type { GraphPass, PassResult } from './types';
export type { NodeEdit, OpRef } from './change-log';

/** Every graph pass a recipe can name, by name. */
export const PASSES = {
  'fix-input-shapes': fixInputShapesPass,
  'freeze-inputs': freezeInputsPass,
  'inline-constant-if': inlineConstantIfPass,
  'fold-constants': foldConstantsPass,
  'fold-batch-norm': foldBatchNormPass,
  'fuse-activations': fuseActivationsPass,
  'lower-custom-ops': lowerCustomOpsPass,
} as const satisfies Record<string, GraphPass<never>>;

export type PassName = keyof typeof PASSES;
export type PassParams<N extends PassName> = Parameters<(typeof PASSES)[N]['run']>[1];

/**
 * Runs the pass `name` on `model` in place. With `recordChanges`, the result
 * also lists the node-level edits it made (from snapshots of the main graph
 * before and after, see change-log.ts); without it, nothing extra runs.
 */
export function runPass(name: PassName, model: Model, params: unknown, opts: { recordChanges?: boolean } = {}): PassResult & { edits?: NodeEdit[] } {
  const pass = PASSES[name] as { run(m: Model, p: unknown): PassResult };
  if (!opts.recordChanges) return pass.run(model, params);
  const before = snapshotModel(model);
  const result = pass.run(model, params);
  return { ...result, edits: diffGraphs(before, snapshotModel(model)) };
}
