// Which cases one bench run times: every catalogue model × graph × engine /
// backend × variant (source file, our fp32 and int8 artifacts), the peers a
// user would pick instead, and the matmul peaks the compute floors come from.
// Pure: everything it needs is passed in, so tests can plan from the real
// catalogue without a browser.

import type { ArtifactsManifest, BuiltArtifact, Catalogue } from '../../lib/catalogue/manifest';
import type { Recipe, RecipeGraph } from '../../lib/catalogue/recipe-schema';
import type { InputPlan, MediapipeSetup, ModelCase, ModelFile, PeakCase, RunPolicy, Variant } from './cases';

/** A non-image feed tensor the Node side made (raw float32 at href). */
export interface PreparedTensor {
  href: string;
  shape: number[];
  label: string;
}

export interface PreparedGraph {
  /** Non-image feed tensors, by input name (source layout). */
  tensors: Record<string, PreparedTensor>;
}

export const graphKey = (model: string, graph: string): string => `${model}|${graph}`;

export interface PlanOptions {
  quick: boolean;
  /** Substrings of model keys to keep (all when empty). */
  models: string[];
  /** Backends to keep (all when empty): wasm, webgl, webgpu. */
  backends: string[];
  /** Heavier graphs are listed but not run on SwiftShader backends (Infinity: run all). */
  swiftshaderMaxMacs: number;
}

export interface PlanInput {
  recipes: { key: string; recipe: Recipe }[];
  catalogue: Catalogue;
  artifacts: ArtifactsManifest;
  /** Node-made inputs and artifact layouts, by graphKey. */
  prepared: ReadonlyMap<string, PreparedGraph>;
  /** Site paths of the peak models, by peak key (xnnpack-fp32, xnnpack-int8, ort-wasm). */
  peakFiles: Record<string, string>;
}

export const GPU_BACKENDS = ['webgl', 'webgpu'] as const;
const TFJS_BACKENDS = ['wasm', 'webgl', 'webgpu'];
const ORT_BACKENDS = ['wasm', 'webgpu'];

/** Headless Chromium's GPU here is SwiftShader (CPU-emulated): few runs, and labelled. */
export const POLICIES: Record<'full' | 'quick', Record<'cpu' | 'swiftshader', RunPolicy>> = {
  full: {
    cpu: { warmup: 3, maxRuns: 30, minRuns: 5, budgetMs: 2500 },
    swiftshader: { warmup: 1, maxRuns: 5, minRuns: 2, budgetMs: 2000 },
  },
  quick: {
    cpu: { warmup: 1, maxRuns: 5, minRuns: 3, budgetMs: 600 },
    swiftshader: { warmup: 1, maxRuns: 2, minRuns: 1, budgetMs: 600 },
  },
};

/** Square matmul sizes of the peaks: large enough to be compute-bound, small enough for SwiftShader. */
export const PEAK_N = { cpu: 1024, swiftshader: 512 };

/** MediaPipe's own solution for the catalogue models it ships. */
export const MEDIAPIPE: Record<string, Omit<MediapipeSetup, 'sample'>> = {
  'vision/face-detection/blazeface-short-range': { solution: 'face_detection', options: { model: 'short' } },
  'vision/face-detection/blazeface-full-range': { solution: 'face_detection', options: { model: 'full' } },
  'vision/hand-landmarks/hand-landmark-lite': { solution: 'hands', options: { modelComplexity: 0, maxNumHands: 1 } },
  'vision/semantic-segmentation/selfie-segmentation-general': { solution: 'selfie_segmentation', options: { modelSelection: 0 } },
  'vision/semantic-segmentation/selfie-segmentation-landscape': { solution: 'selfie_segmentation', options: { modelSelection: 1 } },
};

function policy(opts: PlanOptions, backend: string): RunPolicy {
  return POLICIES[opts.quick ? 'quick' : 'full'][isGpu(backend) ? 'swiftshader' : 'cpu'];
}

function isGpu(backend: string): boolean {
  return (GPU_BACKENDS as readonly string[]).includes(backend);
}

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** The graph's source files on the site: its entry and (TF.js) its weight shards. */
function sourceFiles(catalogue: Catalogue, key: string, g: RecipeGraph): { entry: string; files: ModelFile[] } {
  const downloads = catalogue.models[key]?.downloads ?? [];
  const entry = downloads.find((d) => d.file === g.file);
  if (!entry) throw new Error(`${key}: the catalogue has no download for ${g.file} (run npm run zoo and npm run catalogue)`);
  const folder = g.file.slice(0, g.file.lastIndexOf('/') + 1);
  const weights = g.format === 'tfjs' ? downloads.filter((d) => d.role === 'weights' && d.file.startsWith(folder)) : [];
  return { entry: basename(entry.href), files: [entry, ...weights].map((d) => ({ href: d.href, path: basename(d.href) })) };
}

