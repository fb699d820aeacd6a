// The source formats' own runtimes, as references for exported files.
// Node-only: onnxruntime-node and TF.js (cpu backend) read files from disk.

import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { diskHandler } from '../../../exec/testing/tfjs-reference';

export interface RefTensor {
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array | Int8Array;
  shape: number[];
}

/** Runs an ONNX file in onnxruntime-node; outputs in the session's output order. */
export async function runOnnxRuntime(file: string, feeds: Record<string, RefTensor>): Promise<(RefTensor & { name: string })[]> {
  const session = await ort.InferenceSession.create(file);
  try {
    const inputs: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      const type = t.data instanceof Float32Array ? 'float32' : t.data instanceof Int32Array ? 'int32' : t.data instanceof BigInt64Array ? 'int64' : t.data instanceof Int8Array ? 'int8' : 'uint8';
      inputs[name] = new ort.Tensor(type, t.data, t.shape);
    }
    const out = await session.run(inputs);
    return session.outputNames.map((name) => {
      const t = out[name];
      const data = t.data;
      if (!(data instanceof Float32Array || data instanceof Int32Array || data instanceof BigInt64Array || data instanceof Uint8Array)) {
        throw new Error(`output ${name}: unsupported type ${t.type}`);
      }
      return { name, data, shape: [...t.dims] };
    });
  } finally {
    await session.release();
  }
}


/**
 * Runs a TF.js graph model on the tfjs cpu backend. `outputs` are graph node
 * names (default: the model's signature outputs), returned in that order.
 */
export async function runTfjsGraph(modelJson: string, inputs: RefTensor[], outputs?: string[]): Promise<(RefTensor & { name: string })[]> {
  await tf.setBackend('cpu');
  await tf.ready();
  const model = await tf.loadGraphModel(diskHandler(modelJson));
  try {
    const feeds = inputs.map((t) => tf.tensor(t.data instanceof BigInt64Array ? Int32Array.from(t.data, Number) : t.data, t.shape, t.data instanceof Float32Array ? 'float32' : 'int32'));
    const names = outputs ?? model.outputs.map((o) => o.name);
    const result = model.execute(feeds.length === 1 ? feeds[0] : feeds, names);
    const list = Array.isArray(result) ? result : [result];
    const out = await Promise.all(list.map(async (t, i) => {
      const data = await t.data();
      return { name: names[i], shape: [...t.shape], data: data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint8Array ? data : Float32Array.from(data as ArrayLike<number>) };
    }));
    tf.dispose([...feeds, ...list]);
    return out;
  } finally {
    model.dispose();
  }
}

/** Permutes a dense row-major array: out[i] = in[perm-mapped i]. */
export function transpose<T extends RefTensor['data']>(data: T, shape: number[], perm: number[]): { data: T; shape: number[] } {
  const outShape = perm.map((p) => shape[p]);
  const inStrides = shape.map((_, i) => shape.slice(i + 1).reduce((a, d) => a * d, 1));
  const ctor = data.constructor as new (n: number) => T;
  const out = new ctor(data.length);
  const idx = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < data.length; o++) {
    let src = 0;
    for (let k = 0; k < perm.length; k++) src += idx[k] * inStrides[perm[k]];
    (out as unknown as number[])[o] = (data as unknown as number[])[src];
    for (let k = perm.length - 1; k >= 0; k--) {
      if (++idx[k] < outShape[k]) break;
      idx[k] = 0;
    }
  }
  return { data: out, shape: outShape };
}

/** max |a − b|, the reference's max − min (the tolerance scale) and its largest magnitude. */
export function compareOutputs(actual: ArrayLike<number>, reference: ArrayLike<number>): { maxAbs: number; range: number; maxMagnitude: number } {
  if (actual.length !== reference.length) throw new Error(`length ${actual.length} vs reference ${reference.length}`);
  let maxAbs = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < reference.length; i++) {
    const r = Number(reference[i]);
    maxAbs = Math.max(maxAbs, Math.abs(Number(actual[i]) - r));
    lo = Math.min(lo, r);
    hi = Math.max(hi, r);
  }
  return { maxAbs, range: hi - lo, maxMagnitude: Math.max(Math.abs(lo), Math.abs(hi)) };
}
