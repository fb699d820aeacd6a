// The recipe.json that goes with a bring-your-own-model download: which
// files went in (sha256), what came out (sha256), and how to make it again.
// Both files have a command line, given verbatim: the float32 file is
// exactly what `npx zoo convert` writes for the same source and flags, the
// int8 file what `npx zoo quantize` writes from the same source, feeds,
// options and calibration images (both sides resize with the same code,
// lib/inspect/byom/pixels). The steps are recorded in the catalogue
// recipes' vocabulary (lib/catalogue/recipe-schema) as well.

import type { ImageFeed } from '../../catalogue/recipe-schema';
import type { IoType, ObserverKind } from '../../quantize';
import { INT8_PASSES } from './pipeline';
import { convertCommand, quantizeCommand, shellWord } from './recipe-command';

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

const PNG = /\.png$/i;

/** How the images were read, and when the same command may still give other bytes. */
export function calibrationNote(files: string[]): string {
  const base = 'Each image once, in this order: decoded to RGBA as stored (no colour management, EXIF orientation applied), composited onto black, fitted and resized by EdgeZoo\'s own resize (lib/inspect/byom/pixels.ts), the same arithmetic in the browser and in `npx zoo quantize`.';
  const other = files.filter((f) => !PNG.test(f));
  if (!other.length) return `${base} PNG decodes exactly, so the command writes the same bytes.`;
  return `${base} PNG decodes exactly everywhere, but JPEG (and other lossy) decoders differ by rounding between browsers and sharp (libjpeg-turbo), so with ${other.join(', ')} the calibration ranges, and with them the bytes, can differ slightly.`;
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
      calibration: { images: calibration, note: calibrationNote(calibration.map((c) => c.path)) },
      reproduce: quantizeCommand({
        entry: r.source.entry, output: output.path, inputShapes: r.inputShapes, inputValues: r.inputValues,
        feeds, inputType, outputType, observer, calibration: calibration.map((c) => c.path),
      }),
      runIn: 'a folder holding the source files and the calibration images, named as listed',
      check: `sha256sum ${shellWord(output.path)} → ${output.sha256}`,
    };
  }
  return recipe;
}
