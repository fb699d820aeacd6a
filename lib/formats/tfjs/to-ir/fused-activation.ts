// TF fuses bias and an activation into _FusedConv2D/_FusedMatMul/
// FusedDepthwiseConv2dNative via `fused_ops`. Relu/Relu6/Sigmoid/Tanh fold into
// the IR op's `activation`; the rest become a follow-up op.

import type { Activation } from '../../../ir/attrs';
import type { TfjsNode } from '../types';
import type { ImportContext } from './context';
import { floatAttr, FOLDABLE_ACTIVATIONS, stringListAttr } from './node-attrs';

export interface FusedPlan {
  /** Extra-arg index of the bias, if BiasAdd is fused. */
  bias?: string;
  activation: Activation;
  /**
   * Tensor the main op should write for final output `out`, and a `finish`
   * that emits the trailing activation op (call it after the main op, so ops
   * stay in topological order).
   */
  wire: (out: string) => { write: string; finish: () => void };
}

const FOLLOW_UP = new Set(['Elu', 'LeakyRelu', 'Prelu']);

/** No trailing op: the main op writes the node's output. */
export const direct = (out: string): { write: string; finish: () => void } => ({ write: out, finish: () => undefined });

/** Plan for unfused nodes. */
export const UNFUSED: FusedPlan = { activation: 'none', wire: direct };

/** Plans the fused tail of a node whose inputs are [x, w, ...args]; undefined if not mappable. */
export function planFused(node: TfjsNode, ctx: ImportContext, firstArg: number): FusedPlan | undefined {
  const ops = stringListAttr(node, 'fused_ops');
  const args = node.inputs.slice(firstArg).map((r) => ctx.input(r));
  let i = 0;
  let bias: string | undefined;
  if (ops[0] === 'BiasAdd') {
    if (args.length < 1) return undefined;
    bias = args[0];
    i = 1;
  }
  const rest = ops.slice(i);
  if (rest.length > 1) return undefined;
  const act = rest[0];
  if (act === undefined) return { bias, activation: 'none', wire: direct };
  if (FOLDABLE_ACTIVATIONS[act]) return { bias, activation: FOLDABLE_ACTIVATIONS[act], wire: direct };
  if (!FOLLOW_UP.has(act)) return undefined;
  const alpha = act === 'Prelu' ? args[i] : undefined;
  if (act === 'Prelu' && alpha === undefined) return undefined;
  return {
    bias,
    activation: 'none',
    wire: (out) => {
      const pre = ctx.declareTensor(ctx.freshId(`${node.name}/pre_activation`), ctx.tensor(out)?.dtype ?? 'float32');
      const finish = (): void => {
        if (act === 'Elu') ctx.addOp('Elu', `${node.name}/elu`, [pre], [out], {});
        else if (act === 'LeakyRelu') ctx.addOp('LeakyRelu', `${node.name}/leaky_relu`, [pre], [out], { alpha: floatAttr(node, 'leakyrelu_alpha', 0.2) });
        else ctx.addOp('PRelu', `${node.name}/prelu`, [pre, alpha as string], [out], {});
      };
      return { write: pre, finish };
    },
  };
}
