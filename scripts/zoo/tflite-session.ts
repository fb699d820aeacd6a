// One official-TFLite interpreter kept open for many inferences. The build
// validates every artifact on many samples, and lib's test helper
// (runOfficialTflite) starts a fresh wasm module per call; this keeps the
// same runtime (the SIMD build of @tensorflow/tfjs-tflite's wasm, the kernels
// browsers run) but pays the start-up once per artifact.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { OfficialRuntimeError, type OfficialData, type OfficialOutput } from '../../lib/formats/tflite/testing/official-runtime';

interface EmbindVector<T> {
  size(): number;
  get(i: number): T;
  delete(): void;
}

interface RunnerTensorInfo {
  name: string;
  shape: string;
  dataType: string;
  data(): ArrayBufferView & ArrayLike<number> & { set(src: ArrayLike<number>): void };
  delete(): void;
}

interface ModelRunner {
  GetInputs(): EmbindVector<RunnerTensorInfo>;
  GetOutputs(): EmbindVector<RunnerTensorInfo>;
  Infer(): boolean;
  delete(): void;
}

interface StatusOrRunner {
  ok(): boolean;
  errorMessage(): string;
  value(): ModelRunner;
  delete(): void;
}

interface TfliteWebModule {
  HEAPU8: Uint8Array;
  _malloc(n: number): number;
  _free(p: number): void;
  TFLiteWebModelRunner: {
    CreateFromBufferAndOptions(ptr: number, size: number, options: { numThreads: number; enableProfiling: boolean; maxProfilingBufferEntries: number }): StatusOrRunner;
  };
}

type ModuleFactory = (overrides: { wasmBinary: Uint8Array; print: (s: string) => void; printErr: (s: string) => void }) => Promise<TfliteWebModule>;

const require = createRequire(import.meta.url);
const WASM_DIR = path.join(path.dirname(require.resolve('@tensorflow/tfjs-tflite/package.json')), 'wasm');
const BUILD = 'tflite_web_api_cc_simd';
let files: { factory: ModuleFactory; wasm: Uint8Array } | null = null;

export interface SessionTensor {
  data: OfficialData;
  shape: number[];
}

export interface TfliteSession {
  inputs: { name: string; shape: number[]; dtype: string }[];
  run(inputs: SessionTensor[]): OfficialOutput[];
  close(): void;
}

const parseShape = (s: string): number[] => (s === '' ? [] : s.split(',').map(Number));

function items<T>(v: EmbindVector<T>): T[] {
  const out: T[] = [];
  for (let i = 0; i < v.size(); i++) out.push(v.get(i));
  return out;
}

function copyOut(info: RunnerTensorInfo): OfficialData {
  const view = info.data();
  switch (info.dataType) {
    case 'float32': return Float32Array.from(view);
    case 'uint8':
    case 'bool': return Uint8Array.from(view);
    case 'int8': return Int8Array.from(view);
    case 'float64': return Float32Array.from(view);
    default: return Int32Array.from(view);
  }
}

/** Loads `model` into the official runtime; throws OfficialRuntimeError with the runtime's own words. */
export async function openTflite(model: Uint8Array): Promise<TfliteSession> {
  if (!files) {
    const factory = require(path.join(WASM_DIR, `${BUILD}.js`)) as ModuleFactory;
    files = { factory, wasm: new Uint8Array(readFileSync(path.join(WASM_DIR, `${BUILD}.wasm`))) };
  }
  const lines: string[] = [];
  const log = (): string => lines.filter((l) => !l.startsWith('INFO:')).join('\n');
  const mod = await files.factory({ wasmBinary: files.wasm, print: (s) => lines.push(s), printErr: (s) => lines.push(s) });
  const ptr = mod._malloc(model.length);
  mod.HEAPU8.set(model, ptr);
  const status = mod.TFLiteWebModelRunner.CreateFromBufferAndOptions(ptr, model.length, { numThreads: 1, enableProfiling: false, maxProfilingBufferEntries: 1024 });
  if (!status.ok()) {
    const message = status.errorMessage();
    status.delete();
    mod._free(ptr);
    throw new OfficialRuntimeError(`TFLite runtime cannot load the model: ${message}`, log());
  }
  const runner = status.value();
  const inVec = runner.GetInputs();
  const outVec = runner.GetOutputs();
  const inputInfos = items(inVec);
  return {
    inputs: inputInfos.map((t) => ({ name: t.name, shape: parseShape(t.shape), dtype: t.dataType })),
    run(inputs) {
      if (inputs.length !== inputInfos.length) throw new OfficialRuntimeError(`model has ${inputInfos.length} inputs, got ${inputs.length}`, '');
      inputInfos.forEach((info, i) => {
        const buf = info.data();
        if (buf.length !== inputs[i].data.length) {
          throw new OfficialRuntimeError(`input ${i} (${info.name}) holds ${buf.length} values, got ${inputs[i].data.length}`, '');
        }
        buf.set(inputs[i].data);
      });
      let ok: boolean;
      try {
        ok = runner.Infer();
      } catch (err) {
        throw new OfficialRuntimeError(`TFLite runtime failed: ${err instanceof Error ? err.message : String(err)}`, log());
      }
      if (!ok) throw new OfficialRuntimeError('TFLite runtime: Infer() failed', log());
      return items(outVec).map((info) => ({ name: info.name, shape: parseShape(info.shape), dtype: info.dataType, data: copyOut(info) }));
    },
    close() {
      inVec.delete();
      outVec.delete();
      runner.delete();
      status.delete();
      mod._free(ptr);
    },
  };
}
