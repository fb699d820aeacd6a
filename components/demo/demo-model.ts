// What the run panel needs to know about a catalogue model, as plain JSON
// props: per graph, how each input is fed (the recipe's own machine-readable
// feed specs, the ones the build validates with) and the variants a user can
// run — the source file as published, and the fp32/int8 .tflite artifacts
// `npm run zoo` built — each with its files and its own input/output specs
// (layout, dtype, quantization). Pure, so server pages can build it.

import type { CatalogueModel } from '@/lib/catalogue/manifest';
import { sampleSetFiles, type CropFrom, type Feed, type Recipe } from '@/lib/catalogue/recipe-schema';
import type { IoSpec } from '@/lib/engines/boundary';
import type { PipelineSpec } from '@/lib/engines/pipeline';
import { unfeedableReason } from '@/lib/engines/pipeline';
import type { ModelFileRef } from '@/lib/engines/protocol';
import { decoderFiles } from '@/lib/tasks/registry';
import { ENGINES_FOR_FORMAT, type EngineId, type ModelBytes } from '@/lib/engines/types';
import type { GlyphStyle } from './drawing/glyph-style';

export interface DemoInput {
  name: string;
  shape: number[];
  dtype: string;
  /** How the demo fills it: an image feed, a constant, or one a picture cannot make (audio, upstream features). */
  feed?: Feed;
}

export type VariantId = 'source' | 'fp32' | 'int8';

export interface DemoVariant {
  id: VariantId;
  /** e.g. "Source file (face_detection_short_range.tflite)". */
  label: string;
  format: ModelBytes['format'];
  entry: string;
  files: ModelFileRef[];
  inputShapes?: Record<string, number[]>;
  /** Inputs the recipe freezes (e.g. { sr: [16000] }): load requests pass them on (LoadRequest.inputValues). */
  inputValues?: Record<string, number[]>;
  inputs: IoSpec[];
  outputs: IoSpec[];
  /** int8 artifacts: the types the quantize step gave the model's edges, e.g. "int8 in, float32 out". */
  edges?: string;
  /** Custom ops of a source .tflite (MediaPipe's), which the official TFLite runtime has no kernels for. */
  customOps?: string[];
}

export interface DemoGraph {
  id: string;
  inputs: DemoInput[];
  /** The source model's outputs: decoders read outputs in this form whatever variant ran. */
  outputs: IoSpec[];
  variants: DemoVariant[];
  /** Variants the recipe could not build, with the build's reason. */
  unavailable: { variant: VariantId; reason: string }[];
}

export interface DemoModel {
  key: string;
  task: string;
  id: string;
  name: string;
  graphs: DemoGraph[];
  /** Site-relative sample images, the recipe's validation images first. */
  samples: string[];
  /** Published files the decoder needs besides the model (a dictionary), by file name. */
  decoderFiles: (ModelFileRef & { name: string })[];
  /** Models trained on a sheet of drawn symbols get a drawing pad: how the sheet's symbols look (./drawing/drawing-style-of). */
  drawing?: GlyphStyle;
  /** Models that see crops: the catalogue detector the demo runs first on a whole picture. */
  cropFrom?: DemoCropSource;
}

export interface DemoCropSource {
  /** The recipe's cropFrom: the detector's key, what it finds, how a detection becomes a crop. */
  crop: CropFrom;
  /** The detector's catalogue name, e.g. "MediaPipe BlazeFace (short range)". */
  detectorName: string;
  /** What the detector runs: its fp32 .tflite where the build made one (the fastest in bench/results.md), else its source. */
  variant: DemoVariant;
  engine: EngineId;
  pipeline: PipelineSpec;
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i + 1);
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The graph's entry plus, for TF.js, the weight shards beside it. */
function graphFiles(m: CatalogueModel, file: string, format: DemoVariant['format']): ModelFileRef[] {
  const dir = dirOf(file);
  const wanted = m.downloads.filter((d) => d.file === file || (format === 'tfjs' && d.role === 'weights' && d.file.startsWith(dir)));
  if (!wanted.some((d) => d.file === file)) throw new Error(`${m.id}: ${file} is not among the model's downloads`);
  return wanted.map((d) => ({ path: d.file.slice(dir.length), href: d.href, bytes: d.bytes, sha256: d.sha256 }));
}

const io = (t: { name: string; shape: number[]; dtype: string; quant?: IoSpec['quant'] }): IoSpec => ({ name: t.name, shape: t.shape, dtype: t.dtype, ...(t.quant ? { quant: t.quant } : {}) });

