// The browser bench (second half of `npm run bench`): every catalogue model ×
// engine/backend × variant, and the peers a user would pick instead, timed
// in headless Chromium on the sample inputs; plus each backend's dense-matmul
// peak for compute floors. Writes bench/results.json and bench/results.md.
// Method and caveats: bench/README.md. Usage: see args.ts (--quick, --models).

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import type { ArtifactsManifest, Catalogue } from '../../lib/catalogue/manifest';
import { loadAllRecipes, ROOT } from '../catalogue/load-recipes';
import { parseArgs, USAGE } from './args';
import { bundlePage, PAGE_HTML } from './bundle';
import type { BenchCase, CaseResult } from './cases';
import type { EnvironmentInfo } from './page/main';
import { fullyConnectedTflite, fullyConnectedTfliteInt8, matMulOnnx } from './peak-models';
import { modelCases, peakCases, PEAK_N, POLICIES, type PlanInput } from './plan';
import { prepareInputs } from './prepare';
import { peakRows, renderMarkdown, resultRows, type BenchResults } from './report';
import { startServer, type BenchServer } from './server';
import { median } from './stats';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BROWSER_FLAGS = [
  '--no-sandbox',
  // WebGPU in headless Chromium comes from SwiftShader (a CPU implementation): slow, but it runs the code path.
  '--enable-unsafe-webgpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
];
/** A case still running after this long is stopped and recorded as timed out. */
const CASE_TIMEOUT_MS = { full: 90_000, quick: 60_000 };
const MEDIAPIPE_PACKAGES = ['face_detection', 'hands', 'selfie_segmentation'];
/**
 * Failures that come and go on this headless setup (SwiftShader WebGPU losing its instance, a page
 * that could not load while the GPU process was still busy): such a case is tried once more.
 */
const TRANSIENT = /mapAsync|Instance reference no longer exists|device (was )?lost|page\.goto: Timeout|waiting for function failed/i;

