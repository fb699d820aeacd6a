import type { EngineTensor } from '../engines/types';

/**
 * What the audio task adapters need of an inference engine: EngineClient.run
 * (the worker, in the browser) and Engine.run (in-process, e.g. in Node tests)
 * both fit.
 */
export interface TensorRunner {
  run(inputs: EngineTensor[], repeats?: number): Promise<{ outputs: EngineTensor[]; ms: number[] }>;
}