/** How each input is made for the source file (recipe feeds; frozen inputValues as values). */
function sourceInputs(key: string, recipe: Recipe, g: RecipeGraph, prepared: PreparedGraph | undefined): InputPlan[] {
  const spec = recipe.conversion?.graphs.find((c) => c.graph === g.id);
  if (!spec) throw new Error(`${key}/${g.id}: the recipe has no conversion feeds, so the bench cannot make its inputs`);
  const sample = recipe.conversion?.validation.files[0];
  const plans: InputPlan[] = spec.inputs.map((i): InputPlan => {
    if (i.feed.kind === 'image') {
      if (!sample?.startsWith('images/')) throw new Error(`${key}/${g.id}: the first validation file ${sample} is not an image`);
      return { kind: 'image', name: i.name, sample: `/samples/${sample}`, feed: i.feed };
    }
    const t = prepared?.tensors[i.name];
    if (!t) throw new Error(`${key}/${g.id}: no prepared tensor for input ${i.name}`);
    return { kind: 'tensor', name: i.name, href: t.href, shape: t.shape, label: t.label };
  });
  for (const [name, values] of Object.entries(g.inputValues ?? {})) plans.push({ kind: 'value', name, values });
  return plans;
}

/** The same inputs, converted to what an artifact takes (layout, int8); frozen values are baked into artifacts. */
function artifactInputs(key: string, source: InputPlan[], a: BuiltArtifact): InputPlan[] {
  return a.inputs.map((ai): InputPlan => {
    const plan = source.find((p) => p.name === ai.name);
    if (!plan || plan.kind === 'value') throw new Error(`${key}/${a.graph} ${a.variant}: artifact input ${ai.name} has no feed`);
    if ((ai.dtype === 'int8' || ai.dtype === 'uint8') && ai.quant?.scale.length !== 1) throw new Error(`${key}/${a.graph} ${a.variant}: input ${ai.name} is ${ai.dtype} without per-tensor quantization`);
    // The page converts the feed's tensor with the run panel's own boundary code (lib/engines/boundary toVariantInput).
    return { ...plan, to: { name: ai.name, shape: ai.shape, dtype: ai.dtype, ...(ai.quant ? { quant: ai.quant } : {}) } };
  });
}

function keep(opts: PlanOptions, backend: string): boolean {
  return opts.backends.length === 0 || opts.backends.includes(backend);
}

interface GraphContext {
  key: string;
  graph: string;
  format: ModelCase['format'];
  opts: PlanOptions;
}

function modelCase(ctx: GraphContext, c: Omit<ModelCase, 'kind' | 'id' | 'model' | 'graph' | 'swiftshader' | 'policy'>): ModelCase {
  const who = c.side === 'ours' ? c.engine : `peer:${c.runner}`;
  const swiftshader = isGpu(c.backend);
  const max = ctx.opts.swiftshaderMaxMacs;
  const tooHeavy = swiftshader && (c.macs === null || c.macs > max);
  return {
    kind: 'model',
    id: `${ctx.key}|${ctx.graph}|${who}|${c.backend}|${c.variant}`,
    model: ctx.key,
    graph: ctx.graph,
    swiftshader,
    policy: policy(ctx.opts, c.backend),
    ...(tooHeavy ? { skip: `${c.macs === null ? 'unknown' : `${(c.macs / 1e6).toFixed(0)} M`} MACs is over the ${(max / 1e6).toFixed(0)} M MAC limit for SwiftShader backends (--swiftshader-max-mmacs)` } : {}),
    ...c,
  };
}

