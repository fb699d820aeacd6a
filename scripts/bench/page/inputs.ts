// Input tensors for a case, made on the page the way the run panel makes
// them: images drawn into the feed's canvas (lib/engines/frame)
// and turned into tensors by lib/engines/preprocess imageToTensor; audio
// features come ready-made from the Node side (the zoo's own feed code).
// Artifacts may want another layout or int8 values: converted here, before
// any timing, by the run panel's own boundary code.

import { fetchImage } from '../../../components/demo/decode-image';
import { toVariantInput } from '../../../lib/engines/boundary';
import { feedPixels } from '../../../lib/engines/frame';
import { imageToTensor } from '../../../lib/engines/preprocess';
import type { EngineTensor } from '../../../lib/engines/types';
import type { InputPlan } from '../cases';
import { fetchBytes } from './files';

async function makeTensor(plan: Exclude<InputPlan, { kind: 'value' }>): Promise<EngineTensor> {
  if (plan.kind === 'image') {
    const bitmap = await fetchImage(plan.sample);
    try {
      const t = imageToTensor(feedPixels(bitmap, plan.feed), plan.feed, plan.name);
      return plan.to ? toVariantInput(t, plan.to) : t;
    } finally {
      bitmap.close();
    }
  }
  const bytes = await fetchBytes(plan.href);
  const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const expected = plan.shape.reduce((a, b) => a * b, 1);
  if (data.length !== expected) throw new Error(`${plan.href} holds ${data.length} values, shape ${plan.shape.join('×')} needs ${expected}`);
  const t: EngineTensor = { name: plan.name, shape: plan.shape, dtype: 'float32', data };
  return plan.to ? toVariantInput(t, plan.to) : t;
}

/** Every input but the frozen values (the worker fills those in once it knows the model's dtypes). */
export async function makeTensors(plans: readonly InputPlan[]): Promise<EngineTensor[]> {
  const out: EngineTensor[] = [];
  for (const p of plans) if (p.kind !== 'value') out.push(await makeTensor(p));
  return out;
}
