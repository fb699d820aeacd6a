// The page's side of the inspector worker: one promise per request.
// Browser-only (it starts a Worker).

import type { DownloadProgress } from '../engines/model-cache';
import { WorkerRpc } from '../util/worker-rpc';
import type { InspectRequest, InspectResponse, InspectSource, SimulationSummary } from './protocol';
import type { ModelView } from './view';

export class InspectClient {
  // Bytes are copied, not transferred: the caller (bring your own model) keeps using them.
  private readonly rpc = new WorkerRpc<InspectRequest, InspectResponse>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'edgezoo-inspector' }), {
    what: 'the inspector worker',
    failure: (msg) => (msg.type === 'error' ? new Error(msg.message) : undefined),
    isProgress: (msg) => msg.type === 'progress',
  });

  async open(source: InspectSource, onProgress?: (p: DownloadProgress) => void): Promise<{ view: ModelView; ms: number }> {
    const msg = await this.rpc.call({ type: 'open', source }, 'opened', {
      onProgress: (m) => {
        if (m.type === 'progress') onProgress?.(m.progress);
      },
    });
    return { view: msg.view, ms: msg.ms };
  }

  async simulate(targetId: string, assumeDtype?: 'int8' | 'float32'): Promise<SimulationSummary> {
    return (await this.rpc.call({ type: 'simulate', targetId, assumeDtype }, 'simulated')).simulation;
  }

  terminate(): void {
    this.rpc.terminate('the inspector was closed');
  }
}
