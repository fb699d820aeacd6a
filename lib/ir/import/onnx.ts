// ONNX → IR importer. Reads the file (lib/formats/onnx), then converts the
// NCHW graph to the IR's NHWC canonical form; see lib/formats/onnx/to-ir for
// the per-op rules and README-style notes in import-graph.ts.
import { readOnnx } from '../../formats/onnx/read';
import { importGraph } from '../../formats/onnx/to-ir/import-graph';
import type { Model } from '../types';

export interface OnnxImportOptions {
  /** Fixed shapes for graph inputs, in ONNX (NCHW) order, replacing dynamic dims. */
  inputShapes?: Record<string, number[]>;
  /**
   * Values that freeze graph inputs to constants (flat, row-major; e.g.
   * { sr: [16000] }). The input leaves the graph and everything computable
   * from it folds at import, including an If it decides.
   */
  inputValues?: Record<string, number[]>;
}

export function importOnnx(bytes: Uint8Array, opts: OnnxImportOptions = {}): Model {
  const onnx = readOnnx(bytes);
  const metadata: Record<string, string> = {
    producer: onnx.producerName,
    producerVersion: onnx.producerVersion,
    irVersion: String(onnx.irVersion),
    opsets: onnx.opsetImports.map((o) => `${o.domain || 'ai.onnx'}:${o.version}`).join(','),
  };
  if (onnx.docString) metadata.description = onnx.docString;
  for (const [k, v] of Object.entries(onnx.metadata)) metadata[`onnx:${k}`] = v;
  const model: Model = { graphs: [], sourceFormat: 'onnx', metadata };
  const opset = onnx.opsetImports.find((o) => o.domain === '')?.version ?? 1;
  // Slot 0 is reserved for the main graph; If branches are appended while it imports.
  model.graphs.push({ name: '', tensors: new Map(), ops: [], inputs: [], outputs: [] });
  const main = importGraph(model, onnx.graph, opset, { layoutIO: true, inputShapes: opts.inputShapes, inputValues: opts.inputValues }, `graph '${onnx.graph.name}'`, 0);
  model.graphs[0] = main.builder.graph;
  return model;
}
