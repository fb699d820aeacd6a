// Runs a .tflite in the official TFLite web runtime (@tensorflow/tfjs-tflite's
// self-hosted wasm), as a reference for tests. Node-only: tests import it, lib
// code must not.
//
// Which path and why: directly in Node, no browser. The runtime's emscripten
// module (wasm/tflite_web_api_cc_simd.js) is built with Node support; the only
// browser dependency is fetching the .wasm by URL, which we sidestep by
// handing it `wasmBinary`. We then drive the same embind API that
// tfjs-tflite's TFLiteWebModelRunner wraps (CreateFromBufferAndOptions,
// GetInputs, Infer, GetOutputs), so the kernels and XNNPACK delegate are the
// ones browsers run. The wrapper itself is skipped: it needs tfjs-core tensors
// and `navigator`, and only copies data. The pthread builds are not used
// (their workers are web-worker scripts), so `threads` is passed to the
// interpreter but the single-threaded SIMD build runs it.
//
// Each call gets a fresh module instance: a model the runtime rejects can
// leave the instance aborted, and instantiation costs ~40 ms.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type OfficialData = Float32Array | Int32Array | Uint8Array | Int8Array;

export interface OfficialInput {
  data: OfficialData;
  shape: number[];
}

export interface OfficialOutput {
  name: string;
  shape: number[];
  dtype: string;
  data: OfficialData;
}

export interface OfficialRunOptions {
  threads?: number;
}

/** The runtime refused or failed the model; `runtimeLog` holds what it printed (e.g. an unresolved custom op). */
export class OfficialRuntimeError extends Error {
  override readonly name = 'OfficialRuntimeError';
  constructor(message: string, readonly runtimeLog: string) {
    super(runtimeLog ? `${message}\n${runtimeLog}` : message);
  }
}

// ---- the embind surface we use (see tflite_web_api_client.js) -------------
export interface EmbindVector<T> {
  size(): number;
  get(i: number): T;
  delete(): void;
}

export interface RunnerTensorInfo {
  id: number;
  name: string;
  /** Comma-separated dims, e.g. "1,128,128,3". */
  shape: string;
  dataType: string;
  data(): ArrayBufferView & ArrayLike<number> & { set(src: ArrayLike<number>): void };
  delete(): void;
}

export interface ModelRunner {
  GetInputs(): EmbindVector<RunnerTensorInfo>;
  GetOutputs(): EmbindVector<RunnerTensorInfo>;
  Infer(): boolean;
  delete(): void;
}

export interface StatusOrRunner {
  ok(): boolean;
  errorMessage(): string;
  value(): ModelRunner;
  delete(): void;
}

export interface TfliteWebModule {
  HEAPU8: Uint8Array;
  _malloc(n: number): number;
  _free(p: number): void;
  TFLiteWebModelRunner: {
    CreateFromBufferAndOptions(ptr: number, size: number, options: { numThreads: number; enableProfiling: boolean; maxProfilingBufferEntries: number }): StatusOrRunner;
  };
}

export type ModuleFactory = (overrides: { wasmBinary: Uint8Array; print: (s: string) => void; printErr: (s: string) => void }) => Promise<TfliteWebModule>;

const require = createRequire(import.meta.url);
/** node_modules/@tensorflow/tfjs-tflite/wasm, resolved through the package (no exports map). */
export const OFFICIAL_WASM_DIR = path.join(path.dirname(require.resolve('@tensorflow/tfjs-tflite/package.json')), 'wasm');
const BUILD = 'tflite_web_api_cc_simd';

let cached: { factory: ModuleFactory; wasm: Uint8Array } | null = null;

/** The runtime's module factory and wasm bytes, read once per process. */
export function runtimeFiles(): { factory: ModuleFactory; wasm: Uint8Array } {
  if (!cached) {
    const factory = require(path.join(OFFICIAL_WASM_DIR, `${BUILD}.js`)) as ModuleFactory;
    cached = { factory, wasm: new Uint8Array(readFileSync(path.join(OFFICIAL_WASM_DIR, `${BUILD}.wasm`))) };
  }
  return cached;
}

