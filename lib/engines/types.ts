// One interface for every in-browser inference engine (our TF.js executor, the
// official TFLite web runtime, ONNX Runtime Web). Engines run inside a Web
// Worker (worker.ts); the page talks to them through client.ts.

export type EngineId = 'tfjs' | 'tflite' | 'ort';

/** What the caller asks for; 'auto' lets the engine pick its fastest working backend. */
export type BackendRequest = 'auto' | 'webgpu' | 'webgl' | 'wasm';

export type TensorDType = 'float32' | 'int32' | 'int64' | 'uint8' | 'int8' | 'bool';

export type TensorData = Float32Array | Int32Array | BigInt64Array | Uint8Array | Int8Array;

/** A tensor crossing the worker boundary: flat data in row-major order, in the model file's own layout. */
export interface EngineTensor {
  name: string;
  shape: number[];
  dtype: TensorDType;
  data: TensorData;
}

export interface TensorInfo {
  name: string;
  /** -1 for a dimension the file leaves dynamic. */
  shape: number[];
  dtype: string;
}

/** A model's files as bytes, keyed by path relative to the entry file's folder. */
export interface ModelBytes {
  /** The .tflite, .onnx or model.json, relative like the keys of `files`. */
  entry: string;
  files: Record<string, Uint8Array>;
  format: 'tflite' | 'onnx' | 'tfjs';
  /** ONNX: fixes dynamic input dims (NCHW, as in the file). */
  inputShapes?: Record<string, number[]>;
  /**
   * Freezes inputs to constants (the recipe's inputValues, e.g. Silero's { sr: [16000] }). Our
   * executor imports the model with them (lib/ir loadModel), folding what they decide, so they
   * leave EngineInfo.inputs. The official runtimes run the file as it is: there they stay inputs
   * (EngineInfo.inputs lists them) and the caller feeds these values.
   */
  inputValues?: Record<string, number[]>;
}

export interface EngineLoadOptions {
  backend: BackendRequest;
  /** Site-relative folder holding the self-hosted runtimes (scripts/copy-runtimes.mjs), e.g. "/runtimes/". */
  runtimesBase: string;
  /**
   * TFLite runtime: wasm threads to use (more than 1 needs a cross-origin isolated page). Default:
   * half the cores, at most 4, when isolated; 1 otherwise.
   */
  threads?: number;
}

export interface EngineInfo {
  engine: EngineId;
  /** The backend actually in use, e.g. "webgpu", "wasm", "wasm (XNNPACK, 4 threads)". */
  backend: string;
  /** Why this backend: which were tried and why they were passed over. */
  note: string;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  loadMs: number;
}

export interface EngineRunResult {
  outputs: EngineTensor[];
  /** Wall time of each inference, ms (inputs in → outputs read back). */
  ms: number[];
}

export interface ProfileOptions {
  /** Runs timed after the warm-up. */
  runs: number;
  /** Untimed runs first (allocation, kernel compilation, weight packing). */
  warmup: number;
}

/** One timed piece of a profiled inference, named as the engine knows it (mapped onto the IR graph by lib/inspect/measured-overlay). */
export type ProfiledNode =
  /** An op of the IR graph, run by our executor: its IR op id. */
  | { kind: 'ir-op'; opId: string; ms: number }
  /** A node the TFLite interpreter ran itself: its operator index in the subgraph, type (e.g. "RELU") and output tensor names. */
  | { kind: 'tflite-node'; index: number; type: string; outputs: string[]; ms: number }
  /**
   * A delegate (XNNPACK) partition: TFLite ops the delegate runs as one node, named by the
   * partition's output tensors. `operators` breaks its time down per XNNPACK operator (in
   * execution order) when the runtime's report tells them apart, i.e. when there is one partition.
   */
  | { kind: 'tflite-delegate'; index: number; outputs: string[]; ms: number; operators?: { name: string; ms: number }[] };

export interface EngineProfile {
  engine: EngineId;
  backend: string;
  runs: number;
  warmup: number;
  /** Median wall time of one profiled inference (ms). */
  profiledMs: number;
  /** Median wall time of one plain inference on the same engine, for comparison (ms). */
  plainMs: number;
  /** Time of each node in one run (ms), averaged over the runs as `method` says. */
  nodes: ProfiledNode[];
  /** How the times were taken and what that does to them, in words. */
  method: string;
}

export interface Engine {
  load(model: ModelBytes, opts: EngineLoadOptions): Promise<EngineInfo>;
  /** Runs `repeats` times on the same inputs and returns the last outputs with every timing. */
  run(inputs: EngineTensor[], repeats: number): Promise<EngineRunResult>;
  /** Times each op (or runtime node) of the loaded model; engines without per-op timing leave it out. */
  profile?(inputs: EngineTensor[], opts: ProfileOptions): Promise<EngineProfile>;
  dispose(): void;
}

/** Engines that can run a given source format, best first. */
export const ENGINES_FOR_FORMAT: Record<ModelBytes['format'], EngineId[]> = {
  tflite: ['tflite', 'tfjs'],
  onnx: ['ort', 'tfjs'],
  tfjs: ['tfjs'],
};

export const ENGINE_NAMES: Record<EngineId, string> = {
  tfjs: 'EdgeZoo executor (TF.js)',
  tflite: 'TFLite web runtime (XNNPACK)',
  ort: 'ONNX Runtime Web',
};

/** Backends each engine can be asked for. */
export const ENGINE_BACKENDS: Record<EngineId, BackendRequest[]> = {
  tfjs: ['auto', 'webgpu', 'webgl', 'wasm'],
  tflite: ['auto', 'wasm'],
  ort: ['auto', 'webgpu', 'wasm'],
};
