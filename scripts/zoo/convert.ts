// Runs one recipe's conversion: for each graph, its steps in order (import,
// passes, export fp32, quantize, export int8), validating every exported
// artifact as soon as it exists. A step that fails stops the recipe with a
// StepError naming the graph, the step and the cause, unless the recipe
// declared that failure (expectFailure), in which case the variant is
// recorded as unavailable with the recipe's reason, checked against the
// tool's own error text.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BuiltArtifact, Fp32Validation, GraphConversionRecord, Int8Validation, StepRecord } from '../../lib/catalogue/manifest';
import type { ConversionGraph, ConversionStep, Recipe } from '../../lib/catalogue/recipe-schema';
import type { InputTensor } from '../../lib/exec';
import { summarizeModel } from '../../lib/ir/accounting';
import { exportTflite } from '../../lib/ir/export/tflite';
import type { Model } from '../../lib/ir/types';
import { runPass } from '../../lib/passes';
import { diffModels, exportEdits, packEdits, type NodeEdit } from '../../lib/passes/change-log';
import { activationTensorIds, collectRanges, quantizeModel, type QuantizeResult } from '../../lib/quantize';
import { sha256 } from '../catalogue/load-recipes';
import { buildFeedSets, type FeedSets } from './feeds';
import { toModelLayout } from './layout';
import { artifactRuntime, executorRuntime, inputNames, outputNames, type Runtime } from './runtimes';
import type { Tensor } from './samples';
import type { SourceGraphs } from './sources';
import { fp32Parity, int8Passed, int8Sqnr, sqnrFailure, taskMetric } from './validate';

