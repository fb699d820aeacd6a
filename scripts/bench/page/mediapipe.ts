// MediaPipe's own JS solutions (@mediapipe/face_detection, hands,
// selfie_segmentation): loaded by script tag from the bench server's copy of
// the package (locateFile points there, so nothing is fetched elsewhere),
// timed per send() of the sample image. send() resolves after the graph has
// run and onResults has been called; a segmentation mask is drawn into a
// 1×1 canvas and read back so GPU work cannot finish after the clock stops.

import type { MediapipeSetup, ModelCase } from '../cases';
import type { Timed } from './timed';

interface SolutionResults {
  detections?: unknown[];
  multiHandLandmarks?: unknown[];
  segmentationMask?: CanvasImageSource;
}

interface Solution {
  setOptions(options: Record<string, string | number | boolean>): void;
  onResults(listener: (r: SolutionResults) => void): void;
  initialize(): Promise<void>;
  send(inputs: { image: HTMLImageElement }): Promise<void>;
  close(): Promise<void>;
}

type SolutionCtor = new (config: { locateFile: (file: string) => string }) => Solution;

const CONSTRUCTORS: Record<MediapipeSetup['solution'], string> = {
  face_detection: 'FaceDetection',
  hands: 'Hands',
  selfie_segmentation: 'SelfieSegmentation',
};

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.crossOrigin = 'anonymous';
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(s);
  });
}

function describe(r: SolutionResults | undefined): string {
  if (!r) return 'no results';
  if (r.detections) return `${r.detections.length} detection(s)`;
  if (r.multiHandLandmarks) return `${r.multiHandLandmarks.length} hand(s)`;
  if (r.segmentationMask) return 'a segmentation mask';
  return 'results';
}

export async function openMediapipe(c: ModelCase): Promise<Timed> {
  const setup = c.mediapipe;
  if (!setup) throw new Error(`${c.id} has no MediaPipe setup`);
  const base = `/mediapipe/${setup.solution}/`;
  await loadScript(`${base}${setup.solution}.js`);
  const Ctor = (window as unknown as Record<string, SolutionCtor | undefined>)[CONSTRUCTORS[setup.solution]];
  if (!Ctor) throw new Error(`${setup.solution}.js defined no ${CONSTRUCTORS[setup.solution]}`);
  const image = new Image();
  image.src = setup.sample;
  await image.decode();
  const probe = document.createElement('canvas');
  probe.width = probe.height = 1;
  const probeCtx = probe.getContext('2d', { willReadFrequently: true });
  const t0 = performance.now();
  const solution = new Ctor({ locateFile: (file) => `${base}${file}` });
  solution.setOptions(setup.options);
  let calls = 0;
  let last: SolutionResults | undefined;
  solution.onResults((r) => {
    calls++;
    last = r;
    if (r.segmentationMask && probeCtx) {
      probeCtx.drawImage(r.segmentationMask, 0, 0, 1, 1);
      probeCtx.getImageData(0, 0, 1, 1);
    }
  });
  await solution.initialize();
  const loadMs = performance.now() - t0;
  return {
    backendUsed: 'MediaPipe solution: wasm graph, WebGL inference',
    get note() {
      return `${setup.solution} send() on ${setup.sample.slice(setup.sample.lastIndexOf('/') + 1)} (${image.naturalWidth}×${image.naturalHeight}), options ${JSON.stringify(setup.options)}: ${describe(last)}; includes MediaPipe's own resize, pre- and post-processing`;
    },
    threads: 1,
    loadMs,
    async runOnce() {
      const before = calls;
      const start = performance.now();
      await solution.send({ image });
      const ms = performance.now() - start;
      if (calls === before) throw new Error('send() resolved before onResults was called; its timing would not cover the inference');
      return ms;
    },
    dispose: () => void solution.close(),
  };
}
