// Node-only test helpers: catalogue recipes and their source files from
// node_modules, loaded into the IR. Imported by tests only.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadModel } from '../../ir/load';
import type { Model } from '../../ir/types';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface RecipeGraph {
  id: string;
  file: string;
  format: 'tflite' | 'onnx' | 'tfjs';
  inputShapes?: Record<string, number[]>;
}

export interface Recipe {
  id: string;
  source: { package: string };
  graphs: RecipeGraph[];
}

export function readRecipe(relDir: string): Recipe {
  const raw: unknown = JSON.parse(readFileSync(path.join(REPO_ROOT, 'recipes', relDir, 'recipe.json'), 'utf8'));
  const r = raw as Recipe;
  return { ...r, id: path.basename(relDir) };
}

/** Absolute path of a recipe graph's source file. */
export function sourcePath(recipe: Recipe, graph: RecipeGraph): string {
  return path.join(REPO_ROOT, 'node_modules', recipe.source.package, graph.file);
}

/** Reads files relative to a folder; undefined when missing (loadModel's contract). */
export function folderReader(dir: string): (rel: string) => Uint8Array | undefined {
  return (rel) => {
    const p = path.join(dir, rel);
    return existsSync(p) ? new Uint8Array(readFileSync(p)) : undefined;
  };
}

export interface LoadedGraph {
  model: Model;
  file: string;
  bytes: Uint8Array;
}

/** Loads a recipe graph with its fixed input shapes; `inputValues` freezes inputs too (ONNX). */
export function loadRecipeGraph(relDir: string, graphId?: string, opts: { inputValues?: Record<string, number[]> } = {}): LoadedGraph {
  const recipe = readRecipe(relDir);
  const graph = graphId ? recipe.graphs.find((g) => g.id === graphId) : recipe.graphs[0];
  if (!graph) throw new Error(`${relDir} has no graph ${graphId}`);
  const file = sourcePath(recipe, graph);
  const model = loadModel({ entry: file, readFile: folderReader(path.dirname(file)), format: graph.format, inputShapes: graph.inputShapes, inputValues: opts.inputValues });
  return { model, file, bytes: new Uint8Array(readFileSync(file)) };
}
