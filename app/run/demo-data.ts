import { readFileSync } from 'node:fs';
import path from 'node:path';
import { recipeSchema } from '@/lib/catalogue/recipe-schema';
import { demoModelOf, type DemoModel } from '@/components/demo/demo-model';
import { getModel } from '../catalogue-data';

// Build-time: the run panel's props for a catalogue model, with the feed specs
// read from its recipe (the catalogue does not carry the conversion section).
export function getDemoModel(domain: string, task: string, id: string): DemoModel | undefined {
  const m = getModel(domain, task, id);
  if (!m) return undefined;
  const recipe = recipeSchema.parse(JSON.parse(readFileSync(path.join(process.cwd(), m.recipePath, 'recipe.json'), 'utf8')));
  return demoModelOf(m, recipe);
}
