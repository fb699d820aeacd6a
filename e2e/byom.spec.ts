// Bring your own model (/byom), in real Chromium, with every catalogue source
// file uploaded as a user would (TF.js: model.json + shards). For each: the
// figures match the catalogue's, the simulator's numbers match lib/targets
// run here in Node, the float32 download is byte-identical to `npx zoo
// convert` and runs in the official TFLite runtime, int8 quantization with
// the bundled sample images either yields a file that tracks the float32 one
// in the official runtime or names the ops the recipe says block it, and the
// converted file runs in the page. Then the bad inputs: corrupt, unsupported
// op, oversized.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Download, type Page } from '@playwright/test';
import type { ImageFeed } from '../lib/catalogue/recipe-schema';
import type { Catalogue } from '../lib/catalogue/manifest';
import { buildConvNet } from '../lib/formats/tfjs/testing/synthetic-model';
import { runOfficialTflite, type OfficialInput } from '../lib/formats/tflite/testing/official-runtime';
import { convertFp32, importSource } from '../lib/inspect/byom/pipeline';
import { sqnr } from '../lib/quantize';
import type { SimulateReferenceRequest } from '../lib/inspect/testing/simulate-reference';
import { convertToTflite } from '../scripts/cli/convert';
import { imageTensor } from '../scripts/zoo/samples';

const ROOT = path.resolve(import.meta.dirname, '..');
const catalogue = JSON.parse(readFileSync(path.join(ROOT, 'zoo/catalogue.json'), 'utf8')) as Catalogue;

interface RecipeJson {
  source: { files?: { path: string; role: string }[] };
  graphs: { id: string; file: string; format: 'tflite' | 'onnx' | 'tfjs'; inputShapes?: Record<string, number[]>; inputValues?: Record<string, number[]> }[];
  conversion?: {
    calibration: { files: string[] };
    graphs: {
      graph: string;
      inputs: { name: string; feed: { kind: string } }[];
      steps: { step: string; expectFailure?: { contains: string[] } }[];
      validation: { int8?: { minSqnrDb?: Record<string, number> } };
    }[];
  };
}

interface Case {
  key: string;
  graph: RecipeJson['graphs'][number];
  /** Absolute paths of the served source files (entry first). */
  files: string[];
  /** Image feeds by input name, when every input of the graph is an image. */
  feeds?: Record<string, ImageFeed>;
  calibration: string[];
  /** Op types the recipe says stop int8 quantization. */
  int8Blockers?: string[];
  /** The recipe's int8 SQNR floors by output name (dB). */
  int8Floors?: Record<string, number>;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const key of Object.keys(catalogue.models).sort()) {
    const m = catalogue.models[key];
    const recipe = JSON.parse(readFileSync(path.join(ROOT, m.recipePath, 'recipe.json'), 'utf8')) as RecipeJson;
    for (const graph of recipe.graphs) {
      const dir = path.dirname(graph.file);
      // Trained recipes (source.kind "train") publish the model they built: the graph file alone.
      const beside = (recipe.source.files ?? []).filter((f) => f.role === 'weights' && path.dirname(f.path) === dir).map((f) => f.path);
      const files = [graph.file, ...beside].map((p) => path.join(ROOT, 'public/models', key, path.basename(p)));
      const conv = recipe.conversion?.graphs.find((g) => g.graph === graph.id);
      const images = conv?.inputs.every((i) => i.feed.kind === 'image') ? Object.fromEntries(conv.inputs.map((i) => [i.name, i.feed as ImageFeed])) : undefined;
      const blocker = conv?.steps.find((s) => s.step === 'quantize' && s.expectFailure);
      out.push({ key, graph, files, feeds: images, calibration: (recipe.conversion?.calibration.files ?? []).filter((f) => f.startsWith('images/')), int8Blockers: blocker?.expectFailure?.contains, int8Floors: conv?.validation.int8?.minSqnrDb });
    }
  }
  return out;
}

