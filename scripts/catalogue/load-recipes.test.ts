import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAllRecipes, RecipeError, sha256 } from './load-recipes';

// Builds a throwaway repository root with one package and one recipe, then
// breaks the recipe in one field at a time.

const MODEL_BYTES = new TextEncoder().encode('not really a model, only bytes to hash');

function fixture(mutate: (r: Record<string, unknown>) => void = () => {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'edgezoo-recipes-'));
  mkdirSync(path.join(root, 'zoo'));
  writeFileSync(
    path.join(root, 'zoo/taxonomy.json'),
    JSON.stringify({
      domains: [{ id: 'vision', name: 'Vision', description: 'd', tasks: [{ id: 'face-detection', name: 'Face detection', description: 'd', inputType: 'image', outputType: 'boxes' }] }],
    }),
  );
  const pkg = path.join(root, 'node_modules/fake-models');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'fake-models', version: '1.2.3' }));
  writeFileSync(path.join(pkg, 'm.tflite'), MODEL_BYTES);
  const dir = path.join(root, 'recipes/vision/face-detection/tiny-face');
  mkdirSync(dir, { recursive: true });
  const recipe: Record<string, unknown> = {
    id: 'tiny-face',
    name: 'Tiny face',
    domain: 'vision',
    task: 'face-detection',
    summary: 'A test recipe.',
    licence: { spdx: 'MIT', url: 'https://example.org/licence' },
    source: {
      package: 'fake-models',
      version: '1.2.3',
      files: [{ path: 'm.tflite', sha256: sha256(MODEL_BYTES), role: 'model' }],
      upstream: { name: 'Example', url: 'https://example.org' },
    },
    graphs: [{ id: 'main', file: 'm.tflite', format: 'tflite' }],
    input: [{ name: 'x', shape: [1, 8, 8, 3], layout: 'NHWC', dtype: 'float32', preprocessing: 'none' }],
    output: [{ name: 'y', meaning: 'scores' }],
  };
  mutate(recipe);
  writeFileSync(path.join(dir, 'recipe.json'), JSON.stringify(recipe));
  writeFileSync(path.join(dir, 'card.mdx'), '## Overview\n\nTest.\n');
  return root;
}

function errorOf(root: string): string {
  try {
    loadAllRecipes(root);
  } catch (err) {
    expect(err).toBeInstanceOf(RecipeError);
    return (err as Error).message;
  }
  throw new Error('expected the recipe to be rejected');
}

const FILE = 'recipes/vision/face-detection/tiny-face/recipe.json';

describe('recipe loading', () => {
  it('accepts a valid recipe', () => {
    const { recipes } = loadAllRecipes(fixture());
    expect(recipes.map((r) => r.recipe.id)).toEqual(['tiny-face']);
    expect(recipes[0].recipe.tags).toEqual([]);
  });

  it('names the file and the field of a schema error', () => {
    expect(errorOf(fixture((r) => (r.licence = { spdx: 'MIT', url: 'not a url' })))).toMatch(`${FILE}: licence.url:`);
    expect(errorOf(fixture((r) => (r.input = [])))).toMatch(`${FILE}: input:`);
    expect(errorOf(fixture((r) => (r.colour = 'blue')))).toMatch(`${FILE}: (root): Unrecognized key`);
  });

  it('rejects a sha256 mismatch, a wrong version, an unknown task and a folder mismatch', () => {
    const badHash = errorOf(fixture((r) => ((r.source as { files: { sha256: string }[] }).files[0].sha256 = '0'.repeat(64))));
    expect(badHash).toMatch(`${FILE}: source.files.0.sha256: m.tflite hashes to ${sha256(MODEL_BYTES)}`);
    expect(errorOf(fixture((r) => ((r.source as { version: string }).version = '9.9.9')))).toMatch(
      `${FILE}: source.version: recipe pins 9.9.9 but 1.2.3 is installed`,
    );
    expect(errorOf(fixture((r) => (r.id = 'other-name')))).toMatch(`${FILE}: id: is "other-name"`);
    expect(errorOf(fixture((r) => (r.graphs = [{ id: 'main', file: 'missing.tflite', format: 'tflite' }])))).toMatch(
      `${FILE}: graphs.0.file: missing.tflite is not listed in source.files`,
    );
  });

  it('reports broken JSON with the file name', () => {
    const root = fixture();
    writeFileSync(path.join(root, FILE), '{ "id": ');
    expect(errorOf(root)).toMatch(`${FILE}: not valid JSON`);
  });
});