export class StepError extends Error {
  override readonly name = 'StepError';
  constructor(readonly step: string, readonly graph: string | undefined, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

export interface ConvertOptions {
  recipe: Recipe;
  sources: SourceGraphs;
  /** Absolute folder the artifacts are written to, and its site-relative URL. */
  outDir: string;
  hrefBase: string;
  /** Called as each step starts (progress). */
  onStep: (label: string) => void;
  /** The graph's calibration and validation samples when the source provides them (trained recipes: dataset splits). */
  feedSets?: (graph: ConversionGraph) => Promise<FeedSets>;
}

/** Step labels as the progress bar and the manifest show them. */
export function stepLabel(s: ConversionStep): string {
  switch (s.step) {
    case 'import': return 'import';
    case 'pass': return `pass:${s.pass}`;
    case 'quantize': return 'quantize';
    case 'export': return `export:${s.variant}`;
  }
}

/** Progress units of a recipe: every step, plus validation of every export. */
export function plannedUnits(recipe: Recipe): number {
  const graphs = recipe.conversion?.graphs ?? [];
  return graphs.reduce((n, g) => n + g.steps.length + g.steps.filter((s) => s.step === 'export').length, 0);
}

const histogram = (m: Model): Record<string, number> => {
  const h: Record<string, number> = {};
  for (const g of m.graphs) for (const op of g.ops) h[op.type] = (h[op.type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(h).sort(([a], [b]) => a.localeCompare(b)));
};

function fileName(recipe: Recipe, graph: string, variant: string): string {
  const many = (recipe.conversion?.graphs.length ?? 1) > 1;
  return `${recipe.id}${many ? `-${graph}` : ''}-${variant}.tflite`;
}

function describe(model: Model, bytes: Uint8Array, href: string, graph: string, variant: 'fp32' | 'int8'): Omit<BuiltArtifact, 'validation'> {
  const s = summarizeModel(model);
  const tensor = (t: (typeof s.inputs)[number]) => ({ name: t.name, shape: [...t.shape], dtype: t.dtype, ...(t.quant ? { quant: { scale: t.quant.scale, zeroPoint: t.quant.zeroPoint, ...(t.quant.axis !== undefined ? { axis: t.quant.axis } : {}) } } : {}) });
  return {
    graph, variant, href, sha256: sha256(bytes), bytes: bytes.length,
    params: s.params, macs: s.macs, opCount: s.opCount, opHistogram: histogram(model),
    weightBytesByDtype: Object.fromEntries(Object.entries(s.weightBytesByDtype).map(([k, v]) => [k, v ?? 0])),
    inputs: s.inputs.map(tensor), outputs: s.outputs.map(tensor),
  };
}

/** Float inputs → the int8 model's integer inputs (where it has them). */
function quantizeInputs(q: Model, inputs: Tensor[]): Tensor[] {
  const g = q.graphs[0];
  return inputs.map((t, i) => {
    const info = g.tensors.get(g.inputs[i]);
    if (!info?.quant || (info.dtype !== 'int8' && info.dtype !== 'uint8')) return t;
    const [lo, hi] = info.dtype === 'int8' ? [-128, 127] : [0, 255];
    const { scale: [s], zeroPoint: [z] } = info.quant;
    const values = Array.from(t.data, (v) => Math.min(hi, Math.max(lo, Math.round(v / s) + z)));
    return { data: info.dtype === 'int8' ? Int8Array.from(values) : Uint8Array.from(values), shape: t.shape };
  });
}

/** int8/uint8 outputs → real values with the output's parameters. */
function dequantizeOutputs(q: Model, outputs: Tensor[]): Tensor[] {
  const g = q.graphs[0];
  return outputs.map((t, k) => {
    const info = g.tensors.get(g.outputs[k]);
    if (!info?.quant || (info.dtype !== 'int8' && info.dtype !== 'uint8')) return t;
    const { scale: [s], zeroPoint: [z] } = info.quant;
    return { data: Float32Array.from(t.data, (v) => s * (v - z)), shape: t.shape };
  });
}

async function runAll(rt: Runtime, samples: Tensor[][]): Promise<Tensor[][]> {
  const out: Tensor[][] = [];
  for (const s of samples) out.push(await rt.run(s));
  return out;
}

/** Checks a declared failure against the actual error; returns the recorded reason. */
function expectedFailure(step: ConversionStep, err: unknown): { reason: string; error: string } | null {
  const expect = step.step === 'export' || step.step === 'quantize' ? step.expectFailure : undefined;
  if (!expect) return null;
  const message = err instanceof Error ? err.message : String(err);
  const missing = expect.contains.filter((c) => !message.includes(c));
  if (missing.length) return null;
  return { reason: expect.reason, error: message };
}

/** State of one graph while its steps run. */
class GraphRun {
  model: Model | null = null;
  fp32: { model: Model; bytes: Uint8Array; runtime: Runtime } | null = null;
  quantized: { result: QuantizeResult; step: Extract<ConversionStep, { step: 'quantize' }>; calibrationSamples: number } | null = null;
  feeds: FeedSets | null = null;
  fp32Outputs: Tensor[][] | null = null;
  stopped = false;
  readonly record: GraphConversionRecord;

  constructor(readonly spec: ConversionGraph, private readonly opts: ConvertOptions, private readonly upstream: Map<string, Runtime>) {
    this.record = { graph: spec.graph, steps: [], artifacts: [], unavailable: [] };
  }

  /** Drops a variant's artifact (file and record) after a declared failure in its validation. */
  discard(variant: 'fp32' | 'int8'): void {
    rmSync(path.join(this.opts.outDir, fileName(this.opts.recipe, this.spec.graph, variant)), { force: true });
    this.record.artifacts = this.record.artifacts.filter((a) => a.variant !== variant);
    this.pendingValidation = null;
  }

  private async feedSets(): Promise<FeedSets> {
    this.feeds ??= this.opts.feedSets ? await this.opts.feedSets(this.spec) : await buildFeedSets(this.opts.recipe.conversion!, this.spec, this.upstream, outputNames(this.need()));
    return this.feeds;
  }

  private write(variant: 'fp32' | 'int8', bytes: Uint8Array): string {
    const name = fileName(this.opts.recipe, this.spec.graph, variant);
    mkdirSync(this.opts.outDir, { recursive: true });
    writeFileSync(path.join(this.opts.outDir, name), bytes);
    return `${this.opts.hrefBase}/${name}`;
  }

  async step(step: ConversionStep): Promise<StepRecord> {
    const started = performance.now();
    const rec: StepRecord = { step: stepLabel(step), ms: 0 };
    switch (step.step) {
      case 'import': {
        this.model = this.opts.sources.load(this.spec.graph);
        rec.opHistogram = histogram(this.model);
        break;
      }
      case 'pass': {
        const model = this.need();
        const r = runPass(step.pass, model, step.params, { recordChanges: true });
        rec.opHistogram = histogram(model);
        rec.edits = packEdits(r.edits as NodeEdit[]);
        rec.notes = r.notes.length ? r.notes : ['no change'];
        break;
      }
      case 'export':
        if (step.variant === 'fp32') await this.exportFp32(rec);
        else await this.exportInt8(rec);
        break;
      case 'quantize':
        await this.quantize(step, rec);
        break;
    }
    // Exports time themselves before their validation starts.
    if (step.step !== 'export') rec.ms = Math.round(performance.now() - started);
    return rec;
  }

  private need(): Model {
    if (!this.model) throw new Error('no model: the import step has not run');
    return this.model;
  }

  private async exportFp32(rec: StepRecord): Promise<void> {
    const started = performance.now();
    const model = this.need();
    const bytes = exportTflite(model);
    const href = this.write('fp32', bytes);
    const artifact = describe(model, bytes, href, this.spec.graph, 'fp32');
    rec.opHistogram = artifact.opHistogram;
    rec.edits = packEdits(exportEdits(model));
    rec.ms = Math.round(performance.now() - started);
    this.record.steps.push(rec);
    this.opts.onStep(`${this.spec.graph}: validate:fp32`);
    const t0 = performance.now();
    const runtime = await artifactRuntime(bytes, model).catch((err: unknown) => {
      throw new StepError('validate:fp32', this.spec.graph, err);
    });
    this.fp32 = { model, bytes, runtime };
    this.upstream.set(this.spec.graph, runtime);
    const validation = await this.validateFp32(runtime).catch((err: unknown) => {
      throw new StepError('validate:fp32', this.spec.graph, err);
    });
    this.record.artifacts.push({ ...artifact, validation: { fp32: validation } });
    const vrec: StepRecord = { step: 'validate:fp32', ms: Math.round(performance.now() - t0), notes: validation.outputs.map((o) => `${o.output}: max |Δ| ${o.maxError.toExponential(2)} ≤ ${o.tolerance.toExponential(2)}${o.ok ? '' : ' FAILED'}`) };
    this.pendingValidation = vrec;
    if (!validation.passed) throw new StepError('validate:fp32', this.spec.graph, `fp32 artifact differs from the source model: ${validation.outputs.filter((o) => !o.ok).map((o) => `${o.output} max |a − b| ${o.maxError.toExponential(3)} > ${o.tolerance.toExponential(3)} (1e-4 × range ${o.range.toPrecision(4)})`).join('; ')}`);
  }

  pendingValidation: StepRecord | null = null;

  private async validateFp32(runtime: Runtime): Promise<Fp32Validation> {
    const feeds = await this.feedSets();
    const ours = await runAll(runtime, feeds.validation);
    this.fp32Outputs = ours;
    const ref = await this.opts.sources.reference(this.spec.graph);
    let reference: Tensor[][];
    try {
      reference = await runAll(ref.runtime, feeds.validation);
    } finally {
      ref.runtime.close();
    }
    const outputs = fp32Parity(outputNames(this.need()), ours, reference, this.spec.validation.outputRanges);
    return {
      reference: ref.kind, ...(this.spec.validation.referenceNote ? { referenceNote: this.spec.validation.referenceNote } : {}),
      samples: feeds.validation.length, outputs, passed: outputs.every((o) => o.ok),
    };
  }

  private async quantize(step: Extract<ConversionStep, { step: 'quantize' }>, rec: StepRecord): Promise<void> {
    const model = this.need();
    const feeds = await this.feedSets();
    const names = inputNames(model);
    const exec = await executorRuntime(model);
    let ranges;
    try {
      const samples: Record<string, InputTensor>[] = feeds.calibration.map((s) => Object.fromEntries(s.map((t, i) => [names[i], toModelLayout(model, names[i], t)])));
      ranges = await collectRanges(exec.executor, samples, { tensors: activationTensorIds(model), observer: step.observer, ...(step.percentile ? { percentile: step.percentile } : {}) });
    } finally {
      exec.close();
    }
    const result = quantizeModel(model, ranges, { inputType: step.inputType, outputType: step.outputType });
    this.quantized = { result, step, calibrationSamples: feeds.calibration.length };
    rec.opHistogram = histogram(result.model);
    rec.edits = packEdits(diffModels(model, result.model));
    rec.notes = [`${feeds.calibration.length} calibration samples, ${ranges.size} activation ranges (${step.observer})`, `${result.report.requantizeOps} requantize ops inserted`];
  }

  private async exportInt8(rec: StepRecord): Promise<void> {
    const started = performance.now();
    const q = this.quantized;
    if (!q || !this.fp32) throw new Error('int8 export needs the quantize step and the fp32 artifact');
    const bytes = exportTflite(q.result.model);
    const href = this.write('int8', bytes);
    const artifact = describe(q.result.model, bytes, href, this.spec.graph, 'int8');
    rec.opHistogram = artifact.opHistogram;
    rec.edits = packEdits(exportEdits(q.result.model));
    rec.ms = Math.round(performance.now() - started);
    this.record.steps.push(rec);
    this.opts.onStep(`${this.spec.graph}: validate:int8`);
    const t0 = performance.now();
    const validation = await this.validateInt8(bytes, q.result.model).catch((err: unknown) => {
      throw new StepError('validate:int8', this.spec.graph, err);
    });
    this.record.artifacts.push({
      ...artifact,
      quantization: { inputType: q.step.inputType, outputType: q.step.outputType, observer: q.step.observer, calibrationSamples: q.calibrationSamples, requantizeOps: q.result.report.requantizeOps },
      validation: { int8: validation },
    });
    const notes = validation.sqnr.map((s) => `${s.output}: SQNR ${s.pooledDb.toFixed(1)} dB over the set, worst sample ${s.minDb.toFixed(1)} dB${s.thresholdDb !== undefined ? ` (floor ${s.thresholdDb})` : ''}, max |int8 − fp32| ${s.maxAbsDiff.toPrecision(3)}${s.maxAbsDiffThreshold !== undefined ? ` (ceiling ${s.maxAbsDiffThreshold})` : ''}`);
    if (validation.metric) notes.push(`${validation.metric.label}: ${validation.metric.value.toFixed(4)} (threshold ${validation.metric.threshold})`);
    this.pendingValidation = { step: 'validate:int8', ms: Math.round(performance.now() - t0), notes };
    if (!validation.passed) {
      const bad = validation.sqnr.filter((s) => !s.ok).map(sqnrFailure);
      if (validation.metric && !validation.metric.ok) bad.push(`${validation.metric.label} ${validation.metric.value.toFixed(4)} vs threshold ${validation.metric.threshold}${validation.metric.detail ? ` ${JSON.stringify(validation.metric.detail)}` : ''}`);
      throw new StepError('validate:int8', this.spec.graph, `int8 artifact fails validation: ${bad.join('; ')}`);
    }
  }

  private async validateInt8(bytes: Uint8Array, q: Model): Promise<Int8Validation> {
    const fp32 = this.fp32;
    const feeds = await this.feedSets();
    if (!fp32 || !this.fp32Outputs) throw new Error('no fp32 outputs to compare with');
    const rt = await artifactRuntime(bytes, fp32.model);
    let int8: Tensor[][];
    try {
      int8 = [];
      for (const s of feeds.validation) int8.push(dequantizeOutputs(q, await rt.run(quantizeInputs(q, s))));
    } finally {
      rt.close();
    }
    const names = outputNames(fp32.model);
    const gate = this.spec.validation.int8;
    const sqnr = int8Sqnr(names, this.fp32Outputs, int8, { minSqnrDb: gate?.minSqnrDb ?? {}, maxAbsDiff: gate?.maxAbsDiff ?? {} });
    const metric = gate?.metric ? taskMetric(gate.metric, names, this.fp32Outputs, int8) : undefined;
    const v = { samples: feeds.validation.length, sqnr, ...(metric ? { metric } : {}) };
    return { ...v, passed: int8Passed(v) };
  }
}

/** Converts every graph of the recipe; artifacts are written to opts.outDir as they pass. */
export async function convertRecipe(opts: ConvertOptions): Promise<GraphConversionRecord[]> {
  const conversion = opts.recipe.conversion;
  if (!conversion) return [];
  const upstream = new Map<string, Runtime>();
  const records: GraphConversionRecord[] = [];
  try {
    for (const spec of conversion.graphs) {
      const run = new GraphRun(spec, opts, upstream);
      records.push(run.record);
      let skipFrom: string | null = null;
      for (const step of spec.steps) {
        const label = stepLabel(step);
        opts.onStep(`${spec.graph}: ${label}`);
        if (skipFrom) {
          // A declared failure upstream (e.g. no int8 kernel): later steps of that variant cannot run.
          if (step.step === 'export' || step.step === 'quantize') run.record.steps.push({ step: label, ms: 0, notes: [`skipped: ${skipFrom}`] });
          if (step.step === 'export') opts.onStep(`${spec.graph}: validate (skipped)`);
          continue;
        }
        try {
          const rec = await run.step(step);
          if (step.step !== 'export') run.record.steps.push(rec);
          if (run.pendingValidation) {
            run.record.steps.push(run.pendingValidation);
            run.pendingValidation = null;
          }
          const declared = step.step === 'export' || step.step === 'quantize' ? step.expectFailure : undefined;
          if (declared) throw new StepError(label, spec.graph, `the recipe expects this step to fail (${declared.reason}) but it succeeded: update the recipe`);
        } catch (err) {
          // An export the official runtime refuses counts as that export failing (declared or not).
          const refused = err instanceof StepError && err.step.startsWith('validate:') && step.step === 'export';
          if (err instanceof StepError && !refused) throw err;
          const expected = expectedFailure(step, err);
          if (refused && !expected) throw err;
          if (refused && step.step === 'export') run.discard(step.variant);
          if (!expected) {
            if (run.pendingValidation) throw new StepError(run.pendingValidation.step, spec.graph, err);
            throw new StepError(label, spec.graph, err);
          }
          const variant = step.step === 'export' ? step.variant : 'int8';
          run.record.unavailable.push({ graph: spec.graph, variant, step: label, reason: expected.reason, error: expected.error });
          run.record.steps.push({ step: label, ms: 0, notes: [`unavailable: ${expected.reason}`] });
          skipFrom = `${label} cannot run: ${expected.reason}`;
          if (step.step === 'export') opts.onStep(`${spec.graph}: validate (skipped)`);
        }
      }
    }
  } finally {
    for (const rt of upstream.values()) rt.close();
  }
  return records;
}