/** One interpreter on one fresh module; collects what the runtime prints so failures can say why. */
async function withRunner<T>(model: Uint8Array, threads: number, use: (runner: ModelRunner, log: () => string) => T): Promise<T> {
  const { factory, wasm } = runtimeFiles();
  const lines: string[] = [];
  const log = (): string => lines.filter((l) => !l.startsWith('INFO:')).join('\n');
  const mod = await factory({ wasmBinary: wasm, print: (s) => lines.push(s), printErr: (s) => lines.push(s) });
  const ptr = mod._malloc(model.length);
  mod.HEAPU8.set(model, ptr);
  let status: StatusOrRunner | null = null;
  try {
    status = mod.TFLiteWebModelRunner.CreateFromBufferAndOptions(ptr, model.length, { numThreads: threads, enableProfiling: false, maxProfilingBufferEntries: 1024 });
    if (!status.ok()) throw new OfficialRuntimeError(`TFLite runtime cannot load the model: ${status.errorMessage()}`, log());
    const runner = status.value();
    try {
      return use(runner, log);
    } finally {
      runner.delete();
    }
  } catch (err) {
    // An emscripten abort arrives as a RuntimeError; keep the runtime's own words.
    if (err instanceof OfficialRuntimeError) throw err;
    throw new OfficialRuntimeError(`TFLite runtime failed: ${err instanceof Error ? err.message : String(err)}`, log());
  } finally {
    status?.delete();
    mod._free(ptr);
  }
}

export function vectorItems<T>(v: EmbindVector<T>): T[] {
  const out: T[] = [];
  for (let i = 0; i < v.size(); i++) out.push(v.get(i));
  return out;
}

export const parseShape = (s: string): number[] => (s === '' ? [] : s.split(',').map(Number));

/** Copies an output out of wasm memory into the array type callers expect. */
export function copyOut(info: RunnerTensorInfo): OfficialData {
  const view = info.data();
  switch (info.dataType) {
    case 'float32': return Float32Array.from(view);
    case 'int32': return Int32Array.from(view);
    case 'uint8':
    case 'bool': return Uint8Array.from(view);
    case 'int8': return Int8Array.from(view);
    // Wider or rarer types are widened to what the signature allows.
    case 'float64': return Float32Array.from(view);
    default: return Int32Array.from(view);
  }
}

export async function runOfficialTflite(model: Uint8Array, inputs: OfficialInput[], opts: OfficialRunOptions = {}): Promise<OfficialOutput[]> {
  return withRunner(model, opts.threads ?? 1, (runner, log) => {
    const inVec = runner.GetInputs();
    const outVec = runner.GetOutputs();
    try {
      const modelInputs = vectorItems(inVec);
      if (modelInputs.length !== inputs.length) {
        throw new OfficialRuntimeError(`model has ${modelInputs.length} inputs, got ${inputs.length}`, '');
      }
      modelInputs.forEach((info, i) => {
        const want = parseShape(info.shape);
        const got = inputs[i].shape;
        if (want.length !== got.length || want.some((d, k) => d !== -1 && d !== got[k])) {
          throw new OfficialRuntimeError(`input ${i} (${info.name}) expects [${want}], got [${got}]`, '');
        }
        const buf = info.data();
        if (buf.length !== inputs[i].data.length) {
          throw new OfficialRuntimeError(`input ${i} (${info.name}) holds ${buf.length} values, got ${inputs[i].data.length}`, '');
        }
        buf.set(inputs[i].data);
      });
      if (!runner.Infer()) throw new OfficialRuntimeError('TFLite runtime: Infer() failed', log());
      return vectorItems(outVec).map((info) => ({
        name: info.name, shape: parseShape(info.shape), dtype: info.dataType, data: copyOut(info),
      }));
    } finally {
      inVec.delete();
      outVec.delete();
    }
  });
}

export interface OfficialTensorInfo {
  name: string;
  shape: number[];
  dtype: string;
}

export type OfficialLoadResult =
  | { runs: true; inputs: OfficialTensorInfo[]; outputs: OfficialTensorInfo[] }
  | { runs: false; reason: string };

/**
 * Whether the official runtime accepts the model, and if not its own reason
 * (e.g. "Encountered unresolved custom op: Convolution2DTransposeBias.").
 */
export async function probeOfficialTflite(model: Uint8Array): Promise<OfficialLoadResult> {
  try {
    return await withRunner(model, 1, (runner) => {
      const info = (v: EmbindVector<RunnerTensorInfo>): OfficialTensorInfo[] => {
        try {
          return vectorItems(v).map((t) => ({ name: t.name, shape: parseShape(t.shape), dtype: t.dataType }));
        } finally {
          v.delete();
        }
      };
      return { runs: true as const, inputs: info(runner.GetInputs()), outputs: info(runner.GetOutputs()) };
    });
  } catch (err) {
    if (err instanceof OfficialRuntimeError) return { runs: false, reason: err.message };
    throw err;
  }
}
