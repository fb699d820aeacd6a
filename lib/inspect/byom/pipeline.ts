// Bring-your-own-model conversions, the same code paths as the command line
// and the catalogue build, so what the page makes can be made again:
//  - fp32: exactly `npx zoo convert` (scripts/cli/convert.ts): import, infer
//    shapes, lower custom ops, export. Same bytes for the same input.
//  - int8: the catalogue recipes' steps (import, fold-constants,
//    fold-batch-norm, lower-custom-ops, fuse-activations), calibration with
//    our executor, full-integer quantization, export. `npx zoo quantize`
//    (scripts/cli/quantize.ts) runs these same functions on the same pixels
//    (pixels.ts), so it writes the page's bytes.
// Isomorphic: the page runs it in a Web Worker, the CLI and tests in Node.

import type { ImageFeed } from '../../catalogue/recipe-schema';
import type { RgbaImage } from '../../engines/preprocess';
import { exportTflite } from '../../ir/export/tflite';
import { inferShapes } from '../../ir/infer';
import { loadModel } from '../../ir/load';
import type { Model, SourceFormat } from '../../ir/types';
import { runPass } from '../../passes';
import { diffModels, exportEdits, type NodeEdit } from '../../passes/change-log';
import type { ChainStep } from '../conversion-diff';
import { validateGraph } from '../../ir/graph';
import { activationTensorIds, assertSupported, collectRanges, quantizeModel, type CalibrationRunner, type IoType, type ObserverKind, type QuantReport, type Range } from '../../quantize';
import { prepareFloatModel } from '../../quantize/prepare';
import { irInputTensor, type ImageInputTensor } from './feed';

export interface SourceFiles {
  entry: string;
  format?: SourceFormat;
  /** File bytes by path relative to the entry's folder. */
  files: Record<string, Uint8Array>;
  inputShapes?: Record<string, number[]>;
  inputValues?: Record<string, number[]>;
}

/** A source read through a function instead (Node: the entry's folder on disk, as `npx zoo` reads it). */
export interface SourceReader extends Omit<SourceFiles, 'files'> {
  readFile: (relativePath: string) => Uint8Array | undefined;
}

export type Source = SourceFiles | SourceReader;

/** The passes the int8 path runs before calibration, in order (as the catalogue recipes do). */
export const INT8_PASSES = ['fold-constants', 'fold-batch-norm', 'lower-custom-ops', 'fuse-activations'] as const;

/** Import and shape inference, as `zoo inspect` and the catalogue do. */
export function importSource(src: Source): Model {
  const readFile = 'readFile' in src ? src.readFile : (p: string) => src.files[p];
  const model = loadModel({ entry: src.entry, readFile, format: src.format, inputShapes: src.inputShapes, inputValues: src.inputValues });
  // ONNX shapes are applied at import (in the file's NCHW order); the others after it.
  inferShapes(model, model.sourceFormat === 'onnx' ? {} : { inputShapes: src.inputShapes });
  return model;
}

/** Node-level edits of each step, when asked for (source → float32 / int8 side by side). */
export interface RecordOptions {
  recordChanges?: boolean;
}

/** `npx zoo convert`: float32 .tflite; with `recordChanges`, the steps' edits (the float32 chain from the source). */
export function convertFp32(src: Source, opts: RecordOptions = {}): { model: Model; bytes: Uint8Array; steps?: ChainStep[] } {
  const model = importSource(src);
  const lowered = runPass('lower-custom-ops', model, {}, opts);
  const bytes = exportTflite(model);
  if (!opts.recordChanges) return { model, bytes };
  const steps: ChainStep[] = [
    { id: 'float32/pass:lower-custom-ops', step: 'pass:lower-custom-ops', edits: lowered.edits as NodeEdit[] },
    { id: 'float32/export:fp32', step: 'export:fp32', edits: exportEdits(model) },
  ];
  return { model, bytes, steps };
}

