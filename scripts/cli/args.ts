import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { formatBytes } from '../../lib/catalogue/format';
import { ModelFormatError } from '../../lib/formats/errors';
import { detectFormat } from '../../lib/ir/load';

// What every `zoo` command shares: its usage error (exit 2), the flags that
// fix input shapes and values, and reading a model file with its neighbours
// (TF.js shards) from disk.

export class UsageError extends Error {}

/** True for errors that mean "wrong command line" (exit 2). */
export function isUsageError(err: unknown): err is Error {
  return err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'));
}

/** --input-shape NAME=D,D,… (repeatable). */
export function parseShapes(specs: string[]): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  for (const spec of specs) {
    const m = /^([^=]+)=(\d+(?:,\d+)*)$/.exec(spec);
    if (!m) throw new UsageError(`--input-shape expects NAME=D,D,… (e.g. x=1,3,640,640), got "${spec}"`);
    shapes[m[1]] = m[2].split(',').map(Number);
  }
  return shapes;
}

/** --input-value NAME=V,V,… (repeatable). */
export function parseValues(specs: string[]): Record<string, number[]> {
  const values: Record<string, number[]> = {};
  const num = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
  const pattern = new RegExp(`^([^=]+)=(${num}(?:,${num})*)$`);
  for (const spec of specs) {
    const m = pattern.exec(spec);
    if (!m) throw new UsageError(`--input-value expects NAME=V,V,… (e.g. sr=16000), got "${spec}"`);
    values[m[1]] = m[2].split(',').map(Number);
  }
  return values;
}

/** A model file and a reader for the files beside it, for lib/ir/load's loadModel. */
export function readModelFiles(file: string) {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new ModelFormatError('missing-file', `${file} does not exist`);
  }
  // Refuse before reading: the formats cap out at 2 GiB anyway.
  if (size > 2 ** 31) throw new ModelFormatError('too-large', `${file} is ${formatBytes(size)}; models over 2 GiB are not supported`);
  const dir = path.dirname(file);
  const readFile = (rel: string): Uint8Array | undefined => {
    try {
      return new Uint8Array(readFileSync(path.join(dir, rel)));
    } catch {
      return undefined;
    }
  };
  const head = readFile(path.basename(file)) ?? new Uint8Array();
  return { entry: path.basename(file), readFile, format: detectFormat(file, head) };
}
