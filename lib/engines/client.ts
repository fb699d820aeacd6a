// The page's side of the inference worker: a promise per request, progress
// callbacks for downloads. Browser-only (it starts a Worker).

import type { DownloadProgress } from './model-cache';
import type { TaskOptions } from '../tasks/types';
import type { FrameRequest, FrameResult, PipelineSpec } from './pipeline';
import type { ModelFileRef, WorkerRequest, WorkerResponse } from './protocol';
import { transferables } from './protocol';
import type { BackendRequest, EngineId, EngineInfo, EngineProfile, EngineTensor, ModelBytes, ProfileOptions } from './types';

export interface LoadRequest {
  engine: EngineId;
  backend: BackendRequest;
  format: ModelBytes['format'];
  entry: string;
  /** Files to download; leave empty and give `bytes` for files already in memory. */
  files: ModelFileRef[];
  /** Files in memory by relative path (bring your own model); copied to the worker, the caller keeps them. */
  bytes?: Record<string, Uint8Array>;
  inputShapes?: Record<string, number[]>;
  /** Inputs frozen to these values (the recipe's inputValues); see ModelBytes.inputValues. */
  inputValues?: Record<string, number[]>;
  /** TFLite runtime: wasm threads (see EngineLoadOptions.threads). */
  threads?: number;
  /** Site-relative folder of the self-hosted runtimes; default /runtimes/. */
  runtimesBase?: string;
  /** Needed for frame(): how pictures become inputs and outputs a TaskResult. */
  pipeline?: PipelineSpec;
}

type Pending = {
  resolve: (r: WorkerResponse) => void;
  reject: (e: Error) => void;
  onProgress?: (p: DownloadProgress) => void;
};

// Distributes the WorkerRequest union over its members, so `id` can be left out of each.
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export class EngineClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'edgezoo-inference' });
    this.worker.onmessage = (e: MessageEvent<WorkerResponse>) => this.receive(e.data);
    this.worker.onerror = (e) => this.failAll(new Error(`the inference worker crashed: ${e.message || 'unknown error'}`));
  }

  private receive(msg: WorkerResponse): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') {
      p.onProgress?.(msg.progress);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.type === 'error') p.reject(new Error(msg.message));
    else p.resolve(msg);
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private request(req: WithoutId<WorkerRequest>, transfer: Transferable[] = [], onProgress?: (p: DownloadProgress) => void): Promise<WorkerResponse> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ ...req, id } as WorkerRequest, transfer);
    });
  }

  async load(req: LoadRequest, onProgress?: (p: DownloadProgress) => void): Promise<EngineInfo> {
    const msg = await this.request({ type: 'load', runtimesBase: req.runtimesBase ?? '/runtimes/', ...req }, [], onProgress);
    if (msg.type !== 'loaded') throw new Error(`unexpected ${msg.type} reply to load`);
    return msg.info;
  }

  /** Inputs are copied (not transferred) so the caller keeps them. */
  async run(inputs: EngineTensor[], repeats = 1): Promise<{ outputs: EngineTensor[]; ms: number[] }> {
    const copies = inputs.map((t) => ({ ...t, data: t.data.slice() }));
    const msg = await this.request({ type: 'run', inputs: copies, repeats }, transferables(copies));
    if (msg.type !== 'result') throw new Error(`unexpected ${msg.type} reply to run`);
    return { outputs: msg.outputs, ms: msg.ms };
  }

  /** Per-op times of the loaded model on seeded synthetic inputs. */
  async profile(opts: ProfileOptions): Promise<EngineProfile> {
    const msg = await this.request({ type: 'profile', ...opts });
    if (msg.type !== 'profiled') throw new Error(`unexpected ${msg.type} reply to profile`);
    return msg.profile;
  }

  /** One picture through the loaded pipeline. The bitmap is transferred (unusable here afterwards). */
  async frame(bitmap: ImageBitmap, req: FrameRequest): Promise<FrameResult> {
    const msg = await this.request({ type: 'frame', bitmap, ...req }, [bitmap]);
    if (msg.type !== 'frame-result') throw new Error(`unexpected ${msg.type} reply to frame`);
    const { type: _type, id: _id, ...result } = msg;
    return result;
  }

  /** Decodes the last still frame (one run with tensors: 'all') again with new options. */
  async redecode(options: TaskOptions): Promise<FrameResult> {
    const msg = await this.request({ type: 'redecode', options });
    if (msg.type !== 'frame-result') throw new Error(`unexpected ${msg.type} reply to redecode`);
    const { type: _type, id: _id, ...result } = msg;
    return result;
  }

  terminate(): void {
    this.failAll(new Error('the inference worker was stopped'));
    this.worker.terminate();
  }
}
