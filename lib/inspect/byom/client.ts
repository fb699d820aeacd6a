// The page's side of the bring-your-own-model workers: the converter
// (worker.ts) and the runner (run-worker.ts), one promise per request.
// Browser-only (it starts Workers).

import type { EngineInfo, EngineTensor } from '../../engines/types';
import type { ByomFailure, ByomRequest, ByomResponse, ConvertedFile, FeedImage, ModelSummary, OpenRequest, ProbeReport, QuantizedFile, QuantizeRequest, TargetRow } from './protocol';
import type { RunEngine, RunRequest, RunResponse } from './run-worker';
import { WorkerRpc } from '../../util/worker-rpc';

/** A worker failure with what the page needs to explain it (error code, unsupported ops). */
export class ByomError extends Error {
  constructor(readonly failure: ByomFailure) {
    super(failure.message);
  }
}

type Progress = (done: number, total: number, phase: string) => void;

export class ByomClient {
  private readonly rpc = new WorkerRpc<ByomRequest, ByomResponse>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'edgezoo-byom' }), {
    what: 'the converter worker',
    failure: (msg) => (msg.type === 'error' ? new ByomError(msg.failure) : undefined),
    isProgress: (msg) => msg.type === 'progress',
    crashHint: 'unknown error (out of memory?)',
  });

  async open(req: OpenRequest): Promise<ModelSummary> {
    return (await this.rpc.call({ type: 'open', ...req }, 'opened')).summary;
  }

  async simulate(): Promise<TargetRow[]> {
    return (await this.rpc.call({ type: 'simulate' }, 'simulated')).targets;
  }

  async convert(fileName: string): Promise<ConvertedFile> {
    return (await this.rpc.call({ type: 'convert', fileName }, 'converted')).file;
  }

  async quantize(fileName: string, req: QuantizeRequest, onProgress: Progress): Promise<QuantizedFile> {
    const r = await this.rpc.call({ type: 'quantize', fileName, ...req }, 'quantized', {
      onProgress: (m) => {
        if (m.type === 'progress') onProgress(m.done, m.total, m.phase);
      },
    });
    return r.file;
  }

  /** The last quantized model's per-layer error on another image. */
  async probe(image: FeedImage): Promise<ProbeReport> {
    return (await this.rpc.call({ type: 'probe', image }, 'probed')).report;
  }

  terminate(): void {
    this.rpc.terminate('the converter worker was stopped');
  }
}

export class RunClient {
  private readonly rpc = new WorkerRpc<RunRequest, RunResponse>(new Worker(new URL('./run-worker.ts', import.meta.url), { type: 'module', name: 'edgezoo-byom-run' }), {
    what: 'the runner worker',
    failure: (msg) => (msg.type === 'error' ? new Error(msg.message) : undefined),
  });

  async load(engine: RunEngine, bytes: Uint8Array): Promise<EngineInfo> {
    return (await this.rpc.call({ type: 'load', engine, bytes: bytes.slice() }, 'loaded')).info;
  }

  async run(inputs: EngineTensor[]): Promise<{ outputs: EngineTensor[]; ms: number }> {
    const r = await this.rpc.call({ type: 'run', inputs }, 'result');
    return { outputs: r.outputs, ms: r.ms };
  }

  terminate(): void {
    this.rpc.terminate('the runner was stopped');
  }
}
