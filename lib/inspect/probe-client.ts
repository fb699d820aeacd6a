// The page's side of the int8 explorer worker (probe-worker.ts): one promise
// per request. Browser-only (it starts a Worker).

import type { DownloadProgress } from '../engines/model-cache';
import type { FeedImage, ProbeReport } from './byom/protocol';
import type { ArtifactPair, ProbeWorkerRequest, ProbeWorkerResponse } from './probe-protocol';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Pending = { resolve: (r: ProbeWorkerResponse) => void; reject: (e: Error) => void; onProgress?: (p: DownloadProgress) => void };

export class ProbeClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor() {
    this.worker = new Worker(new URL('./probe-worker.ts', import.meta.url), { type: 'module', name: 'edgezoo-int8-explorer' });
    this.worker.onmessage = (e: MessageEvent<ProbeWorkerResponse>) => {
      const msg = e.data;
      const p = this.pending.get(msg.id);
      if (!p) return;
      if (msg.type === 'progress') {
        p.onProgress?.(msg.progress);
        return;
      }
      this.pending.delete(msg.id);
      if (msg.type === 'error') p.reject(new Error(msg.message));
      else p.resolve(msg);
    };
    this.worker.onerror = (e) => {
      for (const p of this.pending.values()) p.reject(new Error(`the int8 explorer worker crashed: ${e.message || 'unknown error (out of memory?)'}`));
      this.pending.clear();
    };
  }

  private request(req: WithoutId<ProbeWorkerRequest>, onProgress?: (p: DownloadProgress) => void): Promise<ProbeWorkerResponse> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ ...req, id } as ProbeWorkerRequest);
    });
  }

  async load(pair: ArtifactPair, onProgress?: (p: DownloadProgress) => void): Promise<number> {
    const r = await this.request({ type: 'load', pair }, onProgress);
    if (r.type !== 'loaded') throw new Error(`unexpected ${r.type} reply to load`);
    return r.ms;
  }

  async probe(image: FeedImage): Promise<ProbeReport> {
    const r = await this.request({ type: 'probe', image });
    if (r.type !== 'probed') throw new Error(`unexpected ${r.type} reply to probe`);
    return r.report;
  }

  terminate(): void {
    for (const p of this.pending.values()) p.reject(new Error('stopped'));
    this.pending.clear();
    this.worker.terminate();
  }
}
