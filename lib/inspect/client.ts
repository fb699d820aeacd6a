// The page's side of the inspector worker: one promise per request.
// Browser-only (it starts a Worker).

import type { DownloadProgress } from '../engines/model-cache';
import type { InspectRequest, InspectResponse, InspectSource, SimulationSummary } from './protocol';
import type { ModelView } from './view';

type Pending = { resolve: (r: InspectResponse) => void; reject: (e: Error) => void; onProgress?: (p: DownloadProgress) => void };
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export class InspectClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'edgezoo-inspector' });
    this.worker.onmessage = (e: MessageEvent<InspectResponse>) => this.receive(e.data);
    this.worker.onerror = (e) => this.failAll(new Error(`the inspector worker crashed: ${e.message || 'unknown error'}`));
  }

  private receive(msg: InspectResponse): void {
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

  private request(req: WithoutId<InspectRequest>, onProgress?: (p: DownloadProgress) => void): Promise<InspectResponse> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      // Bytes are copied, not transferred: the caller (bring your own model) keeps using them.
      this.worker.postMessage({ ...req, id } as InspectRequest);
    });
  }

  async open(source: InspectSource, onProgress?: (p: DownloadProgress) => void): Promise<{ view: ModelView; ms: number }> {
    const msg = await this.request({ type: 'open', source }, onProgress);
    if (msg.type !== 'opened') throw new Error(`unexpected ${msg.type} reply to open`);
    return { view: msg.view, ms: msg.ms };
  }

  async simulate(targetId: string, assumeDtype?: 'int8' | 'float32'): Promise<SimulationSummary> {
    const msg = await this.request({ type: 'simulate', targetId, assumeDtype });
    if (msg.type !== 'simulated') throw new Error(`unexpected ${msg.type} reply to simulate`);
    return msg.simulation;
  }

  terminate(): void {
    this.failAll(new Error('the inspector was closed'));
    this.worker.terminate();
  }
}
