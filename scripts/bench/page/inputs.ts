// Input tensors for a case, made on the page the way the run panel makes
// them: images drawn into the feed's canvas (lib/engines/frame)
// and turned into tensors by lib/engines/preprocess imageToTensor; audio
// features come ready-made from the Node side (the zoo's own feed code).
// Artifacts may want another layout or int8 values; that conversion happens
// here too, before any timing.

import { fetchImage } from '../../../components/demo/decode-image';
import { transpose } from '../../../lib/engines/boundary';
import { feedPixels } from '../../../lib/engines/frame';
import { imageToTensor } from '../../../lib/engines/preprocess';
import type { EngineTensor, TensorData } from '../../../lib/engines/types';
import type { ArtifactInput, InputPlan } from '../cases';
import { fetchBytes } from './files';

/**
 * Quantized values carried in an Int32Array: TfliteEngine feeds inputs through tfjs-core tensors,
 * whose tf.tensor() rejects Int8Array; the runtime narrows them into its int8/uint8 input tensor.
 */
function quantize(data: ArrayLike<number>, q: NonNullable<ArtifactInput['quant']>): Int32Array {
  const [lo, hi] = q.dtype === 'int8' ? [-128, 127] : [0, 255];
  return Int32Array.from(data, (v) => Math.min(hi, Math.max(lo, Math.round(v / q.scale) + q.zeroPoint)));
}

/** The feed's tensor as a converted artifact takes it. */
export function toArtifact(t: EngineTensor, to: ArtifactInput | undefined): EngineTensor {
  if (!to) return t;
  let data: TensorData = t.data;
  let shape = t.shape;
  if (to.perm) {
    if (!(data instanceof Float32Array || data instanceof Int32Array)) throw new Error(`input ${t.name}: cannot permute ${t.dtype}`);
    ({ data, shape } = transpose(data, shape, to.perm));
  }
  if (to.quant) {
    if (data instanceof BigInt64Array) throw new Error(`input ${t.name}: cannot quantize int64`);
    return { name: t.name, shape, dtype: to.quant.dtype, data: quantize(data, to.quant) };
  }
  return { ...t, shape, data };
}

async function makeTensor(plan: Exclude<InputPlan, { kind: 'value' }>): Promise<EngineTensor> {
  if (plan.kind === 'image') {
    const bitmap = await fetchImage(plan.sample);
    try {
      return toArtifact(imageToTensor(feedPixels(bitmap, plan.feed), plan.feed, plan.name), plan.to);
    } finally {
      bitmap.close();
    }
  }
  const bytes = await fetchBytes(plan.href);
  const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const expected = plan.shape.reduce((a, b) => a * b, 1);
  if (data.length !== expected) throw new Error(`${plan.href} holds ${data.length} values, shape ${plan.shape.join('×')} needs ${expected}`);
  return toArtifact({ name: plan.name, shape: plan.shape, dtype: 'float32', data }, plan.to);
}

/** Every input but the frozen values (the worker fills those in once it knows the model's dtypes). */
export async function makeTensors(plans: readonly InputPlan[]): Promise<EngineTensor[]> {
  const out: EngineTensor[] = [];
  for (const p of plans) if (p.kind !== 'value') out.push(await makeTensor(p));
  return out;
}
