import type { Model } from '../ir/types';

/** What a pass did, in numbers a recipe page can show. */
export interface PassResult {
  /** Ops rewritten, fused or removed by the pass. */
  changed: number;
  /** One line per kind of change, e.g. "folded 12 Mul+Add pairs into Conv2D". */
  notes: string[];
}

/** A named graph pass. It rewrites `model` in place; callers clone first when they need the input. */
export interface GraphPass<P> {
  name: string;
  description: string;
  run(model: Model, params: P): PassResult;
}
