// ONNX LSTM unrolled into plain IR ops, one block per time step and direction:
//   gates = FullyConnected(X_t, W, Wb + Rb) + FullyConnected(H_{t-1}, R)
//   i, o, f, c̃ = SplitV(gates) in ONNX gate order (i, o, f, c)
//   C_t = σ(f)⊙C_{t-1} + σ(i)⊙tanh(c̃),  H_t = σ(o)⊙tanh(C_t)
// Two FullyConnected ops per step (not eight per-gate ones) keep the op count
// low; SplitV shares its input's quantization, and the gate nonlinearities
// have fixed output ranges, so this form quantizes like TFLite's own unrolled
// LSTMs. Every op is a TFLite builtin, so the result exports and runs anywhere.
import type { HostTensor } from '../host';
import type { GraphBuilder, Value } from '../builder';
import { identity } from '../layout';

export interface LstmSpec {
  name: string;
  seq: number;
  batch: number;
  inputSize: number;
  hidden: number;
  direction: 'forward' | 'reverse' | 'bidirectional';
  /** X [seq, batch, in]. */
  x: Value;
  /** [dirs, 4H, in], [dirs, 4H, H], [dirs, 8H] float32 constants in ONNX layout. */
  w: HostTensor;
  r: HostTensor;
  b?: HostTensor;
  /** Initial states [dirs, batch, H]; zeros when absent. */
  initialH?: Value;
  initialC?: Value;
  /** ONNX output names ('' when the node omits one). */
  outputs: { y: string; yh: string; yc: string };
}

/** Row block [from, from + rows) of direction d of a [dirs, rows…, cols] float32 constant, as [rows, cols]. */
function rowsOf(t: HostTensor, d: number, from: number, rows: number, cols: number): Float32Array {
  const data = t.data as Float32Array;
  const perDir = data.length / t.dims[0];
  return data.slice(d * perDir + from * cols, d * perDir + (from + rows) * cols);
}

class Emitter {
  constructor(private readonly b: GraphBuilder, private readonly s: LstmSpec) {}

  tensor(label: string, shape: number[]): string {
    return this.b.addTensor(`${this.s.name}/${label}`, 'float32', shape, identity(shape.length));
  }

  constant(label: string, dims: number[], data: Float32Array): string {
    return this.b.constTensor(`${this.s.name}/${label}`, { dtype: 'float32', dims, data });
  }

  op(type: string, label: string, inputs: string[], shape: number[], attrs: Record<string, number | string | boolean | number[]> = {}, out?: string): string {
    const o = out ?? this.tensor(label, shape);
    this.b.addOp(type, `${this.s.name}/${label}`, inputs, [o], attrs);
    return o;
  }

  reshape(label: string, x: string, shape: number[], out?: string): string {
    return this.op('Reshape', label, [x], shape, { newShape: shape }, out);
  }

  /** Concat along `axis` (into `out` when given); a single part is returned as is. */
  join(label: string, parts: string[], axis: number, shape: number[], out?: string): string {
    if (parts.length === 1 && !out) return parts[0];
    return this.op('Concat', label, parts, shape, { axis, activation: 'none' }, out);
  }

  /** Splits a [n, …rest] tensor into n tensors of shape `each` (n = 1: a Reshape). */
  unstack(label: string, x: string, n: number, rest: number[], each: number[]): string[] {
    if (n === 1) return [this.reshape(label, x, each)];
    const parts = Array.from({ length: n }, (_, k) => this.tensor(`${label}/${k}`, [1, ...rest]));
    this.b.addOp('SplitV', `${this.s.name}/${label}`, [x], parts, { axis: 0, sizes: new Array<number>(n).fill(1) });
    return parts.map((p, k) => this.reshape(`${label}/${k}/flat`, p, each));
  }

  /** Per-direction [batch, H] initial state: sliced on the host when constant, zeros when absent. */
  initialState(label: string, v: Value | undefined, dirs: number): string[] {
    const { batch, hidden } = this.s;
    if (!v) return Array.from({ length: dirs }, () => this.constant(`${label}/zeros`, [batch, hidden], new Float32Array(batch * hidden)));
    if (v.host?.data instanceof Float32Array) {
      const host = v.host;
      return Array.from({ length: dirs }, (_, d) => this.constant(`${label}/${d}`, [batch, hidden], rowsOf(host, d, 0, batch, hidden)));
    }
    return this.unstack(label, this.b.plain(v), dirs, [batch, hidden], [batch, hidden]);
  }
}

