// One official-TFLite interpreter kept open for many inferences. The build
// validates every artifact on many samples, and lib's test helper
// (runOfficialTflite) starts a fresh wasm module per call; this keeps the
// same runtime (the SIMD build of @tensorflow/tfjs-tflite's wasm, the kernels
// browsers run) but pays the start-up once per artifact.

import {
  copyOut,
  OfficialRuntimeError,
  parseShape,
  runtimeFiles,
  vectorItems,
  type OfficialData,
  type OfficialOutput,
} from '../../lib/formats/tflite/testing/official-runtime';

export interface SessionTensor {
  data: OfficialData;
  shape: number[];
}

export interface TfliteSession {
  inputs: { name: string; shape: number[]; dtype: string }[];
  run(inputs: SessionTensor[]): OfficialOutput[];
  close(): void;
}

/** Loads `model` into the official runtime; throws OfficialRuntimeError with the runtime's own words. */
export async function openTflite(model: Uint8Array): Promise<TfliteSession> {
  const files = runtimeFiles();
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
  const inputInfos = vectorItems(inVec);
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
      return vectorItems(outVec).map((info) => ({ name: info.name, shape: parseShape(info.shape), dtype: info.dataType, data: copyOut(info) }));
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
