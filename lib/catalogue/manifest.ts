import type { Recipe, SourceFileRole } from './recipe-schema';
import type { ModelSimulation } from './simulation';
import type { PackedEdits } from '../passes/change-log';

// The generated catalogue (zoo/catalogue.json): the taxonomy joined with every
// recipe and the figures measured from its model files. The app renders only
// this, so every number on a page traces back to a file that was parsed.

export interface TensorSummary {
  name: string;
  shape: number[];
  dtype: string;
  quant?: { scale: number[]; zeroPoint: number[]; axis?: number };
}

export interface GraphStats {
  inputs: TensorSummary[];
  outputs: TensorSummary[];
  params: number;
  /** Multiply-accumulates for one inference (1 MAC = 2 ops); null when a shape stayed unknown. */
  macs: number | null;
  weightBytes: number;
  /** Weight bytes by stored dtype, e.g. { float16: 412000, int32: 64 }. */
  weightBytesByDtype: Record<string, number>;
  opCount: number;
  opHistogram: Record<string, number>;
  /** Ops the IR keeps as opaque Custom ops (by source name). */
  unsupportedOps: string[];
}

export interface CatalogueGraph {
  id: string;
  file: string;
  format: Recipe['graphs'][number]['format'];
  description?: string;
  stats: GraphStats;
}

export interface Download {
  /** Path inside the source package. */
  file: string;
  /** Site-relative URL of the copy served by EdgeZoo. */
  href: string;
  bytes: number;
  sha256: string;
  role: SourceFileRole;
}

export interface CatalogueModel {
  id: string;
  name: string;
  domain: string;
  task: string;
  summary: string;
  tags: string[];
  licence: Recipe['licence'];
  source: Recipe['source'];
  input: Recipe['input'];
  output: Recipe['output'];
  labels?: Recipe['labels'];
  limitations: string[];
  /** Models that see crops: the detector the demo runs first (checked to be a catalogue detector). */
  cropFrom?: Recipe['cropFrom'];
  graphs: CatalogueGraph[];
  downloads: Download[];
  /** Compiled MDX body (mdx-bundler output), rendered by the model page. */
  cardCode: string;
  totals: {
    params: number;
    macs: number | null;
    fileBytes: number;
    /** Dtype holding most weight bytes, e.g. "float16". */
    precision: string;
    sourceFormat: string;
  };
  /** Path of the recipe folder relative to the repository root. */
  recipePath: string;
  /** Target simulator estimates per variant (lib/catalogue/simulation.ts). */
  simulation: ModelSimulation;
  /** What `npm run zoo` planned (the recipe's conversion section) and built; absent for recipes without one. */
  conversion?: { plan: NonNullable<Recipe['conversion']>; built: RecipeArtifacts };
}

export interface CatalogueTask {
  id: string;
  name: string;
  description: string;
  inputType: string;
  outputType: string;
  models: string[];
}

export interface CatalogueDomain {
  id: string;
  name: string;
  description: string;
  tasks: CatalogueTask[];
}

export interface Catalogue {
  generatedBy: string;
  domains: CatalogueDomain[];
  models: Record<string, CatalogueModel>;
}

export function modelKey(domain: string, task: string, id: string): string {
  return `${domain}/${task}/${id}`;
}

// ---- zoo/artifacts.json: what `npm run zoo` built from each recipe ---------
// One entry per recipe: every fp32/int8 .tflite it produced (with its hash,
// size, figures and validation), the variants it could not produce and why,
// the step-by-step record (op histograms, timings) and the toolchain used.

export type ArtifactVariant = 'fp32' | 'int8';

/** fp32 vs the source model, worst sample: max |a − b| against 1e-4 × the reference's range. */
export interface OutputParity {
  output: string;
  maxError: number;
  range: number;
  tolerance: number;
  /** The range is the recipe's declared one (one-value outputs), not observed. */
  rangeDeclared: boolean;
  ok: boolean;
}

export interface Fp32Validation {
  /** What the artifact was compared with. */
  reference: 'tflite-official' | 'onnxruntime-node' | 'tfjs-graph-model' | 'executor-on-source' | 'tfjs-layers-model';
  referenceNote?: string;
  samples: number;
  outputs: OutputParity[];
  passed: boolean;
}

export interface SqnrResult {
  output: string;
  /** Over the whole validation set (summed signal and noise energy): the gated value. */
  pooledDb: number;
  /** Worst sample. */
  minDb: number;
  meanDb: number;
  /** Largest |int8 − fp32| over every value of every sample. */
  maxAbsDiff: number;
  /** The gate: an SQNR floor, or (scores, probabilities) a ceiling on maxAbsDiff. */
  thresholdDb?: number;
  maxAbsDiffThreshold?: number;
  ok: boolean;
}

