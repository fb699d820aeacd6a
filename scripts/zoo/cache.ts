// The build cache: a recipe is rebuilt only when its cache key changes. The
// key hashes what decides the artifacts' bytes and numbers: the recipe, its
// source files, the sample files it reads, the toolkit and build code, and
// the versions of the runtimes it validates with.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RecipeArtifacts, Toolchain } from '../../lib/catalogue/manifest';
import { sampleSetFiles, type Recipe } from '../../lib/catalogue/recipe-schema';
import { sha256 } from '../catalogue/load-recipes';

/** Packages whose code runs, converts or validates models in the build. */
export const TOOL_PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-converter', '@tensorflow/tfjs-tflite', 'onnxruntime-node', 'sharp', 'zod', 'flatbuffers', 'protobufjs'];

/**
 * Code the artifacts depend on: every module scripts/zoo/build.ts reaches
 * through relative imports (static and dynamic), so edits elsewhere in the
 * tree (other tools, tests) do not invalidate the cache.
 */
const ENTRY = 'scripts/zoo/build.ts';
const IMPORT = /(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function resolveImport(root: string, from: string, spec: string): string | null {
  const base = path.join(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    const full = path.join(root, candidate);
    if (existsSync(full) && statSync(full).isFile()) return candidate;
  }
  return null;
}

export function codeFiles(root: string): string[] {
  const seen = new Set<string>();
  const queue = [ENTRY];
  while (queue.length) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.ts')) continue;
    for (const m of readFileSync(path.join(root, file), 'utf8').matchAll(IMPORT)) {
      const dep = resolveImport(root, file, m[1]);
      if (dep) queue.push(dep);
    }
  }
  return [...seen].sort();
}

export function toolchain(root: string): Toolchain {
  const hash = createHash('sha256');
  for (const f of codeFiles(root)) hash.update(f).update('\0').update(readFileSync(path.join(root, f))).update('\0');
  const packages: Record<string, string> = {};
  for (const p of TOOL_PACKAGES) {
    const file = path.join(root, 'node_modules', p, 'package.json');
    packages[p] = existsSync(file) ? ((JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown') : 'missing';
  }
  return { node: process.version, packages, codeHash: hash.digest('hex') };
}

/** Sample files a recipe reads (calibration, validation), relative to public/samples. */
export function recipeSampleFiles(recipe: Recipe): string[] {
  const c = recipe.conversion;
  const files = c ? [...sampleSetFiles(c.calibration), ...sampleSetFiles(c.validation)] : [];
  return [...new Set(files)].sort();
}

export function cacheKey(recipe: Recipe, root: string, tools: Toolchain): string {
  const samples = recipeSampleFiles(recipe).map((f) => [f, sha256(readFileSync(path.join(root, 'public/samples', f)))]);
  // The Node major decides wasm/float behaviour no more than the packages do; the exact version is recorded, not keyed.
  const material = { recipe, samples, codeHash: tools.codeHash, packages: tools.packages };
  return createHash('sha256').update(JSON.stringify(material)).digest('hex');
}

/** A previous entry is reusable when its key matches and every artifact is on disk with its recorded hash. */
export function reusable(previous: RecipeArtifacts | undefined, key: string, artifactsDir: string, artifactsHref: string): boolean {
  if (!previous || previous.status !== 'built' || previous.cacheKey !== key) return false;
  return previous.graphs.every((g) => g.artifacts.every((a) => {
    if (!a.href.startsWith(`${artifactsHref}/`)) return false;
    const file = path.join(artifactsDir, a.href.slice(artifactsHref.length + 1));
    return existsSync(file) && sha256(readFileSync(file)) === a.sha256;
  }));
}
