// What the Node runner hands the bench page, and what comes back. Shared by
// both sides, so nothing here may touch Node or the DOM.

import type { ImageFeed } from '../../lib/catalogue/recipe-schema';
import type { IoSpec } from '../../lib/engines/boundary';

/** 'source' is the catalogue's original file; fp32/int8 are our artifacts from `npm run zoo`. */
export type Variant = 'source' | 'fp32' | 'int8';

/** Who runs the model: one of EdgeZoo's engines (lib/engines) or a runtime a user would pick instead. */
export type Side = 'ours' | 'peer';

export type Runner =
  | 'engine' // lib/engines: TfjsEngine, TfliteEngine, OrtEngine
  | 'tfjs-graph' // peer: tf.loadGraphModel on @tensorflow/tfjs-backend-wasm
  | 'ort-web' // peer: onnxruntime-web, wasm execution provider
  | 'tfjs-tflite' // peer: @tensorflow/tfjs-tflite on the original .tflite
  | 'mediapipe'; // peer: a @mediapipe/* solution's send()

/** From the feed's tensor (source layout, feed dtype) to what a converted artifact takes. */
/** How one input tensor is made in the page. */
export type InputPlan =
  | {
      kind: 'image';
      name: string;
      /** Site path of the sample image, e.g. /samples/images/astronaut.jpg. */
      sample: string;
      feed: ImageFeed;
      /** The artifact input it is converted to (layout, int8), where that differs from the source feed. */
      to?: IoSpec;
    }
  | {
      kind: 'tensor';
      name: string;
      /** Site path of raw little-endian float32 data the Node side made from the recipe feed (audio windows, wake-word features). */
      href: string;
      shape: number[];
      /** Where it came from, e.g. audio/hey-jarvis-2.wav#21. */
      label: string;
      /** The artifact input it is converted to (layout, int8), where that differs from the source feed. */
      to?: IoSpec;
    }
  | {
      /** An input the recipe freezes (inputValues, e.g. Silero's sr); its dtype is the model's own. */
      kind: 'value';
      name: string;
      values: number[];
    };

export interface ModelFile {
  href: string;
  /** Path relative to the entry file's folder. */
  path: string;
}

export interface RunPolicy {
  warmup: number;
  /** Most timed runs. */
  maxRuns: number;
  /** Fewest timed runs, even past the budget. */
  minRuns: number;
  /** Timed runs stop once they have taken this long in all (and minRuns are done). */
  budgetMs: number;
}

export interface ModelCase {
  kind: 'model';
  id: string;
  /** Catalogue key, e.g. vision/face-detection/blazeface-short-range. */
  model: string;
  graph: string;
  side: Side;
  runner: Runner;
  /** Engine id for ours (tfjs, tflite, ort); the library for peers. */
  engine: string;
  /** Backend asked for: wasm, webgl, webgpu. */
  backend: string;
  variant: Variant;
  format: 'tflite' | 'onnx' | 'tfjs';
  entry: string;
  files: ModelFile[];
  inputShapes?: Record<string, number[]>;
  inputs: InputPlan[];
  /** MACs of one inference of this file (catalogue or artifact stats). */
  macs: number | null;
  /** The dense-matmul peak (PeakCase.peak) that gives this row's compute floor. */
  peak?: string;
  /** Runs on a SwiftShader (CPU-emulated) GPU: slow, and labelled so. */
  swiftshader: boolean;
  policy: RunPolicy;
  /** Why this case is listed but not run (e.g. too heavy for SwiftShader in the time budget). */
  skip?: string;
  /** MediaPipe solution settings (runner 'mediapipe'). */
  mediapipe?: MediapipeSetup;
}

export interface MediapipeSetup {
  /** Package folder name under @mediapipe/, e.g. face_detection. */
  solution: 'face_detection' | 'hands' | 'selfie_segmentation';
  options: Record<string, string | number | boolean>;
  /** Site path of the sample image sent as the frame. */
  sample: string;
}

/** Dense matmul throughput of one backend, timed like a model: inputs in → outputs read back. */
export interface PeakCase {
  kind: 'peak';
  id: string;
  /** Key model rows refer to, e.g. tfjs-wasm, xnnpack-fp32. */
  peak: string;
  runner: 'tfjs-matmul' | 'tfjs-tflite' | 'ort-web';
  backend: string;
  /** Square size: an n×n by n×n product is n³ MACs. */
  n: number;
  /** Model file for the tflite / ort peaks (FULLY_CONNECTED / MatMul with an n×n weight). */
  href?: string;
  swiftshader: boolean;
  policy: RunPolicy;
}

export type BenchCase = ModelCase | PeakCase;

export interface CaseResult {
  id: string;
  ok: boolean;
  error?: string;
  /** Set when the case was planned but deliberately not run; says why. */
  skipped?: string;
  /** The backend the runtime reports it used. */
  backendUsed: string;
  note: string;
  loadMs: number;
  /** Threads the runtime ran with (1 when it has no thread pool). */
  threads: number;
  warmupMs: number[];
  ms: number[];
}