/** Emits the unrolled LSTM into `b` and defines the node's outputs. */
export function emitUnrolledLstm(b: GraphBuilder, s: LstmSpec): void {
  const e = new Emitter(b, s);
  const { seq, batch, inputSize, hidden: H } = s;
  const dirs = s.direction === 'bidirectional' ? 2 : 1;
  const xPlain = b.plain(s.x);
  const xs = e.unstack('x', xPlain, seq, [batch, inputSize], [batch, inputSize]);
  const h0 = e.initialState('initial_h', s.initialH, dirs);
  const c0 = e.initialState('initial_c', s.initialC, dirs);
  const ys: string[][] = [];
  const lastH: string[] = [];
  const lastC: string[] = [];
  for (let d = 0; d < dirs; d++) {
    const w = e.constant(`d${d}/W`, [4 * H, inputSize], rowsOf(s.w, d, 0, 4 * H, inputSize));
    const r = e.constant(`d${d}/R`, [4 * H, H], rowsOf(s.r, d, 0, 4 * H, H));
    let bias = '';
    if (s.b) {
      // Wb and Rb always add together: fold them into the input FullyConnected's bias.
      const wb = rowsOf(s.b, d, 0, 1, 4 * H);
      const rb = rowsOf(s.b, d, 1, 1, 4 * H);
      bias = e.constant(`d${d}/bias`, [4 * H], wb.map((v, k) => v + rb[k]));
    }
    const reverse = s.direction === 'reverse' || d === 1;
    let h = h0[d];
    let c = c0[d];
    const hs = new Array<string>(seq);
    for (let k = 0; k < seq; k++) {
      const t = reverse ? seq - 1 - k : k;
      const at = `d${d}/t${t}`;
      const fc = { activation: 'none', keepNumDims: false };
      const gx = e.op('FullyConnected', `${at}/input_gates`, [xs[t], w, bias], [batch, 4 * H], fc);
      const gh = e.op('FullyConnected', `${at}/recurrent_gates`, [h, r, ''], [batch, 4 * H], fc);
      const gates = e.op('Add', `${at}/gates`, [gx, gh], [batch, 4 * H], { activation: 'none' });
      const split = ['i', 'o', 'f', 'c'].map((g) => e.tensor(`${at}/${g}_pre`, [batch, H]));
      b.addOp('SplitV', `${s.name}/${at}/split`, [gates], split, { axis: 1, sizes: [H, H, H, H] });
      const [gi, go, gf, gc] = split;
      const i = e.op('Logistic', `${at}/i`, [gi], [batch, H]);
      const o = e.op('Logistic', `${at}/o`, [go], [batch, H]);
      const f = e.op('Logistic', `${at}/f`, [gf], [batch, H]);
      const cand = e.op('Tanh', `${at}/c_candidate`, [gc], [batch, H]);
      const keep = e.op('Mul', `${at}/f_c`, [f, c], [batch, H], { activation: 'none' });
      const write = e.op('Mul', `${at}/i_c`, [i, cand], [batch, H], { activation: 'none' });
      c = e.op('Add', `${at}/c`, [keep, write], [batch, H], { activation: 'none' });
      const cAct = e.op('Tanh', `${at}/tanh_c`, [c], [batch, H]);
      h = e.op('Mul', `${at}/h`, [o, cAct], [batch, H], { activation: 'none' });
      hs[t] = h;
    }
    ys.push(hs);
    lastH.push(h);
    lastC.push(c);
  }
  const define = (name: string, shape: number[]): string | undefined => (name ? b.output(name, 'float32', shape, identity(shape.length)) : undefined);
  const yOut = define(s.outputs.y, [seq, dirs, batch, H]);
  if (yOut && seq === 1 && dirs === 1) e.reshape('y', ys[0][0], [1, 1, batch, H], yOut);
  else if (yOut) {
    const perDir = ys.map((hs, d) => {
      const steps = hs.map((h, t) => e.reshape(`y/d${d}/t${t}`, h, [1, 1, batch, H]));
      return e.join(`y/d${d}`, steps, 0, [seq, 1, batch, H], dirs === 1 ? yOut : undefined);
    });
    if (dirs > 1) e.join('y', perDir, 1, [seq, dirs, batch, H], yOut);
  }
  const state = (label: string, name: string, last: string[]) => {
    const out = define(name, [dirs, batch, H]);
    if (!out) return;
    const parts = last.map((v, d) => e.reshape(`${label}/d${d}`, v, [1, batch, H], dirs === 1 ? out : undefined));
    if (dirs > 1) e.join(label, parts, 0, [dirs, batch, H], out);
  };
  state('y_h', s.outputs.yh, lastH);
  state('y_c', s.outputs.yc, lastC);
}
