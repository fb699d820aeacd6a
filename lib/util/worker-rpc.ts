// The page's side of a request/response worker: every request gets an id and
// a promise; replies carrying that id settle it, except progress replies,
// which go to the request's listener. Each client keeps its own
// `new Worker(new URL(...))` so bundlers can see the worker's entry.

export interface RpcMessage {
  id: number;
  type: string;
}

/** Distributes a request union over its members, so `id` can be left out of each. */
export type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface WorkerRpcOptions<Res extends RpcMessage> {
  /** Named in errors, e.g. "the inference worker". */
  what: string;
  /** The error a failure reply stands for; undefined for any other reply. */
  failure: (msg: Res) => Error | undefined;
  /** Progress replies do not settle the request; they go to its onProgress listener. */
  isProgress?: (msg: Res) => boolean;
  /** Appended to the crash message when the browser gives no reason (e.g. "out of memory?"). */
  crashHint?: string;
}

type Pending<Res> = { resolve: (r: Res) => void; reject: (e: Error) => void; onProgress?: (msg: Res) => void };

export class WorkerRpc<Req extends RpcMessage, Res extends RpcMessage> {
  private readonly pending = new Map<number, Pending<Res>>();
  private nextId = 1;

  constructor(
    private readonly worker: Worker,
    private readonly opts: WorkerRpcOptions<Res>,
  ) {
    worker.onmessage = (e: MessageEvent<Res>) => this.receive(e.data);
    worker.onerror = (e) => this.failAll(new Error(`${opts.what} crashed: ${e.message || opts.crashHint || 'unknown error'}`));
  }

  private receive(msg: Res): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (this.opts.isProgress?.(msg)) {
      p.onProgress?.(msg);
      return;
    }
    this.pending.delete(msg.id);
    const err = this.opts.failure(msg);
    if (err) p.reject(err);
    else p.resolve(msg);
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  /** Sends a request; `transfer` moves buffers instead of copying them. */
  request(req: WithoutId<Req>, opts: { transfer?: Transferable[]; onProgress?: (msg: Res) => void } = {}): Promise<Res> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress: opts.onProgress });
      this.worker.postMessage({ ...req, id }, opts.transfer ?? []);
    });
  }

  /** request() whose reply must be of type `expected`; any other is an error naming both. */
  async call<K extends Res['type']>(req: WithoutId<Req>, expected: K, opts?: { transfer?: Transferable[]; onProgress?: (msg: Res) => void }): Promise<Extract<Res, { type: K }>> {
    const msg = await this.request(req, opts);
    if (msg.type !== expected) throw new Error(`${this.opts.what} sent ${msg.type} in reply to ${(req as { type: string }).type}, expected ${expected}`);
    return msg as Extract<Res, { type: K }>;
  }

  /** Rejects whatever is still pending with `reason` and stops the worker. */
  terminate(reason: string): void {
    this.failAll(new Error(reason));
    this.worker.terminate();
  }
}
