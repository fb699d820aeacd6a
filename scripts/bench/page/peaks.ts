// Dense matmul peaks: an n×n by n×n product (n³ MACs) on each backend,
// timed like a model (inputs in → result read back). tf.matMul uses the TF.js
// backend set up the way EdgeZoo's executor sets it up (lib/exec useBackend,
// single-threaded wasm as TfjsEngine runs it); the XNNPACK and ORT peaks run a
// one-op model (FULLY_CONNECTED / MatMul with an n×n weight) the Node side wrote.

import * as tf from '@tensorflow/tfjs-core';
import { useBackend, type BackendName } from '../../../lib/exec';
import type { EngineTensor } from '../../../lib/engines/types';
import type { PeakCase } from '../cases';
import { openOrtWeb, openTfjsTflite } from './peers';
import type { Timed } from './timed';
import { seededRandom } from '../../../lib/util/seeded-random';

/** n×n values in [−0.5, 0.5), the same every run. */
function seededMatrix(n: number, seed: number): Float32Array {
  const rnd = seededRandom(seed);
  return Float32Array.from({ length: n * n }, () => rnd() - 0.5);
}

async function openTfMatmul(c: PeakCase): Promise<Timed> {
  const backend = c.backend as BackendName;
  if (backend === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm'); // registers the flag
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  const t0 = performance.now();
  const got = await useBackend({ backend, wasmPaths: '/runtimes/tfjs-wasm/' });
  if (got !== backend) throw new Error(`TF.js could not start ${backend} (got ${got})`);
  const a = tf.tensor2d(seededMatrix(c.n, 1), [c.n, c.n]);
  const b = tf.tensor2d(seededMatrix(c.n, 2), [c.n, c.n]);
  return {
    backendUsed: backend,
    note: `tf.matMul ${c.n}×${c.n} · ${c.n}×${c.n} on ${backend}, result read back with data()`,
    threads: 1,
    loadMs: performance.now() - t0,
    async runOnce() {
      const start = performance.now();
      const out = tf.matMul(a, b);
      await out.data();
      const ms = performance.now() - start;
      out.dispose();
      return ms;
    },
    dispose: () => tf.dispose([a, b]),
  };
}

function peakInput(c: PeakCase, name: string): EngineTensor {
  return { name, shape: [c.n, c.n], dtype: 'float32', data: seededMatrix(c.n, 3) };
}

export async function openPeak(c: PeakCase): Promise<Timed> {
  if (c.runner === 'tfjs-matmul') return openTfMatmul(c);
  if (!c.href) throw new Error(`peak ${c.id} has no model file`);
  if (c.runner === 'tfjs-tflite') return openTfjsTflite(c.href, [peakInput(c, 'x')], `a ${c.n}×${c.n} FULLY_CONNECTED (${c.peak})`);
  const entry = c.href.slice(c.href.lastIndexOf('/') + 1);
  return openOrtWeb(
    { kind: 'model', id: c.id, model: '', graph: '', side: 'peer', runner: 'ort-web', engine: 'ort', backend: 'wasm', variant: 'fp32', format: 'onnx', entry, files: [{ href: c.href, path: entry }], inputs: [], macs: c.n ** 3, swiftshader: false, policy: c.policy },
    [peakInput(c, 'x')],
  );
}
