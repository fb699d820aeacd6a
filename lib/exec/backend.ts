// Picks and initialises the TF.js backend the executor runs on. Isomorphic:
// Node gets wasm (from the package's own dist folder) and falls back to cpu;
// browsers may ask for wasm, webgl or webgpu. The webgl/webgpu packages are
// imported only when asked for, so Node never loads them.

import * as tf from '@tensorflow/tfjs-core';

export type BackendName = 'wasm' | 'webgl' | 'webgpu' | 'cpu';

export interface BackendOptions {
  backend?: BackendName;
  /** Folder (or URL prefix) holding tfjs-backend-wasm's .wasm files; Node defaults to node_modules/@tensorflow/tfjs-backend-wasm/dist/. */
  wasmPaths?: string;
}

function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string';
}

function nodeWasmDir(): string {
  const proc = (globalThis as { process?: { cwd(): string } }).process;
  const cwd = proc ? proc.cwd().replace(/\\/g, '/') : '.';
  return `${cwd}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`;
}

async function registerBackend(name: BackendName, opts: BackendOptions): Promise<void> {
  switch (name) {
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const paths = opts.wasmPaths ?? (isNode() ? nodeWasmDir() : undefined);
      // Must precede the backend's first initialisation; later calls are ignored by tfjs.
      if (paths !== undefined && tf.findBackend('wasm') === null) wasm.setWasmPaths(paths);
      return;
    }
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      return;
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      return;
  }
}

/**
 * Makes `requested` (default wasm) the active backend and returns its name.
 * When it cannot start (no WebGPU, wasm files missing) the cpu backend is used
 * instead, so a run still works, just slower.
 */
export async function useBackend(opts: BackendOptions = {}): Promise<BackendName> {
  const requested = opts.backend ?? 'wasm';
  if (tf.getBackend() === requested && tf.findBackend(requested)) return requested;
  try {
    await registerBackend(requested, opts);
    if (await tf.setBackend(requested)) {
      await tf.ready();
      return requested;
    }
  } catch {
    // Fall through to cpu: the requested backend failed to load or initialise.
  }
  await registerBackend('cpu', opts);
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}
