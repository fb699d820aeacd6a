// If → IR If with both branches appended to Model.graphs. ONNX branches read
// outer values implicitly; the IR passes them as explicit operands, so the
// union of what either branch captures becomes both branches' inputs.
// Captured constants are copied into the branches instead.
import { ModelFormatError } from '../../../errors';
import { capturedNames } from '../../graph-order';
import type { OnnxGraph } from '../../types';
import type { Value } from '../builder';
import { inputsOf, required, type Handler } from '../common';
import { identity } from '../layout';
import { importGraph } from '../import-graph';

export const ifHandler: Handler = (b, n, where) => {
  const cond = required(inputsOf(b, n, where)[0], 'cond', where);
  const branch = (key: string): OnnxGraph => {
    const a = n.attributes[key];
    if (a?.type !== 'graph') throw new ModelFormatError('bad-value', `If has no ${key}`, where);
    return a.value;
  };
  const thenG = branch('then_branch');
  const elseG = branch('else_branch');
  const names = [...new Set([...capturedNames(thenG), ...capturedNames(elseG)])];
  const captured: Value[] = names.map((name) => b.value(name, where));
  const operands = captured.filter((v) => !v.host);
  const constants = captured.filter((v) => v.host);
  const sub = (g: OnnxGraph, label: string): { index: number; outputs: Value[] } => {
    const r = importGraph(b.model, g, b.opset, { layoutIO: false, operands, constants }, `${where} / ${label}`);
    return { index: r.index, outputs: r.outputs };
  };
  const thenR = sub(thenG, 'then_branch');
  const elseR = sub(elseG, 'else_branch');
  if (thenR.outputs.length !== n.outputs.length || elseR.outputs.length !== n.outputs.length) {
    throw new ModelFormatError('bad-value', 'If branches and node disagree on the number of outputs', where);
  }
  const outs = n.outputs.map((name, i) => {
    const t = thenR.outputs[i];
    const e = elseR.outputs[i];
    const shape = t.shape && e.shape && t.shape.length === e.shape.length ? t.shape.map((d, k) => (d === e.shape![k] ? d : -1)) : null;
    return b.output(name, t.dtype, shape, identity(shape?.length ?? 0));
  });
  b.addOp('If', n.name, [b.plain(cond), ...operands.map((v) => b.plain(v))], outs, { thenGraph: thenR.index, elseGraph: elseR.index });
  return true;
};
