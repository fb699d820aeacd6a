// The audio demos in real Chromium: the fake microphone (Chromium loops a
// WAV file as the capture device) through the AudioWorklet, our resampler
// and the models in inference workers; sample clips, a corrupt upload, a
// denied microphone, and no request leaving the site's origin.
//
// Fake-microphone files: Chromium's --use-file-for-fake-audio-capture reads
// PCM WAV; we hand it 48 kHz 16-bit mono copies of the sample clips (made
// here with our resampler) so the device runs at the common hardware rate
// and the page's own 48 → 16 kHz path is what gets exercised.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { resample } from '../lib/audio/resample';
import { encodeWav } from '../lib/audio/wav-write';
import { parseWav } from '../lib/util/wav';
import { CHROMIUM_PATH } from '../playwright.config';

const ROOT = path.resolve(import.meta.dirname, '..');
const WAKE = '/run/audio/wake-word/openwakeword-hey-jarvis';
const VAD = '/run/audio/voice-activity-detection/silero-vad';
const BASE_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'];
/** Stream time the negative clip is listened to (it loops about every 4 s). */
const NEGATIVE_LISTEN_SEC = 16;

const TMP = mkdtempSync(path.join(tmpdir(), 'edgezoo-fake-mic-'));

/** A 48 kHz copy of a sample clip for the fake capture device; returns its path. */
function fakeMicFile(name: string): string {
  const wav = parseWav(new Uint8Array(readFileSync(path.join(ROOT, 'public/samples/audio', name))), name);
  const at48k = resample(Float32Array.from(wav.samples, (v) => v / 32768), wav.sampleRateHz, 48000);
  const file = path.join(TMP, name.replace(/\.wav$/, '-48k.wav'));
  writeFileSync(file, encodeWav(at48k, 48000));
  return file;
}

