import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeModel } from '../../lib/catalogue/analyze';
import { compileMarkdown } from '../../lib/catalogue/compile-markdown';
import { foldConstants } from '../../lib/ir/fold';
import { simulateModel, type SimulationInput } from '../../lib/catalogue/simulation';
import type { ArtifactsManifest, BuiltArtifact, Catalogue, CatalogueGraph, CatalogueModel, Download, RecipeArtifacts } from '../../lib/catalogue/manifest';
import { inferShapes } from '../../lib/ir/infer';
import { loadModel } from '../../lib/ir/load';
import type { Model } from '../../lib/ir/types';
import { modelKey } from '../../lib/catalogue/manifest';
import type { SourceFileRole } from '../../lib/catalogue/recipe-schema';
import { decoderFor, resultKindOf } from '../../lib/tasks/registry';
import { ensureTrained } from '../zoo/train';
import { loadAllRecipes, RecipeError, ROOT, sha256, type LoadedRecipe } from './load-recipes';

// Builds zoo/catalogue.json and copies every source file into public/models/
// so the static site can offer it for download. Run by `npm run catalogue`
// (and before `next build`/`next dev`).

const PUBLIC_MODELS = path.join(ROOT, 'public/models');
const ARTIFACTS_MANIFEST = path.join(ROOT, 'zoo/artifacts.json');

/** What `npm run zoo` built, by recipe key; empty when it has not run (the pages then show the source only). */
function readArtifacts(): Record<string, RecipeArtifacts> {
  if (!existsSync(ARTIFACTS_MANIFEST)) return {};
  return (JSON.parse(readFileSync(ARTIFACTS_MANIFEST, 'utf8')) as ArtifactsManifest).recipes;
}

function loadArtifactModel(href: string): Model {
  const bytes = new Uint8Array(readFileSync(path.join(ROOT, 'public', href)));
  const model = loadModel({ entry: path.basename(href), readFile: () => bytes, format: 'tflite' });
  inferShapes(model);
  foldConstants(model);
  return model;
}

/** A trained recipe's downloads: what scripts/zoo/train.ts wrote (the .tflite graph, the TF.js layers model). */
const TRAINED_DOWNLOADS: { path: string; role: SourceFileRole }[] = [
  { path: 'model.tflite', role: 'model' },
  { path: 'model.json', role: 'model' },
  { path: 'weights.bin', role: 'weights' },
];

function copyDownloads({ recipe, packageDir }: LoadedRecipe): Download[] {
  const dest = path.join(PUBLIC_MODELS, recipe.domain, recipe.task, recipe.id);
  mkdirSync(dest, { recursive: true });
  const files = recipe.source.kind === 'npm'
    ? recipe.source.files
    : TRAINED_DOWNLOADS.map((f) => ({ ...f, sha256: sha256(readFileSync(path.join(packageDir, f.path))) }));
  return files.map((f) => {
    const name = path.basename(f.path);
    copyFileSync(path.join(packageDir, f.path), path.join(dest, name));
    return {
      file: f.path,
      href: `/models/${recipe.domain}/${recipe.task}/${recipe.id}/${name}`,
      bytes: statSync(path.join(packageDir, f.path)).size,
      sha256: f.sha256,
      role: f.role,
    };
  });
}

function analyze(loaded: LoadedRecipe): { graphs: CatalogueGraph[]; models: SimulationInput[] } {
  const { recipe, packageDir } = loaded;
  const models: SimulationInput[] = [];
  const graphs = recipe.graphs.map((g, i) => {
    const readFile = (rel: string): Uint8Array | undefined => {
      try {
        return new Uint8Array(readFileSync(path.join(packageDir, path.dirname(g.file), rel)));
      } catch {
        return undefined;
      }
    };
    try {
      const { stats, model } = analyzeModel({
        format: g.format,
        entry: path.basename(g.file),
        readFile,
        inputShapes: g.inputShapes,
        inputValues: g.inputValues,
      });
      // TFLite runs constant-only ops (DEQUANTIZE of stored weights) once at load, so the simulator sees them folded.
      const folded = structuredClone(model);
      foldConstants(folded);
      models.push({ graphId: g.id, model: folded });
      return { id: g.id, file: g.file, format: g.format, description: g.description, stats };
    } catch (err) {
      throw new RecipeError(`${loaded.dir}/recipe.json: graphs.${i} (${g.file}): ${(err as Error).message}`);
    }
  });
  return { graphs, models };
}

/**
 * Simulated targets for the model page; per-layer rows go to public/sim/ for
 * on-demand loading. A variant EdgeZoo built is simulated from its artifacts
 * as stored; fp32 falls back to the float source, and int8 is shown only
 * when every graph of the recipe has an int8 artifact.
 */
function simulateTargets(loaded: LoadedRecipe, models: SimulationInput[], built: RecipeArtifacts | undefined) {
  const { recipe } = loaded;
  const href = `/sim/${recipe.domain}/${recipe.task}/${recipe.id}.json`;
  const artifactsOf = (variant: 'fp32' | 'int8'): SimulationInput[] | undefined => {
    if (!built || built.status !== 'built') return undefined;
    const found = models.map((m) => built.graphs.find((g) => g.graph === m.graphId)?.artifacts.find((a) => a.variant === variant));
    if (found.some((a) => !a)) return undefined;
    return found.map((a, i) => ({ graphId: models[i].graphId, model: loadArtifactModel((a as BuiltArtifact).href) }));
  };
  try {
    const fp32 = artifactsOf('fp32');
    const int8 = artifactsOf('int8');
    const variants: Parameters<typeof simulateModel>[1] = [
      fp32
        ? { id: 'fp32', basis: "EdgeZoo's fp32 .tflite artifacts, as built", graphs: fp32 }
        : { id: 'fp32', basis: 'float32 weights and activations, estimated from the source model', assumeDtype: 'float32' },
    ];
    if (int8) variants.push({ id: 'int8', basis: "EdgeZoo's int8 .tflite artifacts, as built", graphs: int8 });
    const { simulation, layers } = simulateModel(models, variants, href);
    const file = path.join(ROOT, 'public', href);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(layers));
    return simulation;
  } catch (err) {
    throw new RecipeError(`${loaded.dir}: simulation: ${(err as Error).message}`);
  }
}

