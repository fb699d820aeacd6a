// The op table: one entry per IR op type (attrs.ts), assembled from the
// family files. Everything about an op is looked up here.

import { ModelFormatError } from '../../formats/errors';
import { OPERAND_ATTRS, type AttrsOf, type OpType } from '../attrs';
import type { Op } from '../types';
import { ACTIVATION_OPS } from './activation';
import { checkAttr } from './attr-schema';
import { CONTROL_OPS } from './control';
import { CONV_OPS } from './conv';
import { DATA_MOVEMENT_OPS } from './data-movement';
import { ELEMENTWISE_OPS } from './elementwise';
import { POOL_OPS } from './pool';
import { QUANTIZE_OPS } from './quantize';
import { RECURRENT_OPS } from './recurrent';
import { REDUCE_OPS } from './reduce';
import { RESIZE_OPS } from './resize';
import { SHAPE_OPS } from './shape-ops';
import { where } from './shape-utils';
import type { AttrKind, OpDef } from './types';

export type { OpDef, OpCategory, OpContext, OutputInfo, TensorInfo, ConstValue, RuleAttrs, AttrKind, AttrSchema } from './types';

/** Every IR op type; the mapped type makes a missing entry a compile error. */
const TABLE: { readonly [T in OpType]: OpDef<T> } = {
  ...CONV_OPS,
  ...POOL_OPS,
  ...REDUCE_OPS,
  ...ELEMENTWISE_OPS,
  ...ACTIVATION_OPS,
  ...QUANTIZE_OPS,
  ...SHAPE_OPS,
  ...DATA_MOVEMENT_OPS,
  ...RESIZE_OPS,
  ...RECURRENT_OPS,
  ...CONTROL_OPS,
};

export const OP_TABLE: ReadonlyMap<string, OpDef> = new Map<string, OpDef>(
  Object.values(TABLE).map((def: OpDef) => [def.type, def]),
);

export function isOpType(type: string): type is OpType {
  return OP_TABLE.has(type);
}

/** The entry for an IR op type, or undefined for a type the table does not know. */
export function getOpDef(type: string): OpDef | undefined {
  return OP_TABLE.get(type);
}

/** Like getOpDef, but an unknown type is a ModelFormatError('unknown-op') naming the op. */
export function requireOpDef(op: Op): OpDef {
  const def = OP_TABLE.get(op.type);
  if (!def) throw new ModelFormatError('unknown-op', `unknown IR op type "${op.type}"`, where(op));
  return def;
}

/** Operand attr names of a type (OPERAND_ATTRS), in input order after the entry's operandStart. */
export function operandAttrs(type: string): string[] {
  return isOpType(type) ? OPERAND_ATTRS[type] ?? [] : [];
}

/**
 * The op's attrs, validated against its entry (ModelFormatError 'bad-value'
 * naming op and attr when one is missing or ill-typed). Pass `type` to also
 * check the op is of that type. Operand attrs must already be folded in.
 */
export function attrsOf<T extends OpType>(op: Op, type?: T): AttrsOf<T> {
  if (type !== undefined && op.type !== type) {
    throw new ModelFormatError('bad-value', `expected a ${type} op`, where(op));
  }
  const def = requireOpDef(op);
  for (const [name, kind] of Object.entries(def.attrs as Record<string, AttrKind>)) checkAttr(op, name, kind, op.attrs[name]);
  return op.attrs as unknown as AttrsOf<T>;
}
