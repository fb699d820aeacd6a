// Runtime validation of op attrs against each entry's schema, so a malformed
// importer result fails with a typed error naming the op and the attr.

import { ModelFormatError } from '../../formats/errors';
import { isDType } from '../dtype';
import type { AttrValue, Op } from '../types';
import type { AttrKind } from './types';
import { where } from './shape-utils';

const ACTIVATIONS = ['none', 'relu', 'relu6', 'relu_n1_to_1', 'tanh', 'sigmoid', 'sign_bit'];

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);

export function attrMatches(kind: AttrKind, v: AttrValue | undefined): boolean {
  if (typeof kind === 'object') return typeof v === 'string' && kind.oneOf.includes(v);
  switch (kind) {
    case 'int': return isInt(v);
    case 'number': return isNum(v);
    case 'bool': return typeof v === 'boolean';
    case 'string': return typeof v === 'string';
    case 'ints': return Array.isArray(v) && v.every(isInt);
    case 'numbers': return Array.isArray(v) && v.every(isNum);
    case 'padding': return v === 'same' || v === 'valid' || (Array.isArray(v) && v.length === 4 && v.every(isInt));
    case 'activation': return typeof v === 'string' && ACTIVATIONS.includes(v);
    case 'dtype': return isDType(v);
    case 'bytes-or-null': return v === null || v instanceof Uint8Array;
  }
}

function describe(kind: AttrKind): string {
  if (typeof kind === 'object') return `one of ${kind.oneOf.join('|')}`;
  return {
    int: 'an integer', number: 'a number', bool: 'a boolean', string: 'a string', ints: 'an integer array',
    numbers: 'a number array', padding: "'same', 'valid' or [top, bottom, left, right]", activation: `one of ${ACTIVATIONS.join('|')}`,
    dtype: 'a dtype name', 'bytes-or-null': 'bytes or null',
  }[kind];
}

export function checkAttr(op: Op, name: string, kind: AttrKind, value: AttrValue | undefined): void {
  if (value === undefined) throw new ModelFormatError('bad-value', `missing attr "${name}"`, where(op));
  if (!attrMatches(kind, value)) {
    const shown = value instanceof Uint8Array ? `${value.length} bytes` : JSON.stringify(value);
    throw new ModelFormatError('bad-value', `attr "${name}" is ${shown}, expected ${describe(kind)}`, where(op));
  }
}
