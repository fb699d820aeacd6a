import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArtifactsManifest } from '../../lib/catalogue/manifest';
import { buildZoo, type BuildOptions } from './build';
import { plainProgress } from './progress';

// Real builds of real recipes (the emotion classifier is the quickest: ~2 s),
// each into its own temporary artifacts folder and manifest.

const EMOTION = 'vision/facial-expression/emotion';
const BLAZEFACE = 'vision/face-detection/blazeface-full-range';
const MOVENET = 'vision/pose-estimation/movenet-lightning';

function tempTarget(): Pick<BuildOptions, 'artifactsDir' | 'manifestFile'> & { lines: string[]; progress: BuildOptions['progress'] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'edgezoo-zoo-'));
  const lines: string[] = [];
  return { artifactsDir: path.join(dir, 'artifacts'), manifestFile: path.join(dir, 'artifacts.json'), lines, progress: plainProgress((l) => lines.push(l)) };
}

const hashes = (m: ArtifactsManifest, key: string): string[] => m.recipes[key].graphs.flatMap((g) => g.artifacts.map((a) => `${a.variant}:${a.sha256}`));

describe('zoo build', () => {
  it('reports a failing step with recipe, step and cause, and still builds the other recipes', async () => {
    const t = tempTarget();
    const result = await buildZoo({
      ...t, only: [EMOTION, BLAZEFACE], force: true,
      // An impossible SQNR floor: the int8 validation must fail, nothing else.
      transform: (l) => {
        if (l.recipe.id !== 'emotion') return l;
        const recipe = structuredClone(l.recipe);
        const gate = recipe.conversion?.graphs[0].validation.int8;
        if (!gate) throw new Error('emotion recipe has no int8 gate');
        gate.minSqnrDb = { 'StatefulPartitionedCall/model_1/predictions/Softmax': 99 };
        return { ...l, recipe };
      },
    });
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]).toMatchObject({ key: EMOTION, graph: 'classifier', step: 'validate:int8' });
    expect(result.failed[0].message).toMatch(/StatefulPartitionedCall\/model_1\/predictions\/Softmax SQNR \d+\.\d+ dB < 99 dB/);
    expect(result.built).toEqual([BLAZEFACE]);
    expect(t.lines).toContain(`${EMOTION}: FAILED at classifier: validate:int8`);
    // The failed recipe publishes nothing; the other one both variants.
    expect(existsSync(path.join(t.artifactsDir!, EMOTION))).toBe(false);
    expect(readdirSync(path.join(t.artifactsDir!, BLAZEFACE)).sort()).toEqual(['blazeface-full-range-fp32.tflite', 'blazeface-full-range-int8.tflite']);
    expect(result.manifest.recipes[EMOTION]).toMatchObject({ status: 'failed', error: { step: 'validate:int8', graph: 'classifier' } });
  });

  it('skips an unchanged recipe (cache hit) and rebuilds it when forced, with identical bytes', async () => {
    const t = tempTarget();
    const first = await buildZoo({ ...t, only: [EMOTION] });
    expect(first.built).toEqual([EMOTION]);
    const second = await buildZoo({ ...t, only: [EMOTION] });
    expect(second.cached).toEqual([EMOTION]);
    expect(second.built).toEqual([]);
    expect(second.ms).toBeLessThan(first.ms);
    expect(second.manifest.recipes[EMOTION]).toEqual(first.manifest.recipes[EMOTION]);
    const forced = await buildZoo({ ...t, only: [EMOTION], force: true });
    expect(forced.built).toEqual([EMOTION]);
    // Determinism: a full rebuild writes the same bytes.
    expect(hashes(forced.manifest, EMOTION)).toEqual(hashes(first.manifest, EMOTION));
    expect(hashes(first.manifest, EMOTION)).toHaveLength(2);
  });

  it('a changed recipe misses the cache', async () => {
    const t = tempTarget();
    await buildZoo({ ...t, only: [EMOTION] });
    const changed = await buildZoo({
      ...t, only: [EMOTION],
      transform: (l) => {
        const recipe = structuredClone(l.recipe);
        if (recipe.conversion) recipe.conversion.calibration.count = 12;
        return { ...l, recipe };
      },
    });
    expect(changed.built).toEqual([EMOTION]);
    expect(changed.manifest.recipes[EMOTION].graphs[0].artifacts[1].quantization?.calibrationSamples).toBe(12);
  });

  it('MoveNet: fp32 is built and validated; int8 is unavailable, with the quantizer naming the ops in the way', async () => {
    const t = tempTarget();
    const result = await buildZoo({ ...t, only: [MOVENET] });
    expect(result.failed).toEqual([]);
    const [graph] = result.manifest.recipes[MOVENET].graphs;
    expect(graph.artifacts.map((a) => a.variant)).toEqual(['fp32']);
    expect(graph.artifacts[0].validation.fp32?.passed).toBe(true);
    expect(graph.artifacts[0].validation.fp32?.reference).toBe('tfjs-graph-model');
    expect(graph.unavailable).toHaveLength(1);
    const [u] = graph.unavailable;
    expect(u).toMatchObject({ variant: 'int8', step: 'quantize' });
    expect(u.reason).toMatch(/no int8 SQRT/);
    // The tool's own words: Int8UnsupportedError lists each op type with its count.
    expect(u.error).toMatch(/^cannot quantize to int8: Cast \(.*; 5 ops\); Div \(.*; 1 op\); Sqrt \(TFLite SQRT has no int8 kernel; 1 op\)$/);
    expect(graph.steps.map((s) => s.step)).toEqual(['import', 'pass:fold-constants', 'pass:fold-batch-norm', 'pass:fuse-activations', 'export:fp32', 'validate:fp32', 'quantize', 'export:int8']);
    expect(graph.steps.at(-1)?.notes?.[0]).toMatch(/^skipped: quantize cannot run/);
  });
});
