// Decoded ModelProto messages → typed OnnxModel, checking each field's shape
// and bounds on the way (attribute kinds, dims, opsets, op identifiers).
import { ModelFormatError } from '../errors';
import { MAX_DIM, MAX_RANK } from './limits';
import { bytes, has, int, list, messages, num, numbers, str, sub, toSafeNumber, type Message } from './message';
import { orderNodes } from './graph-order';
import { readTensor } from './tensor';
import type {
  OnnxAttribute, OnnxDim, OnnxFunction, OnnxGraph, OnnxModel, OnnxNode, OnnxOpsetImport, OnnxType, OnnxValueInfo,
} from './types';

// AttributeProto.AttributeType codes (onnx.proto).
const ATTR = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8, TENSORS: 9, GRAPHS: 10 } as const;

/** Op identifiers are ASCII names; anything else is a corrupt string, not an unknown op. */
const OP_TYPE = /^[A-Za-z_][A-Za-z0-9_.:-]{0,255}$/;

const utf8 = new TextDecoder('utf-8');

export function normaliseDomain(domain: string): string {
  return domain === 'ai.onnx' ? '' : domain;
}

interface Scope {
  /** Domains a node may use (opset imports plus local function domains). */
  domains: ReadonlySet<string>;
  /** Names visible from enclosing graphs. */
  outer: ReadonlySet<string>;
}

function readType(m: Message | undefined, where: string): OnnxType {
  if (!m) return { kind: 'unknown' };
  if (sub(m, 'sparse_tensor_type')) return { kind: 'sparse-tensor' };
  const tensor = sub(m, 'tensor_type');
  if (tensor) {
    const shapeMsg = sub(tensor, 'shape');
    let shape: OnnxDim[] | null = null;
    if (shapeMsg) {
      const dims = messages(shapeMsg, 'dim');
      if (dims.length > MAX_RANK) throw new ModelFormatError('too-large', `rank ${dims.length} exceeds the limit of ${MAX_RANK}`, where);
      shape = dims.map((d, i): OnnxDim => {
        if (has(d, 'dim_value')) {
          const v = int(d, 'dim_value');
          // -1 is not valid ONNX but some exporters write it for "unknown".
          if (v < -1) throw new ModelFormatError('bad-shape', `dimension ${i} is ${v}`, where);
          if (v > MAX_DIM) throw new ModelFormatError('too-large', `dimension ${i} is ${v}, above the limit of ${MAX_DIM}`, where);
          return v === -1 ? null : v;
        }
        return has(d, 'dim_param') ? str(d, 'dim_param') : null;
      });
    }
    return { kind: 'tensor', elemType: int(tensor, 'elem_type'), shape };
  }
  if (sub(m, 'sequence_type')) return { kind: 'sequence' };
  if (sub(m, 'map_type')) return { kind: 'map' };
  if (sub(m, 'optional_type')) return { kind: 'optional' };
  return { kind: 'unknown' };
}

function readValueInfo(m: Message, where: string): OnnxValueInfo {
  const name = str(m, 'name');
  return { name, type: readType(sub(m, 'type'), `${where} '${name}'`) };
}

function readAttribute(m: Message, scope: Scope, where: string): OnnxAttribute {
  const ref = str(m, 'ref_attr_name');
  if (ref !== '') return { type: 'ref', value: ref };
  let type = int(m, 'type');
  if (type === 0) type = inferAttributeType(m);
  switch (type) {
    case ATTR.FLOAT: return { type: 'float', value: num(m, 'f') };
    case ATTR.INT: return { type: 'int', value: int(m, 'i') };
    case ATTR.STRING: return { type: 'string', value: utf8.decode(bytes(m, 's') ?? new Uint8Array(0)) };
    case ATTR.TENSOR: {
      const t = sub(m, 't');
      if (!t) throw new ModelFormatError('bad-value', 'tensor attribute has no tensor', where);
      return { type: 'tensor', value: readTensor(t, `${where} / tensor`) };
    }
    case ATTR.GRAPH: {
      const g = sub(m, 'g');
      if (!g) throw new ModelFormatError('bad-value', 'graph attribute has no graph', where);
      return { type: 'graph', value: readGraph(g, scope, `${where} / graph`) };
    }
    case ATTR.FLOATS: return { type: 'floats', value: numbers(m, 'floats') };
    case ATTR.INTS: return { type: 'ints', value: list(m, 'ints').map(toSafeNumber) };
    case ATTR.STRINGS:
      return { type: 'strings', value: list(m, 'strings').map((s) => (s instanceof Uint8Array ? utf8.decode(s) : '')) };
    case ATTR.TENSORS:
      return { type: 'tensors', value: messages(m, 'tensors').map((t, i) => readTensor(t, `${where} / tensor ${i}`)) };
    case ATTR.GRAPHS:
      return { type: 'graphs', value: messages(m, 'graphs').map((g, i) => readGraph(g, scope, `${where} / graph ${i}`)) };
    default:
      throw new ModelFormatError('unsupported', `attribute type ${type} is not supported`, where);
  }
}

/** IR version 1 files have no type discriminator; infer it from the field present. */
function inferAttributeType(m: Message): number {
  if (has(m, 'f')) return ATTR.FLOAT;
  if (has(m, 'i')) return ATTR.INT;
  if (has(m, 's')) return ATTR.STRING;
  if (has(m, 't')) return ATTR.TENSOR;
  if (has(m, 'g')) return ATTR.GRAPH;
  if (list(m, 'floats').length) return ATTR.FLOATS;
  if (list(m, 'ints').length) return ATTR.INTS;
  if (list(m, 'strings').length) return ATTR.STRINGS;
  if (list(m, 'tensors').length) return ATTR.TENSORS;
  if (list(m, 'graphs').length) return ATTR.GRAPHS;
  return 0;
}

