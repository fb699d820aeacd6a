// What the audio panel needs to know about a catalogue model, as plain JSON
// props built at export time: the task, and per variant (the source ONNX,
// our fp32 / int8 .tflite builds from zoo/artifacts.json) the files of each
// pipeline stage, the engines that can run them and which tensors the .tflite
// keeps NHWC where the ONNX file is NCHW. Pure.

import type { BuiltArtifact, CatalogueModel, TensorSummary } from '@/lib/catalogue/manifest';
import type { ModelFileRef } from '@/lib/engines/protocol';
import { nchwShapeToNhwc } from '@/lib/engines/tensor';
import type { EngineId } from '@/lib/engines/types';

export type AudioTask = 'wake-word' | 'voice-activity-detection';
export type AudioVariantId = 'source' | 'fp32' | 'int8';

export interface AudioStage {
  graph: string;
  format: 'onnx' | 'tflite';
  entry: string;
  files: ModelFileRef[];
  /** Fixed input shapes for the executor's import of an ONNX file (the catalogue's analysed shapes). */
  inputShapes?: Record<string, number[]>;
  /** Inputs the recipe freezes (Silero's sr = 16000): the executor folds them in at load; ONNX Runtime is fed them. */
  inputValues?: Record<string, number[]>;
  /** The first input's name in this file. */
  inputName: string;
  inputToNhwc: boolean;
  outputFromNhwc: boolean;
}

export interface AudioVariant {
  id: AudioVariantId;
  label: string;
  /** Engines able to run every stage, best first. */
  engines: EngineId[];
  /** Why an engine is missing, when one is. */
  note?: string;
  stages: AudioStage[];
  bytes: number;
}

export interface AudioDemoModel {
  key: string;
  name: string;
  task: AudioTask;
  variants: AudioVariant[];
  /** Site-relative sample clips. */
  samples: string[];
}

/** Pipeline order of the stages per task (the recipe's graph ids). */
const STAGE_ORDER: Record<AudioTask, string[]> = {
  'wake-word': ['melspectrogram', 'embedding', 'classifier'],
  'voice-activity-detection': ['vad'],
};

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** The .tflite tensor is the NHWC form of the ONNX NCHW one (a rank-4 tensor the importer re-laid). */
function isNhwcOf(built: TensorSummary | undefined, source: TensorSummary | undefined): boolean {
  if (!built || !source || built.shape.length !== 4 || source.shape.length !== 4) return false;
  return !sameShape(built.shape, source.shape) && sameShape(built.shape, nchwShapeToNhwc(source.shape));
}

function sourceStage(m: CatalogueModel, graphId: string, inputValues: RecipeInputValues): AudioStage | undefined {
  const g = m.graphs.find((x) => x.id === graphId);
  const file = g && m.downloads.find((d) => d.file === g.file);
  if (!g || !file || g.format !== 'onnx') return undefined;
  const entry = basename(file.file);
  const fixed = g.stats.inputs.filter((i) => i.shape.every((d) => d > 0));
  return {
    graph: graphId,
    format: 'onnx',
    entry,
    files: [{ path: entry, href: file.href, bytes: file.bytes, sha256: file.sha256 }],
    inputShapes: fixed.length ? Object.fromEntries(fixed.map((i) => [i.name, i.shape])) : undefined,
    ...(inputValues[graphId] ? { inputValues: inputValues[graphId] } : {}),
    inputName: g.stats.inputs[0]?.name ?? 'input',
    inputToNhwc: false,
    outputFromNhwc: false,
  };
}

function artifactStage(m: CatalogueModel, a: BuiltArtifact): AudioStage {
  const g = m.graphs.find((x) => x.id === a.graph);
  const entry = basename(a.href);
  return {
    graph: a.graph,
    format: 'tflite',
    entry,
    files: [{ path: entry, href: a.href, bytes: a.bytes, sha256: a.sha256 }],
    inputName: a.inputs[0]?.name ?? 'input',
    inputToNhwc: isNhwcOf(a.inputs[0], g?.stats.inputs[0]),
    outputFromNhwc: isNhwcOf(a.outputs[0], g?.stats.outputs[0]),
  };
}

function builtVariant(m: CatalogueModel, order: string[], variant: 'fp32' | 'int8'): AudioVariant | undefined {
  const graphs = m.conversion?.built.status === 'built' ? m.conversion.built.graphs : [];
  const stages: AudioStage[] = [];
  const quantised: string[] = [];
  for (const id of order) {
    const artifacts = graphs.find((g) => g.graph === id)?.artifacts ?? [];
    // int8 where the stage has one; stages without int8 kernels stay fp32 (the recipe records why).
    const pick = (variant === 'int8' ? artifacts.find((a) => a.variant === 'int8') : undefined) ?? artifacts.find((a) => a.variant === 'fp32');
    if (!pick) return undefined;
    if (pick.variant === 'int8') quantised.push(id);
    stages.push(artifactStage(m, pick));
  }
  if (variant === 'int8' && quantised.length === 0) return undefined;
  const mixed = variant === 'int8' && quantised.length < order.length;
  return {
    id: variant,
    label: variant === 'fp32' ? 'fp32 .tflite (EdgeZoo build)' : `int8 .tflite (EdgeZoo build${mixed ? `: ${quantised.join(', ')} int8, the rest fp32` : ''})`,
    engines: ['tflite', 'tfjs'],
    stages,
    bytes: stages.reduce((s, st) => s + st.files.reduce((t, f) => t + f.bytes, 0), 0),
  };
}

export function isAudioTask(task: string): task is AudioTask {
  return task === 'wake-word' || task === 'voice-activity-detection';
}

/** The recipe's inputValues per graph id (recipe.json graphs[].inputValues). */
export type RecipeInputValues = Record<string, Record<string, number[]>>;

/** The panel's props, or undefined when the model is not an audio task this panel runs. */
export function audioDemoOf(m: CatalogueModel, sampleFiles: string[], inputValues: RecipeInputValues = {}): AudioDemoModel | undefined {
  if (m.domain !== 'audio' || !isAudioTask(m.task)) return undefined;
  const order = STAGE_ORDER[m.task];
  const variants: AudioVariant[] = [];
  const source = order.map((id) => sourceStage(m, id, inputValues));
  if (source.every((s): s is AudioStage => !!s)) {
    variants.push({
      id: 'source',
      label: 'source ONNX',
      // Silero's sr reaches the executor frozen (stage.inputValues), so its warm-up never feeds sr = 0.
      engines: ['ort', 'tfjs'],
      stages: source,
      bytes: source.reduce((s, st) => s + st.files.reduce((t, f) => t + f.bytes, 0), 0),
    });
  }
  for (const v of ['fp32', 'int8'] as const) {
    const built = builtVariant(m, order, v);
    if (built) variants.push(built);
  }
  if (variants.length === 0) return undefined;
  return {
    key: `${m.domain}/${m.task}/${m.id}`,
    name: m.name,
    task: m.task,
    variants,
    samples: sampleFiles.map((f) => `/samples/audio/${f}`),
  };
}
