// Entry point: model.json text + a shard loader → validated, decoded TfjsModel.
// Isomorphic: the caller supplies bytes (fetch, fs, File API), we never do I/O.

import { ModelFormatError } from '../errors';
import { checkGraph } from './graph-checks';
import { parseFunction, parseNode, parseSignature } from './graph-def';
import { expectArray, expectInt, expectObject, isObject, optionalArray, optionalString, toJsonValue } from './json-checks';
import { decodeWeightGroups, type ShardLoader } from './weight-decoder';
import { parseWeightsManifest } from './weights-manifest';
import type { JsonValue, TfjsModel, TfjsNode } from './types';

const FILE = 'model.json';

function parseJsonText(modelJson: string | Uint8Array): unknown {
  let text: string;
  if (typeof modelJson === 'string') text = modelJson;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(modelJson);
    } catch {
      throw new ModelFormatError('bad-value', 'model.json is not valid UTF-8', FILE);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ModelFormatError('bad-value', `not valid JSON (${e instanceof Error ? e.message : String(e)})`, FILE);
  }
}

function checkFormat(root: Record<string, unknown>): void {
  const format = optionalString(root.format, `${FILE}.format`);
  const topology = root.modelTopology;
  const looksLayers = isObject(topology) && (topology.class_name !== undefined || topology.model_config !== undefined);
  if (format === 'layers-model' || (format === undefined && looksLayers)) {
    throw new ModelFormatError('unsupported', 'this is a Keras layers-model; only TF.js graph models are supported (convert it with tensorflowjs_converter --output_format=tfjs_graph_model)', FILE);
  }
  if (format !== undefined && format !== 'graph-model') {
    throw new ModelFormatError('unsupported', `format "${format}" is not a TF.js graph model`, FILE);
  }
  if (topology === undefined) throw new ModelFormatError('bad-value', 'missing modelTopology', FILE);
}

function checkConstWeights(nodes: TfjsNode[], weights: TfjsModel['weights']): void {
  for (const n of nodes) {
    if (n.op === 'Const' && !weights.has(n.name)) {
      throw new ModelFormatError('dangling-tensor', `Const node "${n.name}" has no entry in weightsManifest`, FILE);
    }
  }
}

/**
 * Reads a TF.js graph model. `loadShard` returns the bytes of a path listed in
 * weightsManifest (relative, as written there), or undefined if it is missing.
 * Every problem with the input is a ModelFormatError.
 */
export function readTfjsModel(modelJson: string | Uint8Array, loadShard: ShardLoader): TfjsModel {
  const root = expectObject(parseJsonText(modelJson), FILE);
  checkFormat(root);
  const topology = expectObject(root.modelTopology, `${FILE}.modelTopology`);
  const nodes = expectArray(topology.node, `${FILE}.modelTopology.node`).map((n, i) => parseNode(n, `${FILE}.modelTopology.node[${i}]`));
  checkGraph(nodes, FILE);

  const library = topology.library === undefined || topology.library === null ? {} : expectObject(topology.library, `${FILE}.modelTopology.library`);
  const functions = optionalArray(library.function, `${FILE}.modelTopology.library.function`).map((f, i) => parseFunction(f, `${FILE}.modelTopology.library.function[${i}]`));
  for (const f of functions) checkGraph(f.nodes, `function "${f.name}"`, new Set(f.inputArgs.map((a) => a.name)));

  let producer: number | undefined;
  if (isObject(topology.versions) && topology.versions.producer !== undefined) {
    producer = expectInt(topology.versions.producer, `${FILE}.modelTopology.versions.producer`);
  }

  let userDefinedMetadata: Record<string, JsonValue> | undefined;
  if (root.userDefinedMetadata !== undefined && root.userDefinedMetadata !== null) {
    const md = toJsonValue(expectObject(root.userDefinedMetadata, `${FILE}.userDefinedMetadata`), `${FILE}.userDefinedMetadata`);
    if (isObject(md)) userDefinedMetadata = md as Record<string, JsonValue>;
  }
  // tfjs-converter lets userDefinedMetadata.signature override the top-level one.
  const sigJson = isObject(userDefinedMetadata?.signature) ? userDefinedMetadata.signature : root.signature;
  const signature = sigJson === undefined || sigJson === null ? undefined : parseSignature(sigJson, `${FILE}.signature`);

  const groupSpecs = parseWeightsManifest(root.weightsManifest, `${FILE}.weightsManifest`);
  const { groups, weights } = decodeWeightGroups(groupSpecs, loadShard);
  checkConstWeights(nodes, weights);

  return {
    format: 'graph-model',
    generatedBy: typeof root.generatedBy === 'string' ? root.generatedBy : undefined,
    convertedBy: typeof root.convertedBy === 'string' ? root.convertedBy : undefined,
    producer,
    nodes,
    functions,
    signature,
    userDefinedMetadata,
    weightGroups: groups,
    weights,
  };
}
