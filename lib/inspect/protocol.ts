// Messages between the inspector on the page (client.ts) and its worker
// (worker.ts), which downloads or receives the model files, imports them
// into the IR and answers with plain data: the graph views and, on request,
// per-layer simulations.

import type { DownloadProgress } from '../engines/model-cache';
import type { ModelFileRef } from '../engines/protocol';
import type { SourceFormat } from '../ir/types';
import type { LayerRow } from '../targets';
import type { ModelView } from './view';

interface SourceBase {
  /** Entry file (.tflite, .onnx or model.json), relative like the file paths. */
  entry: string;
  format?: SourceFormat;
  /** Fixes dynamic input dims (ONNX: in the file's NCHW order). */
  inputShapes?: Record<string, number[]>;
  /** Freezes inputs to constant values (e.g. { sr: [16000] }). */
  inputValues?: Record<string, number[]>;
}

/** Files the worker downloads (same origin, sha256-checked, cached like the run page's). */
export interface FetchedSource extends SourceBase {
  kind: 'fetch';
  files: ModelFileRef[];
}

/** Files already in memory (bring your own model): they never leave the browser. */
export interface BytesSource extends SourceBase {
  kind: 'bytes';
  files: Record<string, Uint8Array>;
}

export type InspectSource = FetchedSource | BytesSource;

export type SimulatedRow = Pick<LayerRow, 'opId' | 'name' | 'type' | 'runsOn' | 'fallbackReason' | 'timeMs' | 'bound'>;

export interface SimulationSummary {
  targetId: string;
  targetName: string;
  latencyMs: number;
  dtype: string;
  rows: SimulatedRow[];
  warnings: string[];
}

export type InspectRequest =
  | { type: 'open'; id: number; source: InspectSource }
  | { type: 'simulate'; id: number; targetId: string; assumeDtype?: 'int8' | 'float32' };

export type InspectResponse =
  | { type: 'progress'; id: number; progress: DownloadProgress }
  | { type: 'opened'; id: number; view: ModelView; ms: number }
  | { type: 'simulated'; id: number; simulation: SimulationSummary }
  | { type: 'error'; id: number; message: string };
