// Test support only: fast structural comparison of TfliteModels. vitest's
// deep equality walks typed arrays element by element (minutes for 27 MB of
// weights), so byte payloads are compared here and replaced by their lengths.

import type { TfliteModel } from './types';

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Index of the first buffer whose bytes differ, or -1. */
export function firstDifferentBuffer(a: TfliteModel, b: TfliteModel): number {
  if (a.buffers.length !== b.buffers.length) return Math.min(a.buffers.length, b.buffers.length);
  return a.buffers.findIndex((buf, i) => !bytesEqual(buf.data, b.buffers[i].data));
}

/** The model with buffer bytes replaced by their length, for toEqual. */
export function withoutBufferBytes(m: TfliteModel): unknown {
  return {
    ...m,
    buffers: m.buffers.map((b) => ({ length: b.data.length, external: b.external !== null, emptyDataVector: b.emptyDataVector === true })),
  };
}
