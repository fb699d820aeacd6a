// Build-time (server) side of the audio panel: the catalogue model plus the
// bundled clips in public/samples/audio.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { CatalogueModel } from '@/lib/catalogue/manifest';
import { audioDemoOf, type AudioDemoModel } from './audio-model';

/** Clips shown first: the wake phrase, then other speech, then noise. */
const PREFERRED = ['hey-jarvis.wav', 'hey-jarvis-2.wav', 'negative-speech.wav', 'silence-noise.wav'];

export function audioSampleFiles(): string[] {
  const dir = path.join(process.cwd(), 'public/samples/audio');
  const files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.wav'));
  const rank = (f: string) => (PREFERRED.includes(f) ? PREFERRED.indexOf(f) : PREFERRED.length);
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function getAudioDemoModel(m: CatalogueModel): AudioDemoModel | undefined {
  return audioDemoOf(m, audioSampleFiles());
}
