import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CatalogueModel } from '@/lib/catalogue/manifest';
import { recipeSchema, type CropFrom, type Recipe } from '@/lib/catalogue/recipe-schema';
import { demoCropSourceOf, demoModelOf, type DemoCropSource, type DemoModel } from '@/components/demo/demo-model';
import { drawingStyleOf } from '@/components/demo/drawing/drawing-style-of';
import { getModel } from '../catalogue-data';

// Build-time: the run panel's props for a catalogue model, with the feed specs
// read from its recipe (the catalogue does not carry the conversion section),
// for models trained on a sheet of drawn symbols the drawing pad's style
// measured from that sheet, and for models that see crops their detector.
function recipeOf(m: CatalogueModel): Recipe {
  return recipeSchema.parse(JSON.parse(readFileSync(path.join(process.cwd(), m.recipePath, 'recipe.json'), 'utf8')));
}

/** The demo of a crop model's detector (the catalogue build checked it is a catalogue detector). */
function cropSourceOf(crop: CropFrom): DemoCropSource {
  const [domain, task, id] = crop.detector.split('/');
  const detector = getModel(domain, task, id);
  if (!detector) throw new Error(`cropFrom.detector ${crop.detector} is not in the catalogue`);
  return demoCropSourceOf(crop, demoModelOf(detector, recipeOf(detector)));
}

export async function getDemoModel(domain: string, task: string, id: string): Promise<DemoModel | undefined> {
  const m = getModel(domain, task, id);
  if (!m) return undefined;
  const recipe = recipeOf(m);
  const drawing = await drawingStyleOf(recipe);
  return { ...demoModelOf(m, recipe), ...(drawing ? { drawing } : {}), ...(recipe.cropFrom ? { cropFrom: cropSourceOf(recipe.cropFrom) } : {}) };
}
