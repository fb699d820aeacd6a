// A second visit works offline: the service worker (lib/offline) keeps the
// pages, build files and runtimes a visit used, and the model cache keeps the
// model. The test runs its own copy of the app's server and stops it, so
// "offline" means nothing answers at all, not an emulated network condition.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { runCount, waitForRun } from './fixtures/run-panel';

const ROOT = path.resolve(import.meta.dirname, '..');
const PORT = 3190;
const ORIGIN = `http://localhost:${PORT}`;
const SHORT_RANGE = 'vision/face-detection/blazeface-short-range';

function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/serve.mjs')], { env: { ...process.env, PORT: String(PORT) }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the app server exited with ${code} before listening`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('EdgeZoo at')) resolve(child);
    });
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

interface Seen {
  faces: number;
  engine: string;
  backend: string;
}

test('a demo run once works on the next visit with the server gone: page, runtime and model come from this browser', async ({ browser }) => {
  test.setTimeout(120_000);
  const server = await startServer();
  const context = await browser.newContext({ baseURL: ORIGIN });
  const page = await context.newPage();
  const seen = async (): Promise<Seen> =>
    page.evaluate(() => {
      const r = window.__edgezooLastRun;
      return { faces: r?.result?.kind === 'detections' ? r.result.detections.length : -1, engine: r?.engine ?? '', backend: r?.backend ?? '' };
    });
  const runOnce = async (): Promise<Seen> => {
    const before = await runCount(page);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitForRun(page, before);
    return seen();
  };
  try {
    await page.goto(`/run/${SHORT_RANGE}/`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    const online = await runOnce();
    expect(online.faces).toBe(1);
    // What the page loaded before the service worker took over is stored once the worker has fetched it.
    await page.waitForFunction(
      async () => {
        for (const name of await caches.keys()) {
          if (name.startsWith('edgezoo-site-') && (await (await caches.open(name)).match(location.href))) return true;
        }
        return false;
      },
      undefined,
      { timeout: 30_000 },
    );

    await stopServer(server);
    await expect(fetch(`${ORIGIN}/`)).rejects.toThrow();

    await page.reload();
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const offline = await runOnce();
    expect(offline).toEqual(online);

    // The storage manager counts what the service worker keeps, and drops it on request.
    const manager = page.getByTestId('cache-manager');
    await manager.locator('summary').click();
    await expect(manager.getByTestId('site-cache')).toContainText(/kept for offline visits: [1-9]\d* files, \d+\.\d\d MB/);
    await manager.getByRole('button', { name: 'Delete them' }).click();
    await expect(manager.getByTestId('site-cache')).toContainText('kept for offline visits: 0 files, 0.00 MB');

    // A page never opened is not stored: the worker says so instead of the browser's network error.
    await page.goto('/audio/');
    await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();
    await expect(page.locator('body')).toContainText('/audio/ was not opened on an earlier visit');
  } finally {
    await context.close();
    await stopServer(server);
  }
});
