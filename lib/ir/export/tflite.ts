// IR Model → .tflite bytes. Float32 export: float16/int8 weights behind a
// Dequantize are folded to float32 constants, so the file is plain float32.
// Graphs map one-to-one to subgraphs (If/While refer to them by index), each
// gets its inputs and outputs by name, graph 0 gets a 'serving_default'
// signature, and the file records EdgeZoo as its producer.

import { ModelFormatError } from '../../formats/errors';
import { writeTflite, type TfliteModel, type TfliteSignatureDef, type TfliteSubgraph } from '../../formats/tflite';
import type { Model } from '../types';
import { ModelTables, SubgraphEmitter, unexportableOpTypes } from './tflite-emit';
import { prepareForTflite } from './tflite-prepare';

export const TFLITE_PRODUCER = 'EdgeZoo';
export const SIGNATURE_KEY = 'serving_default';

export interface ExportTfliteOptions {
  /** Free text for the file's description (default names the source format). */
  description?: string;
}

/**
 * Writes the model as a float32 .tflite. Shapes are inferred on a copy first;
 * throws ModelFormatError naming every op type that has no TFLite form, or
 * every tensor whose dims stay unknown beyond the batch.
 */
export function exportTflite(model: Model, opts: ExportTfliteOptions = {}): Uint8Array {
  if (model.graphs.length === 0) throw new ModelFormatError('bad-value', 'the model has no graphs');
  // Op support first: unknown shapes usually follow from ops nothing can infer.
  const missing = unexportableOpTypes(model.graphs);
  if (missing.length) throw new ModelFormatError('unsupported', `cannot export to TFLite: no TFLite form for op types ${missing.join(', ')}`);
  const prepared = prepareForTflite(model);
  const tables = new ModelTables();
  const unsupported = new Set<string>();
  const subgraphs: TfliteSubgraph[] = prepared.graphs.map((graph, g) => {
    const emitter = new SubgraphEmitter(graph, tables, g);
    const sg = emitter.emit();
    for (const type of emitter.unsupported) unsupported.add(type);
    return sg;
  });
  if (unsupported.size) {
    throw new ModelFormatError('unsupported', `cannot export to TFLite: no TFLite form for op types ${[...unsupported].sort().join(', ')}`);
  }

  const main = subgraphs[0];
  const signature: TfliteSignatureDef = {
    signatureKey: SIGNATURE_KEY,
    subgraphIndex: 0,
    inputs: main.inputs.map((i) => ({ name: main.tensors[i].name, tensorIndex: i })),
    outputs: main.outputs.map((i) => ({ name: main.tensors[i].name, tensorIndex: i })),
  };
  const producer = tables.addBuffer(new TextEncoder().encode(TFLITE_PRODUCER));
  const tfl: TfliteModel = {
    version: 3,
    operatorCodes: tables.operatorCodes,
    subgraphs,
    description: opts.description ?? `${TFLITE_PRODUCER} export of a ${model.sourceFormat} model`,
    buffers: tables.buffers,
    metadataBuffer: [],
    metadata: [{ name: 'producer', buffer: producer }],
    signatureDefs: [signature],
  };
  return writeTflite(tfl);
}
