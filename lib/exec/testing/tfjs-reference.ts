// Node-only: the TF.js converter's own GraphModel as a reference, loaded from
// model.json + shards on disk through a custom IO handler.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import type { io } from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  signature?: object;
  userDefinedMetadata?: Record<string, object>;
}

/** IO handler reading a TF.js graph model (model.json + weight shards) from disk: no fetch involved. */
export function diskHandler(modelJsonPath: string): io.IOHandler {
  return {
    load: async (): Promise<io.ModelArtifacts> => {
      const json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as ModelJson;
      const dir = path.dirname(modelJsonPath);
      const buffers = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(path.join(dir, p))));
      const total = Buffer.concat(buffers);
      const weightData = total.buffer.slice(total.byteOffset, total.byteOffset + total.byteLength);
      return {
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
      };
    },
  };
}

export async function loadTfjsReference(modelJsonPath: string): Promise<GraphModel> {
  return loadGraphModel(diskHandler(modelJsonPath));
}

/** Runs the reference for the given output node names (the IR names graph outputs by node). */
export async function runTfjsReference(
  model: GraphModel, inputs: Record<string, tf.Tensor>, names: string[],
): Promise<Record<string, { shape: number[]; data: Float32Array | Int32Array | Uint8Array }>> {
  const outs = (await model.executeAsync(inputs, names)) as tf.Tensor | tf.Tensor[];
  const list = Array.isArray(outs) ? outs : [outs];
  const result: Record<string, { shape: number[]; data: Float32Array | Int32Array | Uint8Array }> = {};
  for (let i = 0; i < list.length; i++) {
    result[names[i]] = { shape: list[i].shape, data: (await list[i].data()) as Float32Array | Int32Array | Uint8Array };
    list[i].dispose();
  }
  return result;
}
