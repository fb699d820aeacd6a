// Node-only: onnxruntime-node as the reference for ONNX models.

import * as ort from 'onnxruntime-node';

export interface OrtValue {
  data: Float32Array | BigInt64Array | Int32Array;
  shape: number[];
}

export async function runOnnxReference(
  bytes: Uint8Array, feeds: Record<string, OrtValue>,
): Promise<Record<string, { shape: number[]; data: Float32Array }>> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 2, graphOptimizationLevel: 'all' });
  try {
    const tensors: Record<string, ort.Tensor> = {};
    for (const [name, v] of Object.entries(feeds)) {
      const type = v.data instanceof Float32Array ? 'float32' : v.data instanceof BigInt64Array ? 'int64' : 'int32';
      tensors[name] = new ort.Tensor(type, v.data, v.shape);
    }
    const out = await session.run(tensors);
    const result: Record<string, { shape: number[]; data: Float32Array }> = {};
    for (const [name, t] of Object.entries(out)) {
      result[name] = { shape: [...t.dims], data: Float32Array.from(t.data as Float32Array) };
    }
    return result;
  } finally {
    await session.release();
  }
}