function dominantDtype(graphs: CatalogueGraph[]): string {
  const bytes: Record<string, number> = {};
  for (const g of graphs) for (const [dt, n] of Object.entries(g.stats.weightBytesByDtype)) bytes[dt] = (bytes[dt] ?? 0) + n;
  const sorted = Object.entries(bytes).sort((a, b) => b[1] - a[1]);
  return sorted[0]?.[0] ?? 'none';
}

async function buildModel(loaded: LoadedRecipe, built: RecipeArtifacts | undefined): Promise<CatalogueModel> {
  const { recipe } = loaded;
  // A trained recipe's graph is the trainer's output: train now if `npm run zoo` has not (same folder, same weights).
  if (recipe.source.kind === 'train') {
    await ensureTrained(recipe, ROOT, (line) => console.log(`${loaded.dir}: ${line}`)).catch((err: unknown) => {
      throw new RecipeError(`${loaded.dir}: training: ${err instanceof Error ? err.message : String(err)}`);
    });
  }
  const { graphs, models } = analyze(loaded);
  const simulation = simulateTargets(loaded, models, built);
  const downloads = copyDownloads(loaded);
  const cardCode = await compileMarkdown(loaded.mdx).catch((err: Error) => {
    throw new RecipeError(`${loaded.dir}/card.mdx: ${err.message}`);
  });
  const macsKnown = graphs.every((g) => g.stats.macs !== null);
  return {
    id: recipe.id,
    name: recipe.name,
    domain: recipe.domain,
    task: recipe.task,
    summary: recipe.summary,
    tags: recipe.tags,
    licence: recipe.licence,
    source: recipe.source,
    input: recipe.input,
    output: recipe.output,
    labels: recipe.labels,
    limitations: recipe.limitations,
    ...(recipe.cropFrom ? { cropFrom: recipe.cropFrom } : {}),
    graphs,
    downloads,
    cardCode,
    totals: {
      params: graphs.reduce((s, g) => s + g.stats.params, 0),
      macs: macsKnown ? graphs.reduce((s, g) => s + (g.stats.macs ?? 0), 0) : null,
      fileBytes: downloads.filter((d) => d.role === 'model' || d.role === 'weights').reduce((s, d) => s + d.bytes, 0),
      precision: dominantDtype(graphs),
      sourceFormat: recipe.graphs[0].format,
    },
    recipePath: loaded.dir,
    simulation,
    ...(recipe.conversion && built ? { conversion: { plan: recipe.conversion, built } } : {}),
  };
}

/** A crop model's detector must be a catalogue model whose decoder gives detections (boxes the crops are cut from). */
export function cropDetectorProblems(models: Record<string, CatalogueModel>): string[] {
  return Object.values(models).flatMap((m) => {
    if (!m.cropFrom) return [];
    const where = `${m.recipePath}/recipe.json: cropFrom.detector`;
    const d = models[m.cropFrom.detector];
    if (!d) return [`${where}: ${m.cropFrom.detector} is not a catalogue model`];
    if (resultKindOf(d.task) !== 'detections' || !decoderFor(d.task, d.id)) return [`${where}: ${m.cropFrom.detector} is not a detector with a decoder (task ${d.task})`];
    if (d.cropFrom) return [`${where}: ${m.cropFrom.detector} itself needs crops from another detector`];
    return [];
  });
}

export async function buildCatalogue(): Promise<Catalogue> {
  const { taxonomy, recipes } = loadAllRecipes();
  rmSync(PUBLIC_MODELS, { recursive: true, force: true });
  rmSync(path.join(ROOT, 'public/sim'), { recursive: true, force: true });
  const models: Record<string, CatalogueModel> = {};
  const problems: string[] = [];
  const artifacts = readArtifacts();
  for (const loaded of recipes) {
    try {
      const { recipe } = loaded;
      const m = await buildModel(loaded, artifacts[modelKey(recipe.domain, recipe.task, recipe.id)]);
      models[modelKey(m.domain, m.task, m.id)] = m;
    } catch (err) {
      if (err instanceof RecipeError) problems.push(err.message);
      else throw err;
    }
  }
  problems.push(...cropDetectorProblems(models));
  if (problems.length) throw new RecipeError(problems.join('\n'));
  return {
    generatedBy: 'scripts/catalogue/build.ts',
    domains: taxonomy.domains.map((d) => ({
      ...d,
      tasks: d.tasks.map((t) => ({
        ...t,
        models: Object.values(models)
          .filter((m) => m.domain === d.id && m.task === t.id)
          .map((m) => m.id)
          .sort(),
      })),
    })),
    models,
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  try {
    const catalogue = await buildCatalogue();
    writeFileSync(path.join(ROOT, 'zoo/catalogue.json'), JSON.stringify(catalogue, null, 1) + '\n');
    const n = Object.keys(catalogue.models).length;
    console.log(`catalogue: ${n} models in ${catalogue.domains.length} domains written to zoo/catalogue.json (${Date.now() - started} ms)`);
  } catch (err) {
    if (err instanceof RecipeError) {
      console.error(`catalogue build failed:\n${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
