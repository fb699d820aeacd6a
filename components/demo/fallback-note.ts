// The note shown when the backend the user picked is not the one running.

import type { BackendRequest, EngineInfo } from '@/lib/engines/types';

/** Why the engine runs on another backend than the one asked for, or undefined when it runs on that one (or on auto). */
export function fallbackNote(requested: BackendRequest, info: EngineInfo | undefined, gpuMissing: string | undefined): string | undefined {
  if (!info || requested === 'auto' || info.backend.startsWith(requested)) return undefined;
  const why = info.note.match(new RegExp(`${requested}: ([^;)]+)`))?.[1] ?? (requested === 'webgpu' ? gpuMissing : undefined) ?? 'it could not start';
  return `You chose ${requested}, but it is not available here (${why}). The model runs on ${info.backend} instead: the results are the same, only the speed differs.`;
}
