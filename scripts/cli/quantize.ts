// `zoo quantize`: a model file + calibration images → a full-integer int8
// .tflite, by the code /byom runs in its worker (lib/inspect/byom/pipeline:
// the INT8_PASSES, calibration with EdgeZoo's executor on tfjs wasm, single
// thread, lib/quantize) and the same pixel path (lib/inspect/byom/pixels),
// so the command a /byom recipe gives writes the page's file byte for byte.
// Exit codes: 0 ok, 1 bad input (unreadable model or image, ops without an
// int8 path), 2 usage. Results on stdout, progress on stderr.

import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import type { ImageFeed } from '../../lib/catalogue/recipe-schema';
import { formatBytes, formatShape } from '../../lib/catalogue/format';
import { createExecutor } from '../../lib/exec';
import { ModelFormatError } from '../../lib/formats/errors';
import { guessImageFeed, inputSignatures, type InputSignature } from '../../lib/inspect/byom/feed';
import { sha256Hex } from '../../lib/inspect/byom/hash';
import { calibrationSamples, prepareInt8Source, quantizeInt8, type FeedImage, type SourceReader } from '../../lib/inspect/byom/pipeline';
import { feedImage } from '../../lib/inspect/byom/pixels';
import { FeedSpecError, formatFeed, parseFeed } from '../../lib/inspect/byom/recipe-command';
import type { Model } from '../../lib/ir/types';
import { Int8UnsupportedError, MissingRangeError, type IoType, type ObserverKind } from '../../lib/quantize';
import { isUsageError, parseShapes, parseValues, readModelFiles, UsageError } from './args';
import { decodeImageFile, ImageFileError } from './decode-image';

export const QUANTIZE_USAGE = `Usage:
  zoo quantize <model.tflite|model.onnx|model.json> -o <out.tflite> --calibration <image> [<image>…]
               [--feed NAME=key:value,…]… [--observer minmax|percentile|mse]
               [--input-type float32|int8|uint8] [--output-type float32|int8|uint8]
               [--input-shape NAME=D,D,…]… [--input-value NAME=V,V,…]…

quantize  writes a full-integer int8 .tflite: fold constants and batch norms, lower custom ops, fuse
          activations, calibrate activation ranges on the images (each once, in order) with EdgeZoo's
          executor, quantize, export. The same code as /byom in the browser: a /byom recipe's command
          writes the same bytes (PNG calibration images; JPEG decoders differ slightly).
          --calibration IMG…  PNG or JPEG files (every word after it up to the next option)
          --feed NAME=…       how an image becomes input NAME; keys (any subset; the rest are guessed
                              from the input's shape, as /byom does):
                                size:WxH  fit:stretch|letterbox  colour:RGB|BGR|grayscale
                                scale:S[/S/S]  offset:O[/O/O]   (value = pixel × scale + offset)
                                layout:NHWC|NCHW (the source's)  dtype:float32|int32|uint8
                              e.g. --feed input=scale:0.00784313725490196,offset:-1
          --observer          activation range: min/max (default), percentile (99.99), least squared error
          --input-type        float32 (default; quantized inside the model), int8 or uint8
          --output-type       float32 (default; dequantized inside the model), int8 or uint8
          --input-shape       fixes dynamic input dims (ONNX: in the file's NCHW order)
          --input-value       freezes an input to constant values (flat, row-major)`;

const OBSERVERS: readonly ObserverKind[] = ['minmax', 'percentile', 'mse'];
const IO_TYPES: readonly IoType[] = ['float32', 'int8', 'uint8'];

/** Bad input that is not a model file's fault (exit 1). */
class BadInputError extends Error {}

/** Takes every word after --calibration (up to the next option) out of argv; parseArgs cannot read a list. */
export function splitCalibration(argv: string[]): { rest: string[]; calibration: string[] } {
  const rest: string[] = [];
  const calibration: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--calibration=')) {
      calibration.push(a.slice('--calibration='.length));
    } else if (a === '--calibration') {
      while (i + 1 < argv.length && !argv[i + 1].startsWith('-')) calibration.push(argv[++i]);
    } else {
      rest.push(a);
    }
  }
  return { rest, calibration };
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} expects ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

/** The feed of every input: its guess, overridden by --feed; checked against the input's shape. */
export function resolveFeeds(inputs: InputSignature[], specs: string[]): Record<string, ImageFeed> {
  const given = new Map<string, Partial<Omit<ImageFeed, 'kind'>>>();
  for (const spec of specs) {
    let parsed: ReturnType<typeof parseFeed>;
    try {
      parsed = parseFeed(spec);
    } catch (err) {
      if (err instanceof FeedSpecError) throw new UsageError(err.message);
      throw err;
    }
    if (!inputs.some((i) => i.name === parsed.name)) throw new UsageError(`--feed names "${parsed.name}", which is not an input (inputs: ${inputs.map((i) => i.name).join(', ')})`);
    if (given.has(parsed.name)) throw new UsageError(`--feed ${parsed.name} given twice`);
    given.set(parsed.name, parsed.feed);
  }
  const feeds: Record<string, ImageFeed> = {};
  for (const input of inputs) {
    const guess = guessImageFeed(input);
    if (!('feed' in guess)) throw new BadInputError(`input ${guess.reason}; calibration feeds images only (as /byom does)`);
    const feed: ImageFeed = { ...guess.feed, ...given.get(input.name) };
    const want = `${guess.feed.size[0]}x${guess.feed.size[1]}`;
    if (`${feed.size[0]}x${feed.size[1]}` !== want) throw new UsageError(`--feed ${input.name}: size ${feed.size.join('x')} does not fit input ${input.name} ${formatShape(input.shape)} (${want})`);
    const grey = guess.feed.colourOrder === 'grayscale';
    if ((feed.colourOrder === 'grayscale') !== grey) throw new UsageError(`--feed ${input.name}: colour ${feed.colourOrder} does not fit input ${input.name} ${formatShape(input.shape)} (${grey ? 'grayscale' : 'RGB or BGR'})`);
    for (const key of ['scale', 'offset'] as const) {
      if (!grey && feed[key].length === 2) throw new UsageError(`--feed ${input.name}: ${key} needs 1 value or 3 (one per channel), got 2`);
    }
    feeds[input.name] = feed;
  }
  return feeds;
}

