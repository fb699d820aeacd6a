// Graph inputs frozen to constants at import (`inputValues`, e.g. Silero's
// sr = 16000). A frozen input becomes a host constant instead of a graph
// input, so host folding sees it: conditions computed from it fold, and an If
// on it is inlined (ops/control.ts), leaving only the taken branch.
import { ModelFormatError } from '../../errors';
import type { OnnxGraph } from '../types';
import type { HostTensor } from './host';
import { elementCount, irDType } from './host';
import { hostFromNumbers } from './host-eval';

/** Model.metadata key prefix recording an input frozen at import; value: its values, comma-separated. */
export const FROZEN_INPUT_KEY = 'frozen-input:';

/**
 * The constant for a frozen input. Its shape is the declared (or fixed)
 * shape; a rank-1 input with an unknown length takes the number of values.
 */
export function frozenInputTensor(elemType: number, shape: number[] | null, values: number[], where: string): HostTensor {
  const dtype = irDType(elemType, where);
  const dims = shape === null ? (values.length === 1 ? [] : [values.length]) : shape.length === 1 && shape[0] < 0 ? [values.length] : shape;
  if (dims.some((d) => d < 0)) {
    throw new ModelFormatError('bad-shape', `cannot freeze an input of shape [${dims.join(', ')}]: fix its shape too (inputShapes)`, where);
  }
  if (elementCount(dims) !== values.length) {
    throw new ModelFormatError('bad-value', `${values.length} value(s) given for an input of shape [${dims.join(', ')}] (${elementCount(dims)} elements)`, where);
  }
  const host = hostFromNumbers(dtype, dims, values);
  if (!host) throw new ModelFormatError('unsupported', `cannot freeze a ${dtype} input`, where);
  return host;
}

/** Rejects inputValues names that are not inputs of the graph (typos would otherwise pass silently). */
export function checkFrozenNames(g: OnnxGraph, inputValues: Record<string, number[]> | undefined, where: string): void {
  const names = new Set(g.inputs.map((vi) => vi.name));
  for (const name of Object.keys(inputValues ?? {})) {
    if (!names.has(name)) throw new ModelFormatError('bad-value', `inputValues names '${name}', which is not a graph input (inputs: ${[...names].join(', ')})`, where);
  }
}
