// The pipeline's view of a model: one float32 input in, the first output's
// values out, shapes in the ONNX file's order. Adapters put our executor (or
// any other runtime, e.g. onnxruntime in tests) behind it.
import { createExecutor, type Executor, type ExecutorOptions } from '../../exec';
import type { Model } from '../../ir/types';
import { LAYOUT_KEY } from '../../formats/onnx/to-ir/import-graph';

export interface ModelRunner {
  /** Runs the model on `input` of `shape` (ONNX order) and returns its first output, row-major in ONNX order. */
  run(input: Float32Array, shape: number[]): Promise<Float32Array>;
  dispose?(): void;
}

/** The three openWakeWord stages. */
export interface WakeWordModels {
  melspectrogram: ModelRunner;
  embedding: ModelRunner;
  classifier: ModelRunner;
}

/** [n, c, h, w] → [n, h, w, c] or back (inverse = true, `shape` then still NCHW). */
function permute4d(data: Float32Array, shape: number[], inverse: boolean): Float32Array {
  const [n, c, h, w] = shape;
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) {
    for (let k = 0; k < c; k++) {
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const nchw = ((b * c + k) * h + y) * w + x;
          const nhwc = ((b * h + y) * w + x) * c + k;
          if (inverse) out[nchw] = data[nhwc];
          else out[nhwc] = data[nchw];
        }
      }
    }
  }
  return out;
}

/**
 * Runs an IR-imported ONNX model on our executor. Inputs/outputs the importer
 * marked 'layout:<name>' = 'NCHW' are NHWC in the IR, so they are permuted
 * here and callers keep using the ONNX file's layout.
 */
export function executorRunner(exec: Executor, model: Model): ModelRunner {
  const g = model.graphs[0];
  const tensorName = (id: string | undefined): string => {
    const t = id === undefined ? undefined : g.tensors.get(id);
    if (!t) throw new Error('model graph has no input or output');
    return t.name;
  };
  const input = tensorName(g.inputs[0]);
  const output = tensorName(g.outputs[0]);
  const nchw = (name: string) => model.metadata[`${LAYOUT_KEY}${name}`] === 'NCHW';
  return {
    async run(data, shape) {
      const permuteIn = nchw(input) && shape.length === 4;
      const feed = permuteIn ? { data: permute4d(data, shape, false), shape: [shape[0], shape[2], shape[3], shape[1]] } : { data, shape };
      const out = (await exec.run({ [input]: feed })).outputs[output];
      const values = Float32Array.from(out.data);
      if (!nchw(output) || out.shape.length !== 4) return values;
      const [n, h, w, c] = out.shape;
      return permute4d(values, [n, c, h, w], true);
    },
    dispose: () => exec.dispose(),
  };
}

/** Creates executors for the three imported models. */
export async function executorModels(
  models: { melspectrogram: Model; embedding: Model; classifier: Model }, opts: ExecutorOptions = {},
): Promise<WakeWordModels> {
  const make = async (m: Model) => executorRunner(await createExecutor(m, opts), m);
  return { melspectrogram: await make(models.melspectrogram), embedding: await make(models.embedding), classifier: await make(models.classifier) };
}
