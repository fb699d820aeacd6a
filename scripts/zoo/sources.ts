// Where a recipe's graphs come from: an npm package's files (imported into the
// IR, checked against the source's own runtime) or, for recipes that train
// their model (BYOD), the trainer's output.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Fp32Validation } from '../../lib/catalogue/manifest';
import type { ConversionGraph, Recipe, RecipeGraph } from '../../lib/catalogue/recipe-schema';
import { inferShapes } from '../../lib/ir/infer';
import { loadModel } from '../../lib/ir/load';
import type { Model } from '../../lib/ir/types';
import { executorRuntime, onnxSourceRuntime, outputNames, tfjsSourceRuntime, tfliteSourceRuntime, type Runtime } from './runtimes';

export interface Reference {
  kind: Fp32Validation['reference'];
  runtime: Runtime;
}

export interface SourceGraphs {
  /** A fresh IR model of the graph, shapes inferred (steps rewrite it in place). */
  load(graph: string): Model;
  /** The fp32 reference for the graph; the caller closes it. */
  reference(graph: string): Promise<Reference>;
}

function readerFor(dir: string): (rel: string) => Uint8Array | undefined {
  return (rel) => {
    try {
      return new Uint8Array(readFileSync(path.join(dir, rel)));
    } catch {
      return undefined;
    }
  };
}

function importGraph(packageDir: string, g: RecipeGraph): Model {
  const file = path.join(packageDir, g.file);
  const model = loadModel({ entry: path.basename(file), format: g.format, inputShapes: g.inputShapes, inputValues: g.inputValues, readFile: readerFor(path.dirname(file)) });
  // ONNX input shapes are applied at import, in the file's NCHW order.
  inferShapes(model, g.format === 'onnx' ? {} : { inputShapes: g.inputShapes });
  return model;
}

/** Graphs read from the recipe's npm package (node_modules/<package>). */
export function packageSources(recipe: Recipe, packageDir: string): SourceGraphs {
  const graph = (id: string): RecipeGraph => {
    const g = recipe.graphs.find((x) => x.id === id);
    if (!g) throw new Error(`conversion names graph "${id}", which is not among the recipe's graphs (${recipe.graphs.map((x) => x.id).join(', ')})`);
    return g;
  };
  const spec = (id: string): ConversionGraph | undefined => recipe.conversion?.graphs.find((c) => c.graph === id);
  return {
    load: (id) => importGraph(packageDir, graph(id)),
    async reference(id) {
      const g = graph(id);
      const file = path.join(packageDir, g.file);
      if (spec(id)?.validation.reference === 'executor-on-source') {
        return { kind: 'executor-on-source', runtime: await executorRuntime(importGraph(packageDir, g)) };
      }
      if (g.inputValues && g.format !== 'onnx') throw new Error(`graph ${id}: frozen inputValues are fed to the source runtime for ONNX graphs only`);
      switch (g.format) {
        case 'tflite':
          return { kind: 'tflite-official', runtime: await tfliteSourceRuntime(file) };
        case 'onnx':
          return { kind: 'onnxruntime-node', runtime: await onnxSourceRuntime(file, g.inputValues) };
        case 'tfjs':
          return { kind: 'tfjs-graph-model', runtime: await tfjsSourceRuntime(file, outputNames(importGraph(packageDir, g))) };
      }
    },
  };
}
