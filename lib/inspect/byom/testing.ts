// Node-only test helper: a catalogue recipe's first graph and its source file in node_modules.

import { readRecipe, sourcePath, type Recipe, type RecipeGraph } from '../../exec/testing/catalogue';

export interface RecipeWithFiles extends Recipe {
  source: { package: string; files: { path: string }[] };
}

export function readRecipeFile(dir: string): { recipe: RecipeWithFiles; graph: RecipeGraph; file: string } {
  const recipe = readRecipe(dir) as RecipeWithFiles;
  const graph = recipe.graphs[0];
  return { recipe, graph, file: sourcePath(recipe, graph) };
}
