// Audio files to the models' input: mono, 16 kHz, floats in [-1, 1].
// 16-bit mono WAV (the bundled samples) is read exactly with parseWav; any
// other file goes through the browser's decodeAudioData. Either way the
// channels are averaged to mono and our resampler (resample.ts) converts the
// rate, so uploads and the microphone share one tested conversion.

import { parseWav } from '../util/wav';
import { resample } from './resample';

export const MODEL_SAMPLE_RATE = 16000;
/** Longer uploads are refused: they would hold hundreds of MB of samples and take minutes to score. */
export const MAX_AUDIO_SECONDS = 600;
/** decodeAudioData resamples to its context's rate; this one keeps 48 and 96 kHz material exact and 44.1 kHz fine. */
const BROWSER_DECODE_RATE = 48000;

export class AudioDecodeError extends Error {
  override name = 'AudioDecodeError';
}

export interface DecodedAudio {
  /** Mono, MODEL_SAMPLE_RATE, [-1, 1]. */
  samples: Float32Array;
  /** Rate and channel count the file was decoded at, before conversion. */
  sourceRate: number;
  channels: number;
  durationSec: number;
  decoder: 'wav' | 'browser';
}

/** What decodeAudioData returns, as far as this module needs it. */
export interface DecodedBuffer {
  sampleRate: number;
  numberOfChannels: number;
  length: number;
  getChannelData(channel: number): Float32Array;
}

export type BrowserDecoder = (bytes: ArrayBuffer) => Promise<DecodedBuffer>;

/** Averages channels to one. */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 0) return new Float32Array(0);
  if (channels.length === 1) return channels[0].slice();
  const out = new Float32Array(channels[0].length);
  for (const ch of channels) for (let i = 0; i < out.length; i++) out[i] += ch[i];
  for (let i = 0; i < out.length; i++) out[i] /= channels.length;
  return out;
}

function checkDuration(frames: number, rate: number, label: string): number {
  const seconds = frames / rate;
  if (frames === 0) throw new AudioDecodeError(`${label} contains no audio samples`);
  if (seconds > MAX_AUDIO_SECONDS) throw new AudioDecodeError(`${label} is ${(seconds / 60).toFixed(1)} minutes long; the demo takes up to ${MAX_AUDIO_SECONDS / 60} minutes`);
  return seconds;
}

/** Mono channels at `rate` to the model's input. */
export function toModelRate(channels: readonly Float32Array[], rate: number, label: string): { samples: Float32Array; durationSec: number } {
  const mono = mixToMono(channels);
  const durationSec = checkDuration(mono.length, rate, label);
  return { samples: resample(mono, rate, MODEL_SAMPLE_RATE), durationSec };
}

function isRiffWave(b: Uint8Array): boolean {
  const s = (at: number) => String.fromCharCode(...b.subarray(at, at + 4));
  return b.length >= 12 && s(0) === 'RIFF' && s(8) === 'WAVE';
}

/** 16-bit mono WAV read directly; undefined when the file is something else (the browser decodes those). */
export function decodePcmWav(bytes: Uint8Array, label: string): DecodedAudio | undefined {
  if (!isRiffWave(bytes)) return undefined;
  let wav: ReturnType<typeof parseWav>;
  try {
    wav = parseWav(bytes, label);
  } catch {
    return undefined; // other WAV encodings (stereo, float, 24-bit): the browser's decoder handles them
  }
  if (!(wav.sampleRateHz > 0)) return undefined;
  const floats = Float32Array.from(wav.samples, (v) => v / 32768);
  const { samples, durationSec } = toModelRate([floats], wav.sampleRateHz, label);
  return { samples, sourceRate: wav.sampleRateHz, channels: 1, durationSec, decoder: 'wav' };
}

/** The browser's decoder at a fixed rate (OfflineAudioContext: no audio device needed). */
export function browserDecoder(): BrowserDecoder {
  return (bytes) => new OfflineAudioContext(1, 1, BROWSER_DECODE_RATE).decodeAudioData(bytes);
}

/** Any audio file to the models' input; a clear AudioDecodeError when it is not one. */
export async function decodeAudioFile(bytes: ArrayBuffer, name: string, decode: BrowserDecoder = browserDecoder()): Promise<DecodedAudio> {
  const label = `“${name}”`;
  if (bytes.byteLength === 0) throw new AudioDecodeError(`${label} is empty`);
  const wav = decodePcmWav(new Uint8Array(bytes), label);
  if (wav) return wav;
  let buffer: DecodedBuffer;
  try {
    // decodeAudioData detaches its argument; keep the caller's copy intact.
    buffer = await decode(bytes.slice(0));
  } catch (err) {
    const why = err instanceof Error && err.message ? err.message : String(err);
    throw new AudioDecodeError(`${label} could not be decoded as audio: it is corrupt or in a format this browser cannot read (${why})`);
  }
  const channels = Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c));
  const { samples, durationSec } = toModelRate(channels, buffer.sampleRate, label);
  return { samples, sourceRate: buffer.sampleRate, channels: buffer.numberOfChannels, durationSec, decoder: 'browser' };
}
