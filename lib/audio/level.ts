// Input level for the meter: RMS and peak of a block in dB full scale.

export interface Level {
  rmsDb: number;
  peakDb: number;
}

/** Floor for silence, so the meter shows a number instead of −Infinity. */
export const SILENCE_DB = -100;

export function levelOf(block: Float32Array): Level {
  let sum = 0;
  let peak = 0;
  for (let i = 0; i < block.length; i++) {
    const v = block[i];
    sum += v * v;
    const a = Math.abs(v);
    if (a > peak) peak = a;
  }
  const toDb = (x: number) => (x > 0 ? Math.max(SILENCE_DB, 20 * Math.log10(x)) : SILENCE_DB);
  return { rmsDb: toDb(block.length ? Math.sqrt(sum / block.length) : 0), peakDb: toDb(peak) };
}
