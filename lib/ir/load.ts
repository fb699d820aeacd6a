import { ModelFormatError } from '../formats/errors';
import { readTfjsModel } from '../formats/tfjs';
import { freezeInputs } from '../passes/freeze-inputs';
import { importOnnx } from './import/onnx';
import { inferShapes } from './infer';
import { importTfjs } from './import/tfjs';
import { importTflite } from './import/tflite';
import type { Model, SourceFormat } from './types';

// One entry point from model files to the IR, for the CLI, the catalogue build
// and (in the browser) bring-your-own-model. Files come through a callback so
// the same code reads from disk, from npm packages or from a dropped folder.

export interface ModelFiles {
  /** Path of the entry file (the .tflite, .onnx or model.json), relative to what readFile resolves. */
  entry: string;
  /** Returns a file's bytes by path relative to the entry's folder, or undefined when it does not exist. */
  readFile: (relativePath: string) => Uint8Array | undefined;
  format?: SourceFormat;
  /** ONNX only: fixes dynamic input dims at import (NCHW order, as in the file). */
  inputShapes?: Record<string, number[]>;
  /**
   * Freezes inputs to constants (flat values, e.g. { sr: [16000] }), folding what they decide. ONNX: at
   * import, before shapes are inferred; TFLite/TF.js: the freeze-inputs pass, after inputShapes are applied.
   */
  inputValues?: Record<string, number[]>;
}

/** Guesses the format from the entry's name, then its first bytes. */
export function detectFormat(entry: string, head: Uint8Array): SourceFormat {
  const lower = entry.toLowerCase();
  if (lower.endsWith('.tflite')) return 'tflite';
  if (lower.endsWith('.onnx')) return 'onnx';
  if (lower.endsWith('.json')) return 'tfjs';
  // TFLite files carry the identifier "TFL3" at byte 4.
  if (head.length >= 8 && String.fromCharCode(...head.subarray(4, 8)) === 'TFL3') return 'tflite';
  if (head[0] === 0x7b) return 'tfjs';
  throw new ModelFormatError('unsupported', `cannot tell the format of ${entry}: expected a .tflite, .onnx or TF.js model.json`);
}

export function loadModel(files: ModelFiles): Model {
  const bytes = files.readFile(basename(files.entry));
  if (!bytes) throw new ModelFormatError('missing-file', `${files.entry} does not exist`);
  const format = files.format ?? detectFormat(files.entry, bytes);
  switch (format) {
    case 'tflite':
      return frozen(importTflite(bytes), files);
    case 'onnx':
      return importOnnx(bytes, { inputShapes: files.inputShapes, inputValues: files.inputValues });
    case 'tfjs':
      return frozen(importTfjs(readTfjsModel(bytes, (p) => files.readFile(p))), files);
  }
}

/** Applies inputValues to an imported TFLite/TF.js model (their shapes are fixed after import, not during). */
function frozen(model: Model, files: ModelFiles): Model {
  if (!files.inputValues || Object.keys(files.inputValues).length === 0) return model;
  inferShapes(model, { inputShapes: files.inputShapes });
  try {
    freezeInputs(model, files.inputValues);
  } catch (err) {
    throw new ModelFormatError('bad-value', err instanceof Error ? err.message : String(err));
  }
  return model;
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
