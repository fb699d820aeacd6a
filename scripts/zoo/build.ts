// `npm run zoo` (tsx scripts/zoo/build.ts): executes every recipe's
// conversion and writes the artifacts into the static site
// (public/artifacts/<domain>/<task>/<model>/…) and one manifest entry per
// recipe into zoo/artifacts.json. Recipes whose cache key is unchanged and
// whose artifacts are intact are skipped. A failing recipe is reported with
// its step and cause; the others still build; the exit code is then 1.
//
//   tsx scripts/zoo/build.ts [--force] [domain/task/model …]

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ArtifactsManifest, RecipeArtifacts, Toolchain } from '../../lib/catalogue/manifest';
import { modelKey } from '../../lib/catalogue/manifest';
import { findRecipeFiles, loadRecipe, loadTaxonomy, RecipeError, ROOT, type LoadedRecipe } from '../catalogue/load-recipes';
import { cacheKey, reusable, toolchain } from './cache';
import { convertRecipe, plannedUnits, StepError } from './convert';
import { terminalProgress, type Progress } from './progress';
import { packageSources, type SourceGraphs } from './sources';
import { artifactAccuracy, ensureTrained, trainedSources, type TrainedSourceGraphs } from './train';

export const MANIFEST = 'zoo/artifacts.json';
export const ARTIFACTS = 'public/artifacts';

export interface BuildOptions {
  root?: string;
  /** Where artifacts go (default <root>/public/artifacts) and the manifest (default <root>/zoo/artifacts.json). */
  artifactsDir?: string;
  manifestFile?: string;
  /** Only these recipe keys (domain/task/model); default all. */
  only?: string[];
  force?: boolean;
  progress?: Progress;
  /** Changes a recipe after loading (tests use it to break one on purpose). */
  transform?: (loaded: LoadedRecipe) => LoadedRecipe;
}

export interface BuildResult {
  manifest: ArtifactsManifest;
  built: string[];
  cached: string[];
  failed: { key: string; step: string; graph?: string; message: string }[];
  ms: number;
}

function readManifest(file: string): ArtifactsManifest | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ArtifactsManifest;
  } catch {
    return null;
  }
}


async function buildOne(loaded: LoadedRecipe, key: string, cache: string, tools: Toolchain, artifactsDir: string, artifactsHref: string, progress: Progress): Promise<RecipeArtifacts> {
  const { recipe } = loaded;
  const outDir = path.join(artifactsDir, recipe.domain, recipe.task, recipe.id);
  rmSync(outDir, { recursive: true, force: true });
  const bar = progress.recipe(key, plannedUnits(recipe));
  const started = performance.now();
  const entry: RecipeArtifacts = { key, recipePath: loaded.dir, cacheKey: cache, status: 'built', toolchain: tools, totalMs: 0, graphs: [] };
  try {
    let sources: SourceGraphs = packageSources(recipe, loaded.packageDir);
    let trained: TrainedSourceGraphs | undefined;
    if (recipe.source.kind === 'train') {
      // Bring your own data: train (or reuse the trained folder), then convert the trained graph.
      bar.step('train');
      const t = await ensureTrained(recipe).catch((err: unknown) => {
        throw new StepError('train', undefined, err);
      });
      entry.training = t.record;
      sources = trained = trainedSources(recipe, t.dir);
    }
    entry.graphs = await convertRecipe({
      recipe, sources, outDir, hrefBase: `${artifactsHref}/${recipe.domain}/${recipe.task}/${recipe.id}`,
      onStep: (label) => bar.step(label), ...(trained ? { feedSets: trained.feedSets } : {}),
    });
    if (trained && entry.training) {
      bar.step('test accuracy');
      const fileOf = (href: string) => path.join(artifactsDir, href.slice(artifactsHref.length + 1));
      entry.training = { ...entry.training, artifactTestAccuracy: await artifactAccuracy(trained, recipe, entry.graphs.flatMap((g) => g.artifacts), fileOf) };
    }
    const n = entry.graphs.reduce((a, g) => a + g.artifacts.length, 0);
    const missing = entry.graphs.flatMap((g) => g.unavailable.map((u) => `${g.graph}/${u.variant}`));
    entry.totalMs = Math.round(performance.now() - started);
    bar.done(`built ${n} artifact${n === 1 ? '' : 's'}${missing.length ? `, unavailable: ${missing.join(', ')}` : ''} (${(entry.totalMs / 1000).toFixed(1)} s)`);
  } catch (err) {
    const step = err instanceof StepError ? err.step : 'build';
    const graph = err instanceof StepError ? err.graph : undefined;
    entry.status = 'failed';
    entry.error = { step, ...(graph ? { graph } : {}), message: err instanceof Error ? err.message : String(err) };
    entry.totalMs = Math.round(performance.now() - started);
    // A failed recipe publishes nothing: a half-validated artifact must not reach the site.
    rmSync(outDir, { recursive: true, force: true });
    bar.done(`FAILED at ${graph ? `${graph}: ` : ''}${step}`);
  }
  return entry;
}

