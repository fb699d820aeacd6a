// `zoo convert`: any supported model file → float32 .tflite, through the IR:
// loadModel → inferShapes (with the fixed input shapes) → lower custom ops
// that have a builtin equivalent (so any TFLite runtime can run the result)
// → exportTflite.

import { exportTflite } from '../../lib/ir/export/tflite';
import { inferShapes } from '../../lib/ir/infer';
import { loadModel, type ModelFiles } from '../../lib/ir/load';
import { PASSES } from '../../lib/passes';
import type { SourceFormat } from '../../lib/ir/types';

export interface ConvertResult {
  bytes: Uint8Array;
  inputs: { name: string; shape: number[] }[];
  outputs: { name: string; shape: number[] }[];
  /** ONNX tensors laid out NHWC in the export (their source is NCHW). */
  relaidOut: string[];
}

export function convertToTflite(files: ModelFiles & { format: SourceFormat }): ConvertResult {
  const model = loadModel(files);
  // ONNX shapes are applied at import, in the file's NCHW order (as `inspect` does).
  inferShapes(model, files.format === 'onnx' ? {} : { inputShapes: files.inputShapes });
  PASSES['lower-custom-ops'].run(model, {});
  const bytes = exportTflite(model);
  const main = model.graphs[0];
  const info = (id: string) => {
    const t = main.tensors.get(id);
    return { name: t?.name ?? id, shape: t ? [...t.shape] : [] };
  };
  const relaidOut = Object.entries(model.metadata)
    .filter(([k, v]) => k.startsWith('layout:') && v === 'NCHW')
    .map(([k]) => k.slice('layout:'.length));
  return { bytes, inputs: main.inputs.map(info), outputs: main.outputs.map(info), relaidOut };
}
