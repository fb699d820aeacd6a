import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describeRecipeErrors, recipeSchema, taxonomySchema, type Recipe, type Taxonomy } from '../../lib/catalogue/recipe-schema';

// Reads and checks every recipe before anything is built, so a bad recipe
// stops the build with "file: field: problem" instead of a broken page.

export const ROOT = path.resolve(import.meta.dirname, '../..');

export class RecipeError extends Error {
  override readonly name = 'RecipeError';
}

export interface LoadedRecipe {
  recipe: Recipe;
  /** Folder relative to ROOT, e.g. recipes/vision/face-detection/blazeface-short-range. */
  dir: string;
  /** The npm package folder, or for a trained recipe the trainer's output folder (which may not exist yet). */
  packageDir: string;
  mdx: string;
}

function readJson(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new RecipeError(`${path.relative(ROOT, file)}: not valid JSON: ${(err as Error).message}`);
  }
}

export function loadTaxonomy(root = ROOT): Taxonomy {
  const file = path.join(root, 'zoo/taxonomy.json');
  const parsed = taxonomySchema.safeParse(readJson(file));
  if (!parsed.success) throw new RecipeError(describeRecipeErrors(path.relative(root, file), parsed.error));
  return parsed.data;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Every recipe.json below recipes/, as <domain>/<task>/<model>/recipe.json. */
export function findRecipeFiles(root = ROOT): string[] {
  const base = path.join(root, 'recipes');
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (!statSync(full).isDirectory()) continue;
      if (depth === 2) {
        if (existsSync(path.join(full, 'recipe.json'))) found.push(path.join(full, 'recipe.json'));
        else throw new RecipeError(`${path.relative(root, full)}: model folder has no recipe.json`);
      } else walk(full, depth + 1);
    }
  };
  if (existsSync(base)) walk(base, 0);
  return found;
}

/** Validates one recipe against the schema, its folder, the taxonomy and its source package. */
export function loadRecipe(file: string, taxonomy: Taxonomy, root = ROOT): LoadedRecipe {
  const rel = path.relative(root, file);
  const parsed = recipeSchema.safeParse(readJson(file));
  if (!parsed.success) throw new RecipeError(describeRecipeErrors(rel, parsed.error));
  const recipe = parsed.data;

  const [, domain, task, id] = path.relative(root, path.dirname(file)).split(path.sep);
  const mismatch = (field: string, want: string, got: string) =>
    new RecipeError(`${rel}: ${field}: is "${got}" but the recipe lives in the folder "${want}"`);
  if (recipe.domain !== domain) throw mismatch('domain', domain, recipe.domain);
  if (recipe.task !== task) throw mismatch('task', task, recipe.task);
  if (recipe.id !== id) throw mismatch('id', id, recipe.id);

  const dom = taxonomy.domains.find((d) => d.id === recipe.domain);
  if (!dom) throw new RecipeError(`${rel}: domain: "${recipe.domain}" is not in zoo/taxonomy.json`);
  if (!dom.tasks.some((t) => t.id === recipe.task)) {
    throw new RecipeError(`${rel}: task: "${recipe.task}" is not a task of domain "${recipe.domain}" in zoo/taxonomy.json`);
  }

  if (recipe.source.kind === 'train') return loadTrainedRecipe(file, recipe, root);
  const pkgName = recipe.source.package;
  const packageDir = path.join(root, 'node_modules', pkgName);
  const pkgJson = path.join(packageDir, 'package.json');
  if (!existsSync(pkgJson)) {
    throw new RecipeError(`${rel}: source.package: "${recipe.source.package}" is not installed (add it to package.json dependencies)`);
  }
  const installed = (readJson(pkgJson) as { version?: string }).version;
  if (installed !== recipe.source.version) {
    throw new RecipeError(`${rel}: source.version: recipe pins ${recipe.source.version} but ${installed ?? 'no version'} is installed`);
  }
  const paths = new Set(recipe.source.files.map((f) => f.path));
  recipe.source.files.forEach((f, i) => {
    const full = path.join(packageDir, f.path);
    if (!existsSync(full)) throw new RecipeError(`${rel}: source.files.${i}.path: ${f.path} does not exist in ${pkgName}`);
    const actual = sha256(readFileSync(full));
    if (actual !== f.sha256) {
      throw new RecipeError(`${rel}: source.files.${i}.sha256: ${f.path} hashes to ${actual}, the recipe expects ${f.sha256}`);
    }
  });
  recipe.graphs.forEach((g, i) => {
    if (!paths.has(g.file)) throw new RecipeError(`${rel}: graphs.${i}.file: ${g.file} is not listed in source.files`);
  });
  if (recipe.labels?.file && !paths.has(recipe.labels.file)) {
    throw new RecipeError(`${rel}: labels.file: ${recipe.labels.file} is not listed in source.files`);
  }

  return { recipe, dir: path.relative(root, path.dirname(file)), packageDir, mdx: readMdx(file, rel) };
}

