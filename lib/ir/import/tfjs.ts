// TF.js graph model → IR. Walks the GraphDef in dependency order and maps each
// node through lib/formats/tfjs/to-ir; nodes with no IR equivalent are kept as
// Custom ops (customCode = TF op name, options = attrs as JSON).

import { ModelFormatError } from '../../formats/errors';
import { topologicalOrder } from '../../formats/tfjs/graph-checks';
import { ImportContext, tensorIdOf } from '../../formats/tfjs/to-ir/context';
import { addGraphInput, addWeightConstant, emitCustom, graphOutputs, outputCounts } from '../../formats/tfjs/to-ir/graph-io';
import { minInputsOf, OP_HANDLERS } from '../../formats/tfjs/to-ir/op-table';
import type { TfjsModel, TfjsNode } from '../../formats/tfjs/types';
import type { Graph, Model, Tensor } from '../types';

/** Pass-through ops: their outputs are their inputs. */
const IDENTITY_OPS = new Set(['Identity', 'IdentityN', 'StopGradient', 'Snapshot', 'PreventGradient', 'CheckNumerics', 'EnsureShape']);

/** TF1 while-loops are cyclic dataflow (NextIteration feeds Merge); the IR's graphs are acyclic. */
const TF1_LOOP_OPS = new Set(['Enter', 'Exit', 'NextIteration', 'LoopCond']);

function rejectTf1Loops(model: TfjsModel): void {
  const loop = model.nodes.find((n) => TF1_LOOP_OPS.has(n.op));
  if (loop) {
    throw new ModelFormatError(
      'unsupported',
      `TF1 while-loop (${loop.op}) found; cyclic Enter/NextIteration/Exit control flow cannot be represented in the acyclic IR`,
      `node "${loop.name}"`,
    );
  }
}

function importNode(ctx: ImportContext, node: TfjsNode, count: number, graphInputs: string[]): void {
  if (node.op === 'Const') {
    const w = ctx.model.weights.get(node.name);
    if (!w) throw new ModelFormatError('dangling-tensor', `Const node has no weight`, `node "${node.name}"`);
    addWeightConstant(ctx, node, w);
    return;
  }
  if (node.op === 'Placeholder' || node.op === 'PlaceholderWithDefault') {
    graphInputs.push(addGraphInput(ctx, node));
    return;
  }
  if (node.op === 'NoOp') return;
  if (IDENTITY_OPS.has(node.op)) {
    if (node.inputs.length === 0) throw new ModelFormatError('bad-value', `${node.op} has no data input`, `node "${node.name}"`);
    for (let i = 0; i < count; i++) ctx.alias(tensorIdOf(node.name, i), ctx.input(node.inputs[Math.min(i, node.inputs.length - 1)]));
    return;
  }
  const outs: string[] = [];
  for (let i = 0; i < count; i++) outs.push(ctx.declareTensor(tensorIdOf(node.name, i), ctx.outputDType(node, i)));
  const handler = OP_HANDLERS[node.op];
  if (handler && node.inputs.length >= minInputsOf(node.op) && handler(node, ctx, outs)) return;
  emitCustom(ctx, node, outs);
}

/** Drops tensors nothing refers to (e.g. HWIO filters replaced by their OHWI copies). */
function liveTensors(ctx: ImportContext, inputs: string[], outputs: string[]): Map<string, Tensor> {
  const live = new Set<string>([...inputs, ...outputs]);
  for (const op of ctx.ops) for (const id of [...op.inputs, ...op.outputs]) if (id !== '') live.add(id);
  const out = new Map<string, Tensor>();
  for (const [id, t] of ctx.tensors) if (live.has(id)) out.set(id, t);
  return out;
}

/** Every tensor read must be produced by an op, be a constant, or be a graph input. */
function checkProduced(ctx: ImportContext, inputs: string[], outputs: string[]): void {
  const produced = new Set<string>(inputs);
  for (const op of ctx.ops) for (const o of op.outputs) produced.add(o);
  const check = (id: string, user: string): void => {
    if (id !== '' && !produced.has(id) && !ctx.isConstant(id)) {
      throw new ModelFormatError('dangling-tensor', `${user} reads tensor "${id}", which no node produces`, 'model.json');
    }
  };
  for (const op of ctx.ops) for (const i of op.inputs) check(i, `op "${op.name}"`);
  for (const o of outputs) check(o, 'graph output');
}

function metadataOf(model: TfjsModel): Record<string, string> {
  const md: Record<string, string> = { format: 'tfjs graph-model' };
  if (model.generatedBy) md.generatedBy = model.generatedBy;
  if (model.convertedBy) md.convertedBy = model.convertedBy;
  if (model.producer !== undefined) md.producer = String(model.producer);
  if (model.userDefinedMetadata) md.userDefinedMetadata = JSON.stringify(model.userDefinedMetadata);
  return md;
}

export function importTfjs(model: TfjsModel): Model {
  rejectTf1Loops(model);
  const ctx = new ImportContext(model);
  const counts = outputCounts(model);
  const inputs: string[] = [];
  for (const node of topologicalOrder(model.nodes, 'model.json')) importNode(ctx, node, counts.get(node.name) ?? 1, inputs);
  const outputs = graphOutputs(ctx, counts);
  checkProduced(ctx, inputs, outputs);
  const graph: Graph = { name: 'main', tensors: liveTensors(ctx, inputs, outputs), ops: ctx.ops, inputs, outputs };
  return { graphs: [graph], sourceFormat: 'tfjs', metadata: metadataOf(model) };
}
