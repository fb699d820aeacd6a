// Server side of the model page's inspector section: which files make up
// each graph of a catalogue model (served copies, with size and sha256) and
// the input shapes/values its recipe fixes, so the inspector imports the
// graph exactly as the catalogue build did; and the fp32/int8 .tflite files
// the zoo built from it, which run on the TFLite runtime as they are.
// Build-time only (reads recipe.json).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CatalogueModel } from '@/lib/catalogue/manifest';
import type { FetchedSource } from '@/lib/inspect/protocol';
import { quantExplorerEntry, type QuantExplorerEntry } from './catalogue-quant';

export interface InspectableGraph {
  id: string;
  label: string;
  /** Set for a .tflite the zoo built from the source graph (what the TFLite runtime runs). */
  artifact?: 'fp32' | 'int8';
  totalBytes: number;
  source: FetchedSource;
  /** The int8 explorer (fp32 vs int8 artifact per layer), when the catalogue built an int8 file of this graph. */
  int8?: QuantExplorerEntry;
}

interface RecipeGraph {
  id: string;
  file: string;
  inputShapes?: Record<string, number[]>;
  inputValues?: Record<string, number[]>;
}

const dirOf = (p: string) => p.slice(0, p.lastIndexOf('/') + 1);

/** The fp32/int8 .tflite files `npm run zoo` built from graph `graphId`, which the inspector opens as they are. */
function artifactGraphs(m: CatalogueModel, graphId: string): InspectableGraph[] {
  const built = m.conversion?.built.status === 'built' ? m.conversion.built.graphs.find((g) => g.graph === graphId) : undefined;
  return (built?.artifacts ?? []).map((a) => {
    const name = a.href.slice(a.href.lastIndexOf('/') + 1);
    return {
      id: `${graphId}:${a.variant}`,
      label: name,
      artifact: a.variant,
      totalBytes: a.bytes,
      source: { kind: 'fetch', entry: name, format: 'tflite', files: [{ path: name, href: a.href, bytes: a.bytes, sha256: a.sha256 }] },
    };
  });
}

export function inspectableGraphs(m: CatalogueModel): InspectableGraph[] {
  let recipeGraphs: RecipeGraph[] = [];
  try {
    const recipe = JSON.parse(readFileSync(path.join(process.cwd(), m.recipePath, 'recipe.json'), 'utf8')) as { graphs?: RecipeGraph[] };
    recipeGraphs = recipe.graphs ?? [];
  } catch {
    // Trained recipes and the like: the catalogue's own figures still hold; import with the file's shapes.
  }
  return m.graphs.flatMap((g): InspectableGraph[] => {
    const entry = m.downloads.find((d) => d.file === g.file);
    if (!entry) return [];
    const folder = dirOf(g.file);
    // The entry and the files beside it (TF.js weight shards), by path relative to the entry's folder.
    const files = m.downloads
      .filter((d) => d.file.startsWith(folder) && (d.file === g.file || d.role === 'weights'))
      .map((d) => ({ path: d.file.slice(folder.length), href: d.href, bytes: d.bytes, sha256: d.sha256 }));
    const r = recipeGraphs.find((x) => x.id === g.id);
    const int8 = quantExplorerEntry(m, g.id);
    return [{
      id: g.id,
      label: g.file.slice(folder.length),
      totalBytes: files.reduce((a, f) => a + f.bytes, 0),
      source: {
        kind: 'fetch',
        entry: g.file.slice(folder.length),
        format: g.format,
        files,
        ...(r?.inputShapes ? { inputShapes: r.inputShapes } : {}),
        ...(r?.inputValues ? { inputValues: r.inputValues } : {}),
      },
      ...(int8 ? { int8 } : {}),
    }, ...artifactGraphs(m, g.id)];
  });
}
