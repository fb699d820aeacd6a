// Frozen inputs (a recipe's inputValues, e.g. Silero's sr = 16000) as tensors
// of whatever dtype the loaded model declares for them.

import type { EngineTensor } from '../../../lib/engines/types';
import type { InputPlan } from '../cases';

export type ValuePlan = Extract<InputPlan, { kind: 'value' }>;

export function valueTensor(plan: ValuePlan, dtype: string): EngineTensor {
  const { name, values } = plan;
  const shape = values.length === 1 ? [] : [values.length];
  switch (dtype) {
    case 'int64':
      return { name, shape, dtype: 'int64', data: BigInt64Array.from(values, (v) => BigInt(v)) };
    case 'int32':
      return { name, shape, dtype: 'int32', data: Int32Array.from(values) };
    case 'float32':
      return { name, shape, dtype: 'float32', data: Float32Array.from(values) };
    default:
      throw new Error(`frozen input ${name} is ${dtype}, which the bench cannot fill`);
  }
}

export function valuePlans(inputs: readonly InputPlan[]): ValuePlan[] {
  return inputs.filter((i): i is ValuePlan => i.kind === 'value');
}
