// The page's side of the inference worker: a promise per request, progress
// callbacks for downloads. Browser-only (it starts a Worker).

import type { CropFrom } from '../catalogue/recipe-schema';
import type { DownloadProgress } from './model-cache';
import type { TaskOptions } from '../tasks/types';
import type { FrameRequest, FrameResult, PipelineSpec } from './pipeline';
import { WorkerRpc, type WithoutId } from '../util/worker-rpc';
import type { LoadSpec, WorkerRequest, WorkerResponse } from './protocol';
import { transferables } from './protocol';
import type { EngineInfo, EngineProfile, EngineTensor, ProfileOptions } from './types';

/** What to load; the runtimes default to the site's own /runtimes/. */
export type LoadRequest = Omit<LoadSpec, 'runtimesBase'> & { runtimesBase?: string };

export class EngineClient {
  private readonly rpc = new WorkerRpc<WorkerRequest, WorkerResponse>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'edgezoo-inference' }), {
    what: 'the inference worker',
    failure: (msg) => (msg.type === 'error' ? new Error(msg.message) : undefined),
    isProgress: (msg) => msg.type === 'progress',
  });

  async load(req: LoadRequest, onProgress?: (p: DownloadProgress) => void): Promise<EngineInfo> {
    return this.loadAs({ type: 'load', runtimesBase: req.runtimesBase ?? '/runtimes/', ...req }, onProgress);
  }

  /** Loads the detector a crop model's frames go through first (frame requests with `crops`). */
  async loadDetector(req: LoadRequest & { pipeline: PipelineSpec; crop: CropFrom }, onProgress?: (p: DownloadProgress) => void): Promise<EngineInfo> {
    return this.loadAs({ type: 'load-detector', runtimesBase: req.runtimesBase ?? '/runtimes/', ...req }, onProgress);
  }

  private async loadAs(req: WithoutId<Extract<WorkerRequest, { type: 'load' | 'load-detector' }>>, onProgress?: (p: DownloadProgress) => void): Promise<EngineInfo> {
    const msg = await this.rpc.call(req, 'loaded', {
      onProgress: (m) => {
        if (m.type === 'progress') onProgress?.(m.progress);
      },
    });
    return msg.info;
  }

  /** Inputs are copied (not transferred) so the caller keeps them. */
  async run(inputs: EngineTensor[], repeats = 1): Promise<{ outputs: EngineTensor[]; ms: number[] }> {
    const copies = inputs.map((t) => ({ ...t, data: t.data.slice() }));
    const msg = await this.rpc.call({ type: 'run', inputs: copies, repeats }, 'result', { transfer: transferables(copies) });
    return { outputs: msg.outputs, ms: msg.ms };
  }

  /** Per-op times of the loaded model on seeded synthetic inputs. */
  async profile(opts: ProfileOptions): Promise<EngineProfile> {
    return (await this.rpc.call({ type: 'profile', ...opts }, 'profiled')).profile;
  }

  /** One picture through the loaded pipeline. The bitmap is transferred (unusable here afterwards). */
  async frame(bitmap: ImageBitmap, req: FrameRequest): Promise<FrameResult> {
    const msg = await this.rpc.call({ type: 'frame', bitmap, ...req }, 'frame-result', { transfer: [bitmap] });
    const { type: _type, id: _id, ...result } = msg;
    return result;
  }

  /** Decodes the last still frame (one run with tensors: 'all') again with new options. */
  async redecode(options: TaskOptions): Promise<FrameResult> {
    const msg = await this.rpc.call({ type: 'redecode', options }, 'frame-result');
    const { type: _type, id: _id, ...result } = msg;
    return result;
  }

  terminate(): void {
    this.rpc.terminate('the inference worker was stopped');
  }
}
