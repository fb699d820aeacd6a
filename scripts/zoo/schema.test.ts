import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { conversionSchema, recipeSchema, sampleSetFiles } from '../../lib/catalogue/recipe-schema';
import { findRecipeFiles, ROOT } from '../catalogue/load-recipes';

const emotion = (): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(ROOT, 'recipes/vision/facial-expression/emotion/recipe.json'), 'utf8')) as Record<string, unknown>;

describe('recipe conversion schema', () => {
  it('every recipe has a conversion section with disjoint calibration and validation files', () => {
    for (const file of findRecipeFiles()) {
      const r = recipeSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
      expect(r.conversion, file).toBeDefined();
      // A trained recipe draws both sets from one dataset file, from different splits (train vs test).
      if (r.conversion?.calibration.split && r.conversion.validation.split) {
        expect(r.conversion.calibration.split, file).not.toBe(r.conversion.validation.split);
        continue;
      }
      const cal = new Set(r.conversion ? sampleSetFiles(r.conversion.calibration) : []);
      expect(r.conversion ? sampleSetFiles(r.conversion.validation).filter((f) => cal.has(f)) : [], file).toEqual([]);
    }
  });

  it('rejects a validation file that is also a calibration file, naming it', () => {
    const c = emotion().conversion as { calibration: { files: string[] }; validation: { files: string[] } };
    c.validation.files.push(c.calibration.files[0]);
    const parsed = conversionSchema.safeParse(c);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['validation', 'files'], message: `calibration and validation share ${c.calibration.files[0]}` });
  });

  it('rejects a region of a calibration file in the validation set: sets are disjoint by file, not by box', () => {
    const c = emotion().conversion as { calibration: { files: string[] }; validation: { regions?: unknown[] } };
    c.validation.regions = [{ file: c.calibration.files[0], box: [0, 0, 10, 10], label: 'a corner' }];
    const parsed = conversionSchema.safeParse(c);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['validation', 'files'], message: `calibration and validation share ${c.calibration.files[0]}` });
  });

  it('rejects an unknown pass, an unknown feed field and an int8 export without a quantize step', () => {
    const c = emotion().conversion as { graphs: { steps: Record<string, unknown>[]; inputs: { feed: Record<string, unknown> }[] }[] };
    const bad = structuredClone(c);
    bad.graphs[0].steps[1] = { step: 'pass', pass: 'fold-everything' };
    expect(conversionSchema.safeParse(bad).success).toBe(false);
    const feed = structuredClone(c);
    feed.graphs[0].inputs[0].feed.mean = [0.5];
    expect(conversionSchema.safeParse(feed).success).toBe(false);
    const noQuant = structuredClone(c);
    noQuant.graphs[0].steps = noQuant.graphs[0].steps.filter((s) => s.step !== 'quantize');
    const parsed = conversionSchema.safeParse(noQuant);
    expect(parsed.error?.issues.map((i) => i.message)).toContain('int8 export needs a quantize step before it');
  });
});
