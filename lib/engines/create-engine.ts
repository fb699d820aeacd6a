// The engine behind each EngineId, for the inference worker and the browser benchmark alike.

import { OrtEngine } from './ort-engine';
import { TfjsEngine } from './tfjs-engine';
import { TfliteEngine } from './tflite-engine';
import type { Engine, EngineId } from './types';

export function createEngine(id: EngineId): Engine {
  switch (id) {
    case 'tfjs':
      return new TfjsEngine();
    case 'tflite':
      return new TfliteEngine();
    case 'ort':
      return new OrtEngine();
  }
}
