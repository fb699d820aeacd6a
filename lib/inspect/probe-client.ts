// The page's side of the int8 explorer worker (probe-worker.ts): one promise
// per request. Browser-only (it starts a Worker).

import type { DownloadProgress } from '../engines/model-cache';
import { WorkerRpc } from '../util/worker-rpc';
import type { FeedImage, ProbeReport } from './byom/protocol';
import type { ArtifactPair, ProbeWorkerRequest, ProbeWorkerResponse } from './probe-protocol';

export class ProbeClient {
  private readonly rpc = new WorkerRpc<ProbeWorkerRequest, ProbeWorkerResponse>(new Worker(new URL('./probe-worker.ts', import.meta.url), { type: 'module', name: 'edgezoo-int8-explorer' }), {
    what: 'the int8 explorer worker',
    failure: (msg) => (msg.type === 'error' ? new Error(msg.message) : undefined),
    isProgress: (msg) => msg.type === 'progress',
    crashHint: 'unknown error (out of memory?)',
  });

  async load(pair: ArtifactPair, onProgress?: (p: DownloadProgress) => void): Promise<number> {
    const r = await this.rpc.call({ type: 'load', pair }, 'loaded', {
      onProgress: (m) => {
        if (m.type === 'progress') onProgress?.(m.progress);
      },
    });
    return r.ms;
  }

  async probe(image: FeedImage): Promise<ProbeReport> {
    return (await this.rpc.call({ type: 'probe', image }, 'probed')).report;
  }

  terminate(): void {
    this.rpc.terminate('the int8 explorer was stopped');
  }
}