function graphCases(input: PlanInput, key: string, recipe: Recipe, g: RecipeGraph, opts: PlanOptions): ModelCase[] {
  const prepared = input.prepared.get(graphKey(key, g.id));
  const ctx: GraphContext = { key, graph: g.id, format: g.format, opts };
  const { entry, files } = sourceFiles(input.catalogue, key, g);
  const inputs = sourceInputs(key, recipe, g, prepared);
  const macs = input.catalogue.models[key]?.graphs.find((x) => x.id === g.id)?.stats.macs ?? null;
  const source = { format: g.format, entry, files, inputShapes: g.inputShapes, inputs, macs, variant: 'source' as Variant };
  const out: ModelCase[] = [];

  // Ours on the source file: our executor everywhere, ONNX Runtime (the app's engine) on ONNX.
  for (const b of TFJS_BACKENDS) out.push(modelCase(ctx, { ...source, side: 'ours', runner: 'engine', engine: 'tfjs', backend: b, peak: `tfjs-${b}` }));
  if (g.format === 'onnx') for (const b of ORT_BACKENDS) out.push(modelCase(ctx, { ...source, side: 'ours', runner: 'engine', engine: 'ort', backend: b, peak: b === 'wasm' ? 'ort-wasm' : undefined }));

  // Ours on the artifacts: the official TFLite runtime and our executor.
  const built = input.artifacts.recipes[key]?.graphs.find((x) => x.graph === g.id)?.artifacts ?? [];
  for (const a of built) {
    const art = { format: 'tflite' as const, entry: basename(a.href), files: [{ href: a.href, path: basename(a.href) }], inputs: artifactInputs(key, inputs, a), macs: a.macs, variant: a.variant };
    out.push(modelCase(ctx, { ...art, side: 'ours', runner: 'engine', engine: 'tflite', backend: 'wasm', peak: `xnnpack-${a.variant}` }));
    for (const b of TFJS_BACKENDS) out.push(modelCase(ctx, { ...art, side: 'ours', runner: 'engine', engine: 'tfjs', backend: b, peak: `tfjs-${b}` }));
  }

  // Peers, each on the original file.
  if (g.format === 'tfjs') out.push(modelCase(ctx, { ...source, side: 'peer', runner: 'tfjs-graph', engine: 'tfjs-converter', backend: 'wasm', peak: 'tfjs-wasm' }));
  if (g.format === 'onnx') out.push(modelCase(ctx, { ...source, side: 'peer', runner: 'ort-web', engine: 'onnxruntime-web', backend: 'wasm', peak: 'ort-wasm' }));
  if (g.format === 'tflite') out.push(modelCase(ctx, { ...source, side: 'peer', runner: 'tfjs-tflite', engine: 'tfjs-tflite', backend: 'wasm', peak: 'xnnpack-fp32' }));
  const mp = MEDIAPIPE[key];
  const image = inputs.find((i) => i.kind === 'image');
  // MediaPipe's JS solutions infer through WebGL (their graphs are the *gpu variants): SwiftShader here.
  if (mp && image?.kind === 'image') out.push(modelCase(ctx, { ...source, side: 'peer', runner: 'mediapipe', engine: `mediapipe/${mp.solution}`, backend: 'webgl', mediapipe: { ...mp, sample: image.sample } }));
  return out.filter((c) => keep(opts, c.backend));
}

export function peakCases(input: PlanInput, opts: PlanOptions): PeakCase[] {
  const p = (peak: string, runner: PeakCase['runner'], backend: string): PeakCase => {
    const gpu = isGpu(backend);
    return { kind: 'peak', id: `peak|${peak}`, peak, runner, backend, n: gpu ? PEAK_N.swiftshader : PEAK_N.cpu, href: input.peakFiles[peak], swiftshader: gpu, policy: policy(opts, backend) };
  };
  const all = [
    ...TFJS_BACKENDS.map((b) => p(`tfjs-${b}`, 'tfjs-matmul', b)),
    p('xnnpack-fp32', 'tfjs-tflite', 'wasm'),
    p('xnnpack-int8', 'tfjs-tflite', 'wasm'),
    p('ort-wasm', 'ort-web', 'wasm'),
  ];
  for (const c of all) if (c.runner !== 'tfjs-matmul' && !c.href) throw new Error(`no model file for peak ${c.peak}`);
  return all.filter((c) => keep(opts, c.backend));
}

export function modelCases(input: PlanInput, opts: PlanOptions): ModelCase[] {
  const chosen = input.recipes.filter((r) => opts.models.length === 0 || opts.models.some((m) => r.key.includes(m)));
  if (opts.models.length && chosen.length === 0) throw new Error(`--models ${opts.models.join(',')} matches no catalogue model (${input.recipes.map((r) => r.key).join(', ')})`);
  return chosen.flatMap(({ key, recipe }) => recipe.graphs.flatMap((g) => graphCases(input, key, recipe, g, opts)));
}
