// The live vision demo (/run/…) in real Chromium: a fake webcam made from a
// checked-in sample (a Y4M clip written at test time), uploads, variants,
// camera/permission/WebGPU failures. Results are read from the page
// (window.__edgezooLastRun carries the decoded TaskResult and the exact input
// tensor the worker fed) and checked against hand-measured regions of the
// samples (lib/tasks/testing/known-regions.ts) and, for the segmentation
// mask, against our executor run here in Node on that same input tensor.
// Every test records its requests: none may leave the site's origin.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { Catalogue } from '../lib/catalogue/manifest';
import { recipeSchema, type ImageFeed } from '../lib/catalogue/recipe-schema';
import { createExecutor } from '../lib/exec';
import { loadModel } from '../lib/ir/load';
import { maskIoU } from '../lib/quantize';
import { decoderFor, resultKindOf } from '../lib/tasks/registry';
import { editDistance } from '../lib/tasks/testing/edit-distance';
import { KNOWN_REGIONS, type PixelBox } from '../lib/tasks/testing/known-regions';
import { DEFAULT_TASK_OPTIONS, type TaskResult } from '../lib/tasks/types';
import { CHROMIUM_PATH } from '../playwright.config';
import sharp from 'sharp';
import { drawingStyleOf } from '../components/demo/drawing/drawing-style-of';
import { rasteriseGlyph, type Stroke } from '../components/demo/drawing/rasterise-glyph';
import { DRAWN_DIGITS } from '../components/demo/drawing/testing/drawn-digits';
import { runCount, waitForRun } from './fixtures/run-panel';
import { writeStillY4m, type Y4mInfo } from './fixtures/y4m';

const ROOT = path.resolve(import.meta.dirname, '..');
const SAMPLES = path.join(ROOT, 'public/samples/images');
const BASE_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHORT_RANGE = 'vision/face-detection/blazeface-short-range';
const FULL_RANGE = 'vision/face-detection/blazeface-full-range';
const SELFIE = 'vision/semantic-segmentation/selfie-segmentation-general';
const MOVENET = 'vision/pose-estimation/movenet-lightning';
const DIGITS = 'vision/image-classification/digits-cnn';
const FACEMESH = 'vision/face-landmarks/facemesh';
const EMOTION = 'vision/facial-expression/emotion';
const PPOCR_REC = 'text/text-recognition/ppocr-v4-rec';
const HAND = 'vision/hand-landmarks/hand-landmark-lite';

interface Exposed {
  source: string;
  sourceName: string;
  variant: string;
  engine: string;
  backend: string;
  frame: { width: number; height: number };
  frames: number;
  result?: TaskResult;
  decodeNote?: string;
  medianMs: number;
  inputs: { name: string; shape: number[]; data: number[] }[];
  crops?: { finds: string; regions: { cx: number; cy: number; width: number; height: number; angle: number }[] };
}

// ---- helpers ---------------------------------------------------------------

