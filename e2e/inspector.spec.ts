// The model inspector on catalogue model pages and on /byom, in real
// Chromium, checked against the same figures computed here in Node from the
// same files (lib/inspect view, lib/targets simulate): lazy loading, op
// details and weight statistics, search, the simulator overlay, collapsed
// blocks in a large graph, quantization in words, SVG/PNG export, axe, and
// the measured-time overlay profiling the live engines.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_PATH } from '../playwright.config';
import { writeStillY4m } from './fixtures/y4m';
import type { Catalogue } from '../lib/catalogue/manifest';
import { inferShapes } from '../lib/ir/infer';
import { loadModel } from '../lib/ir/load';
import { shortNumber } from '../lib/inspect/quant-text';
import { buildModelView, type GraphView } from '../lib/inspect/view';
import type { SimulateReferenceRequest } from '../lib/inspect/testing/simulate-reference';

const ROOT = path.resolve(import.meta.dirname, '..');
const catalogue = JSON.parse(readFileSync(path.join(ROOT, 'zoo/catalogue.json'), 'utf8')) as Catalogue;
const BLAZEFACE = 'vision/face-detection/blazeface-short-range';

/** lib/targets run in a Node subprocess (Playwright's loader cannot import its JSON device files). */
function simulateReference(req: SimulateReferenceRequest): Record<string, Record<'asStored' | 'fp32' | 'int8', { latencyMs: number; layers: { opId: string; timeMs: number; runsOn: string }[] }>> {
  const script = path.join(ROOT, 'lib/inspect/testing/simulate-reference.ts');
  const out = execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), script, JSON.stringify(req)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out) as ReturnType<typeof simulateReference>;
}


function nodeModel(file: string, inputShapes?: Record<string, number[]>) {
  const dir = path.dirname(file);
  const model = loadModel({ entry: path.basename(file), readFile: (p) => new Uint8Array(readFileSync(path.join(dir, p))), inputShapes });
  inferShapes(model, model.sourceFormat === 'onnx' ? {} : { inputShapes });
  return model;
}

const BLAZEFACE_FILE = path.join(ROOT, 'public/models', BLAZEFACE, 'face_detection_short_range.tflite');

async function openInspector(page: Page, href: string, button: RegExp = /Inspect the graph/): Promise<void> {
  await page.goto(href);
  await page.getByTestId('inspector-section').getByRole('button', { name: button }).click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(page.locator('[data-testid=graph-canvas] [data-unit]').first()).toBeVisible();
}

const drawnOps = (g: GraphView) => g.nodes.filter((n) => n.kind === 'op' && !n.constantOnly);

