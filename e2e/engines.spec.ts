// In-browser engines (lib/engines) through the run panel (app/run/…), in real
// Chromium, checked against references computed here in Node on the exact
// input tensor the page fed: our executor (lib/exec, wasm) for the TF.js
// executor and TFLite engines, onnxruntime-node for ONNX Runtime Web.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import * as ortNode from 'onnxruntime-node';
import { createExecutor } from '../lib/exec';
import { describeParity, parity } from '../lib/exec/testing/compare';
import { loadModel } from '../lib/ir/load';
import { CHROMIUM_PATH } from '../playwright.config';

const ROOT = path.resolve(import.meta.dirname, '..');
const BLAZEFACE = 'vision/face-detection/blazeface-short-range';
const EMOTION = 'vision/facial-expression/emotion';
const PPOCR_REC = 'text/text-recognition/ppocr-v4-rec';

interface Fed {
  name: string;
  shape: number[];
  checksum: string;
  data: number[];
}
interface Got {
  name: string;
  shape: number[];
  data: number[];
}
interface Run {
  backend: string;
  note: string;
  medianMs: number;
  inputs: Fed[];
  outputs: Got[];
}

/** Picks engine/backend in the panel, clicks Run and returns what the page exposed. */
async function runInPage(page: Page, engine: string, backend: string): Promise<Run> {
  const panel = page.getByTestId('run-panel');
  const before = Number(await panel.getAttribute('data-run-count'));
  await page.getByLabel('Engine').selectOption(engine);
  await page.getByLabel('Backend').selectOption(backend);
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(panel).toHaveAttribute('data-status', /done|error/, { timeout: 60_000 });
  if ((await panel.getAttribute('data-status')) === 'error') throw new Error(`run failed in the page: ${await page.getByTestId('run-error').textContent()}`);
  expect(Number(await panel.getAttribute('data-run-count'))).toBe(before + 1);
  return page.evaluate(() => {
    const r = window.__edgezooLastRun;
    if (!r) throw new Error('no run exposed');
    const arr = (d: ArrayLike<number | bigint>) => Array.from(d, Number);
    return {
      backend: r.backend,
      note: r.note,
      medianMs: r.medianMs,
      inputs: r.inputs.map((i) => ({ name: i.name, shape: i.shape, checksum: i.checksum, data: arr(i.data) })),
      outputs: r.outputs.map((o) => ({ name: o.name, shape: o.shape, data: arr(o.data) })),
    };
  });
}

function modelDir(key: string): string {
  return path.join(ROOT, 'public/models', key);
}

/** lib/exec on wasm in Node, on the page's own input values. */
async function executorReference(key: string, entry: string, run: Run): Promise<Record<string, { shape: number[]; data: ArrayLike<number> }>> {
  const dir = modelDir(key);
  const model = loadModel({ entry, readFile: (p) => new Uint8Array(readFileSync(path.join(dir, p))) });
  const exec = await createExecutor(model, { backend: 'wasm' });
  try {
    const feed = Object.fromEntries(run.inputs.map((i) => [i.name, { data: Float32Array.from(i.data), shape: i.shape }]));
    return (await exec.run(feed)).outputs;
  } finally {
    exec.dispose();
  }
}

function expectParity(label: string, run: Run, ref: Record<string, { shape: number[]; data: ArrayLike<number> }>): void {
  expect(run.outputs.length).toBe(Object.keys(ref).length);
  for (const o of run.outputs) {
    const r = ref[o.name];
    expect(r, `${label}: reference has output ${o.name}`).toBeDefined();
    expect(o.shape).toEqual(r.shape);
    const p = parity(o.data, r.data);
    console.log(`${describeParity(`${label} ${o.name}`, p)}; page median ${run.medianMs.toFixed(2)} ms on ${run.backend}`);
    expect(p.range, `${label} ${o.name} is not constant`).toBeGreaterThan(0);
    expect(p.maxError).toBeLessThanOrEqual(p.tolerance);
  }
}

