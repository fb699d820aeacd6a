// Which decoder turns a catalogue model's raw outputs into a TaskResult: one
// record per task folder (lib/tasks/<task-id>/index.ts exports `decoders`,
// keyed by model id). The demo looks decoders up here, in the inference
// worker; a model without one still runs and shows its raw outputs.

import type { TaskDecoder } from './types';

const DECODERS: Readonly<Record<string, Readonly<Record<string, TaskDecoder>>>> = {};

/** The decoder for a catalogue model (task id + model id), or undefined when its task has none yet. */
export function decoderFor(task: string, model: string): TaskDecoder | undefined {
  return Object.hasOwn(DECODERS, task) && Object.hasOwn(DECODERS[task], model) ? DECODERS[task][model] : undefined;
}

/** Every model with a decoder, as "task/model". */
export function decodedModels(): string[] {
  return Object.entries(DECODERS).flatMap(([task, byModel]) => Object.keys(byModel).map((model) => `${task}/${model}`));
}
