// What the run panel needs to know about a catalogue model, as plain JSON
// props: per graph, the files to fetch (relative to the entry's folder) and
// how each input is fed (the recipe's own machine-readable feed specs, the
// ones the build validates with). Pure, so server pages can build it.

import type { CatalogueModel } from '@/lib/catalogue/manifest';
import type { Feed, Recipe } from '@/lib/catalogue/recipe-schema';
import type { ModelFileRef } from '@/lib/engines/protocol';
import type { ModelBytes } from '@/lib/engines/types';

export interface DemoInput {
  name: string;
  shape: number[];
  dtype: string;
  /** How the demo fills it: an image feed, a constant, or unsupported (audio, upstream features). */
  feed?: Feed;
}

export interface DemoGraph {
  id: string;
  format: ModelBytes['format'];
  entry: string;
  files: ModelFileRef[];
  inputShapes?: Record<string, number[]>;
  inputs: DemoInput[];
}

export interface DemoModel {
  key: string;
  name: string;
  graphs: DemoGraph[];
  /** Site-relative sample images, the recipe's validation images first. */
  samples: string[];
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i + 1);
}

/** The graph's entry plus, for TF.js, the weight shards beside it. */
function graphFiles(m: CatalogueModel, file: string, format: DemoGraph['format']): ModelFileRef[] {
  const dir = dirOf(file);
  const wanted = m.downloads.filter((d) => d.file === file || (format === 'tfjs' && d.role === 'weights' && d.file.startsWith(dir)));
  if (!wanted.some((d) => d.file === file)) throw new Error(`${m.id}: ${file} is not among the model's downloads`);
  return wanted.map((d) => ({ path: d.file.slice(dir.length), href: d.href, bytes: d.bytes, sha256: d.sha256 }));
}

export function demoModelOf(m: CatalogueModel, recipe: Pick<Recipe, 'graphs' | 'conversion'>): DemoModel {
  const graphs = m.graphs.map((g): DemoGraph => {
    const conv = recipe.conversion?.graphs.find((c) => c.graph === g.id);
    const recipeGraph = recipe.graphs.find((r) => r.id === g.id);
    const files = graphFiles(m, g.file, g.format);
    return {
      id: g.id,
      format: g.format,
      entry: g.file.slice(dirOf(g.file).length),
      files,
      inputShapes: recipeGraph?.inputShapes,
      inputs: g.stats.inputs.map((i) => ({ name: i.name, shape: i.shape, dtype: i.dtype, feed: conv?.inputs.find((c) => c.name === i.name)?.feed })),
    };
  });
  const images = (recipe.conversion?.validation.files ?? []).filter((f) => f.startsWith('images/'));
  return { key: `${m.domain}/${m.task}/${m.id}`, name: m.name, graphs, samples: images.map((f) => `/samples/${f}`) };
}

/** Why the demo cannot feed this graph yet, or undefined when it can. */
export function unsupportedReason(g: DemoGraph): string | undefined {
  for (const i of g.inputs) {
    if (!i.feed) return `input ${i.name} has no machine-readable feed in the recipe`;
    if (i.feed.kind === 'audio') return `input ${i.name} is audio; the in-browser demo feeds images so far`;
    if (i.feed.kind === 'wake-word-features') return `input ${i.name} takes the upstream stages' features; run the pipeline's first stage instead`;
  }
  return g.inputs.some((i) => i.feed?.kind === 'image') ? undefined : 'the graph has no image input';
}
