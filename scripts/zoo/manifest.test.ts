import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArtifactsManifest } from '../../lib/catalogue/manifest';
import { recipeSchema } from '../../lib/catalogue/recipe-schema';
import { findRecipeFiles, ROOT } from '../catalogue/load-recipes';

// The zoo that `npm test` built (it builds before the unit tests): every int8
// export a recipe asks for is either published with every output gated and
// passing, or withdrawn for exactly the reason the recipe states.

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'zoo/artifacts.json'), 'utf8')) as ArtifactsManifest;

describe('built int8 variants', () => {
  const recipes = findRecipeFiles().map((f) => ({ file: f, recipe: recipeSchema.parse(JSON.parse(readFileSync(f, 'utf8'))) }));

  it.each(recipes.map((r) => [path.relative(ROOT, path.dirname(r.file)), r.recipe] as const))('%s', (dir, recipe) => {
    const built = manifest.recipes[`${recipe.domain}/${recipe.task}/${recipe.id}`];
    expect(built?.status, dir).toBe('built');
    for (const spec of recipe.conversion?.graphs ?? []) {
      const graph = built.graphs.find((g) => g.graph === spec.graph);
      expect(graph, `${dir} ${spec.graph}`).toBeDefined();
      if (!spec.steps.some((s) => s.step === 'export' && s.variant === 'int8')) continue;
      const expected = spec.steps.flatMap((s) => ((s.step === 'export' && s.variant === 'int8') || s.step === 'quantize') && s.expectFailure ? [s.expectFailure] : []);
      const int8 = graph?.artifacts.find((a) => a.variant === 'int8');
      const unavailable = graph?.unavailable.find((u) => u.variant === 'int8');
      if (expected.length) {
        // Withdrawn: the tool's own error contains every text the recipe names, and the page shows the recipe's reason.
        expect(int8, `${dir}: int8 was expected to fail`).toBeUndefined();
        for (const text of expected[0].contains) expect(unavailable?.error, dir).toContain(text);
        expect(unavailable?.reason).toBe(expected[0].reason);
        continue;
      }
      expect(unavailable, dir).toBeUndefined();
      const v = int8?.validation.int8;
      expect(v?.passed, dir).toBe(true);
      // Every output has a gate (an SQNR floor or an absolute-difference ceiling), and holds it.
      expect(v?.sqnr.map((s) => s.output).sort()).toEqual(int8?.outputs.map((o) => o.name).sort());
      for (const s of v?.sqnr ?? []) {
        expect(s.thresholdDb !== undefined || s.maxAbsDiffThreshold !== undefined, `${dir} ${s.output} has no gate`).toBe(true);
        if (s.thresholdDb !== undefined) expect(s.pooledDb, `${dir} ${s.output}`).toBeGreaterThanOrEqual(s.thresholdDb);
        else expect(s.maxAbsDiff, `${dir} ${s.output}`).toBeLessThanOrEqual(s.maxAbsDiffThreshold ?? -1);
      }
    }
  });
});
