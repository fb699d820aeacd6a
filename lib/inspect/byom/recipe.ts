// The recipe.json that goes with a bring-your-own-model download: which
// files went in (sha256), what came out (sha256), and how to make it again.
// The float32 file is exactly what `npx zoo convert` writes for the same
// source and flags; the command is given verbatim. Quantization has no
// command-line form yet, so its steps, feed and calibration images are
// recorded in the catalogue recipes' vocabulary (lib/catalogue/recipe-schema).

import type { ImageFeed } from '../../catalogue/recipe-schema';
import type { IoType, ObserverKind } from '../../quantize';
import { INT8_PASSES } from './pipeline';

export interface HashedFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface RecipeInput {
  source: { format: string; entry: string; files: HashedFile[] };
  inputShapes?: Record<string, number[]>;
  inputValues?: Record<string, number[]>;
  fp32?: HashedFile;
  int8?: HashedFile & {
    inputType: IoType;
    outputType: IoType;
    observer: ObserverKind;
    feeds: Record<string, ImageFeed>;
    calibration: HashedFile[];
  };
}

const SAFE = /^[A-Za-z0-9_./:=,+-]+$/;

/** One shell word: as is when safe, else single-quoted. */
export function shellWord(s: string): string {
  return SAFE.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The `npx zoo convert` command line that writes `output` from the source. */
export function convertCommand(entry: string, output: string, inputShapes?: Record<string, number[]>, inputValues?: Record<string, number[]>): string {
  const words = ['npx', 'zoo', 'convert', entry, '-o', output];
  for (const [name, dims] of Object.entries(inputShapes ?? {})) words.push('--input-shape', `${name}=${dims.join(',')}`);
  for (const [name, values] of Object.entries(inputValues ?? {})) words.push('--input-value', `${name}=${values.join(',')}`);
  return words.map(shellWord).join(' ');
}

export function buildRecipe(r: RecipeInput): Record<string, unknown> {
  const recipe: Record<string, unknown> = {
    generatedBy: 'EdgeZoo bring your own model (in the browser; no file left it)',
    source: r.source,
    ...(r.inputShapes && Object.keys(r.inputShapes).length ? { inputShapes: r.inputShapes } : {}),
    ...(r.inputValues && Object.keys(r.inputValues).length ? { inputValues: r.inputValues } : {}),
  };
  if (r.fp32) {
    recipe.fp32 = {
      output: r.fp32,
      steps: ['import', 'infer-shapes', 'pass:lower-custom-ops', 'export:fp32'],
      reproduce: convertCommand(r.source.entry, r.fp32.path, r.inputShapes, r.inputValues),
      check: `sha256sum ${shellWord(r.fp32.path)} → ${r.fp32.sha256}`,
    };
  }
  if (r.int8) {
    const { inputType, outputType, observer, feeds, calibration, ...output } = r.int8;
    recipe.int8 = {
      output,
      steps: [
        { step: 'import' },
        ...INT8_PASSES.map((pass) => ({ step: 'pass', pass })),
        { step: 'quantize', inputType, outputType, observer },
        { step: 'export', variant: 'int8' },
      ],
      inputs: Object.entries(feeds).map(([name, feed]) => ({ name, feed })),
      calibration: { images: calibration, note: 'each image once, resized with the feed (browser canvas, high-quality smoothing)' },
      reproduce:
        '`npx zoo` has no quantize command yet: these steps, feeds and images are the catalogue recipe vocabulary (recipes/…/recipe.json, conversion.graphs[].steps) that `npm run zoo` runs for catalogue models. Canvas resizing differs from the build\'s (sharp) by rounding, so calibration ranges, and with them the bytes, can differ slightly.',
    };
  }
  return recipe;
}
