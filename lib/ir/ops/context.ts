// Builds what a rule sees of one op in a graph: tensor infos with lazily
// read values, and attrs with operand attrs resolved from constant inputs.

import { ModelFormatError } from '../../formats/errors';
import { elementCount, isConstant, readConstantValues } from '../dtype';
import type { AttrValue, Graph, Model, Op, Tensor } from '../types';
import { checkAttr } from './attr-schema';
import { operandAttrs, requireOpDef } from './index';
import { where } from './shape-utils';
import type { AttrKind, ConstValue, OpContext, OpDef, TensorInfo } from './types';
import { knownInts } from './values';

export interface ContextOptions {
  /** Values computed so far (possibly partial, NaN = unknown element), by tensor id. */
  values?: ReadonlyMap<string, ConstValue>;
  /** Largest constant (in elements) whose contents a rule may read. */
  maxValueElements?: number;
  model?: Model;
}

export function constantValue(t: Tensor, maxElements: number): ConstValue | null {
  if (!isConstant(t)) return null;
  const n = elementCount(t.shape);
  if (n === null || n > maxElements) return null;
  const values = readConstantValues(t);
  return values ? { dtype: t.dtype, shape: [...t.shape], values } : null;
}

export function tensorInfo(t: Tensor, opts: ContextOptions = {}): TensorInfo {
  let cached: ConstValue | null | undefined;
  return {
    id: t.id,
    shape: t.shape,
    dtype: t.dtype,
    quant: t.quant,
    isConstant: isConstant(t),
    value() {
      if (cached === undefined) cached = opts.values?.get(t.id) ?? constantValue(t, opts.maxValueElements ?? Infinity);
      return cached;
    },
  };
}

export function lookupTensor(graph: Graph, op: Op, id: string): Tensor {
  const t = graph.tensors.get(id);
  if (!t) throw new ModelFormatError('dangling-tensor', `tensor ${id} does not exist`, where(op));
  return t;
}

/** Index of each operand attr's input, for ops that may carry operands as inputs. */
export function operandInputIndex(def: OpDef, op: Op): Map<string, number> {
  const names = operandAttrs(op.type);
  const start = def.operandStart ?? op.inputs.length;
  return new Map(names.map((name, k) => [name, start + k]));
}

export function buildContext(op: Op, graph: Graph, opts: ContextOptions = {}): OpContext {
  const def = requireOpDef(op);
  const inputs = op.inputs.map((id) => (id === '' ? undefined : tensorInfo(lookupTensor(graph, op, id), opts)));
  const outputs = op.outputs.map((id) => tensorInfo(lookupTensor(graph, op, id), opts));
  const attrs: Record<string, AttrValue> = {};
  const partial = new Map<string, number[]>();
  const operandIndex = operandInputIndex(def, op);
  for (const [name, kind] of Object.entries(def.attrs as Record<string, AttrKind>)) {
    const idx = operandIndex.get(name);
    const carrier = idx !== undefined ? inputs[idx] : undefined;
    if (carrier) {
      // The input is authoritative while present; null until its value is known.
      const v = carrier.value();
      attrs[name] = knownInts(v);
      if (v && attrs[name] === null) partial.set(name, Array.from(v.values));
      continue;
    }
    checkAttr(op, name, kind, op.attrs[name]);
    attrs[name] = op.attrs[name];
  }
  return {
    op,
    attrs: attrs as OpContext['attrs'],
    inputs,
    outputs,
    partialOperand: (name) => partial.get(name) ?? null,
    model: opts.model,
  };
}
