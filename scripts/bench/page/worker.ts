// The bench worker: one case per worker (the page starts a fresh one each
// time, so no runtime's global state leaks into the next case). Runs it and
// posts back a CaseResult.

import type { EngineTensor } from '../../../lib/engines/types';
import type { BenchCase, CaseResult, ModelCase } from '../cases';
import { openEngine } from './engine-runner';
import { openPeak } from './peaks';
import { openOrtWeb, openTfjsGraph, openTfjsTflite } from './peers';
import { entryHref } from './files';
import { measure, type Timed } from './timed';

export interface WorkerJob {
  bench: BenchCase;
  tensors: EngineTensor[];
}

interface WorkerScope {
  onmessage: ((e: MessageEvent<WorkerJob>) => void) | null;
  postMessage(message: CaseResult): void;
}

const scope = globalThis as unknown as WorkerScope;

function openModel(c: ModelCase, tensors: EngineTensor[]): Promise<Timed> {
  switch (c.runner) {
    case 'engine':
      return openEngine(c, tensors);
    case 'tfjs-graph':
      return openTfjsGraph(c, tensors);
    case 'ort-web':
      return openOrtWeb(c, tensors);
    case 'tfjs-tflite':
      return openTfjsTflite(entryHref(c.files, c.entry), tensors, 'the original .tflite');
    case 'mediapipe':
      throw new Error('MediaPipe solutions run on the page, not in the worker');
  }
}

scope.onmessage = (e) => {
  const { bench, tensors } = e.data;
  const open = bench.kind === 'peak' ? () => openPeak(bench) : () => openModel(bench, tensors);
  void measure(bench.id, bench.policy, open).then((r) => scope.postMessage(r));
};
