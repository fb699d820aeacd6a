import { createHash } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

const MODEL = '/vision/face-detection/blazeface-short-range';

test('home → domain → task → model by clicking', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Edge AI models');
  await page.getByRole('main').getByRole('link', { name: 'Vision', exact: true }).click();
  await expect(page).toHaveURL(/\/vision$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vision');
  await page.getByRole('heading', { name: 'Face detection' }).getByRole('link').click();
  await expect(page).toHaveURL(/\/vision\/face-detection$/);
  await expect(page.locator('tbody tr')).toHaveCount(2);
  await page.getByRole('link', { name: 'BlazeFace (short range)' }).click();
  await expect(page).toHaveURL(new RegExp(`${MODEL}$`));
  for (const section of ['Overview', 'Source and provenance', 'Input contract', 'Output contract', 'Recipe pipeline', 'Downloads']) {
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }
});

test('home search finds models by name, task and tag', async ({ page }) => {
  await page.goto('/');
  const search = page.getByRole('searchbox', { name: 'Search models, tasks and tags' });
  await search.fill('movenet');
  await expect(page.getByRole('status').first()).toHaveText('2 models match');
  await search.fill('wake word');
  await expect(page.getByRole('link', { name: /hey jarvis/i })).toBeVisible();
  await search.fill('zzzz-no-such-model');
  await expect(page.getByRole('status').first()).toHaveText('0 models match');
});

test('task table: filters and sorting live in the URL and change the rows', async ({ page }) => {
  await page.goto('/vision/pose-estimation');
  const rows = page.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  // Sorting by parameters descending puts Thunder (the larger model) first.
  await page.getByRole('button', { name: /^Params/ }).click();
  await expect(page).toHaveURL(/sort=params/);
  await page.getByRole('button', { name: /^Params/ }).click();
  await expect(page).toHaveURL(/sort=params&dir=desc/);
  await expect(rows.first()).toHaveAttribute('data-model', 'movenet-thunder');

  await page.goto('/vision/face-detection');
  await expect(rows).toHaveCount(2);
  const small = page.getByRole('checkbox', { name: /< 1 MiB/ });
  await small.click();
  await expect(small).toBeChecked();
  await expect(page).toHaveURL(/size=lt1/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-model', 'blazeface-short-range');

  // The same URL reproduces the view on a fresh load.
  const url = page.url();
  await page.goto('about:blank');
  await page.goto(url);
  await expect(rows).toHaveCount(1);
  await expect(page.getByRole('checkbox', { name: /< 1 MiB/ })).toBeChecked();
});

test('a download hashes to the sha256 shown on the page', async ({ page, request }) => {
  await page.goto(MODEL);
  const link = page.locator('#downloads ~ table a[download], section:has(#downloads) a[download]').first();
  const href = await link.getAttribute('href');
  const shown = await link.getAttribute('data-sha256');
  expect(href).toBeTruthy();
  expect(shown).toMatch(/^[0-9a-f]{64}$/);
  await expect(page.locator('section:has(#downloads)')).toContainText(shown!);
  const res = await request.get(href!);
  expect(res.status()).toBe(200);
  const actual = createHash('sha256').update(await res.body()).digest('hex');
  expect(actual).toBe(shown);
});

test('unknown domains, tasks and models get the 404 page', async ({ page }) => {
  for (const path of ['/no-such-domain', '/vision/no-such-task', '/vision/face-detection/no-such-model']) {
    const res = await page.goto(path);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  }
});

test('the server sends COOP/COEP so the page is cross-origin isolated', async ({ page }) => {
  const res = await page.goto('/');
  expect(res?.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(res?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('keyboard: skip link, then Tab and Enter reach a model page', async ({ page }) => {
  await page.goto('/vision/face-detection');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
  // Tab forward until the first model link in the table has focus, then follow it.
  const target = page.getByRole('link', { name: 'BlazeFace (full range)' });
  for (let i = 0; i < 40 && !(await target.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/vision\/face-detection\/blazeface-full-range$/);
});

test('dark mode follows the system and the toggle overrides it across reloads', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  const toggle = page.getByRole('button', { name: 'Dark mode' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/dark/);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).not.toBe('rgb(255, 255, 255)');
});

for (const [name, path] of [
  ['home', '/'],
  ['domain', '/vision'],
  ['task', '/vision/face-detection'],
  ['model', MODEL],
  ['run', `/run${MODEL}`],
  ['404', '/nope'],
] as const) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`axe: no serious or critical violations on the ${name} page (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(path);
      await expect(page.locator('main')).toBeVisible();
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }
}

test('every catalogue model has a page with provenance and working downloads', async ({ page, request }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  const domainLinks = await page.locator('article h3 a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
  const modelPaths = new Set<string>();
  for (const d of domainLinks) {
    await page.goto(d);
    for (const p of await page.locator('main section ul a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))) modelPaths.add(p);
  }
  expect(modelPaths.size).toBeGreaterThanOrEqual(14);
  for (const p of modelPaths) {
    await page.goto(p);
    await expect(page.getByRole('heading', { level: 2, name: 'Source and provenance' })).toBeVisible();
    const links = page.locator('a[download]');
    expect(await links.count()).toBeGreaterThan(0);
    for (const href of await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!))) {
      const res = await request.head(href);
      expect(res.status(), `${p} → ${href}`).toBe(200);
    }
  }
});

test('recipe results: variants with validation, unavailable variants with reasons, artifact downloads', async ({ page, request }) => {
  await page.goto('/vision/face-detection/blazeface-full-range');
  const variants = page.locator('[data-testid="variants-table"] tbody tr');
  await expect(variants).toHaveCount(2);
  await expect(page.locator('[data-testid="variants-table"] tr[data-variant="int8"]')).toContainText('SQNR');
  await expect(page.locator('[data-testid="variants-table"] tr[data-variant="int8"]')).toContainText('passed');
  await expect(page.locator('section:has(#pipeline)')).toContainText('Quantize to int8');
  await expect(page.locator('section:has(#variants)')).toContainText('disjoint from the calibration set');
  // Every EdgeZoo-built artifact downloads and hashes to what the page shows.
  for (const link of await page.locator('section:has(#downloads) a[download][href^="/artifacts/"]').all()) {
    const res = await request.get((await link.getAttribute('href'))!);
    expect(res.status()).toBe(200);
    expect(createHash('sha256').update(await res.body()).digest('hex')).toBe(await link.getAttribute('data-sha256'));
  }
  await page.goto('/vision/pose-estimation/movenet-lightning');
  await expect(page.locator('[data-testid="unavailable"]')).toContainText('int8');
  // A variant that was built but failed validation is not published either, and the page says why.
  await page.goto('/vision/semantic-segmentation/selfie-segmentation-general');
  await expect(page.locator('[data-testid="variants-table"] tbody tr')).toHaveCount(1);
  await expect(page.locator('[data-testid="unavailable"]')).toContainText('SQNR');
});

test('a model that sees crops names the detector its demo runs first, with a link to it', async ({ page }) => {
  await page.goto('/vision/hand-landmarks/hand-landmark-lite');
  const note = page.getByTestId('crop-source');
  await expect(note).toHaveText('The demo finds hands first with MediaPipe Palm Detection (2020), then runs this model on each.');
  await note.getByRole('link').click();
  await expect(page).toHaveURL(/\/vision\/hand-detection\/palm-detection$/);
  await expect(page.getByTestId('crop-source')).toHaveCount(0);
});
