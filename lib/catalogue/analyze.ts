import { readTfjsModel } from '../formats/tfjs';
import { dataTypeName, readOnnx, type OnnxValueInfo } from '../formats/onnx';
import type { TfjsWeight } from '../formats/tfjs';
import { summarizeModel } from '../ir/accounting';
import { inferShapes } from '../ir/infer';
import { loadModel, type ModelFiles } from '../ir/load';
import type { Model, SourceFormat } from '../ir/types';
import type { GraphStats, TensorSummary } from './manifest';

// The figures a model page shows, measured from the model file: imported into
// the IR, shapes inferred (with the recipe's fixed input shapes), counted.
// Weights are reported in the dtype they are stored in, not the dtype they
// are computed in (MediaPipe's float16 weights, TF.js's float16 shards).

const STORED_BYTES: Record<string, number> = { float16: 2, uint8: 1, uint16: 2, bool: 1 };

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

export function analyzeGraph(files: ModelFiles & { format: SourceFormat }): GraphStats {
  return analyzeModel(files).stats;
}

/** The figures, and the imported model with its shapes inferred (for the simulator). */
export function analyzeModel(files: ModelFiles & { format: SourceFormat }): { stats: GraphStats; model: Model } {
  const model = loadModel(files);
  inferShapes(model, files.format === 'onnx' ? {} : { inputShapes: files.inputShapes });
  const summary = summarizeModel(model);

  let weightBytesByDtype: Record<string, number> = { ...summary.weightBytesByDtype };
  let weightBytes = summary.weightBytes;
  if (files.format === 'tfjs') {
    // The IR holds dequantized float32; report the shards as the manifest stores them.
    const entry = files.readFile(basename(files.entry));
    const stored = entry ? readTfjsModel(entry, (p) => files.readFile(p)).weights : new Map<string, TfjsWeight>();
    weightBytesByDtype = {};
    weightBytes = 0;
    for (const w of stored.values()) {
      const elems = w.shape.reduce((a, d) => a * d, 1);
      const dtype = w.quantization?.dtype ?? w.dtype;
      const bytes = elems * (STORED_BYTES[dtype] ?? 4);
      weightBytesByDtype[dtype] = (weightBytesByDtype[dtype] ?? 0) + bytes;
      weightBytes += bytes;
    }
  }

  const signature = files.format === 'onnx' ? onnxSignature(files, summary.inputs, summary.outputs) : undefined;

  const custom = new Set<string>();
  for (const g of model.graphs) {
    for (const op of g.ops) if (op.type === 'Custom') custom.add(String(op.attrs.customCode));
  }
  const stats: GraphStats = {
    inputs: signature?.inputs ?? summary.inputs.map(({ name, shape, dtype, quant }) => ({ name, shape, dtype, ...(quant ? { quant } : {}) })),
    outputs: signature?.outputs ?? summary.outputs.map(({ name, shape, dtype, quant }) => ({ name, shape, dtype, ...(quant ? { quant } : {}) })),
    params: summary.params,
    macs: summary.macs,
    weightBytes,
    weightBytesByDtype,
    opCount: summary.opCount,
    opHistogram: summary.opHistogram,
    unsupportedOps: [...custom].sort(),
  };
  return { stats, model };
}

/**
 * ONNX models are shown with the signature a user feeds them (the file's own
 * layout, usually NCHW), not the IR's NHWC view. Dynamic dims come from the
 * recipe's fixed input shapes, or from the inferred IR shape mapped back.
 */
function onnxSignature(
  files: ModelFiles,
  irInputs: TensorSummary[],
  irOutputs: TensorSummary[],
): { inputs: TensorSummary[]; outputs: TensorSummary[] } | undefined {
  const bytes = files.readFile(basename(files.entry));
  if (!bytes) return undefined;
  const { graph } = readOnnx(bytes);
  const initializers = new Set(graph.initializers.map((t) => t.name));
  // Inputs frozen at import (files.inputValues) are part of the model now, not something a user feeds.
  const frozen = new Set(Object.keys(files.inputValues ?? {}));
  const declared = (v: OnnxValueInfo): number[] | null =>
    v.type.kind === 'tensor' && v.type.shape ? v.type.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : -1)) : null;
  const fill = (dims: number[] | null, ir: TensorSummary | undefined): number[] => {
    if (!ir) return dims ?? [];
    if (!dims) return ir.shape;
    const fits = (cand: number[]) => cand.length === dims.length && dims.every((d, i) => d < 0 || d === cand[i]);
    const nchw = ir.shape.length === 4 ? [ir.shape[0], ir.shape[3], ir.shape[1], ir.shape[2]] : ir.shape;
    const match = [ir.shape, nchw].find(fits);
    return match ? dims.map((d, i) => (d >= 0 ? d : match[i])) : dims;
  };
  const summarize = (v: OnnxValueInfo, ir: TensorSummary | undefined, fixed?: number[]): TensorSummary => ({
    name: v.name,
    shape: fixed ?? fill(declared(v), ir),
    dtype: ir?.dtype ?? (v.type.kind === 'tensor' ? dataTypeName(v.type.elemType) : v.type.kind),
  });
  return {
    inputs: graph.inputs
      .filter((v) => !initializers.has(v.name) && !frozen.has(v.name))
      .map((v) => summarize(v, irInputs.find((t) => t.name === v.name), files.inputShapes?.[v.name])),
    outputs: graph.outputs.map((v) => summarize(v, irOutputs.find((t) => t.name === v.name))),
  };
}
