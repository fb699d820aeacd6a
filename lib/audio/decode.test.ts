// Audio files to model input (the WAV path is exact; other rates go through
// the resampler), the frame chunker and the microphone error messages.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../exec/testing/catalogue';
import { parseWav } from '../util/wav';
import { AudioDecodeError, decodeAudioFile, decodePcmWav, mixToMono, type BrowserDecoder } from './decode';
import { FrameChunker } from './frames';
import { levelOf } from './level';
import { explainMicrophoneError } from './microphone';
import { encodeWav } from './wav-write';

const sample = (name: string) => new Uint8Array(readFileSync(path.join(REPO_ROOT, 'public/samples/audio', name)));
const noBrowser: BrowserDecoder = async () => { throw new Error('no browser decoder in this test'); };

describe('decodeAudioFile', () => {
  it('reads a 16 kHz 16-bit sample clip exactly', async () => {
    const bytes = sample('hey-jarvis.wav');
    const out = await decodeAudioFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), 'hey-jarvis.wav', noBrowser);
    const ref = parseWav(bytes, 'hey-jarvis.wav').samples;
    expect(out.decoder).toBe('wav');
    expect(out.sourceRate).toBe(16000);
    expect(out.samples).toEqual(Float32Array.from(ref, (v) => v / 32768));
    expect(out.durationSec).toBeCloseTo(ref.length / 16000, 9);
  });

  it('converts a 48 kHz WAV through the resampler: tones below 6.4 kHz come back within 16-bit noise', () => {
    const tones = (rate: number, n: number) => Float32Array.from({ length: n }, (_, i) =>
      0.3 * Math.sin((2 * Math.PI * 300 * i) / rate) + 0.2 * Math.sin((2 * Math.PI * 1250 * i) / rate + 1) + 0.1 * Math.sin((2 * Math.PI * 5100 * i) / rate + 2));
    const out = decodePcmWav(encodeWav(tones(48000, 48000), 48000), '48k');
    const ideal = tones(16000, 16000);
    expect(out?.sourceRate).toBe(48000);
    expect(out?.samples.length).toBe(16000);
    let worst = 0;
    for (let i = 200; i < 15800; i++) worst = Math.max(worst, Math.abs((out?.samples[i] ?? 0) - ideal[i]));
    console.log(`48 kHz WAV of three tones → 16 kHz: worst |error| ${worst.toExponential(2)}`);
    // 16-bit quantisation of the 48 kHz file is ±2⁻¹⁶ per sample; the filter sums it to a few times that.
    expect(worst).toBeLessThanOrEqual(2e-4);
  });

  it('hands other files to the browser decoder and mixes its channels', async () => {
    const decode: BrowserDecoder = async () => {
      const l = Float32Array.from({ length: 4800 }, (_, i) => Math.sin(i / 10));
      const r = Float32Array.from({ length: 4800 }, (_, i) => -Math.sin(i / 10) + 0.5);
      return { sampleRate: 48000, numberOfChannels: 2, length: 4800, getChannelData: (c: number) => (c === 0 ? l : r) };
    };
    const out = await decodeAudioFile(new TextEncoder().encode('ID3 not really an mp3').buffer, 'song.mp3', decode);
    expect(out.decoder).toBe('browser');
    expect(out.channels).toBe(2);
    expect(out.samples.length).toBe(1600);
    // L + R averages to a constant 0.25, which the low-pass passes unchanged away from the edges.
    for (let i = 100; i < 1500; i++) expect(out.samples[i]).toBeCloseTo(0.25, 4);
  });

  it('names the file and the problem for corrupt, empty and overlong input', async () => {
    const failing: BrowserDecoder = async () => { throw new DOMException('Unable to decode audio data', 'EncodingError'); };
    const junk = new Uint8Array(1000).map((_, i) => (i * 37) & 0xff);
    await expect(decodeAudioFile(junk.buffer, 'junk.wav', failing)).rejects.toThrow(/“junk.wav” could not be decoded as audio: it is corrupt or in a format this browser cannot read \(Unable to decode audio data\)/);
    // A WAV header with its data cut off also falls to the browser decoder, which rejects it.
    const truncated = encodeWav(new Float32Array(100), 16000).slice(0, 30);
    await expect(decodeAudioFile(truncated.buffer, 'cut.wav', failing)).rejects.toBeInstanceOf(AudioDecodeError);
    await expect(decodeAudioFile(new ArrayBuffer(0), 'empty.wav', failing)).rejects.toThrow(/“empty.wav” is empty/);
    await expect(decodeAudioFile(encodeWav(new Float32Array(0), 16000).buffer as ArrayBuffer, 'silent.wav', failing)).rejects.toThrow(/contains no audio samples/);
    const long: BrowserDecoder = async () => ({ sampleRate: 8000, numberOfChannels: 1, length: 8000 * 700, getChannelData: () => new Float32Array(8000 * 700) });
    await expect(decodeAudioFile(new Uint8Array([1, 2, 3]).buffer, 'long.ogg', long)).rejects.toThrow(/11.7 minutes long; the demo takes up to 10 minutes/);
  });

  it('mixToMono averages and copies', () => {
    const a = Float32Array.from([1, 2]);
    expect(mixToMono([a, Float32Array.from([3, 4])])).toEqual(Float32Array.from([2, 3]));
    const one = mixToMono([a]);
    one[0] = 9;
    expect(a[0]).toBe(1);
  });
});

describe('FrameChunker', () => {
  it('gives Silero windows: 64 samples of context (zeros at first) + 512 new, whatever the block sizes', () => {
    const x = Float32Array.from({ length: 2000 }, (_, i) => i + 1);
    const c = new FrameChunker({ hop: 512, leadIn: 64 });
    const frames = [...c.push(x.subarray(0, 100)), ...c.push(x.subarray(100, 1500)), ...c.push(x.subarray(1500))];
    expect(frames).toHaveLength(3);
    expect(c.emitted).toBe(3);
    expect(Array.from(frames[0].subarray(0, 64))).toEqual(Array(64).fill(0));
    expect(frames[0][64]).toBe(1);
    expect(frames[1][0]).toBe(512 - 64 + 1);
    expect(frames[2][575]).toBe(1536);
    c.reset();
    expect(c.push(x)[0]).toEqual(frames[0]);
    expect(() => new FrameChunker({ hop: 0, leadIn: 0 })).toThrow(/hop must be a positive whole number/);
  });
});

describe('microphone and level helpers', () => {
  it('explains each getUserMedia failure in words', () => {
    expect(explainMicrophoneError(new DOMException('Permission denied', 'NotAllowedError'))).toMatchObject({ problem: 'denied', message: expect.stringMatching(/^Microphone access was denied/) });
    expect(explainMicrophoneError(new DOMException('Requested device not found', 'NotFoundError'))).toMatchObject({ problem: 'no-device', message: expect.stringMatching(/^No microphone was found/) });
    expect(explainMicrophoneError(new DOMException('Could not start audio source', 'NotReadableError')).message).toMatch(/another application may be using it \(Could not start audio source\)/);
    expect(explainMicrophoneError(new Error('weird')).message).toBe('The microphone could not be started (weird).');
  });

  it('measures a full-scale sine at −3 dB RMS and 0 dB peak', () => {
    const l = levelOf(Float32Array.from({ length: 4800 }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 48000)));
    expect(l.rmsDb).toBeCloseTo(-3.01, 2);
    expect(l.peakDb).toBeCloseTo(0, 3);
    expect(levelOf(new Float32Array(10)).rmsDb).toBe(-100);
  });
});
