import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArtifactsManifest } from '../catalogue/manifest';
import { toSourceOutputs, toVariantInput, transpose, type IoSpec } from './boundary';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('toVariantInput', () => {
  it('moves an NCHW source tensor channels-last for an NHWC artifact', () => {
    // 1×2×2×3 (N, C=2, H=2, W=3): value = c*100 + h*10 + w.
    const data = Float32Array.from({ length: 12 }, (_, i) => Math.floor(i / 6) * 100 + Math.floor((i % 6) / 3) * 10 + (i % 3));
    const out = toVariantInput({ name: 'x', shape: [1, 2, 2, 3], dtype: 'float32', data }, { name: 'x', shape: [1, 2, 3, 2], dtype: 'float32' });
    expect(out.shape).toEqual([1, 2, 3, 2]);
    // NHWC: (h, w, c) → c*100 + h*10 + w.
    expect(Array.from(out.data, Number)).toEqual([0, 100, 1, 101, 2, 102, 10, 110, 11, 111, 12, 112]);
  });

  it('quantizes float values with the artifact input scale and zero point, clamped to int8', () => {
    const target: IoSpec = { name: 'input', shape: [1, 4], dtype: 'int8', quant: { scale: [1 / 127.5], zeroPoint: [-1] } };
    const out = toVariantInput({ name: 'input', shape: [1, 4], dtype: 'float32', data: Float32Array.from([-1, 0, 1, 5]) }, target);
    expect(out.dtype).toBe('int8');
    expect(out.data).toBeInstanceOf(Int8Array);
    // round(x / scale) + zp: -127.5 rounds to -127, -1 → -128; 0 → -1; 127.5 → 128 - 1 = 127; 5 → 637 clamps to 127.
    expect(Array.from(out.data, Number)).toEqual([-128, -1, 127, 127]);
  });

  it('names a shape that fits neither layout', () => {
    expect(() => toVariantInput({ name: 'x', shape: [1, 3, 4, 4], dtype: 'float32', data: new Float32Array(48) }, { name: 'x', shape: [1, 8, 8, 3], dtype: 'float32' })).toThrow(
      'input x is [1, 3, 4, 4]; the model wants [1, 8, 8, 3]',
    );
  });

  it('refuses an int8 input without quantization parameters', () => {
    expect(() => toVariantInput({ name: 'x', shape: [2], dtype: 'float32', data: new Float32Array(2) }, { name: 'x', shape: [2], dtype: 'int8' })).toThrow('without quantization parameters');
  });
});

describe('toSourceOutputs', () => {
  it('puts outputs back in the source order and layout, dequantizing int8 (widened to int32 by the engine)', () => {
    const source: IoSpec[] = [
      { name: 'heat', shape: [1, 2, 1, 3], dtype: 'float32' },
      { name: 'score', shape: [1, 2], dtype: 'float32' },
    ];
    const variant: IoSpec[] = [
      { name: 'score', shape: [1, 2], dtype: 'int8', quant: { scale: [0.5], zeroPoint: [10] } },
      { name: 'heat', shape: [1, 1, 3, 2], dtype: 'float32' },
    ];
    const nhwc = transpose(Float32Array.from([0, 1, 2, 10, 11, 12]), [1, 2, 1, 3], [0, 2, 3, 1]);
    const out = toSourceOutputs(
      [
        { name: 'score', shape: [1, 2], dtype: 'int32', data: Int32Array.from([10, 14]) },
        { name: 'heat', shape: nhwc.shape, dtype: 'float32', data: nhwc.data },
      ],
      variant,
      source,
    );
    expect(out.map((o) => o.name)).toEqual(['heat', 'score']);
    expect(out[0].shape).toEqual([1, 2, 1, 3]);
    expect(Array.from(out[0].data, Number)).toEqual([0, 1, 2, 10, 11, 12]);
    expect(out[1].dtype).toBe('float32');
    expect(Array.from(out[1].data, Number)).toEqual([0, 2]);
  });

  it('matches by position when the engine renamed the outputs, and names a count mismatch', () => {
    const source: IoSpec[] = [{ name: 'a', shape: [1, 2], dtype: 'float32' }];
    const out = toSourceOutputs([{ name: 'Identity', shape: [1, 2], dtype: 'float32', data: Float32Array.from([3, 4]) }], [{ name: 'Identity', shape: [1, 2], dtype: 'float32' }], source);
    expect(out[0].name).toBe('a');
    expect(() => toSourceOutputs([], [], source)).toThrow('the model returned 0 outputs, the source model has 1');
  });

  it('fits every built artifact of the catalogue: inputs reach the artifact shape and outputs the source shape', () => {
    // The real specs the demo uses: zoo/artifacts.json (artifacts) against zoo/catalogue.json (source stats).
    const artifacts = JSON.parse(readFileSync(path.join(ROOT, 'zoo/artifacts.json'), 'utf8')) as ArtifactsManifest;
    const catalogue = JSON.parse(readFileSync(path.join(ROOT, 'zoo/catalogue.json'), 'utf8')) as { models: Record<string, { graphs: { id: string; stats: { inputs: IoSpec[]; outputs: IoSpec[] } }[] }> };
    let checked = 0;
    for (const [key, rec] of Object.entries(artifacts.recipes)) {
      const model = catalogue.models[key];
      for (const g of rec.graphs) {
        const stats = model.graphs.find((x) => x.id === g.graph)?.stats;
        if (!stats) throw new Error(`${key}: graph ${g.graph} missing from the catalogue`);
        for (const a of g.artifacts) {
          stats.inputs.forEach((src, i) => {
            if (src.shape.some((d) => d < 0)) return;
            const n = src.shape.reduce((x, y) => x * y, 1);
            const made = toVariantInput({ name: src.name, shape: src.shape, dtype: 'float32', data: new Float32Array(n) }, a.inputs[i]);
            expect(made.shape.every((d, k) => a.inputs[i].shape[k] < 0 || a.inputs[i].shape[k] === d), `${key} ${a.variant} input ${src.name}`).toBe(true);
          });
          if (stats.outputs.some((o) => o.shape.some((d) => d < 0)) || a.outputs.some((o) => o.shape.some((d) => d < 0))) continue;
          const outs = a.outputs.map((o) => ({ name: o.name, shape: o.shape, dtype: 'float32' as const, data: new Float32Array(o.shape.reduce((x, y) => x * y, 1)) }));
          const back = toSourceOutputs(outs, a.outputs, stats.outputs);
          expect(back.map((o) => o.shape), `${key} ${a.variant}`).toEqual(stats.outputs.map((o) => o.shape));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });
});
