// Cross-reference checks on a decoded TfliteModel: every index points at
// something that exists, op codes are known, and constant buffers have the
// size their tensor's shape and type imply. Run by parseTflite and writeTflite.

import { ModelFormatError } from '../errors';
import { builtinOperatorName, TENSOR_TYPE_BITS } from './schema';
import type { BuiltinOptions } from './option-tables';
import type { TfliteModel, TfliteOperatorCode, TfliteTensor } from './types';

/** TFLite stores the real code in whichever field is larger (schema 3a rule). */
export function effectiveBuiltinCode(code: TfliteOperatorCode): number {
  return Math.max(code.deprecatedBuiltinCode, code.builtinCode);
}

export function validateTflite(model: TfliteModel): void {
  model.operatorCodes.forEach((code, i) => {
    const n = effectiveBuiltinCode(code);
    if (builtinOperatorName(n) === undefined) {
      throw new ModelFormatError('unknown-op', `unknown builtin operator code ${n}`, `operator code ${i}`);
    }
  });

  const nBuffers = model.buffers.length;
  const nSubgraphs = model.subgraphs.length;
  model.subgraphs.forEach((sg, s) => {
    const nTensors = sg.tensors.length;
    const tensorRef = (idx: number, where: string, optional: boolean): void => {
      if (optional && idx === -1) return;
      if (!(idx >= 0 && idx < nTensors)) {
        throw new ModelFormatError('out-of-range', `tensor index ${idx} is out of range (${nTensors} tensors)`, where);
      }
    };
    sg.tensors.forEach((t, ti) => {
      const where = `subgraph ${s} / tensor ${ti}`;
      if (t.buffer >= nBuffers) {
        throw new ModelFormatError('out-of-range', `buffer index ${t.buffer} is out of range (${nBuffers} buffers)`, where);
      }
      for (const d of t.shape) {
        if (d < -1) throw new ModelFormatError('bad-shape', `shape [${t.shape}] has a negative dimension`, where);
      }
      checkQuantization(t, where);
      checkBufferSize(t, model.buffers[t.buffer]?.data.length ?? 0, where);
    });
    sg.inputs.forEach((idx, i) => tensorRef(idx, `subgraph ${s} / input ${i}`, false));
    sg.outputs.forEach((idx, i) => tensorRef(idx, `subgraph ${s} / output ${i}`, false));
    sg.operators.forEach((op, oi) => {
      const where = `subgraph ${s} / operator ${oi}`;
      if (op.opcodeIndex >= model.operatorCodes.length) {
        throw new ModelFormatError('unknown-op', `opcode index ${op.opcodeIndex} is out of range (${model.operatorCodes.length} operator codes)`, where);
      }
      op.inputs.forEach((idx, i) => tensorRef(idx, `${where} / input ${i}`, true));
      op.outputs.forEach((idx, i) => tensorRef(idx, `${where} / output ${i}`, false));
      op.intermediates.forEach((idx, i) => tensorRef(idx, `${where} / intermediate ${i}`, false));
      checkSubgraphRefs(op.builtinOptions, nSubgraphs, where);
      checkSubgraphRefs(op.builtinOptions2, nSubgraphs, where);
    });
  });

  model.metadata.forEach((m, i) => {
    if (m.buffer >= nBuffers) throw new ModelFormatError('out-of-range', `buffer index ${m.buffer} is out of range`, `metadata ${i}`);
  });
  model.metadataBuffer.forEach((b, i) => {
    if (!(b >= 0 && b < nBuffers)) throw new ModelFormatError('out-of-range', `buffer index ${b} is out of range`, `metadata_buffer ${i}`);
  });
  model.signatureDefs.forEach((sig, i) => {
    const where = `signature ${i}`;
    const sg = model.subgraphs[sig.subgraphIndex];
    if (!sg) throw new ModelFormatError('out-of-range', `subgraph index ${sig.subgraphIndex} is out of range`, where);
    for (const m of [...sig.inputs, ...sig.outputs]) {
      if (m.tensorIndex >= sg.tensors.length) {
        throw new ModelFormatError('out-of-range', `tensor index ${m.tensorIndex} of "${m.name ?? ''}" is out of range`, where);
      }
    }
  });
}

/** Any option field that names a subgraph (IF, WHILE, CALL_ONCE, StableHLO regions) must point at one. */
function checkSubgraphRefs(options: BuiltinOptions | null, nSubgraphs: number, where: string): void {
  if (!options || options.table === 'unknown') return;
  for (const [name, value] of Object.entries(options)) {
    if ((name.endsWith('subgraph_index') || name === 'subgraph') && typeof value === 'number') {
      if (!(value >= 0 && value < nSubgraphs)) {
        throw new ModelFormatError('out-of-range', `${options.table}.${name} = ${value} but there are ${nSubgraphs} subgraphs`, where);
      }
    }
  }
}

function checkQuantization(t: TfliteTensor, where: string): void {
  const q = t.quantization;
  if (!q || q.scale.length <= 1) return;
  if (t.shape.length > 0 && !(q.quantizedDimension >= 0 && q.quantizedDimension < t.shape.length)) {
    throw new ModelFormatError('bad-value', `quantized_dimension ${q.quantizedDimension} is outside shape [${t.shape}]`, where);
  }
}

/** A constant's byte count must match shape × element size (sub-byte types may be packed or not). */
function checkBufferSize(t: TfliteTensor, byteLength: number, where: string): void {
  const bits = TENSOR_TYPE_BITS[t.type];
  if (byteLength === 0 || bits === 0 || t.sparsity) return;
  let count = 1;
  for (const d of t.shape) {
    if (d < 0) throw new ModelFormatError('bad-shape', `constant tensor has unknown dimension in shape [${t.shape}]`, where);
    count *= d;
    // Stop early: the product can only grow past a size the buffer could match.
    if (count > byteLength * 8) break;
  }
  const packed = Math.ceil((count * bits) / 8);
  const ok = packed === byteLength || (bits < 8 && count === byteLength);
  if (!ok) {
    throw new ModelFormatError(
      'bad-buffer',
      `buffer ${t.buffer} has ${byteLength} bytes but shape [${t.shape}] of ${t.type} needs ${count > byteLength * 8 ? `more than ${byteLength * 8}` : packed}`,
      where,
    );
  }
}
