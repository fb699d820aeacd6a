import type { TfjsNode } from '../types';
import type { ImportContext } from './context';

/**
 * Maps one TF node into IR ops writing `outs` (already declared tensors, one
 * per TF output). Returns false, having emitted nothing, when the node cannot
 * be expressed (e.g. a non-constant axis); the importer then keeps it Custom.
 */
export type OpHandler = (node: TfjsNode, ctx: ImportContext, outs: string[]) => boolean;
