// Node-only test helper: a recipe's source model run through the browser's
// own TfjsEngine (lib/engines/tfjs-engine.ts) on wasm, so outputs come back
// exactly as the demo hands them to decoders: the engine's output order and
// names, ONNX tensors permuted back to the file's NCHW layout, NCHW inputs
// accepted as imageToTensor builds them. Frames are drawn by recipe-runner.ts.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { recipeSchema } from '../../catalogue/recipe-schema';
import { imageToTensor, type RgbaImage } from '../../engines/preprocess';
import { TfjsEngine } from '../../engines/tfjs-engine';
import { useBackend } from '../../exec';
import { REPO_ROOT } from '../../exec/testing/catalogue';
import { DEFAULT_TASK_OPTIONS, type TaskOptions } from '../types';
import { drawIntoFeed, recipeFeed, type RecipeRun } from './recipe-runner';

export interface RecipeEngine {
  recipeDir: string;
  engine: TfjsEngine;
}

/** Loads the first graph of recipes/<recipeDir> (source files from node_modules) into a TfjsEngine on wasm. */
export async function loadRecipeEngine(recipeDir: string): Promise<RecipeEngine> {
  const recipe = recipeSchema.parse(JSON.parse(readFileSync(path.join(REPO_ROOT, 'recipes', recipeDir, 'recipe.json'), 'utf8')));
  if (recipe.source.kind !== 'npm') throw new Error(`${recipeDir}: only npm-sourced recipes are supported`);
  const graph = recipe.graphs[0];
  const graphDir = path.dirname(graph.file);
  const files: Record<string, Uint8Array> = {};
  for (const f of recipe.source.files) {
    const rel = path.relative(graphDir, f.path);
    if (f.role === 'model' || f.role === 'weights') files[rel] = new Uint8Array(readFileSync(path.join(REPO_ROOT, 'node_modules', recipe.source.package, f.path)));
  }
  // Start wasm from node_modules first; the engine's site URL for the .wasm files is then not used.
  await useBackend({ backend: 'wasm' });
  const engine = new TfjsEngine();
  const info = await engine.load(
    { entry: path.basename(graph.file), files, format: graph.format, inputShapes: graph.inputShapes },
    { backend: 'wasm', runtimesBase: '/runtimes/' },
  );
  if (info.backend !== 'wasm') throw new Error(`${recipeDir}: expected the wasm backend, got ${info.backend}`);
  return { recipeDir, engine };
}

/** Runs the engine on a frame drawn into the recipe's feed; outputs with the decode context for that frame. */
export async function runEngine(re: RecipeEngine, frame: RgbaImage, options: Partial<TaskOptions> = {}): Promise<RecipeRun> {
  const { inputName, feed } = recipeFeed(re.recipeDir);
  const input = imageToTensor(await drawIntoFeed(frame, feed), feed, inputName);
  const { outputs } = await re.engine.run([input], 1);
  return { outputs, ctx: { frame: { width: frame.width, height: frame.height }, feed, options: { ...DEFAULT_TASK_OPTIONS, ...options } } };
}
