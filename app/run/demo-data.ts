import { readFileSync } from 'node:fs';
import path from 'node:path';
import { recipeSchema } from '@/lib/catalogue/recipe-schema';
import { demoModelOf, type DemoModel } from '@/components/demo/demo-model';
import { drawingStyleOf } from '@/components/demo/drawing/drawing-style-of';
import { getModel } from '../catalogue-data';

// Build-time: the run panel's props for a catalogue model, with the feed specs
// read from its recipe (the catalogue does not carry the conversion section)
// and, for models trained on a sheet of drawn symbols, the drawing pad's
// style measured from that sheet.
export async function getDemoModel(domain: string, task: string, id: string): Promise<DemoModel | undefined> {
  const m = getModel(domain, task, id);
  if (!m) return undefined;
  const recipe = recipeSchema.parse(JSON.parse(readFileSync(path.join(process.cwd(), m.recipePath, 'recipe.json'), 'utf8')));
  const drawing = await drawingStyleOf(recipe);
  return { ...demoModelOf(m, recipe), ...(drawing ? { drawing } : {}) };
}
