// Silero VAD behind an inference engine (lib/engines: the worker client in
// the browser, an Engine directly in Node). The ONNX source takes input,
// state and an int64 sr scalar; our .tflite export has sr frozen to 16 kHz,
// so sr is fed only when the loaded model declares it. Outputs are told
// apart by size (1 probability, 256 state values), which holds whatever
// names a runtime reports.
import type { EngineTensor, TensorInfo } from '../../engines/types';
import { VAD_SAMPLE_RATE, VAD_STATE_SHAPE, VAD_STATE_SIZE, VAD_WINDOW_SAMPLES, type VadModel } from './stream';
import type { TensorRunner } from '../../audio/tensor-runner';

export interface EngineVadOptions {
  /** The loaded model's inputs (EngineInfo.inputs). */
  inputs: readonly TensorInfo[];
  /** Called with each call's inference time (the engine's own measurement, ms). */
  onRun?: (ms: number) => void;
}

function pickInput(inputs: readonly TensorInfo[], name: string): string {
  const found = inputs.find((i) => i.name === name);
  if (!found) throw new Error(`the VAD model has no input named ${name} (inputs: ${inputs.map((i) => i.name).join(', ')})`);
  return found.name;
}

export function engineVadModel(runner: TensorRunner, opts: EngineVadOptions): VadModel {
  const input = pickInput(opts.inputs, 'input');
  const state = pickInput(opts.inputs, 'state');
  const sr = opts.inputs.find((i) => i.name === 'sr')?.name;
  return {
    async run(window, st) {
      if (window.length !== VAD_WINDOW_SAMPLES) throw new Error(`a VAD window is ${VAD_WINDOW_SAMPLES} samples, got ${window.length}`);
      const feeds: EngineTensor[] = [
        { name: input, shape: [1, VAD_WINDOW_SAMPLES], dtype: 'float32', data: window },
        { name: state, shape: VAD_STATE_SHAPE, dtype: 'float32', data: st },
      ];
      if (sr) feeds.push({ name: sr, shape: [], dtype: 'int64', data: BigInt64Array.from([BigInt(VAD_SAMPLE_RATE)]) });
      const { outputs, ms } = await runner.run(feeds, 1);
      const prob = outputs.find((o) => o.data.length === 1);
      const next = outputs.find((o) => o.data.length === VAD_STATE_SIZE);
      if (!prob || !next) throw new Error(`the VAD model's outputs are not a probability and a ${VAD_STATE_SIZE}-value state (got ${outputs.map((o) => `${o.name} [${o.shape.join('×')}]`).join(', ')})`);
      if (ms.length) opts.onRun?.(ms[ms.length - 1]);
      return { probability: Number(prob.data[0]), state: Float32Array.from(next.data as Float32Array) };
    },
  };
}
