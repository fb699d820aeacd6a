import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test('model page: simulated targets table, variant switch and per-layer breakdown', async ({ page }) => {
  await page.goto('/vision/face-detection/blazeface-full-range');
  const section = page.locator('section:has(#targets)');
  await expect(section).toContainText('Simulated, not measured');
  await section.getByText('Assumptions behind these estimates').click();
  await expect(section).toContainText('roofline');
  const rows = section.locator('[data-testid="sim-table"] tbody tr');
  await expect(rows).toHaveCount(11);
  const imx93 = section.locator('tr[data-target="imx93"]');
  const int8Latency = await imx93.locator('td').nth(1).innerText();
  await section.getByRole('radio', { name: 'fp32' }).check();
  // float32 on the same board is slower than the int8 estimate.
  await expect(imx93.locator('td').nth(1)).not.toHaveText(int8Latency);
  const ms = (s: string) => Number(s.replace(/[^0-9.]/g, ''));
  expect(ms(await imx93.locator('td').nth(1).innerText())).toBeGreaterThan(ms(int8Latency));
  await imx93.getByRole('button', { name: 'Per layer' }).click();
  const layers = section.locator('[data-testid="layer-table"] tbody tr');
  await expect(layers.first()).toBeVisible();
  expect(await layers.count()).toBeGreaterThan(30);
  await expect(section.locator('[data-testid="layer-table"]')).toContainText('DepthwiseConv2D');
});

test('task page: "runs on" filter keeps models that fit a target under a latency, in the URL', async ({ page }) => {
  await page.goto('/vision/face-detection');
  const rows = page.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await page.getByLabel('Target').selectOption('imx93');
  await expect(page).toHaveURL(/on=imx93/);
  await page.getByLabel('Variant').selectOption('fp32');
  await expect(page).toHaveURL(/variant=fp32/);
  await page.getByLabel('Maximum latency in milliseconds').fill('100');
  await expect(page).toHaveURL(/maxms=100/);
  // Simulated fp32 on i.MX 93 (the built artifacts): short-range ≈ 44 ms, full-range ≈ 170 ms.
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-model', 'blazeface-short-range');
  await page.goto('/vision/face-detection?on=imx93&maxms=500&variant=fp32');
  await expect(rows).toHaveCount(2);
  // Both BlazeFace models have int8 artifacts; MoveNet has none (no int8 kernels for its ops), so the int8 filter drops both MoveNets.
  await page.goto('/vision/face-detection?on=imx93&maxms=500');
  await expect(rows).toHaveCount(2);
  await page.goto('/vision/pose-estimation?on=imx93&maxms=500');
  await expect(rows).toHaveCount(0);
});

test('about the simulator: fit report, targets with sources, no serious axe violations', async ({ page }) => {
  await page.goto('/about/simulator');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('About the target simulator');
  await expect(page.getByRole('heading', { name: 'Error per target' })).toBeVisible();
  await expect(page.locator('table').first()).toContainText('stm32h747');
  await expect(page.getByRole('heading', { level: 3, name: 'i.MX 93' })).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('a run in the browser demo appears as "This browser (measured)" beside the simulated targets', async ({ page }) => {
  await page.goto('/run/vision/facial-expression/emotion');
  const panel = page.locator('[data-status]').first();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(panel).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const measured = await page.evaluate(() => window.__edgezooLastRun?.medianMs ?? -1);
  expect(measured).toBeGreaterThan(0);
  await page.goto('/vision/facial-expression/emotion');
  const row = page.locator('section:has(#targets) tr[data-target="browser"]');
  await expect(row).toContainText('This browser (measured)');
  await expect(row.locator('td').nth(1)).toHaveText(/ms$/);
});