function readJson<T>(rel: string, hint: string): T {
  const file = path.join(ROOT, rel);
  if (!existsSync(file)) throw new Error(`${rel} is missing: ${hint}`);
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function checkPrerequisites(): void {
  for (const dir of ['public/runtimes/tfjs-wasm', 'public/runtimes/tflite', 'public/runtimes/ort']) {
    if (!existsSync(path.join(ROOT, dir))) throw new Error(`${dir} is missing: run node scripts/copy-runtimes.mjs (part of npm run build)`);
  }
  for (const p of MEDIAPIPE_PACKAGES) if (!existsSync(path.join(ROOT, 'node_modules/@mediapipe', p))) throw new Error(`@mediapipe/${p} is missing: run npm install`);
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}: set CHROMIUM_PATH`);
}

function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadStart: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

function describe(r: CaseResult): string {
  if (r.skipped) return `skipped: ${r.skipped}`;
  if (!r.ok) return `FAILED: ${r.error}`;
  return `${median(r.ms).toFixed(2)} ms median of ${r.ms.length} (${r.backendUsed})`;
}

const failure = (id: string, error: string): CaseResult => ({ id, ok: false, error, backendUsed: '', note: '', threads: 0, loadMs: 0, warmupMs: [], ms: [] });

/** One Chromium and its context; restarted after a case times out, since SwiftShader work it queued outlives the page. */
class Session {
  private browser?: Browser;
  context?: BrowserContext;
  readonly offOrigin: string[] = [];

  constructor(private readonly origin: string) {}

  async start(): Promise<Browser> {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: BROWSER_FLAGS });
    const context = await browser.newContext();
    // Nothing may leave localhost: any other request is refused and reported.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${this.origin}/`) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
      this.offOrigin.push(url);
      return route.abort('blockedbyclient');
    });
    this.browser = browser;
    this.context = context;
    return browser;
  }

  async restart(): Promise<void> {
    await this.close();
    await this.start();
  }

  async close(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    this.browser = undefined;
    this.context = undefined;
  }

  /** Runs one case on a fresh page; a case past its time limit is stopped and the browser restarted. */
  async run(c: BenchCase, timeoutMs: number): Promise<CaseResult> {
    const context = this.context;
    if (!context) throw new Error('the browser is not running');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message.split('\n')[0]));
    page.on('console', (m) => {
      const text = m.text();
      // BENCH_DEBUG=1 echoes the page's console, for when a case fails without saying why.
      if (process.env.BENCH_DEBUG === '1') console.log(`  [page ${m.type()}] ${text}`);
      // Runtimes log why a model would not load (e.g. TFLite's "ERROR: Encountered unresolved custom op").
      if (/^ERROR: /.test(text) && !errors.includes(text)) errors.push(text);
    });
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    try {
      await page.goto(`${this.origin}/`);
      await page.waitForFunction(() => window.__bench !== undefined, null, { timeout: 30_000 });
      const timeout = new Promise<CaseResult>((resolve) => {
        timer = setTimeout(() => {
          timedOut = true;
          resolve(failure(c.id, `timed out after ${timeoutMs / 1000} s`));
        }, timeoutMs);
      });
      const result = await Promise.race([page.evaluate((bench) => window.__bench!.run(bench), c), timeout]);
      if (!result.ok && errors.length) result.error = `${result.error} [console: ${errors.slice(0, 2).join(' | ')}]`;
      return result;
    } catch (err) {
      return failure(c.id, (err as Error).message.split('\n')[0]);
    } finally {
      clearTimeout(timer);
      if (timedOut) await this.restart();
      else await page.close().catch(() => undefined);
    }
  }

  async environment(): Promise<EnvironmentInfo> {
    const page = await this.context!.newPage();
    try {
      await page.goto(`${this.origin}/`);
      await page.waitForFunction(() => window.__bench !== undefined);
      return await page.evaluate(() => window.__bench!.environment());
    } finally {
      await page.close();
    }
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const args = parseArgs(process.argv.slice(2), process.env);
  const started = Date.now();
  const host = machine();
  checkPrerequisites();
  const catalogue = readJson<Catalogue>('zoo/catalogue.json', 'run npm run zoo and npm run catalogue (or npm run build)');
  const artifacts = readJson<ArtifactsManifest>('zoo/artifacts.json', 'run npm run zoo');
  const { recipes } = loadAllRecipes();
  const keyed = recipes.map((r) => ({ ...r, key: `${r.recipe.domain}/${r.recipe.task}/${r.recipe.id}` }));
  const wanted = keyed.filter((r) => args.models.length === 0 || args.models.some((m) => r.key.includes(m)));

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'edgezoo-bench-'));
  let server: BenchServer | undefined;
  let session: Session | undefined;
  try {
    const benchDir = path.join(tmp, 'bench');
    console.log(`bench: bundling the page (esbuild) into ${benchDir}`);
    await bundlePage(benchDir);
    console.log(`bench: preparing audio inputs for ${wanted.length} model(s) (scripts/zoo/feeds.ts)`);
    const prepared = await prepareInputs(wanted, artifacts, path.join(benchDir, 'inputs'), '/bench/inputs/');
    mkdirSync(path.join(benchDir, 'peaks'), { recursive: true });
    const peakFiles: Record<string, string> = {};
    const writePeak = (key: string, file: string, bytes: Uint8Array) => {
      writeFileSync(path.join(benchDir, 'peaks', file), bytes);
      peakFiles[key] = `/bench/peaks/${file}`;
    };
    writePeak('xnnpack-fp32', 'fc-fp32.tflite', fullyConnectedTflite(PEAK_N.cpu));
    writePeak('xnnpack-int8', 'fc-int8.tflite', fullyConnectedTfliteInt8(PEAK_N.cpu));
    writePeak('ort-wasm', 'matmul.onnx', matMulOnnx(PEAK_N.cpu));

    const input: PlanInput = { recipes: keyed.map(({ key, recipe }) => ({ key, recipe })), catalogue, artifacts, prepared, peakFiles };
    const opts = { quick: args.quick, models: args.models, backends: args.backends, swiftshaderMaxMacs: args.swiftshaderMaxMacs };
    const peaks = peakCases(input, opts);
    const models = modelCases(input, opts);

    server = await startServer(
      [
        { prefix: '/bench/', dir: benchDir },
        ...MEDIAPIPE_PACKAGES.map((p) => ({ prefix: `/mediapipe/${p}/`, dir: path.join(ROOT, 'node_modules/@mediapipe', p) })),
        { prefix: '/', dir: path.join(ROOT, 'public') },
      ],
      PAGE_HTML,
    );
    const origin = server.origin;
    session = new Session(origin);
    const version = (await session.start()).version();
    const env = await session.environment();
    console.log(`bench: ${version} at ${CHROMIUM_PATH}; crossOriginIsolated ${env.crossOriginIsolated}; WebGL ${env.webglRenderer}; WebGPU ${env.webgpuAdapter}`);

    // BENCH_ONLY=<substring of a case id> narrows a run further, for debugging one case.
    const only = process.env.BENCH_ONLY;
    const all: BenchCase[] = [...peaks, ...models].filter((c) => !only || c.id.includes(only));
    const results = new Map<string, CaseResult>();
    const timeoutMs = CASE_TIMEOUT_MS[args.quick ? 'quick' : 'full'];
    console.log(`bench: ${peaks.length} peak(s) and ${models.length} model case(s), ${args.quick ? 'quick' : 'full'} run`);
    for (const [i, c] of all.entries()) {
      const skip = c.kind === 'model' ? c.skip : undefined;
      let r: CaseResult = skip ? { id: c.id, ok: false, skipped: skip, backendUsed: '', note: '', threads: 0, loadMs: 0, warmupMs: [], ms: [] } : await session.run(c, timeoutMs);
      if (!r.ok && r.error && TRANSIENT.test(r.error)) {
        const first = r.error;
        r = await session.run(c, timeoutMs);
        r = r.ok ? { ...r, note: `${r.note} (second attempt; the first failed: ${first})` } : { ...r, error: `${r.error} (also on a second attempt; first: ${first})` };
      }
      results.set(c.id, r);
      console.log(`[${i + 1}/${all.length}] ${c.id}${c.swiftshader ? ' (SwiftShader)' : ''}: ${describe(r)}`);
    }
    const offOrigin = session.offOrigin;
    if (offOrigin.length) throw new Error(`requests tried to leave localhost: ${[...new Set(offOrigin)].join(', ')}`);

    const peakResult = peakRows(peaks, results);
    const rows = resultRows(models, results, peakResult);
    const res: BenchResults = {
      generatedBy: 'scripts/bench/run.ts',
      date: new Date().toISOString(),
      mode: args.quick ? 'quick' : 'full',
      durationS: Math.round((Date.now() - started) / 1000),
      machine: { ...host, loadEnd: os.loadavg().map((l) => l.toFixed(2)).join(' ') },
      browser: { name: 'Chromium (headless, Playwright library)', version, executablePath: CHROMIUM_PATH, flags: BROWSER_FLAGS, ...env },
      policies: POLICIES[args.quick ? 'quick' : 'full'],
      peaks: peakResult,
      rows,
    };
    const outDir = path.resolve(ROOT, args.outDir);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(res, null, 1)}\n`);
    writeFileSync(path.join(outDir, 'results.md'), renderMarkdown(res));
    const ran = rows.filter((r) => r.medianMs !== null).length;
    const skipped = rows.filter((r) => r.skipped).length;
    console.log(`bench: wrote ${path.relative(ROOT, outDir)}/results.json and results.md in ${res.durationS} s; ${ran}/${rows.length} model rows ran (${skipped} skipped, ${rows.length - ran - skipped} failed), ${peakResult.filter((p) => p.gmacs !== null).length}/${peakResult.length} peaks`);
    if (server.missing.length) console.log(`bench: 404s: ${[...new Set(server.missing)].join(', ')}`);
  } finally {
    await session?.close();
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench: ${(err as Error).message}`);
  process.exitCode = 1;
});