/** tfjs-backend-wasm's .wasm files, wherever the command runs from (a recipe's folder, not the repo). */
function wasmDir(): string {
  const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return `${path.dirname(pkg).replace(/\\/g, '/')}/dist/`;
}

function ioLines(m: Model, ids: string[]): string[] {
  const g = m.graphs[0];
  return ids.map((id) => {
    const t = g.tensors.get(id);
    const q = t?.quant && t.quant.scale.length === 1 ? `  scale=${t.quant.scale[0]} zp=${t.quant.zeroPoint[0] ?? 0}` : '';
    return `  ${t?.name ?? id}  ${formatShape(t ? [...t.shape] : [])}  ${t?.dtype ?? '?'}${q}`;
  });
}

const progress = (line: string) => process.stderr.write(`${line}\n`);

export async function runQuantize(argv: string[]): Promise<number> {
  try {
    const { rest, calibration } = splitCalibration(argv);
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        feed: { type: 'string', multiple: true },
        observer: { type: 'string' },
        'input-type': { type: 'string' },
        'output-type': { type: 'string' },
        'input-shape': { type: 'string', multiple: true },
        'input-value': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(QUANTIZE_USAGE);
      return 0;
    }
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length ? `quantize takes exactly one model file, got ${positionals.join(', ')} (calibration images go after --calibration)` : 'quantize takes exactly one model file');
    }
    if (!values.output) throw new UsageError('quantize needs an output file: -o out.tflite');
    if (!calibration.length) throw new UsageError('quantize needs calibration images: --calibration a.png b.png …');
    const observer = oneOf('--observer', values.observer, OBSERVERS, 'minmax');
    const inputType = oneOf('--input-type', values['input-type'], IO_TYPES, 'float32');
    const outputType = oneOf('--output-type', values['output-type'], IO_TYPES, 'float32');
    const inputShapes = parseShapes(values['input-shape'] ?? []);
    const inputValues = parseValues(values['input-value'] ?? []);
    const files = readModelFiles(positionals[0]);
    const src: SourceReader = { ...files, inputShapes, inputValues };

    progress('preparing the float model');
    const { model: float, notes } = prepareInt8Source(src);
    const feeds = resolveFeeds(inputSignatures(float), values.feed ?? []);

    const images: FeedImage[] = [];
    for (const [i, file] of calibration.entries()) {
      progress(`reading calibration image ${i + 1} of ${calibration.length}: ${file}`);
      const { rgba } = await decodeImageFile(file);
      images.push({ name: path.basename(file), pixels: Object.fromEntries(Object.entries(feeds).map(([name, feed]) => [name, feedImage(rgba, feed)])) });
    }
    const samples = calibrationSamples(float, images, feeds);

    // As the page's worker: single-threaded SIMD wasm, so calibration runs the same kernels.
    await import('@tensorflow/tfjs-backend-wasm');
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    const exec = await createExecutor(float, { backend: 'wasm', wasmPaths: wasmDir() });
    if (exec.backend !== 'wasm') progress(`warning: tfjs wasm did not start; calibrating on ${exec.backend}, whose rounding can differ from /byom's`);
    let result: Awaited<ReturnType<typeof quantizeInt8>>;
    try {
      result = await quantizeInt8(float, exec, samples, { observer, inputType, outputType }, (done, total) => progress(`calibrating ${done} of ${total}`));
    } finally {
      exec.dispose();
    }
    writeFileSync(values.output, result.bytes);
    const g = result.model.graphs[0];
    console.log([
      `${values.output}  ${formatBytes(result.bytes.length)}  sha256 ${await sha256Hex(result.bytes)}`,
      'inputs:', ...ioLines(result.model, g.inputs),
      'outputs:', ...ioLines(result.model, g.outputs),
      'feeds:', ...Object.entries(feeds).map(([name, feed]) => `  ${name}=${formatFeed(feed)}`),
      ...notes,
      `${samples.length} calibration image${samples.length === 1 ? '' : 's'}, ${result.ranges.size} activation ranges (${observer}), ${result.report.requantizeOps} requantize ops; calibrated on ${exec.backend}`,
    ].join('\n'));
    return 0;
  } catch (err) {
    if (isUsageError(err)) {
      console.error(`zoo quantize: ${err.message}\n\n${QUANTIZE_USAGE}`);
      return 2;
    }
    if (err instanceof ModelFormatError || err instanceof ImageFileError || err instanceof BadInputError || err instanceof Int8UnsupportedError || err instanceof MissingRangeError) {
      console.error(`zoo quantize: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