export function demoModelOf(m: CatalogueModel, recipe: Pick<Recipe, 'graphs' | 'conversion'>): DemoModel {
  const graphs = m.graphs.map((g): DemoGraph => {
    const conv = recipe.conversion?.graphs.find((c) => c.graph === g.id);
    const recipeGraph = recipe.graphs.find((r) => r.id === g.id);
    const built = m.conversion?.built.graphs.find((b) => b.graph === g.id);
    const source: DemoVariant = {
      id: 'source',
      label: `Source file (${baseName(g.file)})`,
      format: g.format,
      entry: baseName(g.file),
      files: graphFiles(m, g.file, g.format),
      inputShapes: recipeGraph?.inputShapes,
      ...(recipeGraph?.inputValues ? { inputValues: recipeGraph.inputValues } : {}),
      inputs: g.stats.inputs.map(io),
      outputs: g.stats.outputs.map(io),
      ...(g.format === 'tflite' && g.stats.unsupportedOps.length ? { customOps: g.stats.unsupportedOps } : {}),
    };
    const artifacts = (built?.artifacts ?? []).map((a): DemoVariant => {
      const edges = a.quantization ? `${a.quantization.inputType} in, ${a.quantization.outputType} out` : undefined;
      return {
        id: a.variant,
        label: `EdgeZoo ${a.variant} .tflite${edges ? ` (${edges})` : ''}`,
        format: 'tflite',
        entry: baseName(a.href),
        files: [{ path: baseName(a.href), href: a.href, bytes: a.bytes, sha256: a.sha256 }],
        inputs: a.inputs.map(io),
        outputs: a.outputs.map(io),
        edges,
      };
    });
    return {
      id: g.id,
      inputs: g.stats.inputs.map((i) => ({ name: i.name, shape: i.shape, dtype: i.dtype, feed: conv?.inputs.find((c) => c.name === i.name)?.feed })),
      outputs: source.outputs,
      variants: [source, ...artifacts.sort((a, b) => a.id.localeCompare(b.id))],
      unavailable: (built?.unavailable ?? []).map((u) => ({ variant: u.variant, reason: u.reason })),
    };
  });
  const images = (recipe.conversion ? sampleSetFiles(recipe.conversion.validation) : []).filter((f) => f.startsWith('images/'));
  const needed = decoderFiles(m.task, m.id);
  const extra = m.downloads.filter((d) => needed.includes(baseName(d.file)));
  if (extra.length !== needed.length) throw new Error(`${m.id}: the decoder needs ${needed.join(', ')}, but the downloads hold ${extra.map((d) => baseName(d.file)).join(', ') || 'none of them'}`);
  return {
    key: `${m.domain}/${m.task}/${m.id}`,
    task: m.task,
    id: m.id,
    name: m.name,
    graphs,
    samples: images.map((f) => `/samples/${f}`),
    decoderFiles: extra.map((d) => ({ name: baseName(d.file), path: baseName(d.file), href: d.href, bytes: d.bytes, sha256: d.sha256 })),
  };
}

/** How the demo runs a crop model's detector (`detector` is the detector's own demo model). */
export function demoCropSourceOf(crop: CropFrom, detector: DemoModel): DemoCropSource {
  const graph = detector.graphs[0];
  const variant = graph.variants.find((v) => v.id === 'fp32') ?? graph.variants[0];
  return { crop, detectorName: detector.name, variant, engine: enginesFor(variant)[0], pipeline: pipelineOf(detector, graph, variant) };
}

/** Why the demo cannot feed this graph from a picture, or undefined when it can. */
export function unsupportedReason(g: DemoGraph): string | undefined {
  return unfeedableReason(g.inputs);
}

/** What the worker needs to turn pictures into this variant's inputs and its outputs into a TaskResult. */
export function pipelineOf(model: DemoModel, g: DemoGraph, v: DemoVariant): PipelineSpec {
  return {
    task: model.task,
    model: model.id,
    decoderFiles: model.decoderFiles,
    inputs: g.inputs.map((i) => {
      const variant = v.inputs.find((t) => t.name === i.name) ?? v.inputs[g.inputs.indexOf(i)];
      if (!variant) throw new Error(`${v.label} has no input ${i.name}`);
      return { name: i.name, feed: i.feed, source: { name: i.name, shape: i.shape, dtype: i.dtype }, variant };
    }),
    outputs: { source: g.outputs, variant: v.outputs },
  };
}

/**
 * Engines that can run a variant, best first. Our executor computes in
 * float (quantized tensors only pass through Quantize/Dequantize), so an
 * int8 artifact's integer kernels run on the official TFLite runtime only;
 * a source .tflite with MediaPipe custom ops runs on our executor only
 * (it implements them; the official runtime refuses the file).
 */
export function enginesFor(v: Pick<DemoVariant, 'id' | 'format' | 'customOps'>): EngineId[] {
  if (v.id === 'int8') return ['tflite'];
  const all = ENGINES_FOR_FORMAT[v.format];
  return v.customOps?.length ? all.filter((e) => e !== 'tflite') : all;
}

/** Why an engine that usually runs this format is not offered for the variant, or undefined. */
export function engineNote(v: Pick<DemoVariant, 'id' | 'format' | 'customOps'>): string | undefined {
  if (v.id === 'int8') return 'int8 models run on the TFLite runtime: the EdgeZoo executor computes in float';
  if (v.format === 'tflite' && v.customOps?.length) {
    return `the TFLite web runtime cannot load this file (no kernel for the custom op${v.customOps.length > 1 ? 's' : ''} ${v.customOps.join(', ')}); the EdgeZoo executor implements ${v.customOps.length > 1 ? 'them' : 'it'}, and our fp32 .tflite replaces ${v.customOps.length > 1 ? 'them' : 'it'} with standard ops`;
  }
  return undefined;
}
