// Loads the official TFLite web runtime (@tensorflow/tfjs-tflite) with its
// wasm and emscripten glue from the self-hosted folder <runtimesBase>tflite/
// only, for the engine and the browser benchmark alike. See classic-scripts.ts
// for the stray preload this keeps from requesting a file that is not there.

import { ensureImportScripts } from './classic-scripts';

export type TfliteModule = typeof import('@tensorflow/tfjs-tflite');

export async function loadTfliteRuntime(runtimesBase: string): Promise<TfliteModule> {
  const folder = `${runtimesBase}tflite/`;
  // Before the import: the bundle's preload runs while it is first evaluated.
  ensureImportScripts(folder);
  const tflite: TfliteModule = await import('@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js');
  tflite.setWasmPath(folder);
  return tflite;
}