test('model page: nothing loads until asked; then every op, its details and weights, as Node reads the file', async ({ page }) => {
  test.setTimeout(120_000);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`/${BLAZEFACE}`);
  await expect(page.getByRole('heading', { name: 'Inspect the graph' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(requests.filter((p) => p.startsWith('/models/'))).toEqual([]);
  expect(requests.filter((p) => p.startsWith('/runtimes/'))).toEqual([]);

  await page.getByTestId('inspector-section').getByRole('button', { name: /Inspect the graph/ }).click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  const stats = catalogue.models[BLAZEFACE].graphs[0].stats;
  await expect(inspector).toHaveAttribute('data-op-count', String(stats.opCount));

  const view = buildModelView(nodeModel(BLAZEFACE_FILE)).graphs[0];
  const drawn = drawnOps(view);
  // Weight DEQUANTIZE ops (float16 storage) are load-time: hidden until asked for.
  await expect(page.locator('[data-testid=inspector-layer-table] tbody tr')).toHaveCount(drawn.length);
  await expect(inspector).toHaveAttribute('data-unit-count', String(drawn.length + view.nodes.filter((n) => n.kind !== 'op').length));
  await expect(page.locator('[data-testid=graph-canvas] [data-unit]')).toHaveCount(drawn.length + view.nodes.filter((n) => n.kind !== 'op').length);

  // Details of the first 1×1 conv: params, MACs, weight statistics of its (float16-stored) filter.
  const conv = drawn.find((n) => n.type === 'Conv2D' && n.name === 'conv2d_1')!;
  await page.getByRole('button', { name: `Select Conv2D ${conv.name}`, exact: true }).click();
  const details = page.getByTestId('node-details');
  await expect(details.getByRole('heading', { level: 3 })).toHaveText('Conv2D');
  await expect(details.getByTestId('node-params')).toHaveText(conv.params.toLocaleString('en-US'));
  await expect(details.getByTestId('node-macs')).toContainText(conv.macs!.toLocaleString('en-US'));
  const filter = view.tensors[conv.inputs[1]];
  expect(filter.fromConstants?.sourceDtype).toBe('float16');
  const w = details.getByTestId('weight-stats').first();
  await expect(w.locator('[data-stat=min]')).toHaveText(shortNumber(filter.stats!.min));
  await expect(w.locator('[data-stat=max]')).toHaveText(shortNumber(filter.stats!.max));
  await expect(w.locator('[data-stat=mean]')).toHaveText(shortNumber(filter.stats!.mean));
  await expect(w.locator('[data-stat=std]')).toHaveText(shortNumber(filter.stats!.std));
  await expect(w).toContainText(`${filter.stats!.count.toLocaleString('en-US')} values`);
  await expect(page.locator(`[data-unit="${conv.id}"] rect`).last()).toHaveAttribute('stroke-width', '3');

  // Showing load-time ops adds the DEQUANTIZE boxes.
  await page.getByLabel('Show load-time ops (e.g. weight DEQUANTIZE)').check();
  await expect(page.locator('[data-testid=inspector-layer-table] tbody tr')).toHaveCount(view.totals.ops);
});

test('search highlights, counts and jumps; the simulator overlay matches lib/targets', async ({ page }) => {
  test.setTimeout(120_000);
  await openInspector(page, `/${BLAZEFACE}`);
  const view = buildModelView(nodeModel(BLAZEFACE_FILE)).graphs[0];
  const depthwise = drawnOps(view).filter((n) => n.type === 'DepthwiseConv2D');

  const search = page.getByLabel('Search name or op type');
  await search.fill('depthwiseconv2d');
  await expect(page.getByTestId('search-count')).toHaveText(`1 of ${depthwise.length} matches`);
  await expect(page.locator('[data-testid=graph-canvas] [data-unit][data-match]')).toHaveCount(depthwise.length);
  await search.press('Enter');
  await expect(page.getByTestId('node-details')).toContainText(depthwise[0].name);
  await search.press('Enter');
  await expect(page.getByTestId('search-count')).toHaveText(`2 of ${depthwise.length} matches`);
  await expect(page.getByTestId('node-details')).toContainText(depthwise[1].name);

  // Time heat map on the STM32N6, as the int8 variant (its NPU takes int8 only): total and per-layer times are the simulator's.
  const controls = page.getByTestId('inspector').getByRole('toolbar');
  await controls.getByLabel('Overlay').selectOption('time');
  await controls.getByLabel('Target').selectOption('stm32n6');
  await controls.getByLabel('Precision').selectOption('int8');
  const sim = simulateReference({ files: [BLAZEFACE_FILE], targets: ['stm32n6'], fold: false }).stm32n6.int8;
  await expect(page.getByTestId('overlay-legend')).toContainText(`${sim.latencyMs.toFixed(2)} ms simulated`);
  const row = sim.layers.find((l) => l.opId === depthwise[0].id)!;
  const tableRow = page.locator(`[data-testid=inspector-layer-table] tr[data-node="${depthwise[0].id}"]`);
  await expect(tableRow).toContainText(`${row.timeMs < 0.01 ? '<0.01' : row.timeMs.toFixed(2)} ms`);

  // Placement: the table's "Runs on" column counts what the simulator placed on the NPU.
  await controls.getByLabel('Overlay').selectOption('placement');
  const drawnIds = new Set(drawnOps(view).map((n) => n.id));
  const onNpu = sim.layers.filter((l) => l.runsOn === 'npu' && drawnIds.has(l.opId)).length;
  expect(onNpu).toBeGreaterThan(0);
  await expect(page.locator('[data-testid=inspector-layer-table] tbody td:nth-child(10)', { hasText: /^NPU$/ })).toHaveCount(onNpu);
  await expect(page.getByTestId('overlay-legend')).toContainText('CPU fallback');

  // Exports: the SVG holds every drawn box; the PNG is a real PNG of the drawing.
  const units = Number(await page.getByTestId('inspector').getAttribute('data-unit-count'));
  const [svgDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export SVG' }).click()]);
  const svg = readFileSync(await svgDl.path(), 'utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg.match(/data-unit="/g)?.length).toBe(units);
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  const [pngDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
  const png = readFileSync(await pngDl.path());
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.readUInt32BE(16)).toBeGreaterThan(100);
  expect(png.readUInt32BE(20)).toBeGreaterThan(1000);
});

test('a large graph starts as blocks; search opens the block of what it finds', async ({ page }) => {
  test.setTimeout(120_000);
  const key = 'text/text-detection/ppocr-v4-det';
  await openInspector(page, `/${key}`);
  const inspector = page.getByTestId('inspector');
  const ops = Number(await inspector.getAttribute('data-op-count'));
  expect(ops).toBe(catalogue.models[key].graphs[0].stats.opCount);
  expect(ops).toBeGreaterThan(300);
  const groups = Number(await inspector.getAttribute('data-group-count'));
  const before = Number(await inspector.getAttribute('data-unit-count'));
  expect(groups).toBeGreaterThan(10);
  expect(before).toBeLessThan(ops / 2);
  await expect(page.locator('[data-testid=graph-canvas] [data-unit^="group:"]').first()).toBeVisible();

  // An op deep in the graph: searching for its exact name expands its block and selects it.
  const view = buildModelView(nodeModel(path.join(ROOT, 'public/models', key, 'ch_PP-OCRv4_det_infer.onnx'), { x: [1, 3, 640, 640] })).graphs[0];
  const target = drawnOps(view)[Math.floor(drawnOps(view).length * 0.7)];
  const search = page.getByLabel('Search name or op type');
  await search.fill(target.name);
  await search.press('Enter');
  await expect(page.getByTestId('node-details')).toContainText(target.name);
  await expect(page.locator(`[data-testid=graph-canvas] [data-unit="${target.id}"]`)).toBeVisible();
  expect(Number(await inspector.getAttribute('data-unit-count'))).toBeGreaterThan(before);
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await expect(inspector).toHaveAttribute('data-unit-count', String(before));
});

test('quantization in plain words on an int8 file (bring your own model)', async ({ page }) => {
  test.setTimeout(120_000);
  const file = path.join(ROOT, 'public/artifacts', BLAZEFACE, 'blazeface-short-range-int8.tflite');
  const view = buildModelView(nodeModel(file)).graphs[0];
  const conv = view.nodes.find((n) => n.type === 'Conv2D')!;
  const out = view.tensors[conv.outputs[0]];
  const weights = view.tensors[conv.inputs[1]];
  expect(out.quant?.perChannel).toBe(false);
  expect(weights.quant?.perChannel).toBe(true);

  await page.goto('/byom');
  await page.getByTestId('pick-files').setInputFiles(file);
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await page.getByRole('button', { name: `Select Conv2D ${conv.name}`, exact: true }).click();
  const details = page.getByTestId('node-details');
  const texts = await details.getByTestId('quant-text').allInnerTexts();
  // e.g. "int8 −128…127 ↦ −4.49…5.12 (scale 0.0376, zero point −9)" and the per-channel weights.
  expect(texts.some((t) => t.startsWith(out.quant!.text))).toBe(true);
  expect(texts.some((t) => t.startsWith(weights.quant!.text) && t.includes('per channel along axis 0'))).toBe(true);
  expect(out.quant!.text).toMatch(/^int8 −128…127 ↦ −?[\d.]+…[\d.]+$/);
  await expect(details.getByTestId('weight-stats').first()).toContainText('(real values, dequantized)');
});

test('int8 explorer on a model page: the catalogue fp32 vs int8 files per layer, on a bundled sample and an uploaded file', async ({ page }) => {
  test.setTimeout(240_000);
  const key = 'vision/facial-expression/emotion';
  // Every int8 activation of the int8 file has an fp32 twin by name (lib/quantize/probe.test.ts): one row each.
  const int8 = nodeModel(path.join(ROOT, 'public/artifacts', key, 'emotion-int8.tflite')).graphs[0];
  const compared = [...int8.tensors.values()].filter((t) => t.dtype === 'int8' && !t.data && !t.bytes).length;
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await openInspector(page, `/${key}`);
  const explorer = page.getByTestId('int8-explorer');
  // Nothing is downloaded for it until asked; it starts on the recipe's first validation image.
  expect(requests.filter((p) => p.startsWith('/artifacts/'))).toEqual([]);
  await expect(explorer.getByTestId('probe-image')).toHaveValue('sample:/samples/images/astronaut.jpg');
  await explorer.getByTestId('probe-run').click();
  const report = explorer.getByTestId('probe-report');
  await expect(report).toHaveAttribute('data-image', 'astronaut.jpg', { timeout: 180_000 });
  expect(requests).toContain(`/artifacts/${key}/emotion-int8.tflite`);
  await expect(explorer.getByTestId('probe-summary')).toContainText(`${compared} int8 activations`);

  // Worst first, every SQNR finite, the three worst marked (and first).
  const table = explorer.getByTestId('layer-errors');
  const sqnrs = async () => table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-sqnr'))));
  const worstFirst = await sqnrs();
  expect(worstFirst).toHaveLength(Math.min(12, compared));
  for (const db of worstFirst) expect(Number.isFinite(db)).toBe(true);
  expect(worstFirst).toEqual([...worstFirst].sort((a, b) => a - b));
  // The worst marked are the three lowest that compute: ops that only move values repeat their input's figure.
  const marks = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => ({ worst: r.hasAttribute('data-worst'), moves: r.hasAttribute('data-moves-only') })));
  const computing = marks.flatMap((m, i) => (m.moves ? [] : [i]));
  expect(marks.flatMap((m, i) => (m.worst ? [i] : []))).toEqual(computing.slice(0, 3));
  expect(computing.length).toBeGreaterThanOrEqual(3);
  // Accumulated error: the worst layer is far noisier than the int8 input (8 bits of a [-1, 1] image, about 40 dB).
  await explorer.getByRole('button', { name: 'Graph order' }).click();
  const input = table.locator('tbody tr').first();
  await expect(input.locator('td').first()).toHaveText('in');
  expect(Number(await input.getAttribute('data-sqnr'))).toBeGreaterThan(worstFirst[0] + 10);
  await expect(input).toContainText('0.00 %');
  await expect(explorer.getByTestId('sqnr-along-graph').locator('rect')).toHaveCount(compared);
  const axe = await new AxeBuilder({ page }).include('[data-testid=int8-explorer]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // The same figures on the graph.
  const controls = page.getByTestId('inspector').getByRole('toolbar');
  await controls.getByLabel('Overlay').selectOption('error');
  await expect(page.getByTestId('error-legend')).toContainText('on astronaut.jpg');
  expect(await page.locator('[data-testid=graph-canvas] [data-unit][data-sqnr]').count()).toBeGreaterThan(compared / 2);

  // Another image, the reader's own file: measured again, on it.
  await explorer.getByTestId('probe-image').selectOption('file');
  await explorer.getByTestId('probe-file').setInputFiles(path.join(ROOT, 'public/samples/images/chelsea.jpg'));
  await explorer.getByTestId('probe-run').click();
  await expect(report).toHaveAttribute('data-image', 'chelsea.jpg', { timeout: 120_000 });
  await expect(page.getByTestId('error-legend')).toContainText('on chelsea.jpg');
  for (const db of await sqnrs()) expect(Number.isFinite(db)).toBe(true);
  await expect(explorer.getByTestId('int8-explorer-error')).toHaveCount(0);
});

test('int8 explorer on one camera frame (a fake webcam showing the astronaut)', async ({ baseURL }) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'edgezoo-int8-camera-'));
  const y4m = await writeStillY4m(path.join(ROOT, 'public/samples/images/astronaut.jpg'), path.join(dir, 'astronaut.y4m'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m.path}`],
  });
  try {
    const page = await (await browser.newContext({ baseURL })).newPage();
    await openInspector(page, '/vision/facial-expression/emotion');
    const explorer = page.getByTestId('int8-explorer');
    await explorer.getByTestId('probe-image').selectOption('camera');
    await explorer.getByTestId('probe-run').click();
    const report = explorer.getByTestId('probe-report');
    await expect(report).toHaveAttribute('data-image', /^camera frame /, { timeout: 120_000 });
    const sqnrs = await explorer.getByTestId('layer-errors').locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-sqnr'))));
    expect(sqnrs.length).toBeGreaterThan(0);
    for (const db of sqnrs) expect(Number.isFinite(db)).toBe(true);
    await expect(explorer.getByTestId('layer-errors').locator('tbody tr[data-worst]')).toHaveCount(3);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the inspector passes axe and works from the keyboard', async ({ page }) => {
  test.setTimeout(120_000);
  await openInspector(page, `/${BLAZEFACE}`);
  const results = await new AxeBuilder({ page }).include('[data-testid=inspector-section]').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // Keyboard: the drawing pans and zooms; a table row's button selects its op.
  const canvas = page.getByTestId('graph-canvas');
  await canvas.focus();
  const zoomText = page.getByText(/Zoom \d+ %/);
  const z0 = await zoomText.innerText();
  await page.keyboard.press('+');
  await expect(zoomText).not.toHaveText(z0);
  const first = page.locator('[data-testid=inspector-layer-table] tbody tr').first().getByRole('button');
  await first.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('node-details').getByRole('heading', { level: 3 })).toHaveText('Conv2D');
});

/** Every response in the context (page and workers): its path and status. */
function watchResponses(context: BrowserContext): { path: string; status: number; origin: string }[] {
  const seen: { path: string; status: number; origin: string }[] = [];
  context.on('response', (r) => {
    const url = new URL(r.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    seen.push({ path: url.pathname, status: r.status(), origin: url.origin });
  });
  return seen;
}

async function profile(page: Page, opts: { engine: string; backend?: string; threads?: string; runs: number }): Promise<void> {
  const controls = page.getByTestId('inspector').getByRole('toolbar');
  await controls.getByLabel('Overlay').selectOption('measured');
  const panel = page.getByTestId('profile-panel');
  await panel.getByLabel('Engine').selectOption({ label: opts.engine });
  if (opts.backend) await panel.getByLabel('Backend').selectOption({ label: opts.backend });
  if (opts.threads) await panel.getByLabel('Threads').selectOption(opts.threads);
  await panel.getByLabel('Timed runs').fill(String(opts.runs));
  await panel.getByRole('button', { name: 'Profile' }).click();
  await expect(panel.getByTestId('profile-status')).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
}

/** The Measured column of every layer-table row: its ms (data-ms), or null where the cell has none. */
async function measuredRows(page: Page): Promise<{ node: string; ms: number | null }[]> {
  return page.locator('[data-testid=inspector-layer-table] tbody tr').evaluateAll((rows) => rows.map((r) => {
    const cell = r.querySelector('td[data-ms]');
    return { node: r.getAttribute('data-node') ?? '', ms: cell ? Number(cell.getAttribute('data-ms')) : null };
  }));
}

test('measured time: the executor on WASM times every layer of BlazeFace in this browser', async ({ page, context, baseURL }) => {
  test.setTimeout(180_000);
  const responses = watchResponses(context);
  await openInspector(page, `/${BLAZEFACE}`);
  // 20 runs: the worker's timer ticks in 5 µs steps and the shortest ops (reshapes) take about 3 µs.
  await profile(page, { engine: 'EdgeZoo executor (TF.js)', backend: 'WASM', runs: 20 });

  const view = buildModelView(nodeModel(BLAZEFACE_FILE)).graphs[0];
  const rows = await measuredRows(page);
  expect(rows.map((r) => r.node)).toEqual(drawnOps(view).map((n) => n.id));
  // Every layer row got its own finite time; every convolution a positive one. A reshape can take
  // less than the timer's 5 µs tick in every run (the engine reports per-op means, leaving out each
  // op's slowest run), so its time may be 0.
  const typeOf = new Map(drawnOps(view).map((n) => [n.id, n.type]));
  const bad = rows.filter((r) => r.ms === null || !Number.isFinite(r.ms) || r.ms < 0 || (/Conv/.test(typeOf.get(r.node) ?? '') && r.ms <= 0));
  expect(bad).toEqual([]);
  expect(rows.filter((r) => /Conv/.test(typeOf.get(r.node) ?? '')).length).toBeGreaterThan(20);
  const total = rows.reduce((a, r) => a + (r.ms ?? 0), 0);
  const legend = page.getByTestId('measured-legend');
  await expect(legend).toContainText('EdgeZoo executor (TF.js) on wasm');
  const legendMs = Number((await legend.innerText()).match(/the ops took ([\d.]+) ms per run/)?.[1]);
  console.log(`BlazeFace on the executor (wasm): ${rows.length} ops, ${total.toFixed(3)} ms of ops per run (legend ${legendMs} ms)`);
  expect(Math.abs(legendMs - total)).toBeLessThan(0.01 + 1e-3 * total);

  // The heat map colours the drawing; the details panel gives the selected op's time.
  const conv = drawnOps(view).find((n) => n.type === 'Conv2D' && n.name === 'conv2d_1')!;
  await page.getByRole('button', { name: `Select Conv2D ${conv.name}`, exact: true }).click();
  await expect(page.getByTestId('node-measured')).toContainText(/Measured in this browser \(EdgeZoo executor \(TF\.js\), wasm\): [\d.]+ ms per run/);
  const fill = await page.locator(`[data-unit="${conv.id}"] rect`).last().getAttribute('fill');
  expect(fill).toMatch(/^hsl\(/);
  expect(responses.filter((r) => r.status >= 400 || r.origin !== new URL(baseURL!).origin)).toEqual([]);
});

test('measured time: the TFLite runtime on 2 threads (cross-origin isolated page) loads its files from /runtimes/tflite/ only', async ({ page, context, baseURL }) => {
  test.setTimeout(180_000);
  const responses = watchResponses(context);
  await openInspector(page, `/${BLAZEFACE}`, /Inspect the EdgeZoo fp32 \.tflite/);
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  await profile(page, { engine: 'TFLite web runtime (XNNPACK)', threads: '2', runs: 5 });
  await expect(page.getByTestId('measured-legend')).toContainText('2 threads');

  // The threaded build ran: its glue and wasm came from the runtimes folder, and nothing 404ed
  // (the runtime's own preload used to ask for the glue next to the worker script).
  const glue = responses.filter((r) => /tflite_web_api_cc/.test(r.path));
  console.log(`TFLite runtime files: ${glue.map((r) => `${r.path} ${r.status}`).join(', ')}`);
  expect(glue.map((r) => r.path)).toContain('/runtimes/tflite/tflite_web_api_cc_simd_threaded.js');
  expect(glue.filter((r) => !r.path.startsWith('/runtimes/tflite/'))).toEqual([]);
  // Worker requests are seen here too: the model itself is fetched inside the inference worker.
  expect(responses.map((r) => r.path)).toContain(`/artifacts/${BLAZEFACE}/blazeface-short-range-fp32.tflite`);
  expect(responses.filter((r) => r.status >= 400 || r.origin !== new URL(baseURL!).origin)).toEqual([]);

  // One XNNPACK partition: the runtime breaks it down per operator, so every layer gets a time
  // (an activation XNNPACK fused into its conv shares the conv's, marked ≈).
  const file = path.join(ROOT, 'public/artifacts', BLAZEFACE, 'blazeface-short-range-fp32.tflite');
  const view = buildModelView(nodeModel(file)).graphs[0];
  const rows = await measuredRows(page);
  expect(rows.map((r) => r.node)).toEqual(drawnOps(view).map((n) => n.id));
  expect(rows.filter((r) => r.ms === null || !Number.isFinite(r.ms) || r.ms < 0)).toEqual([]);
  const positive = rows.filter((r) => (r.ms ?? 0) > 0).length;
  console.log(`BlazeFace fp32 .tflite on the TFLite runtime: ${positive} of ${rows.length} ops with a positive time`);
  expect(positive).toBeGreaterThan(rows.length * 0.8);
});

test('measured time on /byom: the converted .tflite profiled on the TFLite runtime', async ({ page, context, baseURL }) => {
  test.setTimeout(180_000);
  const responses = watchResponses(context);
  const dir = path.join(ROOT, 'public/models/vision/facial-expression/emotion');
  await page.goto('/byom');
  await page.getByTestId('pick-files').setInputFiles([path.join(dir, 'emotion.json'), path.join(dir, 'emotion.bin')]);
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  // The source (TF.js) runs on the executor only; the converted file on the TFLite runtime too.
  await page.getByTestId('inspector').getByRole('toolbar').getByLabel('Overlay').selectOption('measured');
  await expect(page.getByTestId('profile-panel').getByLabel('Engine').locator('option')).toHaveText(['EdgeZoo executor (TF.js)']);

  await page.getByRole('button', { name: 'Convert to float32 .tflite' }).click();
  await expect(page.getByTestId('fp32-file')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('inspect-file').getByLabel(/-fp32\.tflite \(converted\)/).check();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await profile(page, { engine: 'TFLite web runtime (XNNPACK)', runs: 5 });
  const rows = await measuredRows(page);
  expect(rows).toHaveLength(20);
  expect(rows.filter((r) => r.ms === null || !Number.isFinite(r.ms) || r.ms < 0)).toEqual([]);
  const positive = rows.filter((r) => (r.ms ?? 0) > 0).length;
  console.log(`converted emotion fp32 on the TFLite runtime: ${positive} of ${rows.length} ops with a positive time; ${await page.getByTestId('measured-legend').locator('p').first().innerText()}`);
  expect(positive).toBeGreaterThan(rows.length * 0.8);
  expect(responses.filter((r) => r.status >= 400 || r.origin !== new URL(baseURL!).origin)).toEqual([]);
});
