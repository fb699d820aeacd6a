// The resampler on pure tones and sine sweeps: flat, in-phase passband, and
// content above the output's Nyquist frequency rejected instead of aliased.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../util/seeded-random';
import { StreamingResampler, resample } from './resample';

const dB = (x: number) => 20 * Math.log10(x);

function tone(freq: number, rate: number, seconds: number, amplitude = 0.5, phase = 0): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freq * i) / rate + phase);
  return out;
}

/** Linear chirp f0 → f1 over the signal; phase(t) = 2π(f0 t + (f1 − f0) t² / 2T). */
function chirp(f0: number, f1: number, rate: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) {
    const t = i / rate;
    out[i] = amplitude * Math.sin(2 * Math.PI * (f0 * t + ((f1 - f0) * t * t) / (2 * seconds)));
  }
  return out;
}

/** Least-squares amplitude and phase of a sinusoid at `freq` in x[from, to), phase relative to sin(2πft). */
function fitTone(x: Float32Array, freq: number, rate: number, from: number, to: number): { amplitude: number; phase: number } {
  let ss = 0, cc = 0, sc = 0, xs = 0, xc = 0;
  for (let i = from; i < to; i++) {
    const s = Math.sin((2 * Math.PI * freq * i) / rate);
    const c = Math.cos((2 * Math.PI * freq * i) / rate);
    ss += s * s; cc += c * c; sc += s * c; xs += x[i] * s; xc += x[i] * c;
  }
  const det = ss * cc - sc * sc;
  const a = (xs * cc - xc * sc) / det;
  const b = (xc * ss - xs * sc) / det;
  return { amplitude: Math.hypot(a, b), phase: Math.atan2(b, a) };
}

function rms(x: Float32Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / (to - from));
}

// Stated tolerances: passband ≤ 6.4 kHz (0.8 × the 8 kHz output Nyquist) within ±0.05 dB and
// ±0.01 rad of the ideal zero-delay response; everything the 16 kHz output cannot represent
// (input above 8 kHz) at least 70 dB down; ≥ 8.8 kHz, where the Kaiser stopband is fully reached, 80 dB down.
const PASSBAND_DB = 0.05;
const PHASE_RAD = 0.01;
const ALIAS_DB = -70;
const DEEP_ALIAS_DB = -80;

describe.each([48000, 44100, 96000, 22050])('%i Hz → 16 kHz', (inRate) => {
  const out = 16000;
  const skip = 400; // output samples at each end, where the kernel overlaps the zero padding

  it.each([100, 440, 1000, 2500, 4000, 5500, 6400])('passes %i Hz flat and in phase', (f) => {
    const y = resample(tone(f, inRate, 1), inRate, out);
    expect(y.length).toBe(16000);
    const fit = fitTone(y, f, out, skip, y.length - skip);
    expect(Math.abs(dB(fit.amplitude / 0.5))).toBeLessThanOrEqual(PASSBAND_DB);
    expect(Math.abs(fit.phase)).toBeLessThanOrEqual(PHASE_RAD);
  });

  it('follows a 20 Hz → 6.4 kHz sweep sample by sample', () => {
    const y = resample(chirp(20, 6400, inRate, 2), inRate, out);
    const ideal = chirp(20, 6400, out, 2);
    let worst = 0;
    for (let i = skip; i < y.length - skip; i++) worst = Math.max(worst, Math.abs(y[i] - ideal[i]));
    console.log(`${inRate} Hz sweep: worst |error| ${worst.toExponential(2)} (${dB(worst / 0.5).toFixed(1)} dB re amplitude)`);
    // Within 1e-4 (−74 dB re the 0.5 amplitude): far inside the ±0.05 dB passband budget (0.6 %).
    expect(worst).toBeLessThanOrEqual(1e-4);
  });

  it.each([8000, 8800, 10000, 12000, 15000, 20000].filter((f) => f < inRate / 2))('rejects %i Hz instead of aliasing it', (f) => {
    const y = resample(tone(f, inRate, 1), inRate, out);
    const level = dB(rms(y, skip, y.length - skip) / (0.5 / Math.SQRT2));
    expect(level).toBeLessThanOrEqual(f >= 8800 ? DEEP_ALIAS_DB : ALIAS_DB);
  });

  it('rejects an 8.8 kHz → Nyquist sweep', () => {
    const top = Math.min(inRate / 2 - 100, 23900);
    const y = resample(chirp(8800, top, inRate, 2), inRate, out);
    let peak = 0;
    for (let i = skip; i < y.length - skip; i++) peak = Math.max(peak, Math.abs(y[i]));
    console.log(`${inRate} Hz alias sweep 8.8 → ${top / 1000} kHz: output peak ${dB(peak / 0.5).toFixed(1)} dB re input amplitude`);
    expect(dB(peak / 0.5)).toBeLessThanOrEqual(DEEP_ALIAS_DB);
  });
});

