import { foldConstants } from '../ir/fold';
import type { GraphPass } from './types';

/**
 * Evaluates everything computable from constants: shape arithmetic, and
 * DEQUANTIZE of stored weights — which is how float16 (or int8-weight)
 * models become plain float32 graphs with the DEQUANTIZE ops gone.
 */
export const foldConstantsPass: GraphPass<Record<string, never>> = {
  name: 'fold-constants',
  description: 'Evaluate ops whose inputs are all constant (incl. DEQUANTIZE of float16 weights) and drop dead code',
  run(model) {
    const dequantizeBefore = countType(model.graphs, 'Dequantize');
    const r = foldConstants(model);
    const dequantized = dequantizeBefore - countType(model.graphs, 'Dequantize');
    const notes = [`folded ${r.opsFolded} ops into constants, moved ${r.operandsFolded} constant operands into attributes`];
    if (dequantized) notes.push(`${dequantized} DEQUANTIZE ops of stored weights folded: weights are float32 now`);
    return { changed: r.opsFolded + r.removedOps, notes };
  },
};

function countType(graphs: { ops: { type: string }[] }[], type: string): number {
  return graphs.reduce((n, g) => n + g.ops.filter((o) => o.type === type).length, 0);
}
