// Parity arithmetic for tests: the tolerance is relative to the reference's
// value range, as the parity suite specifies.

export interface Parity {
  maxError: number;
  range: number;
  tolerance: number;
  ok: boolean;
}

export const RELATIVE_TOLERANCE = 1e-4;

/**
 * `valueRange` replaces the observed range where that is degenerate: a
 * single-element output (a probability) has none, so its nominal range is used.
 */
export function parity(ours: ArrayLike<number>, reference: ArrayLike<number>, valueRange?: number, relative = RELATIVE_TOLERANCE): Parity {
  if (ours.length !== reference.length) throw new Error(`length ${ours.length} vs reference ${reference.length}`);
  let min = Infinity;
  let max = -Infinity;
  let maxError = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = Number(reference[i]);
    min = Math.min(min, r);
    max = Math.max(max, r);
    const e = Math.abs(Number(ours[i]) - r);
    if (!(e <= maxError)) maxError = Number.isNaN(e) ? Infinity : e;
  }
  const range = valueRange ?? max - min;
  const tolerance = relative * range;
  return { maxError, range, tolerance, ok: maxError <= tolerance };
}

export function describeParity(label: string, p: Parity): string {
  return `${label}: max |ours − ref| = ${p.maxError.toExponential(3)}, tolerance ${p.tolerance.toExponential(3)} (1e-4 × range ${p.range.toPrecision(4)}) ${p.ok ? 'OK' : 'FAIL'}`;
}
