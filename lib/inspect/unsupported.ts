// What an op the importer kept as opaque (a Custom op) means for each thing
// EdgeZoo can do with the model, and what would be needed to go further.
// The wording follows what the code does: lib/ir/export (which custom ops
// can be written), lib/passes/lower-custom-ops (which ones are rewritten)
// and lib/quantize (no int8 path for custom ops).

import type { CustomOpSummary } from './view';

export interface CustomOpExplanation {
  op: string;
  count: number;
  /** Converting to TFLite fp32: what happens. */
  tflite: string;
  /** What it would take to convert and run it anywhere. */
  needed: string;
}

const LOWERED = new Set(['Convolution2DTransposeBias']);

export function explainCustomOp(c: CustomOpSummary): CustomOpExplanation {
  const op = c.source === 'tflite' || c.source === 'tflite-builtin' ? c.code : `${c.code} (${c.source})`;
  if (LOWERED.has(c.code)) {
    return {
      op,
      count: c.count,
      tflite: 'rewritten into builtin TFLite ops by the lower-custom-ops pass, exactly',
      needed: 'nothing: the conversion lowers it',
    };
  }
  if (c.source === 'tflite' || c.source === 'tflite-builtin') {
    return {
      op,
      count: c.count,
      tflite: 'written back as the same TFLite custom op',
      needed: `a runtime that registers a "${c.code}" kernel (the stock TFLite runtimes do not), or a lowering of ${c.code} into builtin ops in lib/passes/lower-custom-ops; int8 quantization also needs an int8 kernel for it`,
    };
  }
  return {
    op,
    count: c.count,
    tflite: `refused: the ${c.source === 'tfjs' ? 'TensorFlow' : 'ONNX'} op ${c.code} has no EdgeZoo IR equivalent and no TFLite form`,
    needed: `an IR mapping for ${c.code} in EdgeZoo's ${c.source === 'tfjs' ? 'TF.js' : 'ONNX'} importer (lib/formats/${c.source}/to-ir) onto existing IR ops, or a re-export of the model without it; until then shapes after it stay unknown and its cost is not counted`,
  };
}
