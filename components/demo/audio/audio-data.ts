// Build-time (server) side of the audio panel: the catalogue model plus the
// bundled clips in public/samples/audio.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CatalogueModel } from '@/lib/catalogue/manifest';
import { audioDemoOf, type AudioDemoModel, type RecipeInputValues } from './audio-model';

/** Clips shown first: the wake phrase, then other speech, then noise. */
const PREFERRED = ['hey-jarvis.wav', 'hey-jarvis-2.wav', 'negative-speech.wav', 'silence-noise.wav'];

export function audioSampleFiles(): string[] {
  const dir = path.join(process.cwd(), 'public/samples/audio');
  const files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.wav'));
  const rank = (f: string) => (PREFERRED.includes(f) ? PREFERRED.indexOf(f) : PREFERRED.length);
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The inputs each graph's recipe freezes (e.g. Silero's sr), which the executor folds in at load. */
function recipeInputValues(m: CatalogueModel): RecipeInputValues {
  const recipe = JSON.parse(readFileSync(path.join(process.cwd(), m.recipePath, 'recipe.json'), 'utf8')) as { graphs?: { id: string; inputValues?: Record<string, number[]> }[] };
  return Object.fromEntries((recipe.graphs ?? []).flatMap((g) => (g.inputValues ? [[g.id, g.inputValues]] : [])));
}

export function getAudioDemoModel(m: CatalogueModel): AudioDemoModel | undefined {
  return audioDemoOf(m, audioSampleFiles(), recipeInputValues(m));
}
