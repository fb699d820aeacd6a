// The page's side of the bring-your-own-model workers: the converter
// (worker.ts) and the runner (run-worker.ts), one promise per request.
// Browser-only (it starts Workers).

import type { EngineInfo, EngineTensor } from '../../engines/types';
import type { ByomFailure, ByomRequest, ByomResponse, ConvertedFile, FeedImage, ModelSummary, OpenRequest, ProbeReport, QuantizedFile, QuantizeRequest, TargetRow } from './protocol';
import type { RunEngine, RunRequest, RunResponse } from './run-worker';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** A worker failure with what the page needs to explain it (error code, unsupported ops). */
export class ByomError extends Error {
  constructor(readonly failure: ByomFailure) {
    super(failure.message);
  }
}

type Progress = (done: number, total: number, phase: string) => void;

export class ByomClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: ByomResponse) => void; reject: (e: Error) => void; onProgress?: Progress }>();
  private nextId = 1;

  constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'edgezoo-byom' });
    this.worker.onmessage = (e: MessageEvent<ByomResponse>) => {
      const msg = e.data;
      const p = this.pending.get(msg.id);
      if (!p) return;
      if (msg.type === 'progress') {
        p.onProgress?.(msg.done, msg.total, msg.phase);
        return;
      }
      this.pending.delete(msg.id);
      if (msg.type === 'error') p.reject(new ByomError(msg.failure));
      else p.resolve(msg);
    };
    this.worker.onerror = (e) => {
      for (const p of this.pending.values()) p.reject(new Error(`the converter worker crashed: ${e.message || 'unknown error (out of memory?)'}`));
      this.pending.clear();
    };
  }

  private request(req: WithoutId<ByomRequest>, onProgress?: Progress): Promise<ByomResponse> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ ...req, id } as ByomRequest);
    });
  }

  async open(req: OpenRequest): Promise<ModelSummary> {
    const r = await this.request({ type: 'open', ...req });
    if (r.type !== 'opened') throw new Error(`unexpected ${r.type}`);
    return r.summary;
  }

  async simulate(): Promise<TargetRow[]> {
    const r = await this.request({ type: 'simulate' });
    if (r.type !== 'simulated') throw new Error(`unexpected ${r.type}`);
    return r.targets;
  }

  async convert(fileName: string): Promise<ConvertedFile> {
    const r = await this.request({ type: 'convert', fileName });
    if (r.type !== 'converted') throw new Error(`unexpected ${r.type}`);
    return r.file;
  }

  async quantize(fileName: string, req: QuantizeRequest, onProgress: Progress): Promise<QuantizedFile> {
    const r = await this.request({ type: 'quantize', fileName, ...req }, onProgress);
    if (r.type !== 'quantized') throw new Error(`unexpected ${r.type}`);
    return r.file;
  }

  /** The last quantized model's per-layer error on another image. */
  async probe(image: FeedImage): Promise<ProbeReport> {
    const r = await this.request({ type: 'probe', image });
    if (r.type !== 'probed') throw new Error(`unexpected ${r.type}`);
    return r.report;
  }

  terminate(): void {
    for (const p of this.pending.values()) p.reject(new Error('stopped'));
    this.pending.clear();
    this.worker.terminate();
  }
}

export class RunClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: RunResponse) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor() {
    this.worker = new Worker(new URL('./run-worker.ts', import.meta.url), { type: 'module', name: 'edgezoo-byom-run' });
    this.worker.onmessage = (e: MessageEvent<RunResponse>) => {
      const p = this.pending.get(e.data.id);
      if (!p) return;
      this.pending.delete(e.data.id);
      if (e.data.type === 'error') p.reject(new Error(e.data.message));
      else p.resolve(e.data);
    };
    this.worker.onerror = (e) => {
      for (const p of this.pending.values()) p.reject(new Error(`the runner worker crashed: ${e.message || 'unknown error'}`));
      this.pending.clear();
    };
  }

  private request(req: WithoutId<RunRequest>): Promise<RunResponse> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...req, id } as RunRequest);
    });
  }

  async load(engine: RunEngine, bytes: Uint8Array): Promise<EngineInfo> {
    const r = await this.request({ type: 'load', engine, bytes: bytes.slice() });
    if (r.type !== 'loaded') throw new Error(`unexpected ${r.type}`);
    return r.info;
  }

  async run(inputs: EngineTensor[]): Promise<{ outputs: EngineTensor[]; ms: number }> {
    const r = await this.request({ type: 'run', inputs });
    if (r.type !== 'result') throw new Error(`unexpected ${r.type}`);
    return { outputs: r.outputs, ms: r.ms };
  }

  terminate(): void {
    this.worker.terminate();
  }
}
