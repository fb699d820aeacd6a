// The bench page: window.__bench.run(case) makes the case's inputs, runs it
// (MediaPipe here on the page, everything else in a fresh worker) and
// resolves to its CaseResult. The Node runner opens a new page per case.

import type { BenchCase, CaseResult } from '../cases';
import { makeTensors } from './inputs';
import { openMediapipe } from './mediapipe';
import { errorText, measure } from './timed';
import type { WorkerJob } from './worker';

export interface EnvironmentInfo {
  userAgent: string;
  hardwareConcurrency: number;
  crossOriginIsolated: boolean;
  webglRenderer: string;
  webgpuAdapter: string;
}

declare global {
  interface Window {
    __bench?: { run(c: BenchCase): Promise<CaseResult>; environment(): Promise<EnvironmentInfo> };
  }
}

function inWorker(job: WorkerJob): Promise<CaseResult> {
  return new Promise((resolve) => {
    const worker = new Worker('/bench/worker.js', { type: 'module', name: `bench ${job.bench.id}` });
    const done = (r: CaseResult) => {
      worker.terminate();
      resolve(r);
    };
    worker.onmessage = (e: MessageEvent<CaseResult>) => done(e.data);
    worker.onerror = (e) => done({ id: job.bench.id, ok: false, error: `the bench worker crashed: ${e.message || 'unknown error'}`, backendUsed: '', note: '', threads: 0, loadMs: 0, warmupMs: [], ms: [] });
    worker.postMessage(job);
  });
}

async function run(c: BenchCase): Promise<CaseResult> {
  try {
    if (c.kind === 'model' && c.runner === 'mediapipe') return await measure(c.id, c.policy, () => openMediapipe(c));
    const tensors = c.kind === 'model' ? await makeTensors(c.inputs) : [];
    return await inWorker({ bench: c, tensors });
  } catch (err) {
    return { id: c.id, ok: false, error: errorText(err), backendUsed: '', note: '', threads: 0, loadMs: 0, warmupMs: [], ms: [] };
  }
}

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string };
}

async function environment(): Promise<EnvironmentInfo> {
  const gl = document.createElement('canvas').getContext('webgl2');
  const ext = gl?.getExtension('WEBGL_debug_renderer_info');
  const webglRenderer = gl ? String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'none';
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  const adapter = gpu ? await gpu.requestAdapter() : null;
  const webgpuAdapter = adapter ? [adapter.info?.vendor, adapter.info?.architecture, adapter.info?.description].filter(Boolean).join(' ') || 'unnamed adapter' : 'none';
  return { userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency, crossOriginIsolated: globalThis.crossOriginIsolated, webglRenderer, webgpuAdapter };
}

window.__bench = { run, environment };
