// Per-layer int8 error, measured where it is made: each activation's float
// values on a sample (from the float model) against the same values rounded
// and clipped to the int8 grid the quantizer chose for it. This is the noise
// each tensor's own quantization adds (rounding inside its range, clipping
// outside it), not the error accumulated from earlier layers.

import { sqnr, type QuantReport } from '../../quantize';
import { INTEGER_RANGES } from '../quant-text';

export interface LayerError {
  tensor: string;
  name: string;
  /** Op type that produces the tensor in the float model ('input' for graph inputs). */
  producer: string;
  sqnrDb: number;
  /** Fraction of the sample's values outside the represented range (clipped). */
  clipped: number;
  scale: number;
  zeroPoint: number;
}

export function activationErrors(
  report: QuantReport,
  captured: Readonly<Record<string, { data: ArrayLike<number> }>>,
  producerType: (tensorId: string) => string,
): LayerError[] {
  const out: LayerError[] = [];
  for (const t of report.tensors) {
    if (t.role !== 'activation' && t.role !== 'input' && t.role !== 'output') continue;
    if (t.scale.length !== 1) continue;
    const range = INTEGER_RANGES[t.dtype];
    const values = captured[t.id]?.data;
    if (!range || !values || values.length === 0) continue;
    const [qmin, qmax] = range;
    const s = t.scale[0];
    const z = t.zeroPoint[0] ?? 0;
    const rounded = new Float64Array(values.length);
    let clipped = 0;
    for (let i = 0; i < values.length; i++) {
      const q = Math.round(values[i] / s) + z;
      if (q < qmin || q > qmax) clipped++;
      rounded[i] = s * (Math.min(qmax, Math.max(qmin, q)) - z);
    }
    out.push({ tensor: t.id, name: t.name, producer: producerType(t.id), sqnrDb: sqnr(values, rounded), clipped: clipped / values.length, scale: s, zeroPoint: z });
  }
  return out;
}
