import { inferShapes } from '../ir/infer';
import type { GraphPass } from './types';

/** Fixes dynamic input dims (NHWC for the IR; names as in the file) and propagates shapes through the graph. */
export const fixInputShapesPass: GraphPass<{ shapes: Record<string, number[]> }> = {
  name: 'fix-input-shapes',
  description: 'Give dynamic input dimensions fixed sizes and infer every tensor shape',
  run(model, { shapes }) {
    const r = inferShapes(model, { inputShapes: shapes });
    const notes = Object.entries(shapes).map(([name, dims]) => `input ${name} fixed to [${dims.join(', ')}]`);
    if (r.unknownTensors.length) notes.push(`${r.unknownTensors.length} tensors keep unknown dimensions`);
    return { changed: Object.keys(shapes).length, notes };
  },
};
