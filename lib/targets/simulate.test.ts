import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../ir/builder';
import type { DType, Model } from '../ir/types';
import { simulate, simulatorAccuracy, TARGETS } from './index';
import { TARGET_SPECS } from './registry';
import { mobilenetV2 } from './reference/architectures';

/** One conv (k×k, cout) on an h×h×cin input, optionally followed by an op of `tail` type. */
function convModel(o: { h?: number; cin?: number; cout?: number; k?: number; dtype?: DType; tail?: 'Gelu' | 'Relu' }): Model {
  const dtype = o.dtype ?? 'int8';
  const g = new GraphBuilder();
  const [h, cin, cout, k] = [o.h ?? 32, o.cin ?? 16, o.cout ?? 32, o.k ?? 3];
  const x = g.addInput('x', [1, h, h, cin], dtype);
  const data = dtype === 'int8' ? new Int8Array(cout * k * k * cin) : new Float32Array(cout * k * k * cin);
  let y = g.add('Conv2D', [x, g.addConst('w', [cout, k, k, cin], data, dtype)], { padding: 'same' });
  if (o.tail) y = g.add(o.tail, [y]);
  g.markOutputs(y);
  return g.toModel();
}

describe('targets', () => {
  it('lists every required board with figures and sources', () => {
    expect(TARGETS.map((t) => t.id).sort()).toEqual(
      ['imx8mp', 'imx93', 'imx95', 'imxrt1050', 'imxrt1060', 'imxrt1170', 'mcxn947', 'rpi4', 'rpi5', 'stm32h747', 'stm32n6'],
    );
    for (const t of TARGETS) {
      expect(Object.keys(t.sources).length).toBeGreaterThan(0);
      expect(t.cpu.clockMHz).toBeGreaterThan(0);
      expect(t.assumptions.length).toBeGreaterThan(0);
    }
    expect(TARGETS.find((t) => t.id === 'stm32n6')?.npu?.peakGops).toBe(600);
    expect(TARGETS.find((t) => t.id === 'rpi4')?.npu).toBeNull();
  });
});