function readMdx(file: string, rel: string): string {
  const mdxFile = path.join(path.dirname(file), 'card.mdx');
  if (!existsSync(mdxFile)) throw new RecipeError(`${rel}: the recipe folder has no card.mdx`);
  return readFileSync(mdxFile, 'utf8');
}

/** Files scripts/zoo/train.ts writes for a trained recipe (the recipe's graph is model.tflite). */
export const TRAINED_OUTPUTS = ['model.json', 'weights.bin', 'model.tflite', 'training.json'];

/**
 * Where the trainer keeps a trained recipe's files: .cache/zoo/trained/<domain>/<task>/<model>/<digest>,
 * the digest covering the source block (dataset hash, split, network, hyper-parameters), the trainer's code and TF.js's version.
 */
export function trainedDir(recipe: Recipe, root = ROOT): string {
  const trainer = path.join(root, 'scripts/zoo/train.ts');
  const tfjs = path.join(root, 'node_modules/@tensorflow/tfjs/package.json');
  const digest = createHash('sha256')
    .update(JSON.stringify(recipe.source)).update('\0')
    .update(existsSync(trainer) ? readFileSync(trainer) : '').update('\0')
    .update(existsSync(tfjs) ? ((JSON.parse(readFileSync(tfjs, 'utf8')) as { version?: string }).version ?? '') : '')
    .digest('hex');
  return path.join(root, '.cache/zoo/trained', recipe.domain, recipe.task, recipe.id, digest.slice(0, 16));
}

/** A trained recipe: its dataset file is checked against the recipe's sha256; packageDir is the trainer's output folder. */
function loadTrainedRecipe(file: string, recipe: Recipe, root: string): LoadedRecipe {
  const rel = path.relative(root, file);
  if (recipe.source.kind !== 'train') throw new RecipeError(`${rel}: source: not a trained source`);
  const ds = recipe.source.dataset;
  const full = path.join(root, 'public/samples', ds.file);
  if (!existsSync(full)) throw new RecipeError(`${rel}: source.dataset.file: public/samples/${ds.file} does not exist`);
  const actual = sha256(readFileSync(full));
  if (actual !== ds.sha256) throw new RecipeError(`${rel}: source.dataset.sha256: ${ds.file} hashes to ${actual}, the recipe expects ${ds.sha256}`);
  recipe.graphs.forEach((g, i) => {
    if (g.file !== 'model.tflite' || g.format !== 'tflite') throw new RecipeError(`${rel}: graphs.${i}: a trained recipe's graph is the trainer's model.tflite (format tflite)`);
  });
  if (recipe.labels?.file) throw new RecipeError(`${rel}: labels.file: a trained recipe lists its labels inline (labels.names)`);
  return { recipe, dir: path.relative(root, path.dirname(file)), packageDir: trainedDir(recipe, root), mdx: readMdx(file, rel) };
}

/** Loads every recipe; collects all problems so one run reports them all. */
export function loadAllRecipes(root = ROOT): { taxonomy: Taxonomy; recipes: LoadedRecipe[] } {
  const taxonomy = loadTaxonomy(root);
  const recipes: LoadedRecipe[] = [];
  const problems: string[] = [];
  for (const file of findRecipeFiles(root)) {
    try {
      recipes.push(loadRecipe(file, taxonomy, root));
    } catch (err) {
      if (err instanceof RecipeError) problems.push(err.message);
      else throw err;
    }
  }
  if (problems.length) throw new RecipeError(problems.join('\n'));
  return { taxonomy, recipes };
}
