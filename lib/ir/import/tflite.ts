// .tflite → IR Model. Builtins map through the shared table in
// lib/formats/tflite/ir-ops.ts; constant operands become attrs; anything the
// IR cannot express stays as a 'Custom' op carrying its options losslessly.

import { ModelFormatError } from '../../formats/errors';
import {
  builtinOperatorName,
  densify,
  effectiveBuiltinCode,
  encodeOperatorOptions,
  parseTflite,
  type TfliteModel,
  type TfliteOperator,
  type TfliteSubgraph,
  type TfliteTensor,
  type TfliteTensorType,
} from '../../formats/tflite';
import { mappingForBuiltin, normalizeAxis, type AttrContext, type Attrs, type OptionFields } from '../../formats/tflite/ir-ops';
import { OPERAND_ATTRS, type OpType } from '../attrs';
import type { AttrValue, DType, Graph, Model, Op, Quantization, Tensor, TensorData } from '../types';

const DTYPES: Partial<Record<TfliteTensorType, DType>> = {
  FLOAT32: 'float32', FLOAT16: 'float16', INT32: 'int32', UINT8: 'uint8', INT64: 'int64', STRING: 'string',
  BOOL: 'bool', INT16: 'int16', COMPLEX64: 'complex64', INT8: 'int8', FLOAT64: 'float64', COMPLEX128: 'complex128',
  UINT64: 'uint64', UINT32: 'uint32', UINT16: 'uint16', INT4: 'int4', BFLOAT16: 'bfloat16',
};

const DENSIFY = 'DENSIFY';

export function importTflite(bytes: Uint8Array): Model {
  const tfl = parseTflite(bytes);
  return {
    graphs: tfl.subgraphs.map((sg, s) => importSubgraph(tfl, sg, s)),
    sourceFormat: 'tflite',
    metadata: importMetadata(tfl),
  };
}

function tensorId(index: number): string {
  return `t${index}`;
}

function dtypeOf(t: TfliteTensor, where: string): DType {
  const d = DTYPES[t.type];
  if (!d) throw new ModelFormatError('unsupported', `tensor type ${t.type} has no IR dtype`, where);
  return d;
}

function importSubgraph(tfl: TfliteModel, sg: TfliteSubgraph, s: number): Graph {
  const where = `subgraph ${s}`;
  // DENSIFY of a sparse constant is folded here: the IR has no sparse tensors.
  const folded = new Map<number, Uint8Array>();
  const foldedOps = new Set<number>();
  sg.operators.forEach((op, oi) => {
    if (opName(tfl, op) !== DENSIFY || op.inputs.length !== 1 || op.outputs.length !== 1) return;
    const src = sg.tensors[op.inputs[0]];
    const data = tfl.buffers[src.buffer]?.data;
    if (!src.sparsity || !data?.length) return;
    folded.set(op.outputs[0], densify(src, data, `${where} / tensor ${op.inputs[0]}`));
    foldedOps.add(oi);
  });

  const tensors = new Map<string, Tensor>();
  const produced = new Set(sg.operators.flatMap((o) => o.outputs));
  sg.tensors.forEach((t, ti) => {
    const tw = `${where} / tensor ${ti}`;
    const raw = folded.get(ti) ?? (t.sparsity ? undefined : tfl.buffers[t.buffer]?.data);
    // A zero-element tensor nobody produces is an empty constant (e.g. RESHAPE to a scalar takes shape []).
    const empty = t.shape.includes(0) && !produced.has(ti) && !sg.inputs.includes(ti);
    tensors.set(tensorId(ti), importTensor(t, ti, raw && raw.length ? raw : empty ? new Uint8Array(0) : undefined, tw));
  });

  const ops: Op[] = [];
  sg.operators.forEach((op, oi) => {
    if (!foldedOps.has(oi)) ops.push(importOperator(tfl, sg, op, oi));
  });

  // Sparse sources of folded DENSIFY ops are no longer referenced; drop them.
  for (const oi of foldedOps) {
    const src = sg.operators[oi].inputs[0];
    const used = ops.some((o) => o.inputs.includes(tensorId(src))) || sg.outputs.includes(src);
    if (!used) tensors.delete(tensorId(src));
  }

  return {
    name: sg.name ?? `subgraph_${s}`,
    tensors,
    ops,
    inputs: sg.inputs.map(tensorId),
    outputs: sg.outputs.map(tensorId),
  };
}

