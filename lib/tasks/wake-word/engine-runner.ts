// One openWakeWord stage behind an inference engine (lib/engines: the worker
// client in the browser, an Engine directly in Node), as the pipeline's
// ModelRunner. The pipeline speaks the ONNX files' layout; our .tflite
// exports keep what the importer made NHWC (the embedding's [1, 76, 32, 1]
// input is [1, 32, 1, 76] there), so the caller says which tensors to permute.
import { nchwShapeToNhwc, permute4 } from '../../engines/tensor';
import type { EngineTensor } from '../../engines/types';
import type { ModelRunner } from './runner';
import type { TensorRunner } from '../../audio/tensor-runner';

export interface EngineRunnerOptions {
  /** The model's (single) input name. */
  inputName: string;
  /** The file takes the input as NHWC while the pipeline gives NCHW (ONNX order). */
  inputToNhwc?: boolean;
  /** The file returns its first output as NHWC; permute back to the ONNX order. */
  outputFromNhwc?: boolean;
  /** Called with each call's inference time (the engine's own measurement, ms). */
  onRun?: (ms: number) => void;
}

export function engineModelRunner(runner: TensorRunner, opts: EngineRunnerOptions): ModelRunner {
  return {
    async run(data, shape) {
      const nhwc = opts.inputToNhwc && shape.length === 4;
      const feed: EngineTensor = nhwc
        ? { name: opts.inputName, shape: nchwShapeToNhwc(shape), dtype: 'float32', data: permute4(data, shape, true) }
        : { name: opts.inputName, shape, dtype: 'float32', data };
      const { outputs, ms } = await runner.run([feed], 1);
      const out = outputs[0];
      if (!out) throw new Error(`the model gave no output for input ${opts.inputName}`);
      if (!(out.data instanceof Float32Array)) throw new Error(`output ${out.name} is ${out.dtype}, expected float32`);
      if (ms.length) opts.onRun?.(ms[ms.length - 1]);
      return opts.outputFromNhwc && out.shape.length === 4 ? permute4(out.data, out.shape, false) : Float32Array.from(out.data);
    },
  };
}
