// The kernel table: one entry per IR op type, assembled from the family files
// (as lib/ir/ops assembles the op table), so everything about an op is found
// by its type.

import type { OpType } from '../../ir/attrs';
import { ACTIVATION_KERNELS } from './activation';
import { CONTROL_KERNELS } from './control';
import { CONV_KERNELS } from './conv';
import { CUSTOM_KERNELS } from './custom';
import { DATA_MOVEMENT_KERNELS } from './data-movement';
import { ELEMENTWISE_KERNELS } from './elementwise';
import { NORMALIZATION_KERNELS } from './normalization';
import { POOL_KERNELS } from './pool';
import { QUANTIZE_KERNELS } from './quantize';
import { REDUCE_KERNELS } from './reduce';
import { RESIZE_KERNELS } from './resize';
import { SHAPE_KERNELS } from './shape';
import { type Kernel, type KernelTable, unsupported } from './types';

export type { Kernel, KernelContext, KernelTable } from './types';
export { UnsupportedOpError } from './types';

export const KERNELS: KernelTable = {
  ...CONV_KERNELS,
  ...POOL_KERNELS,
  ...REDUCE_KERNELS,
  ...ELEMENTWISE_KERNELS,
  ...ACTIVATION_KERNELS,
  ...QUANTIZE_KERNELS,
  ...SHAPE_KERNELS,
  ...DATA_MOVEMENT_KERNELS,
  ...RESIZE_KERNELS,
  ...NORMALIZATION_KERNELS,
  ...CONTROL_KERNELS,
  ...CUSTOM_KERNELS,
  UnidirectionalSequenceLstm: unsupported('UnidirectionalSequenceLstm', "TFLite's 24-input LSTM has no kernel yet"),
};

export function kernelFor(type: string): Kernel | undefined {
  return (KERNELS as Record<string, Kernel | undefined>)[type];
}

export function isSupportedType(type: string): type is OpType {
  return type in KERNELS;
}