describe('8 kHz → 16 kHz (upsampling)', () => {
  it('passes 1 kHz and leaves no image at 7 kHz', () => {
    const y = resample(tone(1000, 8000, 1), 8000, 16000);
    expect(y.length).toBe(16000);
    const pass = fitTone(y, 1000, 16000, 400, 15600);
    expect(Math.abs(dB(pass.amplitude / 0.5))).toBeLessThanOrEqual(PASSBAND_DB);
    expect(Math.abs(pass.phase)).toBeLessThanOrEqual(PHASE_RAD);
    const image = fitTone(y, 7000, 16000, 400, 15600);
    expect(dB(image.amplitude / 0.5)).toBeLessThanOrEqual(DEEP_ALIAS_DB);
  });
});

describe('StreamingResampler', () => {
  it('gives the whole-buffer result bit for bit, whatever the block sizes', () => {
    const rand = seededRandom(7);
    const x = Float32Array.from({ length: 48000 }, () => rand() * 2 - 1);
    const whole = resample(x, 48000, 16000);
    const r = new StreamingResampler(48000, 16000);
    const parts: number[] = [];
    for (let at = 0; at < x.length;) {
      const n = 1 + Math.floor(rand() * 3000);
      parts.push(...r.push(x.subarray(at, at + n)));
      at += n;
    }
    parts.push(...r.flush());
    expect(parts.length).toBe(whole.length);
    expect(Float32Array.from(parts)).toEqual(whole);
  });

  it('keeps latency to the kernel half-width and little memory on a long stream', () => {
    const r = new StreamingResampler(44100, 16000);
    let produced = 0;
    for (let i = 0; i < 600; i++) produced += r.push(new Float32Array(441)).length; // 6 s in 10 ms blocks
    const expected = r.outputLength(600 * 441);
    expect(expected - produced).toBeLessThanOrEqual(Math.ceil((r.latencyInputSamples * 16000) / 44100) + 1);
  });

  it('keeps a 1 kHz tone continuous across block boundaries', () => {
    const r = new StreamingResampler(48000, 16000);
    const x = tone(1000, 48000, 1);
    const parts: number[] = [];
    for (let at = 0; at < x.length; at += 128) parts.push(...r.push(x.subarray(at, at + 128)));
    const y = Float32Array.from(parts);
    const fit = fitTone(y, 1000, 16000, 400, y.length - 100);
    expect(Math.abs(dB(fit.amplitude / 0.5))).toBeLessThanOrEqual(PASSBAND_DB);
  });

  it('rejects rates it cannot use, naming them', () => {
    expect(() => new StreamingResampler(0, 16000)).toThrow(/input sample rate must be a positive number, got 0/);
    expect(() => new StreamingResampler(48000, Number.NaN)).toThrow(/output sample rate/);
    expect(() => new StreamingResampler(44100.5, 16000)).toThrow(/whole number of Hz, got 44100.5/);
    expect(resample(Float32Array.from([1, 2, 3]), 16000, 16000)).toEqual(Float32Array.from([1, 2, 3]));
  });
});
