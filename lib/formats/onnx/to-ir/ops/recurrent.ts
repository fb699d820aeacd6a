// ONNX LSTM has no direct IR mapping (the IR's LSTM follows TFLite's
// 24-input unidirectional layout), so it stays Custom; we still infer its
// output shapes so downstream layout decisions know the ranks.
import { emitCustom, inputsOf, required, type Handler } from '../common';
import { attrInt, attrString } from '../node-attrs';

export const lstmHandler: Handler = (b, n, where) => {
  const x = required(inputsOf(b, n, where)[0], 'X', where);
  const hidden = attrInt(n, 'hidden_size', -1);
  const dirs = attrString(n, 'direction', 'forward') === 'bidirectional' ? 2 : 1;
  const [seq, batch] = attrInt(n, 'layout', 0) === 0 ? [x.shape?.[0] ?? -1, x.shape?.[1] ?? -1] : [x.shape?.[1] ?? -1, x.shape?.[0] ?? -1];
  const state = [dirs, batch, hidden];
  emitCustom(b, n, where, [[seq, dirs, batch, hidden], state, state]);
  return true;
};
