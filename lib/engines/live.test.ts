import { describe, expect, it } from 'vitest';
import { FrameGate, RateMeter, RollingWindow } from './live';

/** A promise the test settles by hand, standing in for one frame's worker round trip. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('FrameGate', () => {
  it('keeps at most one frame in flight and drops (never queues) the frames that arrive meanwhile', async () => {
    const gate = new FrameGate();
    const started: number[] = [];
    const jobs: ReturnType<typeof deferred>[] = [];
    const offer = (n: number) =>
      gate.offer(() => {
        started.push(n);
        const d = deferred();
        jobs.push(d);
        return d.promise;
      });
    expect(offer(1)).toBe(true);
    expect(gate.inFlight).toBe(true);
    // Five camera frames arrive while frame 1 is still being processed.
    for (let n = 2; n <= 6; n++) expect(offer(n)).toBe(false);
    expect(started).toEqual([1]);
    expect(gate.dropped).toBe(5);
    jobs[0].resolve();
    await settle();
    expect(gate.inFlight).toBe(false);
    // The next frame to arrive runs; the dropped ones never do.
    expect(offer(7)).toBe(true);
    expect(started).toEqual([1, 7]);
    jobs[1].resolve();
    await settle();
    expect({ sent: gate.sent, dropped: gate.dropped, completed: gate.completed }).toEqual({ sent: 2, dropped: 5, completed: 2 });
  });

  it('frees the gate and reports the error when a frame fails', async () => {
    const gate = new FrameGate();
    const errors: unknown[] = [];
    const d = deferred();
    gate.offer(() => d.promise, (e) => errors.push(e));
    d.reject(new Error('worker crashed'));
    await settle();
    expect(gate.inFlight).toBe(false);
    expect(errors.map((e) => (e as Error).message)).toEqual(['worker crashed']);
    // A synchronous throw is handled the same way.
    gate.offer(() => {
      throw new Error('no frame');
    }, (e) => errors.push(e));
    await settle();
    expect(gate.inFlight).toBe(false);
    expect(errors).toHaveLength(2);
  });
});

describe('RollingWindow', () => {
  it('keeps the last N finite values and reports their median', () => {
    const w = new RollingWindow(3);
    w.push(10, 20, NaN, 30, 1000);
    expect(w.snapshot()).toEqual([20, 30, 1000]);
    expect(w.median).toBe(30);
    w.push(1);
    expect(w.median).toBe(30);
    expect(() => new RollingWindow(0)).toThrow('positive integer');
  });
});

describe('RateMeter', () => {
  it('measures frames per second over its window', () => {
    const m = new RateMeter(1000);
    expect(m.fps(0)).toBe(0);
    for (let t = 0; t <= 900; t += 100) m.tick(t);
    expect(m.fps(900)).toBeCloseTo(10, 6);
    // Two seconds later every stamp has left the window.
    expect(m.fps(2900)).toBe(0);
  });
});
