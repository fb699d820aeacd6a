// IR-level preparation for TFLite export, on a copy of the model so the
// caller's IR is left alone:
//  - Dequantize of a constant (float16 or int8/uint8 weights) is folded to a
//    float32 constant, so a float32 export is plain float32;
//  - ONNX Clip with tensor bounds (kept as Custom because its bounds are not
//    constants) becomes Maximum/Minimum, which TFLite has;
//  - shapes are inferred again (the rewrites make more of them known), and
//    tensors with unknown dims other than the batch are refused by name.

import { ModelFormatError } from '../../formats/errors';
import { elementCount, isConstant, readConstantValues } from '../dtype';
import { cloneGraph } from '../graph';
import { inferShapes } from '../infer';
import type { Graph, Model, Op, Tensor } from '../types';

export function prepareForTflite(model: Model): Model {
  const copy: Model = { ...model, metadata: { ...model.metadata }, graphs: model.graphs.map((g) => cloneGraph(g)) };
  for (const graph of copy.graphs) {
    foldConstantDequantize(graph);
    lowerOnnxClip(graph);
  }
  inferShapes(copy);
  assertStaticShapes(copy);
  return copy;
}

/** Dequantized values of a constant, or null when it is not one we can read. */
function dequantizedValues(t: Tensor): Float32Array | null {
  const values = readConstantValues(t);
  if (!values) return null;
  const q = t.quant;
  if (!q || q.scale.length === 0) return Float32Array.from(values);
  const out = new Float32Array(values.length);
  if (q.scale.length === 1) {
    for (let i = 0; i < values.length; i++) out[i] = (values[i] - (q.zeroPoint[0] ?? 0)) * q.scale[0];
    return out;
  }
  // Per-channel: the channel index of element i along `axis` (row-major).
  const axis = q.axis ?? 0;
  const inner = t.shape.slice(axis + 1).reduce((a, d) => a * d, 1);
  const channels = t.shape[axis] ?? q.scale.length;
  for (let i = 0; i < values.length; i++) {
    const c = Math.floor(i / inner) % channels;
    out[i] = (values[i] - (q.zeroPoint[c] ?? 0)) * q.scale[c];
  }
  return out;
}

function foldConstantDequantize(graph: Graph): void {
  const folded = new Set<Op>();
  for (const op of graph.ops) {
    if (op.type !== 'Dequantize') continue;
    const src = graph.tensors.get(op.inputs[0] ?? '');
    const dst = graph.tensors.get(op.outputs[0] ?? '');
    if (!src || !dst || !isConstant(src) || dst.dtype !== 'float32') continue;
    const values = dequantizedValues(src);
    if (!values || elementCount(dst.shape) !== values.length) continue;
    dst.data = values;
    delete dst.bytes;
    delete dst.quant;
    folded.add(op);
  }
  if (folded.size) graph.ops = graph.ops.filter((op) => !folded.has(op));
}

/** ONNX Clip(x, min?, max?) = Minimum(Maximum(x, min), max). */
function lowerOnnxClip(graph: Graph): void {
  const ops: Op[] = [];
  for (const op of graph.ops) {
    if (op.type !== 'Custom' || op.attrs.customCode !== 'Clip' || op.attrs.sourceFormat !== 'onnx') {
      ops.push(op);
      continue;
    }
    const [x, lo = '', hi = ''] = op.inputs;
    const out = op.outputs[0];
    let current = x;
    const bounds: [string, 'Maximum' | 'Minimum'][] = [[lo, 'Maximum'], [hi, 'Minimum']];
    const present = bounds.filter(([id]) => id !== '');
    if (present.length === 0) {
      ops.push({ ...op, type: 'Clip', inputs: [x], attrs: { min: -Infinity, max: Infinity } });
      continue;
    }
    present.forEach(([bound, type], k) => {
      const last = k === present.length - 1;
      let target = out;
      if (!last) {
        const src = graph.tensors.get(out);
        target = `${out}_${type.toLowerCase()}`;
        graph.tensors.set(target, { id: target, name: `${src?.name ?? out}/${type}`, shape: src ? src.shape.map(() => -1) : [], dtype: src?.dtype ?? 'float32' });
      }
      ops.push({ id: `${op.id}_${type}`, type, name: `${op.name}/${type}`, inputs: [current, bound], outputs: [target], attrs: {} });
      current = target;
    });
  }
  graph.ops = ops;
}

/** Refuses tensors whose dims stay unknown beyond the batch dim, naming them. */
function assertStaticShapes(model: Model): void {
  const bad: string[] = [];
  model.graphs.forEach((graph, g) => {
    const used = new Set([...graph.inputs, ...graph.outputs, ...graph.ops.flatMap((op) => [...op.inputs, ...op.outputs])]);
    for (const t of graph.tensors.values()) {
      if (isConstant(t) || !used.has(t.id)) continue;
      if (t.shape.some((d, i) => d < 0 && i > 0)) bad.push(`${g ? `graph ${g} ` : ''}${t.name} [${t.shape.join(',')}]`);
    }
  });
  if (bad.length) {
    const shown = bad.length > 12 ? [...bad.slice(0, 12), `… ${bad.length - 12} more`] : bad;
    throw new ModelFormatError('bad-shape', `cannot export tensors with unknown dims (other than batch); fix the input shapes (--input-shape): ${shown.join('; ')}`);
  }
}