/** lib/targets run in a Node subprocess (Playwright's loader cannot import its JSON device files). */
function simulateReference(req: SimulateReferenceRequest): Record<string, Record<'asStored' | 'fp32' | 'int8', { latencyMs: number; layers: { opId: string; timeMs: number; runsOn: string }[] }>> {
  const script = path.join(ROOT, 'lib/inspect/testing/simulate-reference.ts');
  const out = execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), script, JSON.stringify(req)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out) as ReturnType<typeof simulateReference>;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function saveDownload(page: Page, testId: string): Promise<{ bytes: Uint8Array; shown: string; name: string }> {
  const holder = page.getByTestId(testId);
  const shown = (await holder.getAttribute('data-sha256')) ?? '';
  const [dl] = await Promise.all([page.waitForEvent('download'), holder.getByRole('link').click()]);
  return { bytes: await downloaded(dl), shown, name: dl.suggestedFilename() };
}

async function downloaded(dl: Download): Promise<Uint8Array> {
  const p = await dl.path();
  return new Uint8Array(readFileSync(p));
}

async function openModel(page: Page, c: Case): Promise<void> {
  await page.goto('/byom');
  await page.getByTestId('pick-files').setInputFiles(c.files);
  await expect(page.getByTestId('byom-summary')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('byom')).toHaveAttribute('data-busy', 'false', { timeout: 60_000 });
  const shapes = c.graph.inputShapes ?? {};
  const values = c.graph.inputValues ?? {};
  if (!Object.keys(shapes).length && !Object.keys(values).length) return;
  const settings = page.getByTestId('input-settings');
  for (const [name, dims] of Object.entries(shapes)) await settings.locator('label', { hasText: `Shape of ${name}` }).locator('input').fill(dims.join(','));
  for (const [name, v] of Object.entries(values)) await settings.locator('label', { hasText: `Freeze ${name} to values` }).locator('input').fill(v.join(','));
  await settings.getByRole('button', { name: 'Apply input settings' }).click();
  await expect(page.getByTestId('byom-summary')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('byom')).toHaveAttribute('data-busy', 'false', { timeout: 60_000 });
}

/** The model's float inputs as Node builds them: the recipe's image feed on a bundled sample, else zeros. */
function nodeInputs(c: Case, sample: string): Promise<OfficialInput[]> {
  const src = sourceFiles(c);
  const { model } = convertFp32(src);
  const g = model.graphs[0];
  return Promise.all(g.inputs.map(async (id) => {
    const t = g.tensors.get(id)!;
    const feed = c.feeds?.[t.name];
    if (feed) {
      // NCHW sources the importer relaid (ONNX) are NHWC in the export; others keep their layout.
      const img = await imageTensor(sample, { ...feed, layout: model.metadata[`layout:${t.name}`] === 'NCHW' ? 'NHWC' : feed.layout });
      return { data: img.data as OfficialInput['data'], shape: img.shape };
    }
    const shape = t.shape.map((d) => Math.max(d, 1));
    const n = shape.reduce((a, d) => a * d, 1);
    return { data: t.dtype === 'int32' || t.dtype === 'int64' ? new Int32Array(n) : new Float32Array(n), shape };
  }));
}

function sourceFiles(c: Case) {
  const files = Object.fromEntries(c.files.map((f) => [path.basename(f), new Uint8Array(readFileSync(f))]));
  return { entry: path.basename(c.files[0]), format: c.graph.format, files, inputShapes: c.graph.inputShapes, inputValues: c.graph.inputValues };
}

const finite = (d: ArrayLike<number>) => Array.from(d).every(Number.isFinite);

interface ArtifactsJson {
  recipes: Record<string, { graphs: { graph: string; artifacts: { variant: string; href: string; inputs: { quant?: { scale: number[]; zeroPoint: number[] } }[] }[] }[] }>;
}
const artifacts = JSON.parse(readFileSync(path.join(ROOT, 'zoo/artifacts.json'), 'utf8')) as ArtifactsJson;

/** The catalogue's own int8 build of this graph run on the same (float) inputs, quantized as its inputs declare; null when it has none. */
async function catalogueInt8(c: Case, inputs: OfficialInput[]) {
  const art = artifacts.recipes[c.key]?.graphs.find((g) => g.graph === c.graph.id)?.artifacts.find((a) => a.variant === 'int8');
  if (!art) return null;
  const bytes = new Uint8Array(readFileSync(path.join(ROOT, 'public', art.href)));
  const fed = inputs.map((t, i) => {
    const q = art.inputs[i]?.quant;
    if (!q) return t;
    return { data: Int8Array.from(t.data, (v) => Math.max(-128, Math.min(127, Math.round(v / q.scale[0]) + q.zeroPoint[0]))), shape: t.shape };
  });
  return runOfficialTflite(bytes, fed);
}

