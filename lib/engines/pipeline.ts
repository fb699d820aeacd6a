// One frame through a model, end to end: feeds → (variant boundary) → engine
// → (back to the source's layout and floats) → the task's decoder. Runs in
// the inference worker, so the page only captures frames and draws results;
// pure apart from the engine and the pixel source, so Node tests run it too.

import type { Feed, ImageFeed } from '../catalogue/recipe-schema';
import { decoderFor } from '../tasks/registry';
import type { CropRegion } from '../tasks/shared/crop-region';
import type { TaskOptions, TaskResult } from '../tasks/types';
import { toSourceOutputs, toVariantInput, type IoSpec } from './boundary';
import type { FileToFetch } from './model-cache';
import { imageToTensor, type RgbaImage } from './preprocess';
import type { Engine, EngineTensor } from './types';

export interface PipelineInput {
  name: string;
  /** How the demo makes this input (the recipe's feed); absent when the recipe has none. */
  feed?: Feed;
  /** The input as the source model declares it (the layout feeds are made in). */
  source: IoSpec;
  /** The input as the variant that runs declares it. */
  variant: IoSpec;
}

export interface PipelineSpec {
  /** Task id and model id: the decoder's key in lib/tasks/registry. */
  task: string;
  model: string;
  /** Files of the model the decoder needs first (lib/tasks/registry decoderFiles), fetched like model files. */
  decoderFiles?: (FileToFetch & { name: string })[];
  inputs: PipelineInput[];
  outputs: { source: IoSpec[]; variant: IoSpec[] };
}

export interface FrameTimings {
  /** Resize + tensor making + the variant boundary, ms. */
  preMs: number;
  /** Each inference, ms. */
  inferMs: number[];
  /** Outputs back to the source's form + decoding, ms. */
  postMs: number;
  /** Crop models: the detector on the whole frame (pre-processing, inference, decoding), ms. */
  detectMs?: number;
}

/** Which tensors a frame result carries back (inputs are small; outputs can be megabytes per frame). */
export type TensorReturn = 'all' | 'inputs' | 'none';

export interface FrameResult {
  frame: { width: number; height: number };
  result?: TaskResult;
  /** Why there is no result: no decoder for this model yet, or what the decoder threw. */
  decodeNote?: string;
  timings: FrameTimings;
  /** The inputs as the feeds made them (source layout, before quantization; crop models: of the first crop). */
  inputs?: EngineTensor[];
  /** The outputs in the source model's layout and names (crop models: of the first crop). */
  outputs?: EngineTensor[];
  /** Crop models: what the detector found, one rotated crop each (frame pixels). */
  crops?: { finds: string; regions: CropRegion[] };
}

export interface FrameRequest {
  options: TaskOptions;
  repeats: number;
  tensors: TensorReturn;
  /** Crop models: run the loaded detector first and the model on each crop (lib/engines/cascade). */
  crops?: boolean;
}

export function imageFeedOf(spec: Pick<PipelineSpec, 'inputs'>): ImageFeed | undefined {
  for (const i of spec.inputs) if (i.feed?.kind === 'image') return i.feed;
  return undefined;
}

/** Why the demo cannot feed this pipeline from a picture, or undefined when it can. */
export function unfeedableReason(inputs: readonly Pick<PipelineInput, 'name' | 'feed'>[]): string | undefined {
  for (const i of inputs) {
    if (!i.feed) return `input ${i.name} has no machine-readable feed in the recipe`;
    if (i.feed.kind === 'audio') return `input ${i.name} is audio`;
    if (i.feed.kind === 'wake-word-features') return `input ${i.name} takes the upstream stages' features; run the pipeline's first stage instead`;
    if (i.feed.kind === 'recurrent-state') return `input ${i.name} is a recurrent state fed back from the previous window`;
  }
  return inputs.some((i) => i.feed?.kind === 'image') ? undefined : 'the graph has no image input';
}

/** The source-layout input tensors for one frame. `pixels` resizes the frame for an image feed. */
export function makeInputs(spec: Pick<PipelineSpec, 'inputs'>, pixels: (feed: ImageFeed) => RgbaImage): EngineTensor[] {
  return spec.inputs.map(({ name, feed }): EngineTensor => {
    if (feed?.kind === 'image') return imageToTensor(pixels(feed), feed, name);
    if (feed?.kind === 'constant') {
      const n = feed.shape.reduce((a, b) => a * b, 1);
      if (feed.dtype === 'int64') return { name, shape: feed.shape, dtype: 'int64', data: new BigInt64Array(n).fill(BigInt(feed.value)) };
      if (feed.dtype === 'int32') return { name, shape: feed.shape, dtype: 'int32', data: new Int32Array(n).fill(feed.value) };
      return { name, shape: feed.shape, dtype: 'float32', data: new Float32Array(n).fill(feed.value) };
    }
    throw new Error(`input ${name} cannot be fed from a picture`);
  });
}

/** Decodes source-layout outputs with the model's decoder; never throws (a failing decoder becomes a note). */
export function decodeOutputs(
  spec: Pick<PipelineSpec, 'task' | 'model' | 'inputs'>,
  outputs: EngineTensor[],
  frame: { width: number; height: number },
  options: TaskOptions,
): { result?: TaskResult; decodeNote?: string } {
  const decoder = decoderFor(spec.task, spec.model);
  if (!decoder) return { decodeNote: `no decoder for ${spec.task}/${spec.model} yet: the raw outputs are shown instead` };
  const feed = imageFeedOf(spec);
  if (!feed) return { decodeNote: 'the model has no image input to map its outputs back onto' };
  try {
    return { result: decoder(outputs, { frame, feed, options }) };
  } catch (err) {
    return { decodeNote: `decoding failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * One pass of `spec`'s variant: inputs made from `pixels`, quantized or
 * re-laid for the variant, run, and the outputs brought back to the source's
 * form. `postStart` is when the outputs were back (decoding comes after).
 */
export async function inferOnce(engine: Pick<Engine, 'run'>, spec: PipelineSpec, pixels: (feed: ImageFeed) => RgbaImage, repeats: number) {
  const t0 = performance.now();
  const inputs = makeInputs(spec, pixels);
  const fed = inputs.map((t, i) => toVariantInput(t, spec.inputs[i].variant));
  const t1 = performance.now();
  const run = await engine.run(fed, repeats);
  const postStart = performance.now();
  const outputs = toSourceOutputs(run.outputs, spec.outputs.variant, spec.outputs.source);
  return { inputs, outputs, ms: run.ms, preMs: t1 - t0, postStart };
}

/** Runs one frame through `engine` (already loaded with the spec's variant). */
export async function processFrame(
  engine: Pick<Engine, 'run'>,
  spec: PipelineSpec,
  frame: { width: number; height: number },
  pixels: (feed: ImageFeed) => RgbaImage,
  req: FrameRequest,
): Promise<FrameResult> {
  const pass = await inferOnce(engine, spec, pixels, req.repeats);
  const decoded = decodeOutputs(spec, pass.outputs, frame, req.options);
  return {
    frame: { width: frame.width, height: frame.height },
    ...decoded,
    timings: { preMs: pass.preMs, inferMs: pass.ms, postMs: performance.now() - pass.postStart },
    inputs: req.tensors === 'none' ? undefined : pass.inputs,
    outputs: req.tensors === 'all' ? pass.outputs : undefined,
  };
}
