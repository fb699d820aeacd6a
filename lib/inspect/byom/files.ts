// Which of the files a user dropped or picked make up the model: the entry
// (.tflite, .onnx or TF.js model.json) and, for TF.js, the weight shards in
// its folder. Everything here looks at names and sizes only, so a file that
// is too large is refused before a byte of it is read.

import type { SourceFormat } from '../../ir/types';

/** Largest total the page reads into memory (and its worker copies). */
export const MAX_MODEL_BYTES = 200 * 1024 * 1024;

export interface PickedFile {
  /** Name, or path inside a dropped/picked folder (webkitRelativePath). */
  path: string;
  size: number;
}

export class ModelPickError extends Error {
  override readonly name = 'ModelPickError';
}

export interface ModelFilePlan {
  /** Entry name relative to its folder. */
  entry: string;
  /** Format from the entry's extension; undefined when only the bytes can tell. */
  format?: SourceFormat;
  /** Files to read: index into the picked list → path relative to the entry's folder. */
  files: { index: number; path: string; size: number }[];
  totalBytes: number;
  /** Picked files that are not part of the model (other folders, other kinds). */
  ignored: string[];
}

const EXT_FORMAT: Record<string, SourceFormat> = { tflite: 'tflite', onnx: 'onnx', json: 'tfjs' };

function ext(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

const dirOf = (p: string) => p.slice(0, p.lastIndexOf('/') + 1);

function mib(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Picks the entry among the files and what belongs to it; throws ModelPickError saying what is wrong. */
export function planModelFiles(picked: readonly PickedFile[], limit = MAX_MODEL_BYTES): ModelFilePlan {
  if (picked.length === 0) throw new ModelPickError('No files were given: drop or pick a .tflite, a .onnx, or a TF.js model.json with its .bin shards.');
  const candidates = picked.map((f, index) => ({ ...f, index, format: EXT_FORMAT[ext(f.path)] })).filter((f) => f.format);
  // Among several .json files (e.g. a folder with metadata), TF.js's own name wins.
  const jsons = candidates.filter((c) => c.format === 'tfjs');
  const models = candidates.filter((c) => c.format !== 'tfjs');
  let entry: (typeof candidates)[number] | undefined;
  if (models.length + (jsons.length ? 1 : 0) > 1) {
    throw new ModelPickError(`These files hold more than one model (${[...models, ...jsons].map((c) => c.path).join(', ')}): drop one model at a time.`);
  }
  if (models.length === 1) entry = models[0];
  else if (jsons.length === 1) entry = jsons[0];
  else if (jsons.length > 1) {
    const named = jsons.filter((j) => j.path.endsWith('model.json'));
    if (named.length !== 1) throw new ModelPickError(`Several .json files and none (or more than one) named model.json: ${jsons.map((j) => j.path).join(', ')}. Drop the TF.js model.json with its shards.`);
    entry = named[0];
  }
  if (!entry) {
    if (picked.length === 1) {
      // No telling extension: the first bytes decide (TFLite's identifier, a JSON brace).
      return checkSize({ entry: baseName(picked[0].path), files: [{ index: 0, path: baseName(picked[0].path), size: picked[0].size }], totalBytes: picked[0].size, ignored: [] }, limit);
    }
    throw new ModelPickError(`None of these files is a model: expected a .tflite, a .onnx or a TF.js model.json (got ${picked.map((f) => f.path).join(', ')}).`);
  }
  const folder = dirOf(entry.path);
  const files: ModelFilePlan['files'] = [];
  const ignored: string[] = [];
  picked.forEach((f, index) => {
    const belongs = index === entry.index || (entry.format === 'tfjs' && f.path.startsWith(folder) && ext(f.path) !== 'json');
    if (belongs) files.push({ index, path: f.path.slice(folder.length), size: f.size });
    else ignored.push(f.path);
  });
  const plan: ModelFilePlan = { entry: entry.path.slice(folder.length), format: entry.format, files, totalBytes: files.reduce((a, f) => a + f.size, 0), ignored };
  return checkSize(plan, limit);
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function checkSize(plan: ModelFilePlan, limit: number): ModelFilePlan {
  if (plan.totalBytes > limit) {
    const list = plan.files.length > 1 ? ` (${plan.files.length} files)` : '';
    throw new ModelPickError(`The model is ${mib(plan.totalBytes)}${list}; this page reads models up to ${mib(limit)} in your browser. Nothing was read. Use the command line (npx zoo inspect/convert) for larger models.`);
  }
  const empty = plan.files.find((f) => f.size === 0);
  if (empty) throw new ModelPickError(`${empty.path} is empty (0 bytes).`);
  return plan;
}
