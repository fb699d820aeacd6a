// Messages between the bring-your-own-model page and its worker, which holds
// the user's model and does the heavy work (import, simulate, convert,
// calibrate and quantize) so the page never freezes.

import type { ImageFeed } from '../../catalogue/recipe-schema';
import type { SourceFormat } from '../../ir/types';
import type { IoType, LayerProbe, ObserverKind, UnsupportedOpType } from '../../quantize';
import type { ChainStep } from '../conversion-diff';
import type { CustomOpSummary } from '../view';
import type { InputSignature } from './feed';
import type { FeedImage } from './pipeline';
import type { HashedFile } from './recipe';

export interface OpenRequest {
  entry: string;
  format?: SourceFormat;
  files: Record<string, Uint8Array>;
  inputShapes?: Record<string, number[]>;
  inputValues?: Record<string, number[]>;
}

export interface ModelSummary {
  format: SourceFormat;
  inputs: InputSignature[];
  outputs: { name: string; shape: number[]; dtype: string }[];
  opCount: number;
  params: number;
  macs: number | null;
  opHistogram: Record<string, number>;
  customOps: CustomOpSummary[];
  files: HashedFile[];
  ms: number;
}

export interface VariantEstimate {
  latencyMs: number;
  fits: boolean;
  peakRamBytes: number;
  flashBytes: number;
  opsOnNpu: number;
  opsOnCpu: number;
  fallbackOps: number;
  verdict: string | null;
}

export interface TargetRow {
  id: string;
  name: string;
  npu: string | null;
  fp32: VariantEstimate;
  int8: VariantEstimate;
}

export interface ConvertedFile extends HashedFile {
  data: Uint8Array;
  /** Op types in the written file, every graph, as EdgeZoo's importer reads it back (source → fp32 → int8 comparison). */
  opHistogram: Record<string, number>;
  inputs: { name: string; shape: number[]; dtype: string; quant?: { scale: number; zeroPoint: number } }[];
  outputs: { name: string; shape: number[]; dtype: string; quant?: { scale: number; zeroPoint: number } }[];
  ms: number;
  /** The steps from the source to this file, node by node (lib/inspect/conversion-diff.ts). */
  changes?: ChainStep[];
}

/** An image made ready for every image input of the model. */
export type { FeedImage };

export interface CalibrationImage extends FeedImage {
  sha256: string;
  bytes: number;
}

/** Per-layer error of the int8 model against the float model on one image (lib/quantize/probe). */
export interface ProbeReport {
  /** The image it was measured on. */
  image: string;
  /** In graph order; tensor ids are the float model's (floatTensor) and the int8 model's (tensor). */
  layers: LayerProbe[];
  /** int8 tensors with no float twin, by name. */
  unmatched: string[];
  ms: number;
  floatBackend: string;
}

export interface QuantizeRequest {
  images: CalibrationImage[];
  feeds: Record<string, ImageFeed>;
  observer: ObserverKind;
  inputType: IoType;
  outputType: IoType;
}

export interface QuantizedFile extends ConvertedFile {
  notes: string[];
  requantizeOps: number;
  backend: string;
  /** Accumulated per-layer error on the first calibration image; null when the probe failed (probeError says why). */
  probe: ProbeReport | null;
  probeError: string | null;
}

export type ByomRequest =
  | ({ type: 'open'; id: number } & OpenRequest)
  | { type: 'simulate'; id: number }
  | { type: 'convert'; id: number; fileName: string }
  | ({ type: 'quantize'; id: number; fileName: string } & QuantizeRequest)
  /** Measures the last quantized model again, on another image. */
  | { type: 'probe'; id: number; image: FeedImage };

export interface ByomFailure {
  message: string;
  /** ModelFormatError code, 'int8-unsupported', 'missing-range', … */
  code?: string;
  unsupported?: UnsupportedOpType[];
}

export type ByomResponse =
  | { type: 'progress'; id: number; done: number; total: number; phase: string }
  | { type: 'opened'; id: number; summary: ModelSummary }
  | { type: 'simulated'; id: number; targets: TargetRow[] }
  | { type: 'converted'; id: number; file: ConvertedFile }
  | { type: 'quantized'; id: number; file: QuantizedFile }
  | { type: 'probed'; id: number; report: ProbeReport }
  | { type: 'error'; id: number; failure: ByomFailure };
