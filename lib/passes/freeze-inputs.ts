import { elementCount, encodeConstant } from '../ir/dtype';
import { foldConstants } from '../ir/fold';
import { FROZEN_INPUT_KEY } from '../formats/onnx/to-ir/frozen-inputs';
import type { Model } from '../ir/types';
import { inlineConstantIfs } from './inline-constant-if';
import type { GraphPass } from './types';

// Freezes main-graph inputs to constant values (e.g. a sample rate), for
// models in any format: the input tensor becomes a constant and leaves the
// graph's inputs, then everything computable from it folds and every If it
// now decides is inlined (and what that exposes folds again). ONNX imports
// can do the same at import with loadModel's `inputValues`.

export { FROZEN_INPUT_KEY };

export function freezeInputs(model: Model, values: Record<string, number[]>): { frozen: string[]; inlinedIfs: number; folded: number } {
  const main = model.graphs[0];
  for (const [name, vals] of Object.entries(values)) {
    const id = main.inputs.find((i) => main.tensors.get(i)?.name === name);
    const t = id ? main.tensors.get(id) : undefined;
    if (!id || !t) throw new Error(`freeze-inputs: '${name}' is not an input of the model`);
    const count = elementCount(t.shape);
    if (count === null) throw new Error(`freeze-inputs: input '${name}' has unknown dims [${t.shape.join(', ')}]; fix its shape first`);
    if (count !== vals.length) throw new Error(`freeze-inputs: ${vals.length} value(s) for input '${name}' of shape [${t.shape.join(', ')}]`);
    Object.assign(t, encodeConstant(t.dtype, vals));
    main.inputs = main.inputs.filter((i) => i !== id);
    model.metadata[`${FROZEN_INPUT_KEY}${name}`] = vals.join(',');
  }
  let folded = foldConstants(model).opsFolded;
  let inlinedIfs = 0;
  for (let n = inlineConstantIfs(model); n > 0; n = inlineConstantIfs(model)) {
    inlinedIfs += n;
    folded += foldConstants(model).opsFolded;
  }
  return { frozen: Object.keys(values), inlinedIfs, folded };
}

export const freezeInputsPass: GraphPass<{ values: Record<string, number[]> }> = {
  name: 'freeze-inputs',
  description: 'Replace graph inputs by constant values, fold what they decide and inline the Ifs they select',
  run(model, { values }) {
    const r = freezeInputs(model, values);
    return {
      changed: r.frozen.length + r.inlinedIfs + r.folded,
      notes: [
        ...r.frozen.map((name) => `input ${name} frozen to [${values[name].join(', ')}]`),
        `folded ${r.folded} ops, inlined ${r.inlinedIfs} If ops`,
      ],
    };
  },
};