// A real changed node of some models and what it became in the float32 and int8 files (int8 where that
// model quantizes): the MediaPipe custom op lowered in place; a float16 weight DEQUANTIZE folded into the
// conv that reads it. In the int8 file the input's QUANTIZE (float32 input, the page's default) was
// inserted beside that first conv: it descends from no source node, so it is no counterpart, but it is
// listed in the same row (`beside`).
const MAPPED: Record<string, { source: string; type: string; float32: string; int8?: string[]; int8Beside?: string }> = {
  'vision/semantic-segmentation/selfie-segmentation-general': { source: 'op244', type: 'Convolution2DTransposeBias', float32: 'TransposeConv2D op244' },
  'vision/face-detection/blazeface-short-range': { source: 'op0', type: 'Dequantize', float32: 'Conv2D op2', int8: ['Conv2D op2'], int8Beside: 'quantize_t0' },
};

// The recipes whose command line the test runs for real, one per source format.
const CLI_CHECKED = new Set(['vision/facial-expression/emotion', 'vision/face-detection/blazeface-short-range', 'audio/voice-activity-detection/silero-vad']);

for (const c of cases()) {
  test(`${c.key} (${c.graph.id}): inspect, simulate, convert, quantize, run`, async ({ page }) => {
    test.setTimeout(240_000);
    const stats = catalogue.models[c.key].graphs.find((g) => g.id === c.graph.id)!.stats;
    await openModel(page, c);

    // The page's figures are the catalogue's (same importer, same accounting).
    const summary = page.getByTestId('byom-summary');
    await expect(summary).toHaveAttribute('data-op-count', String(stats.opCount));
    await expect(summary).toHaveAttribute('data-params', String(stats.params));
    await expect(summary).toHaveAttribute('data-macs', String(stats.macs ?? 'unknown'));

    // Inspect: the graph is drawn.
    const inspector = page.getByTestId('inspector');
    await expect(inspector).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
    await expect(page.locator('[data-testid=graph-canvas] [data-unit]').first()).toBeVisible();

    // Simulate: every target, the numbers lib/targets gives here.
    const rows = page.locator('[data-testid=byom-simulation] tbody tr');
    await expect(rows).toHaveCount(11, { timeout: 60_000 });
    const ref = simulateReference({ files: c.files, inputShapes: c.graph.inputShapes, inputValues: c.graph.inputValues, targets: ['stm32n6', 'rpi5'], fold: true });
    for (const target of ['stm32n6', 'rpi5']) {
      const row = page.locator(`[data-testid=byom-simulation] tr[data-target=${target}]`);
      expect(Number(await row.getAttribute('data-fp32-ms'))).toBeCloseTo(ref[target].fp32.latencyMs, 6);
      expect(Number(await row.getAttribute('data-int8-ms'))).toBeCloseTo(ref[target].int8.latencyMs, 6);
    }

    // float32: byte-identical to the command line, and the official runtime runs it.
    await page.getByRole('button', { name: 'Convert to float32 .tflite' }).click();
    await expect(page.getByTestId('fp32-file').or(page.getByTestId('fp32-error'))).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('fp32-error')).toHaveCount(0);
    const fp32 = await saveDownload(page, 'fp32-file');
    expect(sha256(fp32.bytes)).toBe(fp32.shown);
    const src = sourceFiles(c);
    const cli = convertToTflite({ entry: src.entry, format: src.format, readFile: (p) => src.files[p], inputShapes: src.inputShapes, inputValues: src.inputValues });
    expect(sha256(cli.bytes)).toBe(fp32.shown);
    const sample = c.calibration[0] ?? 'images/chelsea.jpg';
    const inputs = await nodeInputs(c, sample);
    const reference = await runOfficialTflite(fp32.bytes, inputs);
    expect(reference.length).toBe(stats.outputs.length);
    for (const o of reference) expect(finite(o.data)).toBe(true);

    // int8 with the bundled samples the recipe calibrates on.
    const panel = page.getByTestId('quantize-panel');
    if (!c.feeds) {
      // Audio and feature inputs: say so unless they look like images (the embedding's [1, 76, 32, 1] does; the user decides).
      if (stats.inputs.some((i) => i.shape.length !== 4)) await expect(panel.getByTestId('quantize-unavailable')).toBeVisible();
    } else {
      for (const [name, feed] of Object.entries(c.feeds)) {
        const fs = panel.locator(`fieldset[data-feed="${name}"]`);
        if (feed.colourOrder !== 'grayscale') await fs.getByLabel('Channel order').selectOption(feed.colourOrder);
        await fs.getByLabel('Resize').selectOption(feed.fit);
        await fs.getByLabel('Scale (per channel)').fill(feed.scale.join(', '));
        await fs.getByLabel('Offset (per channel)').fill(feed.offset.join(', '));
      }
      const wanted = new Set(c.calibration.map((f) => path.basename(f)));
      for (const box of await panel.locator('fieldset', { hasText: 'Calibration images' }).getByRole('checkbox').all()) {
        const label = (await box.locator('xpath=..').innerText()).trim();
        await box.setChecked(wanted.has(label));
      }
      await panel.getByRole('button', { name: 'Quantize to int8' }).click();
      await expect(panel.getByTestId('int8-file').or(panel.getByTestId('int8-error'))).toBeVisible({ timeout: 180_000 });
      if (c.int8Blockers) {
        const err = panel.getByTestId('int8-error');
        await expect(err).toHaveAttribute('data-code', 'int8-unsupported');
        const listed = await err.locator('[data-op-type]').evaluateAll((els) => els.map((e) => e.getAttribute('data-op-type') ?? ''));
        for (const b of c.int8Blockers) expect(listed.some((t) => t.includes(b)), `${b} listed in ${listed.join(', ')}`).toBe(true);
      } else {
        await expect(panel.getByTestId('int8-error')).toHaveCount(0);
        await expect(panel.getByTestId('layer-errors')).toBeVisible();
        // The int8 explorer on the first calibration image: worst first, the worst marked.
        const layerRows = panel.getByTestId('layer-errors').locator('tbody tr');
        const shownRows = await layerRows.count();
        expect(shownRows).toBeGreaterThan(0);
        const marks = await layerRows.evaluateAll((rows) => rows.map((r) => ({ worst: r.hasAttribute('data-worst'), moves: r.hasAttribute('data-moves-only') })));
        expect(marks.flatMap((m, i) => (m.worst ? [i] : []))).toEqual(marks.flatMap((m, i) => (m.moves ? [] : [i])).slice(0, 3));
        await expect(panel.getByTestId('probe-report')).toHaveAttribute('data-image', c.calibration.map((f) => path.basename(f)).sort()[0]);
        const int8 = await saveDownload(page, 'int8-file');
        expect(sha256(int8.bytes)).toBe(int8.shown);
        const quantized = await runOfficialTflite(int8.bytes, inputs);
        expect(quantized.map((o) => o.shape)).toEqual(reference.map((o) => o.shape));
        for (const o of quantized) expect(finite(o.data)).toBe(true);
        // Against float32 on the same input, each output is about as close as the catalogue's own int8 build
        // (which calibrates on 16 crops and feeds int8): within 6 dB, or at least at the recipe's own floor for
        // that output. One-value outputs (scores) make no SQNR.
        const ours = quantized.map((o, k) => sqnr(reference[k].data, o.data));
        const built = await catalogueInt8(c, inputs);
        test.info().annotations.push({ type: 'int8 SQNR vs float32', description: `ours ${ours.map((d) => d.toFixed(1)).join(', ')} dB; catalogue ${built ? built.map((o, k) => sqnr(reference[k].data, o.data).toFixed(1)).join(', ') : 'none'} dB` });
        // The quantization explorer: the same per-layer errors coloured onto the graph.
        const controls = page.getByTestId('inspector').getByRole('toolbar');
        await controls.getByLabel('Overlay').selectOption('error');
        await expect(page.getByTestId('error-legend')).toBeVisible();
        const measured = page.locator('[data-testid=graph-canvas] [data-unit][data-sqnr]');
        expect(await measured.count()).toBeGreaterThan(0);
        // (The input node is coloured too, with its own quantization error; the layer table lists ops only.)
        const firstOp = page.locator('[data-testid=graph-canvas] [data-unit][data-sqnr]:not([data-unit^="group:"]):not([data-unit^="input:"]):not([data-unit^="output:"])').first();
        if (await firstOp.count()) {
          const db = Number(await firstOp.getAttribute('data-sqnr'));
          const id = await firstOp.getAttribute('data-unit');
          await page.locator(`[data-testid=inspector-layer-table] tr[data-node="${id}"]`).getByRole('button').click();
          await expect(page.getByTestId('node-int8-error')).toContainText(Number.isFinite(db) ? `${db.toFixed(1)} dB` : 'exact');
        }
        if (built) {
          reference.forEach((r, k) => {
            if (r.data.length <= 1) return;
            const bar = Math.min(sqnr(r.data, built[k].data) - 6, c.int8Floors?.[r.name] ?? Infinity);
            expect(ours[k], `output ${r.name}`).toBeGreaterThan(bar);
          });
        }
      }
    }

    // Source → float32 (→ int8) op types side by side: the float32 column is what the downloaded file holds.
    const diff = page.getByTestId('conversion-diff');
    const fileOps = importSource({ entry: 'm.tflite', files: { 'm.tflite': fp32.bytes } }).graphs.reduce((n, g) => n + g.ops.length, 0);
    await expect(diff.locator('tfoot tr').first().locator('td').nth(1)).toHaveText(String(fileOps));
    await expect(diff.locator('tfoot tr').first().locator('td').first()).toHaveText(String(stats.opCount));

    // Node by node: clicking a changed source node highlights what it became in each converted graph.
    const mapped = MAPPED[c.key];
    if (mapped) {
      const table = page.getByTestId('node-mapping');
      const node = table.locator(`button[data-column=source][data-op="${mapped.source}"]`);
      await expect(node).toContainText(mapped.type);
      await node.click();
      await expect(node).toHaveAttribute('aria-pressed', 'true');
      const lit = async (column: string) => (await table.locator(`button[data-column=${column}][data-counterpart]`).evaluateAll((els) => els.map((e) => `${e.querySelector('span')?.textContent} ${e.getAttribute('data-op')}`))).sort();
      expect(await lit('float32')).toEqual([mapped.float32]);
      if (mapped.int8 && !c.int8Blockers) expect(await lit('int8')).toEqual(mapped.int8);
      if (mapped.int8Beside && !c.int8Blockers) {
        const row = table.locator(`tr[data-source-ops~="${mapped.source}"]`);
        await expect(row.locator(`button[data-column=int8][data-op="${mapped.int8Beside}"]`)).toBeVisible();
      }
      await expect(page.getByTestId('mapping-selection')).toContainText(`float32 .tflite: ${mapped.float32.split(' ')[0]}`);
    }

    // Run the float32 file in the page with the official runtime: raw outputs, one row each.
    const run = page.getByTestId('byom-run');
    await run.getByLabel('File').selectOption(fp32.name);
    await run.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(run).toHaveAttribute('data-status', /done|error/, { timeout: 60_000 });
    await expect(run.getByTestId('byom-run-error')).toHaveCount(0);
    await expect(run.locator('[data-testid=output-table] tbody tr')).toHaveCount(reference.length);

    // recipe.json: hashes of what went in and came out, and the command that writes the float32 file again.
    const recipe = await saveDownload(page, 'recipe-file');
    expect(sha256(recipe.bytes)).toBe(recipe.shown);
    const r = JSON.parse(new TextDecoder().decode(recipe.bytes)) as { source: { files: { path: string; sha256: string }[] }; fp32: { output: { sha256: string }; reproduce: string } };
    expect(r.fp32.output.sha256).toBe(fp32.shown);
    expect(r.source.files.map((f) => f.sha256).sort()).toEqual(c.files.map((f) => sha256(readFileSync(f))).sort());
    expect(r.fp32.reproduce).toMatch(/^npx zoo convert /);
    if (CLI_CHECKED.has(c.key)) {
      const dir = mkdtempSync(path.join(tmpdir(), 'byom-'));
      try {
        for (const f of c.files) writeFileSync(path.join(dir, path.basename(f)), readFileSync(f));
        const args = r.fp32.reproduce.replace(/^npx zoo /, '').split(' ');
        execFileSync(process.execPath, [path.join(ROOT, 'bin/zoo.mjs'), ...args], { cwd: dir, stdio: 'pipe' });
        const out = args[args.indexOf('-o') + 1];
        expect(sha256(readFileSync(path.join(dir, out)))).toBe(fp32.shown);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
}

test.describe('bad input', () => {
  const dir = path.join(tmpdir(), `byom-bad-${process.pid}`);
  test.beforeAll(() => mkdirSync(dir, { recursive: true }));
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a corrupt .tflite gives the reader\'s message', async ({ page }) => {
    const good = readFileSync(path.join(ROOT, 'public/models/vision/face-detection/blazeface-short-range/face_detection_short_range.tflite'));
    const file = path.join(dir, 'broken.tflite');
    writeFileSync(file, good.subarray(0, 4096));
    await page.goto('/byom');
    await page.getByTestId('pick-files').setInputFiles(file);
    const err = page.getByTestId('open-error');
    await expect(err).toBeVisible({ timeout: 30_000 });
    await expect(err).toContainText('This file could not be read as a model');
    await expect(err).toHaveAttribute('data-code', /truncated|out-of-range|bad-buffer/);
    await expect(page.getByTestId('byom-summary')).toHaveCount(0);
  });

  test('an op the importer does not know is listed, with what converting it would need', async ({ page }) => {
    // The synthetic TF.js conv net with its Softmax replaced by Erfinv, which EdgeZoo's importer has no mapping for.
    const net = buildConvNet();
    const json = JSON.parse(net.json) as { modelTopology: { node: { op: string }[] } };
    for (const n of json.modelTopology.node) if (n.op === 'Softmax') n.op = 'Erfinv';
    writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
    for (const [name, bytes] of Object.entries(net.shards)) writeFileSync(path.join(dir, name), bytes);
    await page.goto('/byom');
    await page.getByTestId('pick-files').setInputFiles([path.join(dir, 'model.json'), ...Object.keys(net.shards).map((n) => path.join(dir, n))]);
    const listed = page.getByTestId('byom-unsupported');
    await expect(listed).toBeVisible({ timeout: 30_000 });
    await expect(listed.locator('li[data-op=Erfinv]')).toContainText('Erfinv (tfjs) ×1');
    await expect(listed).toContainText('an IR mapping for Erfinv in EdgeZoo\'s TF.js importer');
    await page.getByRole('button', { name: 'Convert to float32 .tflite' }).click();
    await expect(page.getByTestId('fp32-error')).toContainText('no TFLite form for op types Custom(tfjs:Erfinv)', { timeout: 30_000 });
  });

  test('an oversized file is refused before it is read', async ({ page }) => {
    const file = path.join(dir, 'huge.onnx');
    writeFileSync(file, '');
    truncateSync(file, 201 * 1024 * 1024);
    await page.goto('/byom');
    await page.getByTestId('pick-files').setInputFiles(file);
    const err = page.getByTestId('pick-error');
    await expect(err).toContainText('The model is 201.0 MB; this page reads models up to 200.0 MB in your browser. Nothing was read.');
    await expect(page.getByTestId('byom-summary')).toHaveCount(0);
    await expect(page.getByTestId('byom-busy')).toHaveCount(0);
  });
});

// The int8 recipe's command line, run for real: quantize in the page on PNG
// images (two bundled, one uploaded with transparency), then run the
// recipe's `npx zoo quantize` in a folder holding the source files and those
// images. Same decode (PNG is exact), same resize (lib/inspect/byom/pixels),
// same pipeline: the same sha256.
test.describe('int8 recipe command', () => {
  const REPRODUCED: { key: string; setFeed?: (feed: ImageFeed) => ImageFeed; observer: string; inputType: string; outputType: string }[] = [
    { key: 'vision/facial-expression/emotion', observer: 'minmax', inputType: 'float32', outputType: 'float32' },
    { key: 'vision/face-detection/blazeface-short-range', setFeed: (f) => ({ ...f, fit: 'letterbox' }), observer: 'percentile', inputType: 'int8', outputType: 'uint8' },
  ];

  /** An RGBA PNG with every alpha level, so flattening onto black is checked on both sides. */
  async function transparentPng(file: string): Promise<void> {
    const { default: sharp } = await import('sharp');
    const w = 97;
    const h = 61;
    const px = Buffer.alloc(w * h * 4);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const p = (y * w + x) * 4;
        px.set([(x * 37 + y * 11) & 255, (x * 5 + y * 53) & 255, (x * y) & 255, (x * 3 + y * 7) & 255], p);
      }
    }
    await sharp(px, { raw: { width: w, height: h, channels: 4 } }).png().toFile(file);
  }

  for (const run of REPRODUCED) {
    test(`${run.key}: \`npx zoo quantize\` from the recipe writes the page's int8 file`, async ({ page }) => {
      test.setTimeout(240_000);
      const c = cases().find((x) => x.key === run.key);
      if (!c?.feeds) throw new Error(`${run.key} has no image feeds in its recipe`);
      const dir = mkdtempSync(path.join(tmpdir(), 'byom-int8-'));
      try {
        const own = path.join(dir, 'own-transparent.png');
        await transparentPng(own);
        await openModel(page, c);
        const panel = page.getByTestId('quantize-panel');
        for (const [name, recipeFeed] of Object.entries(c.feeds)) {
          const feed = run.setFeed ? run.setFeed(recipeFeed) : recipeFeed;
          const fs = panel.locator(`fieldset[data-feed="${name}"]`);
          if (feed.colourOrder !== 'grayscale') await fs.getByLabel('Channel order').selectOption(feed.colourOrder);
          await fs.getByLabel('Resize').selectOption(feed.fit);
          await fs.getByLabel('Scale (per channel)').fill(feed.scale.join(', '));
          await fs.getByLabel('Offset (per channel)').fill(feed.offset.join(', '));
        }
        const bundled = ['digits.png', 'text-page.png'];
        for (const box of await panel.locator('fieldset', { hasText: 'Calibration images' }).getByRole('checkbox').all()) {
          await box.setChecked(bundled.includes((await box.locator('xpath=..').innerText()).trim()));
        }
        await panel.getByLabel('Your own images (read in this browser only)').setInputFiles(own);
        await panel.getByLabel('Range observer').selectOption(run.observer);
        await panel.getByLabel('Input type').selectOption(run.inputType);
        await panel.getByLabel('Output type').selectOption(run.outputType);
        await panel.getByRole('button', { name: 'Quantize to int8' }).click();
        await expect(panel.getByTestId('int8-file').or(panel.getByTestId('int8-error'))).toBeVisible({ timeout: 180_000 });
        await expect(panel.getByTestId('int8-error')).toHaveCount(0);
        const int8 = await saveDownload(page, 'int8-file');
        expect(sha256(int8.bytes)).toBe(int8.shown);

        const recipe = await saveDownload(page, 'recipe-file');
        const r = JSON.parse(new TextDecoder().decode(recipe.bytes)) as { int8: { output: { path: string; sha256: string }; calibration: { images: { path: string }[]; note: string }; reproduce: string } };
        expect(r.int8.output.sha256).toBe(int8.shown);
        expect(r.int8.calibration.images.map((i) => i.path)).toEqual([...bundled, 'own-transparent.png']);
        expect(r.int8.calibration.note).toContain('PNG decodes exactly, so the command writes the same bytes');
        expect(r.int8.reproduce).toMatch(/^npx zoo quantize .* --calibration digits\.png text-page\.png own-transparent\.png$/);
        // Every word is shell-safe (nothing quoted), so splitting on spaces reads it as a shell would.
        expect(r.int8.reproduce).not.toContain("'");

        for (const f of c.files) writeFileSync(path.join(dir, path.basename(f)), readFileSync(f));
        for (const f of bundled) writeFileSync(path.join(dir, f), readFileSync(path.join(ROOT, 'public/samples/images', f)));
        const args = r.int8.reproduce.replace(/^npx zoo /, '').split(' ');
        const printed = execFileSync(process.execPath, [path.join(ROOT, 'bin/zoo.mjs'), ...args], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
        const out = path.join(dir, args[args.indexOf('-o') + 1]);
        expect(sha256(readFileSync(out))).toBe(int8.shown);
        expect(printed).toContain(`sha256 ${int8.shown}`);
        expect(printed).toContain('calibrated on wasm');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
