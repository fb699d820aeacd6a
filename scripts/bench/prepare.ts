// Node-side input preparation. Feeds that are not images (audio windows,
// recurrent state, openWakeWord features) are made by the zoo build's own
// code (scripts/zoo/feeds.ts buildFeedSets, upstream stages on our fp32
// artifacts, recurrent state streamed through the clip), and one sample per
// graph is written as raw float32 for the page. Also records which inputs our
// artifacts take channels-last (ONNX NCHW inputs the importer relaid).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ArtifactsManifest } from '../../lib/catalogue/manifest';
import type { Model } from '../../lib/ir/types';
import { ROOT, type LoadedRecipe } from '../catalogue/load-recipes';
import { buildFeedSets } from '../zoo/feeds';
import { artifactRuntime, outputNames, type Runtime } from '../zoo/runtimes';
import { packageSources } from '../zoo/sources';
import { graphKey, type PreparedGraph } from './plan';

const modelKeyOf = (r: LoadedRecipe): string => `${r.recipe.domain}/${r.recipe.task}/${r.recipe.id}`;

/** Middle sample of the first validation file: past any start-up fill, inside the clip. */
function pickSample(labels: string[], firstFile: string): number {
  const ofFirst = labels.map((l, i) => ({ l, i })).filter(({ l }) => l === firstFile || l.startsWith(`${firstFile}#`));
  if (!ofFirst.length) throw new Error(`no validation sample from ${firstFile}`);
  return ofFirst[ofFirst.length >> 1].i;
}

async function fp32Runtime(artifacts: ArtifactsManifest, key: string, graph: string, model: Model): Promise<Runtime | undefined> {
  const a = artifacts.recipes[key]?.graphs.find((g) => g.graph === graph)?.artifacts.find((x) => x.variant === 'fp32');
  if (!a) return undefined;
  return artifactRuntime(new Uint8Array(readFileSync(path.join(ROOT, 'public', a.href))), model);
}

async function prepareRecipe(r: LoadedRecipe, artifacts: ArtifactsManifest, outDir: string, hrefBase: string, out: Map<string, PreparedGraph>): Promise<void> {
  const conversion = r.recipe.conversion;
  if (!conversion) return;
  const key = modelKeyOf(r);
  const sources = packageSources(r.recipe, r.packageDir);
  const upstream = new Map<string, Runtime>();
  try {
    for (const spec of conversion.graphs) {
      const nonImage = spec.inputs.some((i) => i.feed.kind !== 'image');
      const prepared: PreparedGraph = { tensors: {} };
      out.set(graphKey(key, spec.graph), prepared);
      // Only non-image feeds need the model to run upstream stages.
      if (!nonImage) continue;
      const model = sources.load(spec.graph);
      const rt = await fp32Runtime(artifacts, key, spec.graph, model);
      if (rt) upstream.set(spec.graph, rt);
      // Validation samples only: calibration is the build's business.
      const sets = await buildFeedSets({ ...conversion, calibration: { ...conversion.calibration, files: [] } }, spec, upstream, outputNames(model));
      const first = conversion.validation.files[0];
      const at = pickSample(sets.validationLabels, first);
      spec.inputs.forEach((input, k) => {
        if (input.feed.kind === 'image') throw new Error(`${key}/${spec.graph}: graphs mixing image and other feeds are not benchmarked yet`);
        const t = sets.validation[at][k];
        if (!(t.data instanceof Float32Array)) throw new Error(`${key}/${spec.graph}: input ${input.name} is not float32; the bench feeds only float32 prepared tensors`);
        const file = `${r.recipe.id}-${spec.graph}-${input.name.replace(/[^A-Za-z0-9_-]/g, '_')}.f32`;
        writeFileSync(path.join(outDir, file), new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
        prepared.tensors[input.name] = { href: `${hrefBase}${file}`, shape: t.shape, label: `${sets.validationLabels[at]}${input.feed.kind === 'recurrent-state' ? ' (state streamed to this window)' : ''}` };
      });
    }
  } finally {
    for (const rt of upstream.values()) rt.close();
  }
}

/** Prepared inputs of every graph of the given recipes, keyed by graphKey(model, graph). */
export async function prepareInputs(recipes: readonly LoadedRecipe[], artifacts: ArtifactsManifest, outDir: string, hrefBase: string): Promise<Map<string, PreparedGraph>> {
  mkdirSync(outDir, { recursive: true });
  const out = new Map<string, PreparedGraph>();
  for (const r of recipes) await prepareRecipe(r, artifacts, outDir, hrefBase, out);
  return out;
}