function importTensor(t: TfliteTensor, index: number, raw: Uint8Array | undefined, where: string): Tensor {
  const dtype = dtypeOf(t, where);
  // shape_signature marks dynamic dims with -1, which is the IR's convention.
  const shape = t.shapeSignature && t.shapeSignature.length === t.shape.length ? [...t.shapeSignature] : [...t.shape];
  const tensor: Tensor = { id: tensorId(index), name: t.name ?? tensorId(index), shape, dtype };
  const q = t.quantization;
  if (q && q.scale.length > 0) {
    const quant: Quantization = { scale: [...q.scale], zeroPoint: q.zeroPoint.map(Number) };
    if (q.scale.length > 1) quant.axis = q.quantizedDimension;
    if (q.min.length) quant.min = [...q.min];
    if (q.max.length) quant.max = [...q.max];
    tensor.quant = quant;
  }
  if (raw) {
    const data = typedData(dtype, raw);
    if (data) tensor.data = data;
    else tensor.bytes = raw.slice();
  }
  return tensor;
}

/**
 * Copies constant bytes into the TypedArray of the dtype. TFLite buffers are
 * little-endian, as are all platforms JS runs on in practice.
 */
function typedData(dtype: DType, raw: Uint8Array): TensorData | undefined {
  const copy = raw.slice().buffer;
  switch (dtype) {
    case 'float32': return new Float32Array(copy);
    case 'float64': return new Float64Array(copy);
    case 'int8': return new Int8Array(copy);
    case 'uint8': return new Uint8Array(copy);
    case 'int16': return new Int16Array(copy);
    case 'uint16': return new Uint16Array(copy);
    case 'int32': return new Int32Array(copy);
    case 'uint32': return new Uint32Array(copy);
    case 'int64': return new BigInt64Array(copy);
    case 'uint64': return new BigUint64Array(copy);
    default: return undefined;
  }
}

function opName(tfl: TfliteModel, op: TfliteOperator): string {
  const code = tfl.operatorCodes[op.opcodeIndex];
  return builtinOperatorName(effectiveBuiltinCode(code)) ?? 'UNKNOWN';
}

/** Integer or float values of a constant tensor, or null when it is not a constant. */
function constantValues(tfl: TfliteModel, sg: TfliteSubgraph, index: number): number[] | null {
  const t = sg.tensors[index];
  if (!t || t.sparsity) return null;
  const raw = tfl.buffers[t.buffer]?.data;
  if (!raw || raw.length === 0) return t.shape.includes(0) ? [] : null;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: number[] = [];
  const step = t.type === 'INT64' ? 8 : t.type === 'INT32' || t.type === 'FLOAT32' ? 4 : t.type === 'INT16' ? 2 : t.type === 'INT8' || t.type === 'UINT8' ? 1 : 0;
  if (step === 0) return null;
  for (let p = 0; p + step <= raw.length; p += step) {
    switch (t.type) {
      case 'INT64': out.push(Number(view.getBigInt64(p, true))); break;
      case 'INT32': out.push(view.getInt32(p, true)); break;
      case 'FLOAT32': out.push(view.getFloat32(p, true)); break;
      case 'INT16': out.push(view.getInt16(p, true)); break;
      case 'INT8': out.push(view.getInt8(p)); break;
      default: out.push(view.getUint8(p));
    }
  }
  return out;
}

