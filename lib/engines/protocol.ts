// Messages between the page (client.ts) and the inference worker (worker.ts).
// Every request carries an id; the worker answers with the same id, and sends
// progress messages while a load is under way.

import type { CropFrom } from '../catalogue/recipe-schema';
import type { TaskOptions, TaskResult } from '../tasks/types';
import type { DownloadProgress, FileToFetch } from './model-cache';
import type { FrameRequest, FrameResult, PipelineSpec } from './pipeline';
import type { BackendRequest, EngineId, EngineInfo, EngineProfile, EngineTensor, ModelBytes, ProfileOptions } from './types';

export interface ModelFileRef extends FileToFetch {
  /** Path relative to the entry's folder (what the TF.js model.json or loader asks for). */
  path: string;
}

/** A model to load on an engine. */
export interface LoadSpec {
  engine: EngineId;
  backend: BackendRequest;
  runtimesBase: string;
  format: ModelBytes['format'];
  /** Relative path of the entry among `files`. */
  entry: string;
  /** Files to download (through the model cache). */
  files: ModelFileRef[];
  /** Files already in memory (bring your own model), by the same relative paths; used instead of `files` (the page keeps its copy). */
  bytes?: Record<string, Uint8Array>;
  inputShapes?: Record<string, number[]>;
  /** Inputs frozen to these values (the recipe's inputValues); see ModelBytes.inputValues. */
  inputValues?: Record<string, number[]>;
  /** TFLite runtime: wasm threads (see EngineLoadOptions.threads). */
  threads?: number;
  /** How frames become inputs and outputs become a TaskResult; needed for 'frame' requests. */
  pipeline?: PipelineSpec;
}

export type WorkerRequest =
  | ({ type: 'load'; id: number } & LoadSpec)
  /** The detector a crop model's frames go through first (kept across 'load's of the crop model). */
  | ({ type: 'load-detector'; id: number; pipeline: PipelineSpec; crop: CropFrom } & LoadSpec)
  | { type: 'run'; id: number; inputs: EngineTensor[]; repeats: number }
  /** One picture through the loaded pipeline; the bitmap is transferred and closed by the worker. */
  | ({ type: 'frame'; id: number; bitmap: ImageBitmap } & FrameRequest)
  /** Decodes the last frame that returned its tensors again with new options (no new inference). */
  | { type: 'redecode'; id: number; options: TaskOptions }
  /** Times each op of the loaded model on seeded synthetic inputs (lib/engines/synthetic-inputs). */
  | ({ type: 'profile'; id: number } & ProfileOptions)
  | { type: 'dispose'; id: number };

export type WorkerResponse =
  | { type: 'progress'; id: number; progress: DownloadProgress }
  | { type: 'loaded'; id: number; info: EngineInfo }
  | { type: 'result'; id: number; outputs: EngineTensor[]; ms: number[] }
  | ({ type: 'frame-result'; id: number } & FrameResult)
  | { type: 'profiled'; id: number; profile: EngineProfile }
  | { type: 'disposed'; id: number }
  | { type: 'error'; id: number; message: string };

/** Buffers to transfer (not copy) with a message carrying these tensors. */
export function transferables(tensors: readonly EngineTensor[]): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const t of tensors) {
    const b = t.data.buffer;
    // A SharedArrayBuffer (threaded wasm heap views) cannot be transferred; it is copied instead.
    if (b instanceof ArrayBuffer) seen.add(b);
  }
  return [...seen];
}

/** Buffers to transfer with a frame result: its tensors and a mask's pixels (always owned copies). */
export function frameTransferables(r: FrameResult): ArrayBuffer[] {
  const buffers = transferables([...(r.inputs ?? []), ...(r.outputs ?? [])]);
  const mask = maskData(r.result);
  if (mask && mask.buffer instanceof ArrayBuffer && !buffers.includes(mask.buffer)) buffers.push(mask.buffer);
  return buffers;
}

function maskData(r: TaskResult | undefined): Float32Array | undefined {
  return r?.kind === 'mask' ? r.data : undefined;
}
