// Public API of the executor: run an IR Model with TF.js (tfjs-core ops only,
// so the same code runs in Node and the browser).

export { createExecutor } from './executor';
export { useBackend, type BackendName } from './backend';
export { KERNELS, UnsupportedOpError } from './kernels';
export type { Executor, ExecutorOptions, InputData, InputTensor, OutputTensor, RunOptions, RunProfile, RunResult } from './types';