const fakeMicArgs = (file: string) => ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${file}`];

/**
 * A browser of its own per group: the capture file and permission behaviour are launch flags,
 * which Playwright's shared per-worker browser cannot vary within one file.
 */
function ownBrowser(extraArgs: () => string[]): { get: (baseURL: string | undefined) => Promise<{ context: BrowserContext; page: Page }> } {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  test.beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...BASE_ARGS, ...extraArgs()] });
  });
  test.afterEach(async () => {
    await context?.close();
    context = undefined;
  });
  test.afterAll(async () => browser?.close());
  return {
    async get(baseURL) {
      if (!browser) throw new Error('browser not started');
      context = await browser.newContext({ baseURL });
      return { context, page: await context.newPage() };
    },
  };
}

/** Records every request that is not to the site itself (workers included); `seen` keeps all paths. */
function watchOrigin(context: BrowserContext, baseURL: string | undefined, seen: string[] = []): string[] {
  const origin = new URL(baseURL ?? 'http://localhost').origin;
  const outside: string[] = [];
  context.on('request', (r) => {
    const url = r.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    seen.push(new URL(url).pathname);
    if (new URL(url).origin !== origin) outside.push(url);
  });
  return outside;
}

type Results = NonNullable<Window['__edgezooAudio']>;

async function results(page: Page): Promise<Results> {
  const r = await page.evaluate(() => window.__edgezooAudio);
  if (!r) throw new Error('the audio panel exposed no results');
  return r;
}

async function waitFor(page: Page, what: string, ok: (r: Results) => boolean, timeout: number): Promise<Results> {
  await expect.poll(async () => {
    const r = await results(page);
    if (r.error || r.micError) throw new Error(`${what}: the page reported ${r.error || r.micError}`);
    return ok(r);
  }, { message: what, timeout, intervals: [250] }).toBe(true);
  return results(page);
}

async function scoreSample(page: Page, file: string): Promise<Results> {
  const panel = page.getByTestId('audio-panel');
  const before = Number(await panel.getAttribute('data-runs'));
  await page.getByLabel('Sample clip').selectOption({ label: file });
  await page.getByRole('button', { name: 'Score sample' }).click();
  await expect(panel).toHaveAttribute('data-runs', String(before + 1), { timeout: 90_000 });
  const r = await results(page);
  expect(r.error).toBe('');
  expect(r.source).toBe(`sample: ${file}`);
  return r;
}

test.describe('wake word and VAD from the fake microphone: "hey jarvis"', () => {
  const own = ownBrowser(() => fakeMicArgs(fakeMicFile('hey-jarvis.wav')));

  test('the looping clip through the microphone gives detections; nothing leaves the origin', async ({ baseURL }) => {
    test.setTimeout(180_000);
    const { page, context } = await own.get(baseURL);
    const seen: string[] = [];
    const outside = watchOrigin(context, baseURL, seen);
    await page.goto(WAKE);
    await page.getByRole('button', { name: 'Start microphone' }).click();
    const r = await waitFor(page, 'a "hey jarvis" detection from the microphone', (x) => x.detections.length >= 1, 90_000);
    const peak = Math.max(...r.scores.filter((s) => !s.warmUp).map((s) => s.score));
    console.log(`microphone at ${r.micSampleRate} Hz; ${r.processedSec.toFixed(1)} s scored; detections ${JSON.stringify(r.detections.map((d) => [+d.peakSec.toFixed(2), +d.peakScore.toFixed(3)]))}; peak ${peak.toFixed(3)}; `
      + `inference ${r.inferenceMs.toFixed(2)} ms/chunk, RTF ${r.rtf.toFixed(3)} on ${r.engine} (${r.backends.join(', ')})`);
    expect(r.status).toBe('listening');
    expect(r.detections[0].peakScore).toBeGreaterThanOrEqual(0.5);
    // The device picker lists the (fake) inputs once permission is granted.
    const options = await page.getByLabel('Input device').locator('option').allTextContents();
    console.log(`input devices: ${JSON.stringify(options)}`);
    expect(options.length).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('detection-list')).toContainText('hey jarvis');
    await expect(page.getByTestId('audio-capture')).toContainText('echo cancellation off');
    await expect(page.getByTestId('level-meter')).toBeVisible();
    await page.getByRole('button', { name: 'Stop listening' }).click();
    await expect(page.getByTestId('audio-panel')).toHaveAttribute('data-status', 'done');
    // The watcher sees the workers' fetches (model files, runtime) as well as the page's. (Playwright
    // reports no event for the AudioWorklet's module fetch; its URL is the fixed same-origin path
    // /worklets/capture-processor.js.)
    expect(seen).toContain('/models/audio/wake-word/openwakeword-hey-jarvis/embedding_model.onnx');
    expect(seen.some((p) => p.startsWith('/runtimes/ort/'))).toBe(true);
    expect(outside).toEqual([]);
  });

  test('VAD on the same microphone finds speech segments', async ({ baseURL }) => {
    test.setTimeout(120_000);
    const { page, context } = await own.get(baseURL);
    const outside = watchOrigin(context, baseURL);
    await page.goto(VAD);
    await page.getByRole('button', { name: 'Start microphone' }).click();
    // The loop is 1 s silence, ~0.8 s of speech, 1 s silence: two loops give two closed segments.
    const r = await waitFor(page, 'speech segments from the microphone', (x) => x.segments.filter((s) => !s.open).length >= 2, 60_000);
    console.log(`VAD microphone: ${r.processedSec.toFixed(1)} s; segments ${JSON.stringify(r.segments.map((s) => [+s.startSec.toFixed(2), +s.endSec.toFixed(2)]))}; ${r.inferenceMs.toFixed(2)} ms/hop, RTF ${r.rtf.toFixed(3)}`);
    for (const s of r.segments.filter((x) => !x.open)) {
      expect(s.endSec - s.startSec).toBeGreaterThan(0.4);
      expect(s.endSec - s.startSec).toBeLessThan(1.5);
    }
    await page.getByRole('button', { name: 'Stop listening' }).click();
    expect(outside).toEqual([]);
  });
});

test.describe('wake word from the fake microphone: other speech', () => {
  const own = ownBrowser(() => fakeMicArgs(fakeMicFile('negative-speech.wav')));

  test(`"what is the weather like today" gives no detection in ${NEGATIVE_LISTEN_SEC} s of listening`, async ({ baseURL }) => {
    test.setTimeout(180_000);
    const { page, context } = await own.get(baseURL);
    const outside = watchOrigin(context, baseURL);
    await page.goto(WAKE);
    await page.getByRole('button', { name: 'Start microphone' }).click();
    const r = await waitFor(page, `${NEGATIVE_LISTEN_SEC} s of microphone audio scored`, (x) => x.processedSec >= NEGATIVE_LISTEN_SEC, 120_000);
    const peak = Math.max(...r.scores.filter((s) => !s.warmUp).map((s) => s.score));
    console.log(`negative speech: ${r.processedSec.toFixed(1)} s scored, peak score ${peak.toFixed(4)}, detections ${r.detections.length}`);
    // The speech really arrives (silence would pass this test vacuously): peaks far above the noise floor.
    console.log(`negative speech: loudest microphone sample ${r.micPeakDb?.toFixed(1)} dBFS`);
    expect(r.micPeakDb).toBeGreaterThan(-20);
    expect(r.scores.length).toBeGreaterThan(NEGATIVE_LISTEN_SEC / 0.08 - 5);
    expect(r.detections).toEqual([]);
    expect(peak).toBeLessThan(0.5);
    await expect(page.getByTestId('no-detections')).toBeVisible();
    expect(outside).toEqual([]);
  });
});

test.describe('clips, uploads and messages', () => {
  test('VAD: speech segments in the speech clip, none in silence-noise.wav, clear message for a corrupt upload', async ({ page, context, baseURL }) => {
    test.setTimeout(120_000);
    const outside = watchOrigin(context, baseURL);
    await page.goto(VAD);
    const speech = await scoreSample(page, 'negative-speech.wav');
    console.log(`VAD negative-speech.wav: segments ${JSON.stringify(speech.segments.map((s) => [+s.startSec.toFixed(3), +s.endSec.toFixed(3)]))}; ${speech.inferenceMs.toFixed(2)} ms/hop`);
    // The clip is 1 s silence, the sentence (1.00–2.72 s above −30 dBFS), 1 s silence (Node: one segment 0.96–2.78 s).
    expect(speech.segments).toHaveLength(1);
    expect(speech.segments[0].startSec).toBeGreaterThan(0.85);
    expect(speech.segments[0].startSec).toBeLessThan(1.1);
    expect(speech.segments[0].endSec).toBeGreaterThan(2.6);
    expect(speech.segments[0].endSec).toBeLessThan(2.9);
    await expect(page.getByTestId('segment-list')).toContainText('0.96–2.78 s');

    const noise = await scoreSample(page, 'silence-noise.wav');
    console.log(`VAD silence-noise.wav: peak p ${Math.max(...noise.probabilities.map((p) => p.p)).toFixed(3)}, segments ${noise.segments.length}`);
    expect(noise.segments).toEqual([]);
    expect(Math.max(...noise.probabilities.map((p) => p.p))).toBeLessThan(0.35);
    await expect(page.getByTestId('no-segments')).toBeVisible();

    await page.getByTestId('audio-upload').setInputFiles({ name: 'broken.wav', mimeType: 'audio/wav', buffer: Buffer.from('RIFF\u0010\u0000\u0000\u0000WAVEfmt this is not audio at all') });
    await expect(page.getByTestId('upload-error')).toContainText('“broken.wav” could not be decoded as audio');
    // The page still works after the bad upload.
    const again = await scoreSample(page, 'hey-jarvis.wav');
    expect(again.segments).toHaveLength(1);
    expect(outside).toEqual([]);
  });

  test('VAD: the ONNX source on the EdgeZoo executor (sr frozen to 16 kHz at load) finds the segment ONNX Runtime finds', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(VAD);
    await page.getByLabel('Model files').selectOption('source');
    const onOrt = await scoreSample(page, 'negative-speech.wav');
    await page.getByLabel('Engine').selectOption('tfjs');
    const onExecutor = await scoreSample(page, 'negative-speech.wav');
    expect(onExecutor.engine).toBe('tfjs');
    const maxDiff = Math.max(...onExecutor.probabilities.map((p, i) => Math.abs(p.p - onOrt.probabilities[i].p)));
    console.log(`VAD source on the executor (${onExecutor.backends.join(', ')}): max |Δp| vs ONNX Runtime Web ${maxDiff.toExponential(2)} over ${onExecutor.probabilities.length} hops`);
    // Stated tolerance: as in Node (lib/engines/input-values.test.ts), within 1e-4 of ONNX Runtime.
    expect(onExecutor.probabilities).toHaveLength(onOrt.probabilities.length);
    expect(maxDiff).toBeLessThanOrEqual(1e-4);
    expect(onExecutor.segments).toEqual(onOrt.segments);
    expect(onExecutor.segments).toHaveLength(1);
  });

  test('wake word on sample clips and an uploaded 44.1 kHz file, on ONNX Runtime and on the .tflite builds', async ({ page, context, baseURL }) => {
    test.setTimeout(180_000);
    const outside = watchOrigin(context, baseURL);
    await page.goto(WAKE);
    const hey = await scoreSample(page, 'hey-jarvis.wav');
    expect(hey.detections).toHaveLength(1);
    expect(hey.detections[0].peakScore).toBeGreaterThan(0.9);
    const quiet = await scoreSample(page, 'negative-speech.wav');
    expect(quiet.detections).toEqual([]);

    // An upload at 44.1 kHz goes through the resampler before the models.
    const wav = parseWav(new Uint8Array(readFileSync(path.join(ROOT, 'public/samples/audio/hey-jarvis-2.wav'))), 'hey-jarvis-2.wav');
    const at44k = encodeWav(resample(Float32Array.from(wav.samples, (v) => v / 32768), 16000, 44100), 44100);
    const panel = page.getByTestId('audio-panel');
    const before = Number(await panel.getAttribute('data-runs'));
    await page.getByTestId('audio-upload').setInputFiles({ name: 'hey-jarvis-44k.wav', mimeType: 'audio/wav', buffer: Buffer.from(at44k) });
    await expect(panel).toHaveAttribute('data-runs', String(before + 1), { timeout: 60_000 });
    const uploaded = await results(page);
    console.log(`upload 44.1 kHz: detections ${JSON.stringify(uploaded.detections.map((d) => [+d.peakSec.toFixed(2), +d.peakScore.toFixed(3)]))}`);
    expect(uploaded.detections).toHaveLength(1);

    for (const [variant, engine] of [['fp32', 'tflite'], ['int8', 'tflite'], ['fp32', 'tfjs']] as const) {
      await page.getByLabel('Model files').selectOption(variant);
      await page.getByLabel('Engine').selectOption(engine);
      const r = await scoreSample(page, 'hey-jarvis.wav');
      const peak = Math.max(...r.scores.filter((s) => !s.warmUp).map((s) => s.score));
      console.log(`${variant} on ${engine} (${r.backends.join(', ')}): peak ${peak.toFixed(4)}, detections ${r.detections.length}, ${r.inferenceMs.toFixed(2)} ms/chunk`);
      expect(r.engine).toBe(engine);
      expect(r.detections).toHaveLength(1);
    }
    expect(outside).toEqual([]);
  });
});

test.describe('microphone refused', () => {
  // A fake device exists but every permission prompt is denied.
  const own = ownBrowser(() => ['--use-fake-device-for-media-stream', '--deny-permission-prompts']);

  test('a denied microphone gets a clear message and the page keeps working', async ({ baseURL }) => {
    test.setTimeout(120_000);
    const { page } = await own.get(baseURL);
    await page.goto(WAKE);
    await page.getByRole('button', { name: 'Start microphone' }).click();
    await expect(page.getByTestId('mic-error')).toContainText('Microphone access was denied', { timeout: 30_000 });
    expect((await results(page)).micError).toMatch(/^Microphone access was denied/);
    await expect(page.getByRole('button', { name: 'Start microphone' })).toBeEnabled();
    const r = await scoreSample(page, 'hey-jarvis.wav');
    expect(r.detections).toHaveLength(1);
  });
});

test.describe('no microphone', () => {
  // Permission is granted but Chromium gets no fake device: on a machine without audio inputs
  // (this container) getUserMedia finds nothing.
  const own = ownBrowser(() => ['--use-fake-ui-for-media-stream']);

  test('no audio input gets a clear message', async ({ baseURL }) => {
    test.setTimeout(60_000);
    const { page } = await own.get(baseURL);
    await page.goto(VAD);
    const inputs = await page.evaluate(async () => (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput').length);
    test.skip(inputs > 0, `this machine has ${inputs} real audio input(s), so "no microphone" cannot be produced here`);
    await page.getByRole('button', { name: 'Start microphone' }).click();
    await expect(page.getByTestId('mic-error')).toContainText('No microphone was found', { timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'Start microphone' })).toBeEnabled();
  });
});
