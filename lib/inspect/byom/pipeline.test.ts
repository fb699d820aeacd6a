import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { convertToTflite } from '../../../scripts/cli/convert';
import { readRecipeFile } from './testing';
import { createExecutor } from '../../exec';
import { folderReader, REPO_ROOT } from '../../exec/testing/catalogue';
import { runOfficialTflite } from '../../formats/tflite/testing/official-runtime';
import { Int8UnsupportedError, probeInt8, sqnr, worstFirst } from '../../quantize';
import { guessImageFeed, irInputTensor } from './feed';
import { sha256Hex } from './hash';
import { convertFp32, prepareInt8Source, quantizeInt8, type SourceFiles } from './pipeline';

/** A recipe's source files as the page would hold them (bytes by path beside the entry). */
function sourceOf(recipeDir: string): SourceFiles {
  const { recipe, graph, file } = readRecipeFile(recipeDir);
  const read = folderReader(path.dirname(file));
  const names = recipe.source.files.map((f) => f.path).filter((p) => path.dirname(p) === path.dirname(graph.file)).map((p) => path.basename(p));
  const files = Object.fromEntries(names.map((n) => [n, read(n) as Uint8Array]));
  return { entry: path.basename(file), format: graph.format, files, inputShapes: graph.inputShapes };
}

describe('float32 conversion', () => {
  it.each(['vision/facial-expression/emotion', 'vision/face-detection/blazeface-short-range', 'audio/wake-word/openwakeword-hey-jarvis'])(
    '%s: the same bytes as `npx zoo convert`',
    async (dir) => {
      const src = sourceOf(dir);
      const ours = convertFp32(src).bytes;
      const cli = convertToTflite({ entry: src.entry, format: src.format!, readFile: (p) => src.files[p], inputShapes: src.inputShapes }).bytes;
      expect(await sha256Hex(ours)).toBe(await sha256Hex(cli));
      expect(ours.length).toBeGreaterThan(1000);
    },
  );
});

describe('int8 quantization (emotion, 64×64 greyscale, bundled images)', () => {
  it('calibrates on real images, loads in the official runtime and tracks the float model', async () => {
    const src = sourceOf('vision/facial-expression/emotion');
    const { model, notes } = prepareInt8Source(src);
    expect(notes).toHaveLength(4);
    const input = model.graphs[0].tensors.get(model.graphs[0].inputs[0])!;
    const guess = guessImageFeed({ name: input.name, shape: input.shape, dtype: input.dtype, relaidOut: false });
    if (!('feed' in guess)) throw new Error(guess.reason);
    // The recipe's normalisation: pixel / 127.5 − 1.
    const feed = { ...guess.feed, scale: [1 / 127.5], offset: [-1] };
    expect(feed.colourOrder).toBe('grayscale');
    const images = ['basketball.jpg', 'chelsea.jpg', 'coffee.jpg', 'squirrel_cls.jpg', 'text-page.png'];
    const samples: Record<string, ReturnType<typeof irInputTensor>>[] = [];
    for (const f of images) {
      const { data, info } = await sharp(readFileSync(path.join(REPO_ROOT, 'public/samples/images', f))).resize(feed.size[0], feed.size[1], { fit: 'fill' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      samples.push({ [input.name]: irInputTensor({ width: info.width, height: info.height, data: new Uint8Array(data) }, feed, false) });
    }
    const exec = await createExecutor(model, { backend: 'wasm' });
    const progress: number[] = [];
    try {
      const r = await quantizeInt8(model, exec, samples, { observer: 'minmax', inputType: 'float32', outputType: 'float32' }, (d) => progress.push(d));
      expect(progress).toEqual([1, 2, 3, 4, 5]);
      const q = r.model.graphs[0];
      expect(q.ops.filter((o) => o.type === 'Conv2D').every((o) => q.tensors.get(o.inputs[1])?.dtype === 'int8')).toBe(true);

      const fp32 = convertFp32(src).bytes;
      let worst = Infinity;
      const direct: number[] = [];
      for (const s of samples) {
        const t = s[input.name];
        const [a] = await runOfficialTflite(fp32, [{ data: t.data as Float32Array, shape: t.shape }]);
        const [b] = await runOfficialTflite(r.bytes, [{ data: t.data as Float32Array, shape: t.shape }]);
        expect(b.shape).toEqual(a.shape);
        direct.push(sqnr(a.data, b.data));
        worst = Math.min(worst, direct[direct.length - 1]);
        const argmax = (d: ArrayLike<number>) => Array.from(d).reduce((best, v, i, all) => (v > all[best] ? i : best), 0);
        expect(argmax(b.data)).toBe(argmax(a.data));
      }
      // Softmax over 7 classes: int8 keeps it within a few percent on every sample.
      console.log(`worst SQNR ${worst.toFixed(1)} dB`);
      expect(worst).toBeGreaterThan(15);

      // The page's per-layer explorer on the first image: real int8 activations (official runtime) against the float
      // model's, tensors matched by id (the quantizer keeps the float model's).
      const probe = await probeInt8(model, r.model, samples[0], { float: exec, official: runOfficialTflite }, { match: 'id' });
      const q8 = [...q.tensors.values()].filter((t) => t.dtype === 'int8' && !t.data && !t.bytes);
      // Every int8 activation is compared, the QUANTIZE of the float input against the input itself.
      expect(probe.layers).toHaveLength(q8.length);
      expect(probe.layers[0]).toMatchObject({ producer: 'Quantize', floatTensor: model.graphs[0].inputs[0] });
      expect(probe.unmatched).toEqual([]);
      const out = probe.layers.filter((l) => l.isOutput);
      expect(out).toHaveLength(1);
      // The final output's accumulated error is the one measured end to end above (our executor vs the official fp32 run).
      expect(Math.abs(out[0].sqnrDb - direct[0])).toBeLessThan(0.05);
      for (const l of probe.layers) expect(Number.isFinite(l.sqnrDb)).toBe(true);
      // Calibrated on this very sample with min/max: nothing clips; error builds up along the graph.
      expect(probe.layers.every((l) => l.clipped === 0)).toBe(true);
      const first = probe.layers[0];
      expect(worstFirst(probe.layers)[0].sqnrDb).toBeLessThan(first.sqnrDb);
    } finally {
      exec.dispose();
    }
  });
});

describe('int8 refusal', () => {
  it('names the op types without an int8 path before running any sample (MoveNet: int32 pixels cast to float)', async () => {
    const src = sourceOf('vision/pose-estimation/movenet-lightning');
    const { model } = prepareInt8Source(src);
    let runs = 0;
    const runner = { run: async () => { runs++; return { captured: {} }; } };
    const err = await quantizeInt8(model, runner, [{}], { observer: 'minmax', inputType: 'float32', outputType: 'float32' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Int8UnsupportedError);
    const types = (err as Int8UnsupportedError).opTypes;
    for (const t of ['Cast', 'Sqrt', 'Div']) expect(types.some((x) => x.includes(t))).toBe(true);
    expect(runs).toBe(0);
  });
});