describe('cost model invariants', () => {
  it('more MACs on the same op is never faster, on any target and unit', () => {
    for (const t of TARGET_SPECS) {
      let previous = 0;
      for (const cout of [8, 16, 32, 64, 128]) {
        const r = simulate(convModel({ cout }), t.id);
        expect(r.totals.latencyMs, `${t.id} cout=${cout}`).toBeGreaterThanOrEqual(previous);
        previous = r.totals.latencyMs;
      }
    }
  });

  it('places an op the NPU does not support on the CPU, says why, and charges the transfer', () => {
    const r = simulate(convModel({ tail: 'Gelu' }), 'imx93');
    expect(r.layers.map((l) => l.runsOn)).toEqual(['npu', 'cpu-fallback']);
    expect(r.layers[1].fallbackReason).toMatch(/Gelu is not supported by Arm Ethos-U65/);
    expect(r.layers[1].transferMs).toBeGreaterThan(0);
    expect(r.totals.transferMs).toBeCloseTo(r.layers[1].transferMs, 9);
    const supported = simulate(convModel({ tail: 'Relu' }), 'imx93');
    expect(supported.layers.every((l) => l.runsOn === 'npu')).toBe(true);
    expect(supported.totals.transferMs).toBe(0);
  });

  it('falls back on dtype and kernel constraints', () => {
    const float = simulate(convModel({ dtype: 'float32' }), 'imx93');
    expect(float.layers[0].runsOn).toBe('cpu-fallback');
    expect(float.layers[0].fallbackReason).toMatch(/int8\/int16 only; this op computes in float32/);
    const bigKernel = simulate(convModel({ k: 9 }), 'mcxn947');
    expect(bigKernel.layers[0].fallbackReason).toMatch(/kernel 9 exceeds .* limit of 7/);
  });

  it('simulates a float model as int8 when asked, and says so', () => {
    const model = convModel({ dtype: 'float32' });
    const asFloat = simulate(model, 'stm32n6');
    const asInt8 = simulate(model, 'stm32n6', { assumeDtype: 'int8' });
    expect(asFloat.dtype.mode).toBe('as-stored');
    expect(asInt8.dtype.mode).toBe('int8');
    expect(asInt8.dtype.description).toMatch(/int8/);
    expect(asInt8.totals.weightBytes * 4).toBe(asFloat.totals.weightBytes);
    expect(asInt8.totals.peakActivationBytes * 4).toBe(asFloat.totals.peakActivationBytes);
    expect(asInt8.layers[0].runsOn).toBe('npu');
    expect(asInt8.totals.latencyMs).toBeLessThan(asFloat.totals.latencyMs);
  });

  it('speeds CPU ops up with threads, up to the core count', () => {
    const model = mobilenetV2({ alpha: 1, resolution: 224 });
    const one = simulate(model, 'imx8mp', { threads: 1 });
    const four = simulate(model, 'imx8mp', { threads: 4 });
    const eight = simulate(model, 'imx8mp', { threads: 8 });
    expect(four.npuComparison?.cpuOnlyLatencyMs).toBeLessThan(one.npuComparison?.cpuOnlyLatencyMs ?? 0);
    expect(eight.threads).toBe(4);
    expect(eight.totals.latencyMs).toBe(four.totals.latencyMs);
  });

  it('reports a model that is slower with the NPU as such', () => {
    // Every other op unsupported: each boundary pays the VX delegate's partition switch.
    const g = new GraphBuilder();
    let x = g.addInput('x', [1, 64, 64, 8], 'int8');
    for (let i = 0; i < 6; i++) x = g.add(i % 2 ? 'Gelu' : 'Relu', [x]);
    g.markOutputs(x);
    const r = simulate(g.toModel(), 'imx8mp');
    expect(r.npuComparison?.slowerOnNpu).toBe(true);
    expect(r.npuComparison?.verdict).toMatch(/slower with the NPU/);
    expect(r.npuComparison?.npuLatencyMs).toBeGreaterThan(r.npuComparison?.cpuOnlyLatencyMs ?? Infinity);
  });

  it('checks RAM and flash fit with margins', () => {
    const small = simulate(convModel({}), 'mcxn947');
    expect(small.totals.fits).toBe(true);
    expect(small.totals.ram.marginBytes).toBeGreaterThan(0);
    const huge = simulate(convModel({ h: 512, cin: 16, cout: 16 }), 'mcxn947'); // 4 MiB in + 4 MiB out
    expect(huge.totals.ram.fits).toBe(false);
    expect(huge.totals.ram.marginBytes).toBeLessThan(0);
    expect(huge.warnings.join(' ')).toMatch(/activations .* do not fit/);
    // The H747 spills a 1.7 MB arena to the DISCO board's SDRAM rather than failing.
    const mbv2 = simulate(mobilenetV2({ alpha: 1, resolution: 224 }), 'stm32h747');
    expect(mbv2.totals.ram.kind).toBe('sdram');
    expect(mbv2.totals.ram.fits).toBe(true);
  });

  it('gives per-layer rows whose arena placements stay inside the peak', () => {
    const r = simulate(mobilenetV2({ alpha: 0.35, resolution: 128 }), 'stm32h747');
    const sum = r.layers.reduce((a, l) => a + l.timeMs, 0) + r.totals.perInferenceOverheadMs;
    expect(sum).toBeCloseTo(r.totals.latencyMs, 6);
    for (const l of r.layers) {
      if (!l.output) continue;
      expect(l.output.offset + l.output.bytes).toBeLessThanOrEqual(r.totals.peakActivationBytes);
    }
    expect(r.layers.some((l) => l.bound === 'compute')).toBe(true);
    expect(r.totals.peakActivationBytes).toBeLessThan(r.totals.unsharedActivationBytes);
  });

  it('shows the fit accuracy next to the numbers', () => {
    expect(simulatorAccuracy('stm32h747')?.rows).toBeGreaterThan(5);
    expect(simulatorAccuracy('imx95')).toBeNull();
    expect(simulate(convModel({}), 'imx95').calibrated).toBe(true); // borrows the i.MX 93 CPU fit
    expect(() => simulate(convModel({}), 'nope')).toThrow(/unknown target/);
  });
});
