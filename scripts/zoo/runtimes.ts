// The runtimes the build runs models in, behind one shape: source-layout
// tensors in, the IR graph's outputs (in its order, source layout) out.
//  - the source's own runtime, the fp32 reference: the official TFLite
//    runtime for .tflite, onnxruntime-node for ONNX, tf.loadGraphModel for TF.js;
//  - our executor (calibration, and the reference where the source runtime
//    cannot run the source at all);
//  - the official TFLite runtime on an exported artifact.

import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { createExecutor, type Executor } from '../../lib/exec';
import type { Model } from '../../lib/ir/types';
import { toModelLayout, toSourceLayout } from './layout';
import type { Tensor } from './samples';
import { openTflite, type TfliteSession } from './tflite-session';
import { diskHandler } from '../../lib/exec/testing/tfjs-reference';

export interface Runtime {
  run(inputs: Tensor[]): Promise<Tensor[]>;
  close(): void;
}

const names = (model: Model, ids: string[]): string[] => ids.map((id) => model.graphs[0].tensors.get(id)?.name ?? id);
export const inputNames = (model: Model): string[] => names(model, model.graphs[0].inputs);
export const outputNames = (model: Model): string[] => names(model, model.graphs[0].outputs);

/** An exported .tflite in the official runtime; `model` is the IR it was written from (names, layouts). */
export async function artifactRuntime(bytes: Uint8Array, model: Model): Promise<Runtime> {
  const session: TfliteSession = await openTflite(bytes);
  const ins = inputNames(model);
  const outs = outputNames(model);
  return {
    async run(inputs) {
      const results = session.run(inputs.map((t, i) => toModelLayout(model, ins[i], t)));
      return results.map((r, k) => toSourceLayout(model, outs[k], { data: r.data, shape: r.shape }));
    },
    close: () => session.close(),
  };
}

/** Our executor on an IR model (wasm backend). */
export async function executorRuntime(model: Model): Promise<Runtime & { executor: Executor }> {
  const executor = await createExecutor(model, { backend: 'wasm' });
  const ins = inputNames(model);
  const outs = outputNames(model);
  return {
    executor,
    async run(inputs) {
      const feeds = Object.fromEntries(inputs.map((t, i) => [ins[i], toModelLayout(model, ins[i], t)]));
      const { outputs } = await executor.run(feeds);
      return outs.map((name) => {
        const o = outputs[name];
        if (!o) throw new Error(`executor returned no output ${name}`);
        return toSourceLayout(model, name, { data: o.data, shape: o.shape });
      });
    },
    close: () => executor.dispose(),
  };
}

export async function tfliteSourceRuntime(file: string): Promise<Runtime> {
  const session = await openTflite(new Uint8Array(readFileSync(file)));
  return {
    async run(inputs) {
      return session.run(inputs).map((r) => ({ data: r.data, shape: r.shape }));
    },
    close: () => session.close(),
  };
}

/** A frozen input's value as an ort tensor of the file's declared type (a scalar when one value, else 1-D). */
function frozenTensor(session: ort.InferenceSession, name: string, values: readonly number[]): ort.Tensor {
  const meta = session.inputMetadata.find((m) => m.name === name);
  const type = meta?.isTensor ? meta.type : 'float32';
  const shape = values.length === 1 ? [] : [values.length];
  switch (type) {
    case 'int64':
      return new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), shape);
    case 'int32':
      return new ort.Tensor('int32', Int32Array.from(values), shape);
    case 'float32':
      return new ort.Tensor('float32', Float32Array.from(values), shape);
    default:
      throw new Error(`frozen input ${name}: type ${type} is not handled`);
  }
}

/**
 * The ONNX file in onnxruntime-node. Inputs frozen at import (`inputValues`)
 * are no longer the IR's inputs: the session gets their frozen values, and
 * `inputs` lists the others in the file's order.
 */
export async function onnxSourceRuntime(file: string, inputValues: Readonly<Record<string, number[]>> = {}): Promise<Runtime> {
  const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 2 });
  const fed = session.inputNames.filter((name) => !(name in inputValues));
  const frozen: Record<string, ort.Tensor> = {};
  for (const name of session.inputNames) if (name in inputValues) frozen[name] = frozenTensor(session, name, inputValues[name]);
  return {
    async run(inputs) {
      const feeds: Record<string, ort.Tensor> = { ...frozen };
      fed.forEach((name, i) => {
        const t = inputs[i];
        const type = t.data instanceof Float32Array ? 'float32' : t.data instanceof Int32Array ? 'int32' : t.data instanceof Int8Array ? 'int8' : 'uint8';
        feeds[name] = new ort.Tensor(type, t.data, t.shape);
      });
      const out = await session.run(feeds);
      return session.outputNames.map((name) => {
        const t = out[name];
        const data = t.data instanceof Float32Array || t.data instanceof Int32Array || t.data instanceof Uint8Array ? t.data : Float32Array.from(t.data as ArrayLike<number>);
        return { data, shape: [...t.dims] };
      });
    },
    close: () => void session.release(),
  };
}


/** tf.loadGraphModel on the cpu backend, asked for the IR's outputs by node name so both list them in one order. */
export async function tfjsSourceRuntime(modelJson: string, outputs: string[]): Promise<Runtime> {
  await tf.setBackend('cpu');
  await tf.ready();
  const model = await tf.loadGraphModel(diskHandler(modelJson));
  return {
    async run(inputs) {
      const feeds = inputs.map((t) => tf.tensor(t.data, t.shape, t.data instanceof Float32Array ? 'float32' : 'int32'));
      const result = model.execute(feeds.length === 1 ? feeds[0] : feeds, outputs);
      const list = Array.isArray(result) ? result : [result];
      const out: Tensor[] = [];
      for (const t of list) {
        const data = await t.data();
        out.push({ data: data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint8Array ? data : Float32Array.from(data as ArrayLike<number>), shape: [...t.shape] });
      }
      tf.dispose([...feeds, ...list]);
      return out;
    },
    close: () => model.dispose(),
  };
}
