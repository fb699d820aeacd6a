// One loaded model (or matmul) ready to time, and the loop that times it:
// warm-up runs first, then timed runs until the case's policy says stop.

import type { CaseResult, RunPolicy } from '../cases';
import { wantsAnotherRun } from '../stats';

export interface Timed {
  /** The backend the runtime reports, e.g. "wasm (XNNPACK, SIMD, 1 thread)". */
  backendUsed: string;
  note: string;
  threads: number;
  loadMs: number;
  /** One inference, inputs in → outputs read back; resolves to its wall time in ms. */
  runOnce(): Promise<number>;
  dispose(): void;
}

/** The thread budget EdgeZoo's TFLite and ORT engines use (lib/engines), given to every peer too. */
export function threadBudget(): number {
  if (!globalThis.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(4, Math.floor((navigator.hardwareConcurrency || 2) / 2)));
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0];
  if (typeof err === 'object' && err && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

export async function measure(id: string, policy: RunPolicy, open: () => Promise<Timed>): Promise<CaseResult> {
  let timed: Timed | undefined;
  const warmupMs: number[] = [];
  const ms: number[] = [];
  try {
    timed = await open();
    for (let i = 0; i < policy.warmup; i++) warmupMs.push(await timed.runOnce());
    while (wantsAnotherRun(policy, ms)) ms.push(await timed.runOnce());
    return { id, ok: true, backendUsed: timed.backendUsed, note: timed.note, threads: timed.threads, loadMs: timed.loadMs, warmupMs, ms };
  } catch (err) {
    return { id, ok: false, error: errorText(err), backendUsed: timed?.backendUsed ?? '', note: timed?.note ?? '', threads: timed?.threads ?? 0, loadMs: timed?.loadMs ?? 0, warmupMs, ms };
  } finally {
    timed?.dispose();
  }
}
