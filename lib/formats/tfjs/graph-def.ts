// Parses GraphDef nodes and FunctionDefs out of modelTopology.

import { ModelFormatError } from '../errors';
import { parseAttrMap, parseShape } from './attr-value';
import { parseDataType } from './dtype';
import { expectObject, expectString, optionalArray } from './json-checks';
import type { TfInputRef, TfjsFunction, TfjsFunctionArg, TfjsNode, TfjsSignature, TfjsTensorInfo } from './types';

/**
 * "name" → output 0, "name:2" → output 2. Function bodies write
 * "node:out_arg:2"; we keep the node and the trailing index.
 */
export function parseInputRef(text: string, where: string): TfInputRef {
  const m = /^(.+?)(?::[A-Za-z_][\w]*)?:(\d+)$/.exec(text);
  if (m) {
    const index = Number(m[2]);
    if (!Number.isSafeInteger(index)) throw new ModelFormatError('bad-value', `output index in "${text}" is too large`, where);
    return { node: m[1], index };
  }
  if (text === '') throw new ModelFormatError('bad-value', 'empty input name', where);
  return { node: text, index: 0 };
}

export function parseNode(v: unknown, where: string): TfjsNode {
  const o = expectObject(v, where);
  const name = expectString(o.name, `${where}.name`);
  const nw = `node "${name}"`;
  const op = expectString(o.op, `${nw}.op`);
  const inputs: TfInputRef[] = [];
  const controlInputs: string[] = [];
  optionalArray(o.input, `${nw}.input`).forEach((x, i) => {
    const text = expectString(x, `${nw}.input[${i}]`);
    if (text.startsWith('^')) controlInputs.push(text.slice(1));
    else inputs.push(parseInputRef(text, `${nw}.input[${i}]`));
  });
  return { name, op, inputs, controlInputs, attrs: parseAttrMap(o.attr, `${nw}.attr`) };
}

function parseArgs(v: unknown, where: string): TfjsFunctionArg[] {
  return optionalArray(v, where).map((a, i) => {
    const o = expectObject(a, `${where}[${i}]`);
    const type = o.type === undefined ? 'DT_INVALID' : parseDataType(o.type, `${where}[${i}].type`);
    return { name: expectString(o.name, `${where}[${i}].name`), type };
  });
}

export function parseFunction(v: unknown, where: string): TfjsFunction {
  const o = expectObject(v, where);
  const sig = expectObject(o.signature, `${where}.signature`);
  const name = expectString(sig.name, `${where}.signature.name`);
  const fw = `function "${name}"`;
  const ret: Record<string, string> = {};
  if (o.ret !== undefined) {
    for (const [k, x] of Object.entries(expectObject(o.ret, `${fw}.ret`))) ret[k] = expectString(x, `${fw}.ret.${k}`);
  }
  return {
    name,
    inputArgs: parseArgs(sig.inputArg, `${fw}.signature.inputArg`),
    outputArgs: parseArgs(sig.outputArg, `${fw}.signature.outputArg`),
    nodes: optionalArray(o.nodeDef, `${fw}.nodeDef`).map((n, i) => parseNode(n, `${fw}.nodeDef[${i}]`)),
    ret,
  };
}

function parseTensorInfo(v: unknown, where: string): TfjsTensorInfo {
  const o = expectObject(v, where);
  return {
    name: expectString(o.name, `${where}.name`),
    dtype: o.dtype === undefined ? 'DT_INVALID' : parseDataType(o.dtype, `${where}.dtype`),
    shape: o.tensorShape === undefined ? { dims: [], unknownRank: true } : parseShape(o.tensorShape, `${where}.tensorShape`),
  };
}

export function parseSignature(v: unknown, where: string): TfjsSignature {
  const o = expectObject(v, where);
  const entries = (x: unknown, w: string): [string, TfjsTensorInfo][] =>
    x === undefined || x === null ? [] : Object.entries(expectObject(x, w)).map(([k, t]) => [k, parseTensorInfo(t, `${w}.${k}`)]);
  return { inputs: entries(o.inputs, `${where}.inputs`), outputs: entries(o.outputs, `${where}.outputs`) };
}