function readNode(m: Message, index: number, scope: Scope, where: string, graphNames: ReadonlySet<string>): OnnxNode {
  const name = str(m, 'name');
  const opType = str(m, 'op_type');
  const at = `${where} / node ${index}${name ? ` '${name}'` : ''}`;
  if (!OP_TYPE.test(opType)) {
    throw new ModelFormatError('unknown-op', `op_type ${JSON.stringify(opType.slice(0, 64))} is not a valid operator name`, at);
  }
  const domain = normaliseDomain(str(m, 'domain'));
  if (!scope.domains.has(domain)) {
    throw new ModelFormatError('unknown-op', `${opType} uses domain '${domain}', which the model does not import`, at);
  }
  // Subgraphs see every name of this graph; exact visibility is checked by orderNodes.
  const inner: Scope = { domains: scope.domains, outer: graphNames };
  const attributes: Record<string, OnnxAttribute> = Object.create(null);
  for (const a of messages(m, 'attribute')) {
    const attrName = str(a, 'name');
    attributes[attrName] = readAttribute(a, inner, `${at} / attribute '${attrName}'`);
  }
  return { name, opType, domain, inputs: strings(m, 'input'), outputs: strings(m, 'output'), attributes };
}

function strings(m: Message, key: string): string[] {
  return list(m, key).map((s) => (typeof s === 'string' ? s : ''));
}

function readGraph(m: Message, scope: Scope, where: string): OnnxGraph {
  const name = str(m, 'name');
  const at = where === 'graph' ? `graph '${name}'` : where;
  if (list(m, 'sparse_initializer').length > 0) {
    throw new ModelFormatError('unsupported', 'sparse initializers are not supported', at);
  }
  const initializers = messages(m, 'initializer').map((t, i) => readTensor(t, `${at} / initializer ${i}`));
  const inputs = messages(m, 'input').map((v, i) => readValueInfo(v, `${at} / input ${i}`));
  const outputs = messages(m, 'output').map((v, i) => readValueInfo(v, `${at} / output ${i}`));
  const valueInfo = messages(m, 'value_info').map((v, i) => readValueInfo(v, `${at} / value_info ${i}`));
  const nodeMsgs = messages(m, 'node');
  const names = new Set<string>([...scope.outer, ...inputs.map((v) => v.name), ...initializers.map((t) => t.name)]);
  for (const n of nodeMsgs) for (const o of strings(n, 'output')) names.add(o);
  const nodes = nodeMsgs.map((n, i) => readNode(n, i, scope, at, names));
  const graph: OnnxGraph = { name, nodes, initializers, inputs, outputs, valueInfo };
  graph.nodes = orderNodes(graph, scope.outer, at);
  return graph;
}

function readOpsets(m: Message): OnnxOpsetImport[] {
  return messages(m, 'opset_import').map((o) => ({ domain: normaliseDomain(str(o, 'domain')), version: int(o, 'version') }));
}

function readFunction(m: Message, domains: ReadonlySet<string>, index: number): OnnxFunction {
  const name = str(m, 'name');
  const where = `function ${index} '${name}'`;
  const opsetImports = readOpsets(m);
  const scope: Scope = { domains: new Set([...domains, ...opsetImports.map((o) => o.domain)]), outer: new Set() };
  const inputs = strings(m, 'input');
  const names = new Set<string>(inputs);
  const nodeMsgs = messages(m, 'node');
  for (const n of nodeMsgs) for (const o of strings(n, 'output')) names.add(o);
  return {
    name,
    domain: normaliseDomain(str(m, 'domain')),
    inputs,
    outputs: strings(m, 'output'),
    attributes: strings(m, 'attribute'),
    nodes: nodeMsgs.map((n, i) => readNode(n, i, scope, where, names)),
    opsetImports,
  };
}

export function toOnnxModel(m: Message): OnnxModel {
  const graphMsg = sub(m, 'graph');
  if (!graphMsg) throw new ModelFormatError('bad-value', 'not an ONNX model: ModelProto has no graph');
  const opsetImports = readOpsets(m);
  if (opsetImports.length === 0) {
    // IR < 3 had no opset_import and meant the default domain at opset 1.
    opsetImports.push({ domain: '', version: 1 });
  }
  const functionMsgs = messages(m, 'functions');
  const domains = new Set<string>([...opsetImports.map((o) => o.domain), ...functionMsgs.map((f) => normaliseDomain(str(f, 'domain')))]);
  const functions = functionMsgs.map((f, i) => readFunction(f, domains, i));
  const metadata: Record<string, string> = Object.create(null);
  for (const e of messages(m, 'metadata_props')) metadata[str(e, 'key')] = str(e, 'value');
  return {
    irVersion: int(m, 'ir_version'),
    opsetImports,
    producerName: str(m, 'producer_name'),
    producerVersion: str(m, 'producer_version'),
    domain: str(m, 'domain'),
    modelVersion: int(m, 'model_version'),
    docString: str(m, 'doc_string'),
    graph: readGraph(graphMsg, { domains, outer: new Set() }, 'graph'),
    metadata,
    functions,
  };
}
