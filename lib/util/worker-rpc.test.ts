import { describe, expect, it } from 'vitest';
import { WorkerRpc } from './worker-rpc';

type Req = { id: number; type: 'add'; a: number; b: number } | { id: number; type: 'slow' };
type Res = { id: number; type: 'sum'; value: number } | { id: number; type: 'progress'; done: number } | { id: number; type: 'error'; message: string };

/** A stand-in for a Worker: records posts, lets the test reply or crash. */
class FakeWorker {
  onmessage: ((e: MessageEvent<Res>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  posted: { msg: Req; transfer: Transferable[] }[] = [];
  terminated = false;
  postMessage(msg: Req, transfer: Transferable[]): void {
    this.posted.push({ msg, transfer });
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(msg: Res): void {
    this.onmessage?.({ data: msg } as MessageEvent<Res>);
  }
  crash(message: string): void {
    this.onerror?.({ message } as ErrorEvent);
  }
}

function setup() {
  const worker = new FakeWorker();
  const rpc = new WorkerRpc<Req, Res>(worker as unknown as Worker, {
    what: 'the test worker',
    failure: (m) => (m.type === 'error' ? new Error(m.message) : undefined),
    isProgress: (m) => m.type === 'progress',
    crashHint: 'out of memory?',
  });
  return { worker, rpc };
}

describe('WorkerRpc', () => {
  it('numbers requests and settles each with the reply carrying its id, whatever the order', async () => {
    const { worker, rpc } = setup();
    const one = rpc.call({ type: 'add', a: 1, b: 2 }, 'sum');
    const two = rpc.call({ type: 'add', a: 3, b: 4 }, 'sum');
    expect(worker.posted.map((p) => p.msg.id)).toEqual([1, 2]);
    worker.reply({ id: 2, type: 'sum', value: 7 });
    worker.reply({ id: 1, type: 'sum', value: 3 });
    expect((await one).value).toBe(3);
    expect((await two).value).toBe(7);
  });

  it('passes progress to the listener without settling, and transfers what it is told to', async () => {
    const { worker, rpc } = setup();
    const seen: number[] = [];
    const buf = new ArrayBuffer(8);
    const p = rpc.call({ type: 'slow' }, 'sum', { transfer: [buf], onProgress: (m) => m.type === 'progress' && seen.push(m.done) });
    expect(worker.posted[0].transfer).toEqual([buf]);
    worker.reply({ id: 1, type: 'progress', done: 1 });
    worker.reply({ id: 1, type: 'progress', done: 2 });
    worker.reply({ id: 1, type: 'sum', value: 0 });
    await p;
    expect(seen).toEqual([1, 2]);
  });

  it('rejects with the failure the reply stands for; progress without a listener is dropped', async () => {
    const { worker, rpc } = setup();
    const failed = rpc.call({ type: 'slow' }, 'sum');
    worker.reply({ id: 1, type: 'error', message: 'bad model' });
    await expect(failed).rejects.toThrow('bad model');
    const quiet = rpc.call({ type: 'slow' }, 'sum');
    worker.reply({ id: 2, type: 'progress', done: 0 });
    worker.reply({ id: 2, type: 'sum', value: 1 });
    await expect(quiet).resolves.toMatchObject({ value: 1 });
  });

  it('a call whose reply has another type fails naming both', async () => {
    const worker = new FakeWorker();
    const rpc = new WorkerRpc<Req, Res>(worker as unknown as Worker, { what: 'the test worker', failure: () => undefined });
    const p = rpc.call({ type: 'slow' }, 'sum');
    worker.reply({ id: 1, type: 'progress', done: 1 });
    await expect(p).rejects.toThrow('the test worker sent progress in reply to slow, expected sum');
  });

  it('a crash rejects everything pending, with the hint when the browser gives no reason', async () => {
    const { worker, rpc } = setup();
    const a = rpc.call({ type: 'slow' }, 'sum');
    const b = rpc.call({ type: 'slow' }, 'sum');
    worker.crash('');
    await expect(a).rejects.toThrow('the test worker crashed: out of memory?');
    await expect(b).rejects.toThrow('the test worker crashed: out of memory?');
  });

  it('terminate rejects what is pending with the reason and stops the worker', async () => {
    const { worker, rpc } = setup();
    const a = rpc.call({ type: 'slow' }, 'sum');
    rpc.terminate('closed by the page');
    await expect(a).rejects.toThrow('closed by the page');
    expect(worker.terminated).toBe(true);
  });
});
