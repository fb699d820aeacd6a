// Typed reads of a TF node's attrs, with TF's defaults and NHWC checks.

import type { Activation, Padding } from '../../../ir/attrs';
import { ModelFormatError } from '../../errors';
import type { TfjsNode } from '../types';

function where(node: TfjsNode): string {
  return `node "${node.name}" (${node.op})`;
}

export function fail(node: TfjsNode, code: 'unsupported' | 'bad-value' | 'dangling-tensor', message: string): never {
  throw new ModelFormatError(code, message, where(node));
}

export function intAttr(node: TfjsNode, key: string, fallback: number): number {
  const a = node.attrs[key];
  return a?.kind === 'i' ? a.value : fallback;
}

export function floatAttr(node: TfjsNode, key: string, fallback: number): number {
  const a = node.attrs[key];
  return a?.kind === 'f' ? a.value : a?.kind === 'i' ? a.value : fallback;
}

export function boolAttr(node: TfjsNode, key: string, fallback: boolean): boolean {
  const a = node.attrs[key];
  return a?.kind === 'b' ? a.value : fallback;
}

export function stringAttr(node: TfjsNode, key: string, fallback: string): string {
  const a = node.attrs[key];
  return a?.kind === 's' ? a.value : fallback;
}

export function intListAttr(node: TfjsNode, key: string): number[] | undefined {
  const a = node.attrs[key];
  return a?.kind === 'list' ? a.value.i : undefined;
}

export function stringListAttr(node: TfjsNode, key: string): string[] {
  const a = node.attrs[key];
  return a?.kind === 'list' ? a.value.s : [];
}

/** The IR is NHWC only; NCHW nodes are refused rather than silently mis-laid-out. */
export function requireNhwc(node: TfjsNode): void {
  const format = stringAttr(node, 'data_format', 'NHWC');
  if (format !== 'NHWC') fail(node, 'unsupported', `data_format ${format} is not supported (NHWC only)`);
}

/** TF 4-D [1, h, w, 1] strides/dilations/ksize → IR [h, w]. */
export function spatialPair(node: TfjsNode, key: string): number[] {
  const v = intListAttr(node, key);
  if (v === undefined || v.length === 0) return [1, 1];
  if (v.length !== 4 || v[0] !== 1 || v[3] !== 1 || v[1] < 1 || v[2] < 1) {
    fail(node, 'unsupported', `${key} [${v.join(', ')}] must be [1, h, w, 1] with positive h, w`);
  }
  return [v[1], v[2]];
}

export function paddingAttr(node: TfjsNode): Padding {
  const p = stringAttr(node, 'padding', 'VALID');
  if (p === 'SAME') return 'same';
  if (p === 'VALID') return 'valid';
  if (p === 'EXPLICIT') {
    const e = intListAttr(node, 'explicit_paddings') ?? [];
    if (e.length !== 8 || e[0] !== 0 || e[1] !== 0 || e[6] !== 0 || e[7] !== 0 || e.some((x) => x < 0)) {
      fail(node, 'unsupported', `explicit_paddings [${e.join(', ')}] must pad only H and W`);
    }
    return [e[2], e[3], e[4], e[5]];
  }
  return fail(node, 'unsupported', `padding "${p}"`);
}

/** Fused activations the IR can carry in an `activation` attr. */
export const FOLDABLE_ACTIVATIONS: Record<string, Activation> = {
  Relu: 'relu',
  Relu6: 'relu6',
  Sigmoid: 'sigmoid',
  Tanh: 'tanh',
};