/** The float model the int8 path calibrates and quantizes, with the notes of each pass (and its edits, when asked). */
export function prepareInt8Source(src: Source, opts: RecordOptions = {}): { model: Model; notes: string[]; steps?: ChainStep[] } {
  const model = importSource(src);
  const notes: string[] = [];
  const steps: ChainStep[] = [];
  for (const name of INT8_PASSES) {
    const r = runPass(name, model, {}, opts);
    notes.push(`${name}: ${r.notes.length ? r.notes.join('; ') : 'no change'}`);
    if (r.edits) steps.push({ id: `int8/pass:${name}`, step: `pass:${name}`, edits: r.edits });
  }
  return opts.recordChanges ? { model, notes, steps } : { model, notes };
}

/** The int8 chain's last steps: what quantizing `float` into `quantized` changed, and what its export changes. */
export function quantizeSteps(float: Model, quantized: Model): ChainStep[] {
  return [
    { id: 'int8/quantize', step: 'quantize', edits: diffModels(float, quantized) },
    { id: 'int8/export:int8', step: 'export:int8', edits: exportEdits(quantized) },
  ];
}

export interface Int8Options {
  observer: ObserverKind;
  inputType: IoType;
  outputType: IoType;
}

export interface Int8Result {
  model: Model;
  bytes: Uint8Array;
  report: QuantReport;
  ranges: Map<string, Range>;
}

/**
 * Calibrates `model` on `samples` (graph input name → tensor in the IR's
 * layout) and quantizes it. Throws Int8UnsupportedError before any run when
 * an op has no int8 path. `onSample` is called after each calibration run
 * (histogram observers run the samples twice).
 */
export async function quantizeInt8<I>(
  model: Model,
  runner: CalibrationRunner<I>,
  samples: readonly I[],
  opts: Int8Options,
  onSample?: (done: number, total: number) => void,
): Promise<Int8Result> {
  // Refuse before calibrating when some op has no int8 path (quantizeModel would, but only after all the runs).
  const probe = prepareFloatModel(model, new Map()).model.graphs[0];
  if (probe) {
    validateGraph(probe);
    assertSupported(probe);
  }
  const passes = opts.observer === 'minmax' ? 1 : 2;
  let done = 0;
  const counting: CalibrationRunner<I> = {
    async run(inputs, o) {
      const r = await runner.run(inputs, o);
      onSample?.(++done, samples.length * passes);
      return r;
    },
  };
  const ranges = await collectRanges(counting, samples, { tensors: activationTensorIds(model), observer: opts.observer });
  const { model: quantized, report } = quantizeModel(model, ranges, { inputType: opts.inputType, outputType: opts.outputType });
  return { model: quantized, bytes: exportTflite(quantized), report, ranges };
}

/** One calibration image as the page sends it to the worker: its pixels per image input, already fitted to that input's feed (pixels.ts feedImage). */
export interface FeedImage {
  name: string;
  pixels: Record<string, RgbaImage>;
}

/**
 * The calibration samples of `model` (from prepareInt8Source): every input
 * needs an image feed, and every image pixels for every input. Tensors are
 * in the IR's layout (NHWC for ONNX inputs the importer relaid).
 */
export function calibrationSamples(model: Model, images: readonly FeedImage[], feeds: Record<string, ImageFeed>): Record<string, ImageInputTensor>[] {
  if (images.length === 0) throw new Error('calibration needs at least one image');
  const g = model.graphs[0];
  const inputNames = g.inputs.map((id) => g.tensors.get(id)?.name ?? id);
  const missing = inputNames.filter((n) => !feeds[n]);
  if (missing.length) throw new Error(`calibration needs an image feed for every input; ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} none (only image inputs can be calibrated here)`);
  return images.map((img) =>
    Object.fromEntries(inputNames.map((n) => {
      const px = img.pixels[n];
      if (!px) throw new Error(`calibration image ${img.name} has no pixels for input ${n}`);
      return [n, irInputTensor(px, feeds[n], model.metadata[`layout:${n}`] === 'NCHW')];
    })),
  );
}
