// The contract between the executor and its kernels. A kernel turns one IR
// op's input tensors into its output tensors with tfjs-core ops; the executor
// owns tensor lifetimes (each kernel call runs inside tf.tidy), so a kernel
// may create temporaries freely.

import type * as tf from '@tensorflow/tfjs-core';
import type { AttrsOf, OpType } from '../../ir/attrs';
import type { Op, Tensor } from '../../ir/types';

export interface KernelContext {
  op: Op;
  /** Runtime values, one per op input; undefined where the input is omitted (''). */
  inputs: (tf.Tensor | undefined)[];
  /** The IR tensor behind input i (dtype, quantization, constness); undefined where omitted. */
  inputInfo(i: number): Tensor | undefined;
  /** The IR tensor of output i (its declared dtype and quantization). */
  outputInfo(i: number): Tensor;
  /** Input i, required: a clear error names the op when it is missing. */
  input(i: number): tf.Tensor;
  /**
   * `make(input i)`, computed once and kept for the executor's life when input
   * i is a constant (weight re-layouts, dequantised weights); computed per run
   * otherwise.
   */
  prepared(i: number, tag: string, make: (t: tf.Tensor) => tf.Tensor): tf.Tensor;
  /**
   * An operand attr (OPERAND_ATTRS): the attr once folded, otherwise the
   * values of the input that still carries it (read synchronously).
   */
  operand(name: string): number[];
  /** Runs subgraph `index` of the model on `inputs` (If branches); returns its outputs, owned by the caller. */
  runGraph(index: number, inputs: tf.Tensor[]): tf.Tensor[];
}

/** Kernel for op type T: gets the op's attrs with the op table's defaults applied. */
export type Kernel<T extends OpType = OpType> = (ctx: KernelContext, attrs: AttrsOf<T>) => tf.Tensor[];

/** One kernel per IR op type: a missing entry is a compile error. */
export type KernelTable = { readonly [T in OpType]: Kernel<T> };

/** Thrown for op types (or op variants) the executor cannot run. */
export class UnsupportedOpError extends Error {
  override readonly name = 'UnsupportedOpError';
  constructor(readonly opType: string, detail?: string) {
    super(`op ${opType} not supported by the executor${detail ? `: ${detail}` : ''}`);
  }
}

/** A kernel for an op type the executor does not run yet. */
export function unsupported<T extends OpType>(type: T, reason: string): Kernel<T> {
  return () => {
    throw new UnsupportedOpError(type, reason);
  };
}
