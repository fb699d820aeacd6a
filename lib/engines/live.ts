// Bookkeeping for a live camera loop: at most one frame in flight (a frame
// that arrives while the worker is busy is dropped, never queued, so results
// stay current and memory flat), rolling medians of the last N timings, and
// frames per second over a sliding window. No DOM: Node tests drive it.

import { median } from './tensor';

export class FrameGate {
  private busy = false;
  /** Frames handed to the worker. */
  sent = 0;
  /** Frames skipped because one was still in flight. */
  dropped = 0;
  /** Frames whose work finished (successfully or not). */
  completed = 0;

  get inFlight(): boolean {
    return this.busy;
  }

  /**
   * Runs `work` when no frame is in flight and returns true; otherwise counts
   * a drop and returns false. `work` failing still frees the gate; the error
   * goes to `onError`.
   */
  offer(work: () => Promise<void>, onError: (err: unknown) => void = () => {}): boolean {
    if (this.busy) {
      this.dropped++;
      return false;
    }
    this.busy = true;
    this.sent++;
    const done = () => {
      this.busy = false;
      this.completed++;
    };
    let pending: Promise<void>;
    try {
      pending = work();
    } catch (err) {
      pending = Promise.reject(err);
    }
    pending.then(done, (err: unknown) => {
      done();
      onError(err);
    });
    return true;
  }
}

/** The last `size` values, with their median. */
export class RollingWindow {
  private readonly values: number[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`window size must be a positive integer, got ${size}`);
  }

  push(...vs: number[]): void {
    for (const v of vs) if (Number.isFinite(v)) this.values.push(v);
    if (this.values.length > this.size) this.values.splice(0, this.values.length - this.size);
  }

  clear(): void {
    this.values.length = 0;
  }

  get count(): number {
    return this.values.length;
  }

  get median(): number {
    return median(this.values);
  }

  snapshot(): number[] {
    return [...this.values];
  }
}

/** Completed frames per second over the last `windowMs`. */
export class RateMeter {
  private readonly stamps: number[] = [];

  constructor(readonly windowMs = 2000) {}

  tick(now: number): void {
    this.stamps.push(now);
    this.trim(now);
  }

  clear(): void {
    this.stamps.length = 0;
  }

  private trim(now: number): void {
    while (this.stamps.length && this.stamps[0] < now - this.windowMs) this.stamps.shift();
  }

  /** Frames per second; 0 until two frames fall inside the window. */
  fps(now: number): number {
    this.trim(now);
    if (this.stamps.length < 2) return 0;
    const span = this.stamps[this.stamps.length - 1] - this.stamps[0];
    return span > 0 ? ((this.stamps.length - 1) * 1000) / span : 0;
  }
}
