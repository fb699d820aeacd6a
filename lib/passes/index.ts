import { foldBatchNormPass } from './fold-batch-norm';
import { foldConstantsPass } from './fold-constants';
import { fixInputShapesPass } from './fix-input-shapes';
import { freezeInputsPass } from './freeze-inputs';
import { fuseActivationsPass } from './fuse-activations';
import { inlineConstantIfPass } from './inline-constant-if';
import { lowerCustomOpsPass } from './lower-custom-ops';
import type { GraphPass } from './types';

export type { GraphPass, PassResult } from './types';

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