function importOperator(tfl: TfliteModel, sg: TfliteSubgraph, op: TfliteOperator, oi: number): Op {
  const code = tfl.operatorCodes[op.opcodeIndex];
  const builtin = builtinOperatorName(effectiveBuiltinCode(code));
  const id = `op${oi}`;
  const outputs = op.outputs.map(tensorId);
  const name = sg.tensors[op.outputs[0]]?.name ?? id;
  const ref = (i: number): string => (i < 0 ? '' : tensorId(i));

  const asCustom = (customCode: string, sourceFormat: string, options: Uint8Array | null): Op => ({
    id, type: 'Custom', name, inputs: op.inputs.map(ref), outputs,
    attrs: { customCode, options, sourceFormat },
  });

  if (builtin === 'CUSTOM' || builtin === undefined) {
    return asCustom(code.customCode ?? '', 'tflite', op.customOptions ? op.customOptions.slice() : null);
  }
  // Builtins the IR cannot express keep their options as an encoded Operator table.
  const keepBuiltin = (): Op => asCustom(builtin, 'tflite-builtin', encodeOperatorOptions(op));

  const mapping = mappingForBuiltin(builtin);
  if (!mapping) return keepBuiltin();

  const shapeOf = (i: number | undefined): number[] | null => {
    const t = i === undefined || i < 0 ? undefined : sg.tensors[i];
    return t ? (t.shapeSignature && t.shapeSignature.length === t.shape.length ? t.shapeSignature : t.shape) : null;
  };
  const ctx: AttrContext = {
    inputShape: (i) => shapeOf(op.inputs[i]),
    outputShape: (i) => shapeOf(op.outputs[i]),
    outputDtype: (i) => {
      const t = sg.tensors[op.outputs[i]];
      return t ? (DTYPES[t.type] ?? null) : null;
    },
  };

  // Constant operands → attrs; non-constant ones stay as trailing inputs when the IR allows it.
  const operandAttrs: Attrs = {};
  const trailing: string[] = [];
  const deferrable = OPERAND_ATTRS[mapping.ir as OpType] ?? [];
  const dataRank = shapeOf(op.inputs[mapping.dataInputs?.[0] ?? 0])?.length ?? null;
  for (const spec of mapping.operands ?? []) {
    const idx = op.inputs[spec.input];
    if (idx === undefined || idx < 0) continue;
    const values = constantValues(tfl, sg, idx);
    if (values === null) {
      if (!deferrable.includes(spec.attr)) return keepBuiltin();
      trailing.push(tensorId(idx));
      continue;
    }
    const rank = spec.normalize === 'axis+1' ? (dataRank === null ? null : dataRank + 1) : dataRank;
    const norm = spec.normalize ? values.map((v) => normalizeAxis(v, rank)) : values;
    if (spec.scalar) {
      if (norm.length !== 1) return keepBuiltin();
      operandAttrs[spec.attr] = norm[0];
    } else {
      operandAttrs[spec.attr] = norm;
    }
  }

  const options: OptionFields = op.builtinOptions && op.builtinOptions.table !== 'unknown' ? { ...op.builtinOptions } : {};
  const attrs = mapping.attrs(options, ctx, operandAttrs);
  if (attrs === null) return keepBuiltin();

  const operandInputs = new Set((mapping.operands ?? []).map((o) => o.input));
  const dataInputs = mapping.dataInputs ?? op.inputs.map((_, i) => i).filter((i) => !operandInputs.has(i));
  // Optional inputs the file omitted (e.g. no bias) are left out, unless deferred
  // operands follow and need every data slot ('' for the missing ones).
  const present = trailing.length ? dataInputs : dataInputs.filter((i) => i < op.inputs.length);
  const inputs = present.map((i) => ref(op.inputs[i] ?? -1));

  return { id, type: mapping.ir, name, inputs: [...inputs, ...trailing], outputs, attrs: attrs as Record<string, AttrValue> };
}

function importMetadata(tfl: TfliteModel): Record<string, string> {
  const out: Record<string, string> = { schemaVersion: String(tfl.version) };
  if (tfl.description) out.description = tfl.description;
  for (const m of tfl.metadata) {
    const data = tfl.buffers[m.buffer]?.data;
    if (!m.name || !data) continue;
    out[`metadata.${m.name}`] = printable(data) ?? `<${data.length} bytes>`;
  }
  if (tfl.signatureDefs.length) out.signatures = tfl.signatureDefs.map((s) => s.signatureKey ?? '').join(',');
  return out;
}

/** Text of a metadata buffer when it is short printable ASCII (e.g. "1.14.0"), else null. */
function printable(data: Uint8Array): string | null {
  const end = data.indexOf(0) === -1 ? data.length : data.indexOf(0);
  if (end > 256 || data.subarray(end).some((b) => b !== 0)) return null;
  let s = '';
  for (let i = 0; i < end; i++) {
    if (data[i] < 32 || data[i] > 126) return null;
    s += String.fromCharCode(data[i]);
  }
  return s;
}
