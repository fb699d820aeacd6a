// Public types of the executor.

import type { BackendName } from './backend';

export type InputData =
  | Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array | Uint32Array
  | BigInt64Array | BigUint64Array;

/** One input value: a flat typed array and its dims (in the IR's layout: NHWC for images). */
export interface InputTensor {
  data: InputData;
  shape: number[];
}

export interface OutputTensor {
  shape: number[];
  /** tfjs dtype the value was computed in (integer types run as int32). */
  dtype: 'float32' | 'int32' | 'bool';
  data: Float32Array | Int32Array | Uint8Array;
}

export interface RunOptions {
  /** Tensor ids or names of graph 0 to return as well (any intermediate, constants included). */
  capture?: string[];
  /** Times every op of graph 0 (see RunProfile); the run is slower than a plain one. */
  profile?: boolean;
}

/** Per-op times of one profiled run. */
export interface RunProfile {
  /** Wall time of the graph's steps, inputs uploaded and outputs not yet read back (ms). */
  graphMs: number;
  /**
   * Wall time of each op that ran, by IR op id (ms), the backend synced after
   * each so the time is the op's own. Ops precomputed at load (constant-only)
   * are absent; an If/While includes the ops of the subgraphs it ran.
   */
  opMs: Record<string, number>;
}

export interface RunResult {
  /** Keyed by the output tensor's name (its id when names repeat). */
  outputs: Record<string, OutputTensor>;
  /** Keyed by tensor id. */
  captured: Record<string, OutputTensor>;
  /** Present when the run was asked to profile. */
  profile?: RunProfile;
}

export interface ExecutorOptions {
  backend?: BackendName;
  /** Where tfjs-backend-wasm's .wasm files are served from (browser) or lie (Node). */
  wasmPaths?: string;
}

export interface Executor {
  /** The backend actually in use (cpu when the requested one could not start). */
  readonly backend: BackendName;
  /** Inputs keyed by graph input name or id. */
  run(inputs: Record<string, InputTensor>, opts?: RunOptions): Promise<RunResult>;
  /** Frees the constants; the executor cannot run afterwards. */
  dispose(): void;
}