export async function buildZoo(opts: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const root = opts.root ?? ROOT;
  const artifactsDir = opts.artifactsDir ?? path.join(root, ARTIFACTS);
  const manifestFile = opts.manifestFile ?? path.join(root, MANIFEST);
  const progress = opts.progress ?? terminalProgress();
  const previous = readManifest(manifestFile);
  const tools = toolchain(root);
  const taxonomy = loadTaxonomy(root);
  const result: BuildResult = { manifest: { generatedBy: 'scripts/zoo/build.ts', recipes: {} }, built: [], cached: [], failed: [], ms: 0 };
  const artifactsHref = `/${path.relative(path.join(root, 'public'), artifactsDir).split(path.sep).join('/')}`;

  for (const file of findRecipeFiles(root)) {
    const [, domain, task, id] = path.relative(root, path.dirname(file)).split(path.sep);
    const key = modelKey(domain, task, id);
    if (opts.only && !opts.only.includes(key)) continue;
    let loaded: LoadedRecipe;
    try {
      loaded = loadRecipe(file, taxonomy, root);
    } catch (err) {
      if (!(err instanceof RecipeError)) throw err;
      // Bad recipe or source (e.g. a sha256 mismatch): this recipe stops here, the rest build.
      const entry: RecipeArtifacts = { key, recipePath: path.relative(root, path.dirname(file)), cacheKey: '', status: 'failed', error: { step: 'source', message: err.message }, toolchain: tools, totalMs: 0, graphs: [] };
      result.manifest.recipes[key] = entry;
      result.failed.push({ key, step: 'source', message: err.message });
      progress.recipe(key, 1).done('FAILED at source');
      continue;
    }
    if (opts.transform) loaded = opts.transform(loaded);
    if (!loaded.recipe.conversion) continue;
    const cache = cacheKey(loaded.recipe, root, tools);
    const prev = previous?.recipes[key];
    if (!opts.force && reusable(prev, cache, artifactsDir, artifactsHref) && prev) {
      result.manifest.recipes[key] = prev;
      result.cached.push(key);
      progress.recipe(key, 1).done('cached');
      continue;
    }
    const entry = await buildOne(loaded, key, cache, tools, artifactsDir, artifactsHref, progress);
    result.manifest.recipes[key] = entry;
    if (entry.status === 'built') result.built.push(key);
    else if (entry.error) result.failed.push({ key, ...entry.error });
  }
  // Entries of recipes not built this run (filtered out) are kept as they were.
  if (previous && opts.only) {
    for (const [k, v] of Object.entries(previous.recipes)) if (!(k in result.manifest.recipes)) result.manifest.recipes[k] = v;
  }
  result.manifest.recipes = Object.fromEntries(Object.entries(result.manifest.recipes).sort(([a], [b]) => a.localeCompare(b)));
  mkdirSync(path.dirname(manifestFile), { recursive: true });
  writeFileSync(manifestFile, JSON.stringify(result.manifest, null, 1) + '\n');
  result.ms = Math.round(performance.now() - started);
  progress.stop();
  return result;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args.filter((a) => !a.startsWith('--'));
  const progress = terminalProgress();
  const result = await buildZoo({ force: args.includes('--force'), only: only.length ? only : undefined, progress });
  const line = `zoo: ${result.built.length} built, ${result.cached.length} cached, ${result.failed.length} failed in ${(result.ms / 1000).toFixed(1)} s → ${MANIFEST}`;
  console.log(line);
  for (const f of result.failed) console.error(`FAILED ${f.key} at ${f.graph ? `${f.graph}: ` : ''}${f.step}: ${f.message}`);
  // onnxruntime and the wasm runtimes keep handles open; exit explicitly.
  process.exit(result.failed.length ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
