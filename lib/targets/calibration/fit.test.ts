import { describe, expect, it } from 'vitest';
import { simulate } from '../simulate';
import { buildArchitecture } from '../reference/architectures';
import { FITTED } from '../params';
import { CALIBRATION_ROWS, fitRows, predictRowMs, prepareRows } from './fit';

describe('calibration fit', () => {
  const n6 = prepareRows(CALIBRATION_ROWS.filter((r) => r.target === 'stm32n6'));

  it('predicts a row only through the fitted parameters, never by copying its figure', () => {
    const base = fitRows(n6);
    const target = n6[2];
    const perturbedLatency = target.row.latencyMs * 1.6;
    const perturbed = n6.map((p) => (p === target ? { ...p, row: { ...p.row, latencyMs: perturbedLatency } } : p));
    const refit = fitRows(perturbed);
    const before = predictRowMs(target, base.params);
    const after = predictRowMs(target, refit.params);
    // The prediction moves toward the new figure but does not become it ...
    expect(after).toBeGreaterThan(before);
    expect(Math.abs(after - perturbedLatency) / perturbedLatency).toBeGreaterThan(0.05);
    // ... other rows move too (shared parameters), and simulate() with those parameters gives the same number.
    expect(predictRowMs(n6[0], refit.params)).not.toBeCloseTo(predictRowMs(n6[0], base.params), 6);
    const model = buildArchitecture(target.row.model, target.row.dtype);
    expect(simulate(model, 'stm32n6', { params: refit.params }).totals.latencyMs).toBeCloseTo(after, 9);
  });

  it('committed fit beats the MACs ÷ peak baseline on every calibrated target', () => {
    for (const [id, stats] of Object.entries(FITTED.targets)) {
      if (stats.rows < 5) continue;
      expect(stats.medianAbsErrorPct, id).not.toBeNull();
      expect(stats.medianAbsErrorPct as number, id).toBeLessThan(stats.baselineMedianAbsErrorPct as number);
    }
    expect(Object.keys(FITTED.groups)).toEqual(expect.arrayContaining(['stm32n6', 'imx8mp', 'imx93', 'cortex-m7-cubeai']));
  });

  it('keeps each calibration row\'s source', () => {
    expect(CALIBRATION_ROWS.length).toBeGreaterThan(40);
    for (const r of CALIBRATION_ROWS) {
      expect(r.source.length).toBeGreaterThan(5);
      expect(r.sourceRef.length).toBeGreaterThan(5);
    }
  });
});