export interface MetricResult {
  kind: 'top1' | 'mask-iou' | 'keypoints' | 'detections' | 'score';
  label: string;
  value: number;
  threshold: number;
  ok: boolean;
  detail?: Record<string, number>;
}

export interface Int8Validation {
  samples: number;
  sqnr: SqnrResult[];
  metric?: MetricResult;
  passed: boolean;
}

export interface QuantizationInfo {
  inputType: 'int8' | 'uint8' | 'float32';
  outputType: 'int8' | 'uint8' | 'float32';
  observer: 'minmax' | 'percentile' | 'mse';
  calibrationSamples: number;
  /** Requantize ops inserted for shared-scale constraints. */
  requantizeOps: number;
}

export interface BuiltArtifact {
  graph: string;
  variant: ArtifactVariant;
  /** Site-relative URL (public/ is the site root). */
  href: string;
  sha256: string;
  bytes: number;
  params: number;
  macs: number | null;
  opCount: number;
  opHistogram: Record<string, number>;
  weightBytesByDtype: Record<string, number>;
  inputs: TensorSummary[];
  outputs: TensorSummary[];
  quantization?: QuantizationInfo;
  validation: { fp32?: Fp32Validation; int8?: Int8Validation };
}

/** A variant the recipe cannot produce, with the reason (e.g. an op without an int8 kernel). */
export interface UnavailableVariant {
  graph: string;
  variant: ArtifactVariant;
  step: string;
  reason: string;
  /** The tool's own error text, which the recipe's expectation was checked against. */
  error: string;
}

export interface StepRecord {
  /** e.g. "import", "pass:fold-constants", "export:fp32", "validate:fp32", "quantize", "export:int8". */
  step: string;
  ms: number;
  /** Op histogram of the graph after the step (steps that change the graph). */
  opHistogram?: Record<string, number>;
  /** Passes, quantize and exports: the ops the step removed, added, merged or retyped, by op id (lib/passes/change-log.ts, packed). */
  edits?: PackedEdits;
  notes?: string[];
}

export interface GraphConversionRecord {
  graph: string;
  steps: StepRecord[];
  artifacts: BuiltArtifact[];
  unavailable: UnavailableVariant[];
}

export interface Toolchain {
  node: string;
  /** Installed versions of the packages the build runs models with. */
  packages: Record<string, string>;
  /** sha256 over the build's code: every module scripts/zoo/build.ts imports, transitively. */
  codeHash: string;
}

export interface RecipeArtifacts {
  key: string;
  recipePath: string;
  /** sha256 of recipe + source files + samples + toolchain; an equal key skips the rebuild. */
  cacheKey: string;
  status: 'built' | 'failed';
  error?: { step: string; graph?: string; message: string };
  toolchain: Toolchain;
  totalMs: number;
  graphs: GraphConversionRecord[];
  /** Trained recipes (source.kind "train"): how the model was trained and how well it does. */
  training?: TrainingRecord;
}

/** One epoch of training: mean loss and accuracy over the train split, accuracy on the test split at its end. */
export interface TrainingEpoch {
  epoch: number;
  loss: number;
  trainAccuracy: number;
  testAccuracy: number;
  ms: number;
}

/** What scripts/zoo/train.ts did for a trained recipe (also written next to the weights as training.json). */
export interface TrainingRecord {
  /** e.g. "tfjs-wasm 4.22.0". */
  backend: string;
  dataset: { file: string; sha256: string; cells: number; classes: number };
  split: {
    seed: number;
    testFraction: number;
    train: number;
    test: number;
    trainPerClass: number[];
    testPerClass: number[];
    /** sha256 of the comma-joined test cell indices (row-major cell order), to compare splits. */
    testCellsSha256: string;
  };
  hyper: { epochs: number; batchSize: number; optimizer: string; learningRate: number; finalLearningRate?: number; seed: number; augment?: { shift: number } };
  layers: Record<string, unknown>[];
  params: number;
  epochs: TrainingEpoch[];
  /** Final accuracy of the TF.js model on each split. */
  trainAccuracy: number;
  testAccuracy: number;
  minTestAccuracy: number;
  /** Wall time of the training run (it is cached: a rebuild that reuses the weights keeps the original time). */
  trainMs: number;
  /** sha256 of weights.bin: equal across runs when training is deterministic. */
  weightsSha256: string;
  /** Test-split accuracy of the built .tflite artifacts, by variant (filled in by the conversion). */
  artifactTestAccuracy?: Partial<Record<ArtifactVariant, number>>;
}

export interface ArtifactsManifest {
  generatedBy: string;
  recipes: Record<string, RecipeArtifacts>;
}