/** Records every request of a context; `foreign()` lists those that left the site's origin. */
function recordRequests(context: BrowserContext, baseURL: string | undefined): { all: string[]; foreign: () => string[] } {
  const origin = new URL(baseURL ?? 'http://localhost').origin;
  const all: string[] = [];
  context.on('request', (r) => all.push(r.url()));
  return { all, foreign: () => all.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:') && new URL(u).origin !== origin) };
}

/** The latest run as JSON-safe values; the mask's pixels and the input tensor only when asked (they are large). */
async function lastRun(page: Page, opts: { inputs?: boolean; mask?: boolean } = {}): Promise<Exposed | undefined> {
  return page.evaluate((o) => {
    const r = window.__edgezooLastRun;
    if (!r) return undefined;
    const arr = (d: ArrayLike<number | bigint>) => Array.from(d, Number);
    const result = r.result?.kind === 'mask' ? { ...r.result, data: o.mask ? arr(r.result.data) : [] } : r.result;
    return {
      source: r.source,
      sourceName: r.sourceName,
      variant: r.variant,
      engine: r.engine,
      backend: r.backend,
      frame: r.frame,
      frames: r.frames,
      result: result as unknown as TaskResult,
      decodeNote: r.decodeNote,
      medianMs: r.medianMs,
      inputs: r.inputs.map((i) => ({ name: i.name, shape: i.shape, data: o.inputs ? arr(i.data) : [] })),
      crops: r.crops,
    };
  }, opts);
}

/** Waits until the camera loop has produced `frames` decoded frames of `kind`. */
async function waitForLive(page: Page, kind: TaskResult['kind'], frames = 3, timeout = 90_000): Promise<void> {
  await page.waitForFunction(
    ([k, n]) => {
      const r = window.__edgezooLastRun;
      if (r?.source === 'camera' && r.decodeNote) throw new Error(`live frame not decoded: ${r.decodeNote}`);
      return r?.source === 'camera' && r.result?.kind === k && r.frames >= (n as number);
    },
    [kind, frames] as const,
    { timeout },
  );
}

async function upload(page: Page, file: string): Promise<void> {
  const before = await runCount(page);
  await page.getByTestId('image-upload').setInputFiles(path.join(SAMPLES, file));
  await waitForRun(page, before);
}

function detectionsOf(r: Exposed | undefined): Extract<TaskResult, { kind: 'detections' }>['detections'] {
  if (r?.result?.kind !== 'detections') throw new Error(`expected detections, got ${r?.result?.kind ?? r?.decodeNote}`);
  return r.result.detections;
}

/** A normalised box lies inside a pixel region of a w×h image. */
function expectBoxInside(label: string, b: { x0: number; y0: number; x1: number; y1: number }, region: PixelBox, w: number, h: number): void {
  const px = { x0: b.x0 * w, y0: b.y0 * h, x1: b.x1 * w, y1: b.y1 * h };
  const msg = `${label}: box (${px.x0.toFixed(0)}, ${px.y0.toFixed(0)})–(${px.x1.toFixed(0)}, ${px.y1.toFixed(0)}) px inside (${region.x0}, ${region.y0})–(${region.x1}, ${region.y1})`;
  expect(px.x0, msg).toBeGreaterThanOrEqual(region.x0);
  expect(px.y0, msg).toBeGreaterThanOrEqual(region.y0);
  expect(px.x1, msg).toBeLessThanOrEqual(region.x1);
  expect(px.y1, msg).toBeLessThanOrEqual(region.y1);
  expect(px.x1 - px.x0, msg).toBeGreaterThan(0.25 * (region.x1 - region.x0));
}

function inside(p: { x: number; y: number }, r: PixelBox, margin = 0): boolean {
  return p.x >= r.x0 - margin && p.x <= r.x1 + margin && p.y >= r.y0 - margin && p.y <= r.y1 + margin;
}

const catalogue = JSON.parse(readFileSync(path.join(ROOT, 'zoo/catalogue.json'), 'utf8')) as Catalogue;

function imageFeedOf(key: string): ImageFeed {
  const m = catalogue.models[key];
  const recipe = recipeSchema.parse(JSON.parse(readFileSync(path.join(ROOT, m.recipePath, 'recipe.json'), 'utf8')));
  const feed = recipe.conversion?.graphs[0].inputs.find((i) => i.feed.kind === 'image')?.feed;
  if (feed?.kind !== 'image') throw new Error(`${key} has no image feed`);
  return feed;
}

/** The reference mask: our fp32 artifact on our executor (wasm) here, on the page's own input tensor, decoded by the same registry decoder. */
async function executorMask(run: Exposed): Promise<Extract<TaskResult, { kind: 'mask' }>> {
  const artifact = catalogue.models[SELFIE].conversion?.built.graphs[0].artifacts.find((a) => a.variant === 'fp32');
  if (!artifact) throw new Error('selfie segmentation has no fp32 artifact');
  const bytes = new Uint8Array(readFileSync(path.join(ROOT, 'public', artifact.href)));
  const exec = await createExecutor(loadModel({ entry: 'model.tflite', readFile: () => bytes, format: 'tflite' }), { backend: 'wasm' });
  try {
    const input = run.inputs[0];
    expect(input.shape).toEqual([1, 256, 256, 3]);
    const out = await exec.run({ [artifact.inputs[0].name]: { data: Float32Array.from(input.data), shape: input.shape } });
    const outputs = Object.entries(out.outputs).map(([name, o]) => ({ name, shape: o.shape, dtype: 'float32' as const, data: Float32Array.from(o.data) }));
    const decode = decoderFor('semantic-segmentation', 'selfie-segmentation-general');
    if (!decode) throw new Error('no decoder for selfie segmentation');
    const r = decode(outputs, { frame: run.frame, feed: imageFeedOf(SELFIE), options: DEFAULT_TASK_OPTIONS });
    if (r.kind !== 'mask') throw new Error(`decoder gave ${r.kind}`);
    return r;
  } finally {
    exec.dispose();
  }
}

// ---- with a fake webcam showing the astronaut ------------------------------

test.describe('live demo on a fake webcam (astronaut.jpg as a Y4M clip)', () => {
  test.describe.configure({ mode: 'serial' });
  let dir: string;
  let y4m: Y4mInfo;
  let browser: Browser;

  test.beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'edgezoo-webcam-'));
    y4m = await writeStillY4m(path.join(SAMPLES, 'astronaut.jpg'), path.join(dir, 'astronaut.y4m'));
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...BASE_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m.path}`],
    });
  });
  test.afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('BlazeFace short range finds exactly one face inside the known face region; the overlay is mirrored like the preview', async ({ baseURL }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ baseURL });
    const requests = recordRequests(context, baseURL);
    const page = await context.newPage();
    await page.goto(`/run/${SHORT_RANGE}/`);
    await page.getByRole('button', { name: 'Start camera' }).click();
    await expect(page.getByTestId('run-panel')).toHaveAttribute('data-live', 'true');
    await waitForLive(page, 'detections', 5);
    const run = await lastRun(page);
    expect(run?.frame).toEqual({ width: y4m.width, height: y4m.height });
    const faces = detectionsOf(run);
    expect(faces).toHaveLength(1);
    const face = KNOWN_REGIONS['astronaut.jpg'].face;
    expectBoxInside('webcam face', faces[0].box, face, y4m.width, y4m.height);
    console.log(`webcam BlazeFace: ${faces[0].score.toFixed(3)} at (${faces[0].box.x0.toFixed(3)}, ${faces[0].box.y0.toFixed(3)})–(${faces[0].box.x1.toFixed(3)}, ${faces[0].box.y1.toFixed(3)}); ${run?.engine} ${run?.backend}, median ${run?.medianMs.toFixed(2)} ms`);

    // The camera device is listed, the preview is mirrored, and so is the overlay: the box's left edge is
    // drawn at 1 − x1 of the canvas width, and nothing is drawn where the unmirrored edge would be.
    await expect(page.getByTestId('camera-select')).toContainText('astronaut.y4m');
    await expect(page.getByTestId('camera-video')).toHaveAttribute('style', /scaleX\(-1\)/);
    const edges = await page.getByTestId('overlay').evaluate((c: HTMLCanvasElement, b) => {
      const ctx = c.getContext('2d');
      if (!ctx) throw new Error('no overlay context');
      const y = Math.round(((b.y0 + b.y1) / 2) * c.height);
      const alphaNear = (xn: number) => {
        const x = Math.round(xn * c.width);
        const row = ctx.getImageData(Math.max(0, x - 3), y, 7, 1).data;
        return Math.max(row[3], row[7], row[11], row[15], row[19], row[23], row[27]);
      };
      return { mirroredLeft: alphaNear(1 - b.x1), mirroredRight: alphaNear(1 - b.x0), unmirroredLeft: alphaNear(b.x0) };
    }, faces[0].box);
    expect(edges.mirroredLeft).toBeGreaterThan(200);
    expect(edges.mirroredRight).toBeGreaterThan(200);
    expect(edges.unmirroredLeft).toBe(0);

    // Readouts while live: frames per second, with frames processed and dropped.
    await expect(page.getByTestId('fps')).toContainText(/[\d.]+ frames\/s \(\d+ processed, \d+ dropped while busy\)/);
    await expect(page.getByTestId('inference-ms')).toContainText('median of the last');
    await expect(page.getByTestId('results-list')).toHaveAttribute('data-kind', 'detections');
    await page.getByRole('button', { name: 'Stop camera' }).click();
    await expect(page.getByTestId('run-panel')).toHaveAttribute('data-live', 'false');
    expect(requests.foreign()).toEqual([]);
    await context.close();
  });

  test('face mesh and expression run on the face BlazeFace finds in the webcam frame: the mesh lies on the face, the expression is read at its box', async ({ baseURL }) => {
    test.setTimeout(180_000);
    const context = await browser.newContext({ baseURL });
    const requests = recordRequests(context, baseURL);
    const page = await context.newPage();
    const known = KNOWN_REGIONS['astronaut.jpg'];
    const near = (label: string, p: { x: number; y: number }, q: { x: number; y: number }, px: number) => {
      const d = Math.hypot(p.x * y4m.width - q.x, p.y * y4m.height - q.y);
      expect(d, `${label}: (${(p.x * y4m.width).toFixed(0)}, ${(p.y * y4m.height).toFixed(0)}) px is ${d.toFixed(1)} px from (${q.x}, ${q.y})`).toBeLessThanOrEqual(px);
    };

    await page.goto(`/run/${FACEMESH}/`);
    await expect(page.getByTestId('crop-toggle')).toBeChecked();
    await page.getByRole('button', { name: 'Start camera' }).click();
    await waitForLive(page, 'keypoints', 3);
    const mesh = await lastRun(page);
    if (mesh?.result?.kind !== 'keypoints') throw new Error('no mesh');
    expect(mesh.crops?.finds).toBe('faces');
    expect(mesh.crops?.regions).toHaveLength(1);
    expect(mesh.result.instances).toHaveLength(1);
    const points = mesh.result.instances[0].points;
    expect(points).toHaveLength(468);
    // MediaPipe's canonical mesh: 1 is the nose tip, 13/14 the inner lips; the whole mesh lies on the face.
    near('nose tip (mesh point 1)', points[1], known.noseTip, 12);
    near('mouth (mesh points 13, 14)', { x: (points[13].x + points[14].x) / 2, y: (points[13].y + points[14].y) / 2 }, known.mouthCentre, 12);
    for (const p of points) expect(inside({ x: p.x * y4m.width, y: p.y * y4m.height }, known.face, 10), `mesh point at (${(p.x * y4m.width).toFixed(0)}, ${(p.y * y4m.height).toFixed(0)})`).toBe(true);
    await expect(page.getByTestId('detector-info')).toContainText(/BlazeFace \(short range\), EdgeZoo fp32 \.tflite, .*: [\d.]+ ms per frame/);
    await expect(page.getByTestId('inference-ms')).toContainText('one per face');
    console.log(`webcam face mesh via BlazeFace: nose tip at (${(points[1].x * y4m.width).toFixed(0)}, ${(points[1].y * y4m.height).toFixed(0)}) px; ${mesh.engine} ${mesh.backend}, median ${mesh.medianMs.toFixed(2)} ms`);
    await page.getByRole('button', { name: 'Stop camera' }).click();

    await page.goto(`/run/${EMOTION}/`);
    await page.getByRole('button', { name: 'Start camera' }).click();
    await waitForLive(page, 'detections', 3);
    const faces = detectionsOf(await lastRun(page));
    expect(faces).toHaveLength(1);
    expectBoxInside('expression face box', faces[0].box, known.face, y4m.width, y4m.height);
    // She smiles broadly: "happy" is the expression read, with its probability list.
    expect(faces[0].label).toBe('happy');
    expect(faces[0].classes?.[0]).toEqual({ label: 'happy', score: faces[0].score });
    expect(faces[0].score).toBeGreaterThan(0.5);
    await page.getByRole('button', { name: 'Stop camera' }).click();
    expect(requests.foreign()).toEqual([]);
    await context.close();
  });

  test('selfie segmentation: the mask on the webcam frame covers the person and matches our fp32 executor in Node (IoU ≥ 0.8)', async ({ baseURL }) => {
    test.setTimeout(180_000);
    const context = await browser.newContext({ baseURL });
    const requests = recordRequests(context, baseURL);
    const page = await context.newPage();
    await page.goto(`/run/${SELFIE}/`);
    // The source file has MediaPipe's custom op, which only our executor runs.
    await expect(page.getByTestId('engine-note')).toContainText('Convolution2DTransposeBias');
    await page.getByRole('button', { name: 'Start camera' }).click();
    await waitForLive(page, 'mask', 3);
    const regions = KNOWN_REGIONS['astronaut.jpg'];

    // Then, without stopping the camera, our fp32 .tflite on the official TFLite runtime.
    let frames = 0;
    for (const variant of ['source', 'fp32']) {
      if (variant !== 'source') {
        await page.getByLabel('Variant').selectOption(variant);
        await page.getByLabel('Engine').selectOption('tflite');
        await page.waitForFunction((v) => window.__edgezooLastRun?.variant === v && window.__edgezooLastRun.engine === 'tflite' && window.__edgezooLastRun.result?.kind === 'mask', variant, { timeout: 90_000 });
      }
      // One frame's input tensor and mask together: the exact pixels the worker fed, as the feed made them.
      const run = await lastRun(page, { inputs: true, mask: true });
      if (run?.result?.kind !== 'mask') throw new Error('no mask');
      expect(run.source).toBe('camera');
      expect(run.variant).toBe(variant);
      expect(run.frame).toEqual({ width: y4m.width, height: y4m.height });
      const pageMask = run.result;
      const nodeMask = await executorMask(run);
      expect([pageMask.width, pageMask.height]).toEqual([nodeMask.width, nodeMask.height]);
      const iou = maskIoU(pageMask.data, nodeMask.data, 0.5);
      console.log(`selfie mask on the webcam frame, ${variant} on ${run.engine} (${run.backend}), vs our fp32 .tflite on the executor in Node: IoU ${iou.toFixed(4)}`);
      expect(iou).toBeGreaterThanOrEqual(0.8);
      // It covers the person: points certainly on her are foreground, points on the wall are not.
      const at = (p: { x: number; y: number }) => pageMask.data[Math.floor((p.y / regions.height) * pageMask.height) * pageMask.width + Math.floor((p.x / regions.width) * pageMask.width)];
      for (const p of regions.personPoints) expect(at(p), `person point (${p.x}, ${p.y})`).toBeGreaterThan(0.5);
      for (const p of regions.backgroundPoints) expect(at(p), `background point (${p.x}, ${p.y})`).toBeLessThan(0.5);
      frames = run.frames;
    }
    await expect(page.getByTestId('mask-coverage')).toBeVisible();

    // Background-blur mode redraws the whole frame on the overlay (opaque everywhere); tint mode leaves the wall clear.
    const corner = async () =>
      page.getByTestId('overlay').evaluate((c: HTMLCanvasElement) => c.getContext('2d')?.getImageData(Math.round(c.width * 0.9), Math.round(c.height * 0.1), 1, 1).data[3] ?? -1);
    await page.getByLabel('Mask display').selectOption('blur');
    await waitForLive(page, 'mask', frames + 2);
    expect(await corner()).toBe(255);
    await page.getByLabel('Mask display').selectOption('tint');
    await waitForLive(page, 'mask', frames + 4);
    expect(await corner()).toBeLessThan(60);
    await page.getByRole('button', { name: 'Stop camera' }).click();
    expect(requests.foreign()).toEqual([]);
    await context.close();
  });

  test('every vision and text model in the catalogue decodes webcam frames and an uploaded picture', async ({ baseURL }) => {
    test.setTimeout(600_000);
    const keys = Object.keys(catalogue.models).filter((k) => catalogue.models[k].domain !== 'audio');
    expect(keys.length).toBeGreaterThanOrEqual(13);
    // Every non-audio model has a picture here, so a new catalogue model cannot skip this test.
    expect(keys.filter((k) => !UPLOADS[catalogue.models[k].id])).toEqual([]);
    const context = await browser.newContext({ baseURL });
    const requests = recordRequests(context, baseURL);
    const page = await context.newPage();
    for (const key of keys) {
      const pick = UPLOADS[catalogue.models[key].id];
      await page.goto(`/run/${key}/`);
      const before = await runCount(page);
      await page.getByTestId('image-upload').setInputFiles({ name: `${catalogue.models[key].id}.png`, mimeType: 'image/png', buffer: await pictureOf(pick) });
      await waitForRun(page, before);
      const still = await lastRun(page);
      expect(still?.decodeNote, key).toBeUndefined();
      // The kind of result the registry says the task's decoders give (a crop model's classes and texts land on boxes).
      const kind = resultKindOf(catalogue.models[key].task);
      expect(still?.result?.kind, key).toBe(catalogue.models[key].cropFrom && (kind === 'classes' || kind === 'text') ? 'detections' : kind);
      // The picture suits the model: the result is not empty (a face, a skeleton, text…).
      expect(resultSize(still?.result), `${key}: ${summary(still?.result)}`).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Start camera' }).click();
      await waitForLive(page, still!.result!.kind, 2, 120_000);
      const live = await lastRun(page);
      console.log(`${key}: upload (${pick.file}${pick.crop ? ' crop' : ''}) → ${summary(still?.result)}; webcam → ${summary(live?.result)}; ${live?.engine} ${live?.backend}, median ${live?.medianMs.toFixed(1)} ms`);
      await page.getByRole('button', { name: 'Stop camera' }).click();
    }
    expect(requests.foreign()).toEqual([]);
    await context.close();
  });
});

interface Picture {
  file: string;
  crop?: { left: number; top: number; width: number; height: number };
  /** Degrees clockwise, after the crop. */
  rotate?: number;
}

/** A picture each model should find something in: models that see crops get whole pictures, where their detector finds the crops. */
const UPLOADS: Record<string, Picture> = {
  'ppocr-v4-det': { file: 'text-page.png' },
  'ppocr-v4-rec': { file: 'text-page.png' },
  'blazeface-full-range': { file: 'astronaut.jpg' },
  'blazeface-short-range': { file: 'astronaut.jpg' },
  facemesh: { file: 'astronaut.jpg' },
  emotion: { file: 'astronaut.jpg' },
  'hand-landmark-lite': { file: 'messi5.jpg' },
  'palm-detection': { file: 'messi5.jpg' },
  centernet: { file: 'astronaut.jpg' },
  nanodet: { file: 'astronaut.jpg' },
  'movenet-lightning': { file: 'messi5.jpg' },
  'movenet-thunder': { file: 'messi5.jpg' },
  'selfie-segmentation-general': { file: 'astronaut.jpg' },
  'selfie-segmentation-landscape': { file: 'astronaut.jpg' },
  // One 20×20 cell of the digit sheet: row 0 holds zeros.
  'digits-cnn': { file: 'digits.png', crop: { left: 0, top: 0, width: 20, height: 20 } },
};

async function pictureOf(p: Picture): Promise<Buffer> {
  let img = sharp(path.join(SAMPLES, p.file)).removeAlpha();
  if (p.crop) img = sharp(await img.extract(p.crop).png().toBuffer());
  if (p.rotate) img = img.rotate(p.rotate);
  return img.png().toBuffer();
}

/** How much a result holds: detections, instances, classes, characters, or mask pixels above 0.5. */
function resultSize(r: TaskResult | undefined): number {
  switch (r?.kind) {
    case 'detections':
      return r.detections.length;
    case 'keypoints':
      return r.instances.length;
    case 'classes':
      return r.classes.length;
    case 'text':
      return r.text.length;
    case 'mask':
      return 1;
    default:
      return 0;
  }
}

function summary(r: TaskResult | undefined): string {
  switch (r?.kind) {
    case 'detections':
      return `${r.detections.length} detection(s)${r.detections[0] ? `, best ${r.detections[0].label} ${r.detections[0].score.toFixed(2)}` : ''}`;
    case 'keypoints':
      return `${r.instances.length} instance(s) of ${r.instances[0]?.points.length ?? 0} points`;
    case 'mask':
      return `${r.width}×${r.height} ${r.label} mask`;
    case 'classes':
      return `top ${r.classes[0]?.label} ${r.classes[0]?.score.toFixed(2)}`;
    case 'text':
      return `“${r.text.slice(0, 30)}”`;
    default:
      return 'none';
  }
}

// ---- pictures, variants and failures (the default browser: no camera flags, no WebGPU) ----

test.describe('pictures, variants and failures', () => {
  test('hand landmarks on an uploaded messi5.jpg: the palm detector finds both hands, and each hand’s 21 landmarks lie on it', async ({ page, context, baseURL }) => {
    test.setTimeout(120_000);
    const requests = recordRequests(context, baseURL);
    await page.goto(`/run/${HAND}/`);
    await upload(page, 'messi5.jpg');
    const run = await lastRun(page);
    if (run?.result?.kind !== 'keypoints') throw new Error(`expected keypoints, got ${run?.result?.kind ?? run?.decodeNote}`);
    expect(run.crops?.finds).toBe('hands');
    const known = KNOWN_REGIONS['messi5.jpg'];
    const hands = run.result.instances;
    expect(hands).toHaveLength(2);
    // Each hand's landmarks (wrist, knuckles, fingertips) inside one of his hands' regions, 8 px of slack.
    const regionOf = (pts: { x: number; y: number }[]) =>
      [known.leftHand, known.rightHand].findIndex((r) => pts.every((p) => inside({ x: p.x * known.width, y: p.y * known.height }, r, 8)));
    const found = hands.map((h) => {
      expect(h.points).toHaveLength(21);
      return regionOf(h.points);
    });
    expect(found.sort()).toEqual([0, 1]);
    expect(requests.foreign()).toEqual([]);
  });

  test('text recognition on a whole page: the detector’s lines, each read in reading order; unticked, a word crop is read whole', async ({ page, context, baseURL }) => {
    test.setTimeout(180_000);
    const requests = recordRequests(context, baseURL);
    await page.goto(`/run/${PPOCR_REC}/`);
    await expect(page.getByTestId('crop-toggle')).toBeChecked();
    await upload(page, 'text-page.png');
    const run = await lastRun(page);
    const lines = detectionsOf(run);
    const known = KNOWN_REGIONS['text-page.png'];
    // One recognised line per printed line, top to bottom, each box over its line's ink.
    expect(lines).toHaveLength(known.lineInk.length);
    lines.forEach((l, i) => {
      const [top, bottom] = known.lineInk[i];
      const mid = ((l.box.y0 + l.box.y1) / 2) * known.height;
      expect(mid, `line ${i + 1} box centre`).toBeGreaterThanOrEqual(top);
      expect(mid, `line ${i + 1} box centre`).toBeLessThanOrEqual(bottom);
      expect(l.quad).toHaveLength(4);
    });
    // The words as printed, spaces aside (the recogniser splits some words on this 556 px scan), with at most
    // one character in ten misread: each known word crop starts a line, and the first line reads as printed.
    const squash = (t: string | undefined) => (t ?? '').replace(/\s+/g, '').toLowerCase();
    const misread = (got: string | undefined, printed: string) => editDistance(squash(got).slice(0, squash(printed).length), squash(printed)) / squash(printed).length;
    for (const w of known.wordCrops) {
      const best = Math.min(...lines.map((l) => misread(l.text, w.text)));
      expect(best, `a line starting "${w.text}" among ${lines.map((l) => JSON.stringify(l.text)).join(', ')}`).toBeLessThanOrEqual(0.1);
    }
    expect(misread(lines[0].text, 'technical details are too complex to cover in the book itself.')).toBeLessThanOrEqual(0.1);
    // Lines wider than the recogniser's 320×48 input were read in pieces: more crops than lines.
    expect(run?.crops?.finds).toBe('text lines');
    expect(run?.crops?.regions.length).toBeGreaterThan(lines.length);
    await expect(page.getByTestId('results-list')).toContainText(lines[0].text ?? '');

    // A slider drag is many changes: the page reads the page again with the last, at most one run behind.
    const beforeDrag = await runCount(page);
    for (const v of ['0.55', '0.6', '0.65', '0.7', '0.6']) await page.getByTestId('score-threshold').fill(v);
    await expect.poll(() => page.evaluate(() => window.__edgezooLastRun?.options.scoreThreshold), { timeout: 60_000 }).toBe(0.6);
    await expect(page.getByTestId('run-panel')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    const reruns = (await runCount(page)) - beforeDrag;
    expect(reruns).toBeGreaterThanOrEqual(1);
    expect(reruns).toBeLessThanOrEqual(2);

    // Unticked, the whole picture is the crop: a word crop reads as its words.
    const beforeToggle = await runCount(page);
    await page.getByTestId('crop-toggle').uncheck();
    // The page reads the picture again, whole.
    await waitForRun(page, beforeToggle);
    expect((await lastRun(page))?.result?.kind).toBe('text');
    const before = await runCount(page);
    const w = known.wordCrops[0];
    await page.getByTestId('image-upload').setInputFiles({ name: 'word.png', mimeType: 'image/png', buffer: await pictureOf({ file: 'text-page.png', crop: w.crop }) });
    await waitForRun(page, before);
    const whole = await lastRun(page);
    if (whole?.result?.kind !== 'text') throw new Error(`expected text, got ${whole?.result?.kind}`);
    expect(whole.crops).toBeUndefined();
    expect(misread(whole.result.text, w.text)).toBeLessThanOrEqual(0.1);
    expect(requests.foreign()).toEqual([]);
  });

  test('MoveNet on uploaded messi5.jpg and basketball.jpg puts the keypoints on the people', async ({ page, context, baseURL }) => {
    test.setTimeout(120_000);
    const requests = recordRequests(context, baseURL);
    await page.goto(`/run/${MOVENET}/`);
    // A lower threshold keeps the skeleton of a person seen from the side (MoveNet scores it by its mean keypoint score).
    await page.getByTestId('score-threshold').fill('0.2');
    const confident = (r: Exposed | undefined) => {
      if (r?.result?.kind !== 'keypoints') throw new Error(`expected keypoints, got ${r?.result?.kind ?? r?.decodeNote}`);
      expect(r.result.instances).toHaveLength(1);
      return r.result.instances[0].points.filter((p) => p.score >= 0.3).map((p) => ({ name: p.name, x: p.x * r.frame.width, y: p.y * r.frame.height }));
    };

    await upload(page, 'messi5.jpg');
    const messi = KNOWN_REGIONS['messi5.jpg'];
    const onMessi = confident(await lastRun(page));
    console.log(`messi5: ${onMessi.length} confident keypoints`);
    expect(onMessi.length).toBeGreaterThanOrEqual(10);
    for (const p of onMessi) expect(inside(p, messi.person, 5), `${p.name} at (${p.x.toFixed(0)}, ${p.y.toFixed(0)})`).toBe(true);
    const nose = onMessi.find((p) => p.name === 'nose');
    if (nose) expect(inside(nose, messi.head, 5)).toBe(true);

    await upload(page, 'basketball.jpg');
    const court = KNOWN_REGIONS['basketball.jpg'];
    const onPlayers = confident(await lastRun(page));
    // Single-pose MoveNet picks one of the two players: every confident point is on that one.
    const player = onPlayers.filter((p) => inside(p, court.leftPlayer, 5)).length >= onPlayers.filter((p) => inside(p, court.rightPlayer, 5)).length ? court.leftPlayer : court.rightPlayer;
    console.log(`basketball: ${onPlayers.length} confident keypoints on the ${player === court.leftPlayer ? 'left' : 'right'} player`);
    expect(onPlayers.length).toBeGreaterThanOrEqual(6);
    for (const p of onPlayers) expect(inside(p, player, 5), `${p.name} at (${p.x.toFixed(0)}, ${p.y.toFixed(0)})`).toBe(true);
    await expect(page.getByTestId('results-list')).toHaveAttribute('data-kind', 'keypoints');
    expect(requests.foreign()).toEqual([]);
  });

  test('variants: the source file and our fp32 and int8 .tflite each find the one face, on each engine that runs them', async ({ page, context, baseURL }) => {
    test.setTimeout(180_000);
    const requests = recordRequests(context, baseURL);
    await page.goto(`/run/${FULL_RANGE}/`);
    const variants = await page.getByLabel('Variant').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(variants).toEqual(['source', 'fp32', 'int8']);
    const face = KNOWN_REGIONS['astronaut.jpg'].face;
    for (const variant of variants) {
      await page.getByLabel('Variant').selectOption(variant);
      const engines = await page.getByLabel('Engine').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      // int8 kernels run on the official runtime only; the executor computes in float.
      expect(engines).toEqual(variant === 'int8' ? ['tflite'] : ['tflite', 'tfjs']);
      if (variant === 'int8') await expect(page.getByTestId('variant-edges')).toContainText('int8 in, float32 out');
      for (const engine of engines) {
        await page.getByLabel('Engine').selectOption(engine);
        const before = await runCount(page);
        await page.getByRole('button', { name: 'Run', exact: true }).click();
        await waitForRun(page, before);
        const run = await lastRun(page);
        expect([run?.variant, run?.engine]).toEqual([variant, engine]);
        const faces = detectionsOf(run);
        console.log(`blazeface-full-range ${variant} on ${engine} (${run?.backend}): ${faces.length} face(s), score ${faces[0]?.score.toFixed(3)}, median ${run?.medianMs.toFixed(2)} ms`);
        expect(faces).toHaveLength(1);
        expectBoxInside(`${variant}/${engine}`, faces[0].box, face, 512, 512);
      }
    }
    expect(requests.foreign()).toEqual([]);
  });

  test('a corrupt upload gives a clear message and the demo keeps working', async ({ page, context, baseURL }) => {
    const requests = recordRequests(context, baseURL);
    await page.goto(`/run/${SHORT_RANGE}/`);
    await page.getByTestId('image-upload').setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('\x89PNG\r\n\x1a\n truncated, not a picture') });
    await expect(page.getByTestId('upload-error')).toContainText('“broken.png” could not be read as an image (image/png): the file is damaged');
    await upload(page, 'astronaut.jpg');
    expect(detectionsOf(await lastRun(page))).toHaveLength(1);
    expect(requests.foreign()).toEqual([]);
  });

  test('the cache manager lists the models this browser stored, with sizes, and deletes them', async ({ page, context, baseURL }) => {
    const requests = recordRequests(context, baseURL);
    await page.goto(`/run/${SHORT_RANGE}/`);
    await page.evaluate(() => caches.delete('edgezoo-models-v1'));
    const before = await runCount(page);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitForRun(page, before);
    const manager = page.getByTestId('cache-manager');
    await manager.locator('summary').click();
    const source = catalogue.models[SHORT_RANGE].downloads.find((d) => d.role === 'model');
    if (!source) throw new Error('no model download');
    const row = manager.locator(`tr[data-cached="/models/${SHORT_RANGE}/"]`);
    await expect(row).toContainText(`${(source.bytes / 1e6).toFixed(2)} MB`);
    await expect(manager.locator('summary')).toContainText('(1, ');
    await row.getByRole('button', { name: /^Delete / }).click();
    await expect(manager).toContainText('Nothing is stored yet.');
    expect(await page.evaluate(async () => (await (await caches.open('edgezoo-models-v1')).keys()).length)).toBe(0);
    expect(requests.foreign()).toEqual([]);
  });

  test('no WebGPU adapter: choosing webgpu says so and falls back, and the model still runs', async ({ page, context, baseURL }) => {
    const requests = recordRequests(context, baseURL);
    await page.goto(`/run/${SHORT_RANGE}/`);
    const hasAdapter = await page.evaluate(async () => !!(await (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()));
    test.skip(hasAdapter, 'this browser has a WebGPU adapter');
    await page.getByLabel('Engine').selectOption('tfjs');
    await expect(page.getByLabel('Backend').locator('option[value="webgpu"]')).toHaveText('webgpu (not available here)');
    await page.getByLabel('Backend').selectOption('webgpu');
    const before = await runCount(page);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitForRun(page, before);
    await expect(page.getByTestId('backend-fallback')).toContainText(/You chose webgpu, but it is not available here \((no WebGPU adapter|this browser exposes no WebGPU)/);
    const run = await lastRun(page);
    expect(run?.backend).not.toBe('webgpu');
    await expect(page.getByTestId('backend-used')).toHaveText(run?.backend ?? '');
    expect(detectionsOf(run)).toHaveLength(1);
    expect(requests.foreign()).toEqual([]);
  });

  test('no camera on the device: a clear message, and pictures still run', async ({ page, context, baseURL }) => {
    const requests = recordRequests(context, baseURL);
    await page.goto(`/run/${SHORT_RANGE}/`);
    await page.getByRole('button', { name: 'Start camera' }).click();
    await expect(page.getByTestId('camera-error')).toHaveAttribute('data-problem', 'no-camera');
    await expect(page.getByTestId('camera-error')).toContainText('No camera was found on this device');
    await expect(page.getByTestId('run-panel')).toHaveAttribute('data-live', 'false');
    const before = await runCount(page);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitForRun(page, before);
    expect(detectionsOf(await lastRun(page))).toHaveLength(1);
    expect(requests.foreign()).toEqual([]);
  });
});

// ---- the drawing pad (digits-cnn: a model trained here on a sheet of drawn digits) ----

/** Replays strokes (unit-box polylines) with the mouse inside the pad's inner `span` and waits for the prediction each stroke starts. */
async function drawWithMouse(page: Page, strokes: Stroke[], span = 0.8): Promise<void> {
  const pad = page.getByTestId('drawing-canvas');
  // The mouse works in viewport coordinates: the pad must be on screen.
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('the drawing pad is not visible');
  const at = (p: { x: number; y: number }) => [box.x + box.width * ((1 - span) / 2 + span * p.x), box.y + box.height * ((1 - span) / 2 + span * p.y)] as const;
  for (const stroke of strokes) {
    const before = await runCount(page);
    await page.mouse.move(...at(stroke[0]));
    await page.mouse.down();
    for (const p of stroke.slice(1)) await page.mouse.move(...at(p), { steps: 3 });
    await page.mouse.up();
    await waitForRun(page, before);
  }
}

function topClasses(r: Exposed | undefined): { label: string; score: number }[] {
  if (r?.result?.kind !== 'classes') throw new Error(`expected classes, got ${r?.result?.kind ?? r?.decodeNote}`);
  return r.result.classes;
}

/** Pearson correlation of two equal-length value lists. */
function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / n;
  const [ma, mb] = [mean(a), mean(b)];
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

test.describe('drawing pad', () => {
  test('digits drawn with the mouse (a 1, a 7 and a 0) are read as drawn on the int8 and fp32 artifacts; the keyboard draws too', async ({ page, context, baseURL }) => {
    test.setTimeout(180_000);
    const requests = recordRequests(context, baseURL);
    const recipe = recipeSchema.parse(JSON.parse(readFileSync(path.join(ROOT, catalogue.models[DIGITS].recipePath, 'recipe.json'), 'utf8')));
    const style = await drawingStyleOf(recipe, ROOT);
    if (!style) throw new Error('digits-cnn gets no drawing pad');
    await page.goto(`/run/${DIGITS}/`);
    const pad = page.getByTestId('drawing-canvas');
    await expect(pad).toBeVisible();
    const clear = page.getByRole('button', { name: 'Clear', exact: true });
    for (const variant of ['int8', 'fp32'] as const) {
      await page.getByLabel('Variant').selectOption(variant);
      if (variant === 'int8') await expect(page.getByTestId('variant-edges')).toContainText('int8 in');
      for (const digit of [1, 7, 0]) {
        if ((await pad.getAttribute('data-strokes')) !== '0') await clear.click();
        await expect(page.getByTestId('results-list')).toHaveCount(0);
        await drawWithMouse(page, DRAWN_DIGITS[digit]);
        await expect(pad).toHaveAttribute('data-strokes', String(DRAWN_DIGITS[digit].length));
        const run = await lastRun(page, { inputs: true });
        expect([run?.source, run?.sourceName, run?.variant]).toEqual(['drawing', 'drawing', variant]);
        expect(run?.frame).toEqual({ width: 20, height: 20 });
        const classes = topClasses(run);
        console.log(`drawn ${digit} on ${variant} (${run?.engine} ${run?.backend}): ${classes.map((c) => `${c.label} ${c.score.toFixed(3)}`).join(', ')}`);
        expect(classes[0].label, `drawn ${digit}`).toBe(String(digit));
        expect(classes[0].score).toBeGreaterThan(0.5);
        // The page fed what Node renders from the same polylines (mouse positions are whole CSS pixels, so not bit for bit).
        const input = run!.inputs[0];
        expect(input.shape).toEqual([1, 20, 20, 1]);
        const expected = rasteriseGlyph(DRAWN_DIGITS[digit], style);
        if (!expected) throw new Error('nothing rendered');
        const r = correlation(input.data, Array.from(expected.data, (v) => v / 255));
        expect(r, `input vs Node rendering of the drawn ${digit}`).toBeGreaterThan(0.9);
        await expect(page.getByTestId('results-list')).toHaveAttribute('data-kind', 'classes');
      }
    }

    // The keyboard: a vertical stroke from 7 cells above the centre to 7 below is a 1.
    await clear.click();
    await expect(pad).toHaveAttribute('data-strokes', '0');
    await pad.focus();
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Space');
    for (let i = 0; i < 14; i++) await page.keyboard.press('ArrowDown');
    const before = await runCount(page);
    await page.keyboard.press('Space');
    await waitForRun(page, before);
    const typed = topClasses(await lastRun(page));
    console.log(`keyboard-drawn 1 on fp32: ${typed.map((c) => `${c.label} ${c.score.toFixed(3)}`).join(', ')}`);
    expect(typed[0].label).toBe('1');
    // Delete clears the pad and the result.
    await page.keyboard.press('Delete');
    await expect(pad).toHaveAttribute('data-strokes', '0');
    await expect(page.getByTestId('results-list')).toHaveCount(0);
    expect(requests.foreign()).toEqual([]);
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`axe: no serious or critical violations on the run page with the pad and a drawn digit (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`/run/${DIGITS}/`);
      await drawWithMouse(page, DRAWN_DIGITS[7]);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }

  test('models not trained on drawn symbols get no pad', async ({ page }) => {
    await page.goto(`/run/${SHORT_RANGE}/`);
    await expect(page.getByTestId('run-panel')).toBeVisible();
    await expect(page.getByTestId('drawing-pad')).toHaveCount(0);
  });
});

test.describe('camera permission denied', () => {
  let browser: Browser;
  test.beforeAll(async () => {
    // A camera exists, but nothing grants the permission (no --use-fake-ui-for-media-stream, no context permission).
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...BASE_ARGS, '--use-fake-device-for-media-stream'] });
  });
  test.afterAll(async () => browser?.close());

  test('a denied camera gives a clear message and the page keeps working', async ({ baseURL }) => {
    const context = await browser.newContext({ baseURL });
    const requests = recordRequests(context, baseURL);
    const page = await context.newPage();
    await page.goto(`/run/${SHORT_RANGE}/`);
    await page.getByRole('button', { name: 'Start camera' }).click();
    const alert = page.getByTestId('camera-error');
    await expect(alert).toHaveAttribute('data-problem', 'denied');
    await expect(alert).toContainText('Camera permission was denied');
    await expect(alert).toContainText('sample image or on a picture you upload');
    const before = await runCount(page);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitForRun(page, before);
    expect(detectionsOf(await lastRun(page))).toHaveLength(1);
    expect(requests.foreign()).toEqual([]);
    await context.close();
  });
});
