// If → IR If with both branches appended to Model.graphs. ONNX branches read
// outer values implicitly; the IR passes them as explicit operands, so the
// union of what either branch captures becomes both branches' inputs.
// Captured constants are copied into the branches instead.
import { ModelFormatError } from '../../../errors';
import { capturedNames } from '../../graph-order';
import type { OnnxGraph, OnnxNode } from '../../types';
import type { GraphBuilder, Value } from '../builder';
import { inputsOf, required, type Handler } from '../common';
import { identity } from '../layout';
import { fromOnnxTensor, toNumbers } from '../host';
import { importGraph, importNodes } from '../import-graph';

/**
 * A condition known at import (typically from shapes fixed by inputShapes)
 * selects its branch once: the branch's nodes join the enclosing graph and
 * the If's outputs alias the branch's outputs, so nothing is left to decide
 * at run time and the branch's ops get the enclosing graph's known shapes.
 */
function inlineBranch(b: GraphBuilder, n: OnnxNode, g: OnnxGraph, where: string): boolean {
  if (g.outputs.length !== n.outputs.length) throw new ModelFormatError('bad-value', 'If branch and node disagree on the number of outputs', where);
  const at = `${where} / ${g.name || 'branch'} (inlined)`;
  for (const [i, t] of g.initializers.entries()) b.constant(t.name, fromOnnxTensor(t, `${at} / initializer ${i}`));
  importNodes(b, g.nodes, at);
  g.outputs.forEach((vi, i) => {
    const v = b.value(vi.name, at);
    b.define(n.outputs[i], { ...v, name: n.outputs[i] });
  });
  return true;
}

export const ifHandler: Handler = (b, n, where) => {
  const cond = required(inputsOf(b, n, where)[0], 'cond', where);
  const branch = (key: string): OnnxGraph => {
    const a = n.attributes[key];
    if (a?.type !== 'graph') throw new ModelFormatError('bad-value', `If has no ${key}`, where);
    return a.value;
  };
  const thenG = branch('then_branch');
  const elseG = branch('else_branch');
  if (cond.host) return inlineBranch(b, n, toNumbers(cond.host)[0] ? thenG : elseG, where);
  const names = [...new Set([...capturedNames(thenG), ...capturedNames(elseG)])];
  const captured: Value[] = names.map((name) => b.value(name, where));
  const operands = captured.filter((v) => !v.host);
  const constants = captured.filter((v) => v.host);
  const sub = (g: OnnxGraph, label: string): { index: number; outputs: Value[] } => {
    const at = `${where} / ${label}`;
    const mark = b.model.graphs.length;
    try {
      const r = importGraph(b.model, g, b.opset, { layoutIO: false, operands, constants }, at);
      return { index: r.index, outputs: r.outputs };
    } catch (e) {
      // A branch the fixed input shapes cannot reach without a shape error (e.g.
      // Silero's 8 kHz branch fed a 16 kHz chunk) would fail at run time too;
      // import it generically, with operand shapes unknown, instead of failing.
      if (!(e instanceof ModelFormatError) || e.code !== 'bad-shape') throw e;
      b.model.graphs.length = mark;
      const generic = operands.map((v) => ({ ...v, shape: null, perm: [] }));
      const r = importGraph(b.model, g, b.opset, { layoutIO: false, operands: generic, constants }, at);
      return { index: r.index, outputs: r.outputs };
    }
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