test.describe('in-browser engines', () => {
  test.describe.configure({ mode: 'serial' });

  test('BlazeFace: executor on wasm and webgl and the TFLite runtime match Node; no foreign requests; cached second visit', async ({ page, baseURL }) => {
    test.setTimeout(90_000);
    const origin = new URL(baseURL ?? 'http://localhost').origin;
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`/run/${BLAZEFACE}/`);
    await page.evaluate(() => caches.delete('edgezoo-models-v1'));

    const wasm = await runInPage(page, 'tfjs', 'wasm');
    expect(wasm.backend).toBe('wasm');
    expect(wasm.inputs[0].shape).toEqual([1, 128, 128, 3]);
    // The sample's pixels mapped to [-1, 1]: a real photo spans nearly the whole range.
    const values = wasm.inputs[0].data;
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(1.5);
    const ref = await executorReference(BLAZEFACE, 'face_detection_short_range.tflite', wasm);
    expectParity('blazeface tfjs/wasm', wasm, ref);

    const gl = await runInPage(page, 'tfjs', 'webgl');
    expect(gl.inputs[0].checksum).toBe(wasm.inputs[0].checksum);
    if (gl.backend !== 'webgl') test.info().annotations.push({ type: 'skip-webgl', description: gl.note });
    else expectParity('blazeface tfjs/webgl', gl, ref);

    const tflite = await runInPage(page, 'tflite', 'auto');
    expect(tflite.backend).toContain('XNNPACK');
    expect(tflite.inputs[0].checksum).toBe(wasm.inputs[0].checksum);
    expectParity('blazeface tflite', tflite, ref);

    await expect(page.getByTestId('inference-ms')).toContainText('median of the last');

    // Second visit: the model comes from the Cache API, not the network.
    const firstVisit = requests.length;
    await page.reload();
    const again = await runInPage(page, 'tfjs', 'wasm');
    expect(again.inputs[0].checksum).toBe(wasm.inputs[0].checksum);
    const secondVisit = requests.slice(firstVisit);
    expect(secondVisit.filter((u) => u.includes('/models/'))).toEqual([]);

    const foreign = requests.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:') && new URL(u).origin !== origin);
    expect(foreign).toEqual([]);
    expect(requests.some((u) => u.includes('/runtimes/tflite/'))).toBe(true);
    expect(requests.some((u) => u.includes('/runtimes/tfjs-wasm/'))).toBe(true);
  });

  test('PP-OCRv4 recogniser: ONNX Runtime Web on wasm matches onnxruntime-node', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(`/run/${PPOCR_REC}/`);
    const run = await runInPage(page, 'ort', 'wasm');
    expect(run.backend).toMatch(/^wasm/);
    expect(run.inputs[0].shape).toEqual([1, 3, 48, 320]);
    const session = await ortNode.InferenceSession.create(path.join(modelDir(PPOCR_REC), 'ch_PP-OCRv4_rec_infer.onnx'));
    const input = run.inputs[0];
    const out = await session.run({ [input.name]: new ortNode.Tensor('float32', Float32Array.from(input.data), input.shape) });
    const ref = Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { shape: [...t.dims], data: t.data as Float32Array }]));
    await session.release();
    expectParity('ppocr-v4-rec ort/wasm', run, ref);
  });

  test('a corrupt upload shows a clear message and the panel keeps working', async ({ page }) => {
    await page.goto(`/run/${EMOTION}/`);
    await page.getByTestId('image-upload').setInputFiles({ name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not a JPEG') });
    await expect(page.getByTestId('upload-error')).toContainText('“broken.jpg” could not be read as an image');
    const run = await runInPage(page, 'tfjs', 'wasm');
    expect(run.outputs[0].shape).toEqual([1, 7]);
  });
});

test.describe('WebGPU (SwiftShader)', () => {
  let browser: Browser;
  test.beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  });
  test.afterAll(async () => browser?.close());

  test('emotion: executor on webgpu matches Node', async ({ baseURL }) => {
    test.setTimeout(90_000);
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await page.goto(`/run/${EMOTION}/`);
    const hasAdapter = await page.evaluate(async () => !!(await (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()));
    test.skip(!hasAdapter, 'this Chromium reports no WebGPU adapter even with --enable-unsafe-webgpu');
    const run = await runInPage(page, 'tfjs', 'webgpu');
    expect(run.backend, run.note).toBe('webgpu');
    expect(run.inputs[0].shape).toEqual([1, 64, 64, 1]);
    expectParity('emotion tfjs/webgpu', run, await executorReference(EMOTION, 'emotion.json', run));
    await context.close();
  });

  test('auto passes over a software WebGPU adapter (SwiftShader) and says so; a hardware one is kept', async ({ baseURL }) => {
    test.setTimeout(90_000);
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await page.goto(`/run/${EMOTION}/`);
    type Adapter = { info?: { vendor?: string; architecture?: string; description?: string } };
    const adapter = await page.evaluate(async () => {
      const a = (await (navigator as unknown as { gpu?: { requestAdapter(): Promise<Adapter | null> } }).gpu?.requestAdapter()) ?? undefined;
      return a && [a.info?.vendor, a.info?.architecture, a.info?.description].join(' ');
    });
    test.skip(adapter === undefined, 'this Chromium reports no WebGPU adapter even with --enable-unsafe-webgpu');
    const run = await runInPage(page, 'tfjs', 'auto');
    if (/swiftshader/i.test(adapter ?? '')) {
      expect(run.backend).toBe('wasm');
      expect(run.note).toContain('webgpu: a software adapter (SwiftShader), slower than wasm');
      await expect(page.getByTestId('backend-note')).toContainText('a software adapter (SwiftShader)');
    } else expect(run.backend, `adapter ${adapter}: ${run.note}`).toBe('webgpu');
    expectParity('emotion tfjs/auto', run, await executorReference(EMOTION, 'emotion.json', run));
    await context.close();
  });
});
