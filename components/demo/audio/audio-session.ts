// The audio panel's inference side: one inference worker (EngineClient) per
// pipeline stage, the task's streaming runner on top (openWakeWord's
// WakeWordStream or Silero's VadStream), and per-chunk timings. Browser-only.

import { EngineClient } from '@/lib/engines/client';
import type { DownloadProgress } from '@/lib/engines/model-cache';
import type { BackendRequest, EngineId, EngineInfo } from '@/lib/engines/types';
import { engineVadModel, VAD_HOP_SAMPLES, VAD_SAMPLE_RATE, VadStream, type VadFrame } from '@/lib/tasks/voice-activity';
import { CHUNK_SAMPLES, engineModelRunner, SAMPLE_RATE, WakeWordStream, type WakeWordScore } from '@/lib/tasks/wake-word';
import type { AudioDemoModel, AudioVariant } from './audio-model';

export interface ChunkTiming {
  /** Engine-measured inference time of every model call for this chunk, summed. */
  inferenceMs: number;
  /** Wall time from audio in to result out, worker messaging included. */
  wallMs: number;
}

export type TaskUpdate =
  | { kind: 'wake-word'; scores: WakeWordScore[]; timings: ChunkTiming[] }
  | { kind: 'voice-activity-detection'; frames: VadFrame[]; timings: ChunkTiming[] };

export interface StageInfo {
  graph: string;
  info: EngineInfo;
}

/** Audio seconds per model chunk: 80 ms for openWakeWord, 32 ms for Silero. */
export function chunkSeconds(task: AudioDemoModel['task']): number {
  return task === 'wake-word' ? CHUNK_SAMPLES / SAMPLE_RATE : VAD_HOP_SAMPLES / VAD_SAMPLE_RATE;
}

export class AudioTaskSession {
  private constructor(
    readonly task: AudioDemoModel['task'],
    readonly stages: StageInfo[],
    private readonly clients: EngineClient[],
    private readonly push: (samples: Float32Array) => Promise<TaskUpdate>,
    private readonly resetStream: () => void,
  ) {}

  /** Starts a worker per stage and loads the variant's files on `engine`. */
  static async load(
    model: AudioDemoModel, variant: AudioVariant, engine: EngineId, backend: BackendRequest,
    onProgress: (p: DownloadProgress) => void,
  ): Promise<AudioTaskSession> {
    const clients: EngineClient[] = [];
    const stages: StageInfo[] = [];
    const total = variant.stages.reduce((s, st) => s + st.files.reduce((t, f) => t + f.bytes, 0), 0);
    let done = 0;
    let fromCache = 0;
    try {
      for (const stage of variant.stages) {
        const client = new EngineClient();
        clients.push(client);
        let cachedHere = 0;
        const info = await client.load(
          { engine, backend, format: stage.format, entry: stage.entry, files: stage.files, inputShapes: stage.inputShapes, inputValues: stage.inputValues },
          (p) => {
            cachedHere = p.fromCache;
            onProgress({ loaded: done + p.loaded, total, fromCache: fromCache + p.fromCache });
          },
        );
        done += stage.files.reduce((t, f) => t + f.bytes, 0);
        fromCache += cachedHere;
        stages.push({ graph: stage.graph, info });
      }
    } catch (err) {
      clients.forEach((c) => c.terminate());
      throw err;
    }

    let engineMs = 0;
    const onRun = (ms: number) => { engineMs += ms; };
    const timed = async <T>(run: () => Promise<T[]>): Promise<{ items: T[]; timings: ChunkTiming[] }> => {
      engineMs = 0;
      const t0 = performance.now();
      const items = await run();
      const wall = performance.now() - t0;
      // A push yields zero or more chunks; their calls ran back to back, so share the time evenly.
      const timings = items.map(() => ({ inferenceMs: engineMs / items.length, wallMs: wall / items.length }));
      return { items, timings };
    };

    if (model.task === 'wake-word') {
      const [mel, emb, cls] = variant.stages.map((st, i) => engineModelRunner(clients[i], { inputName: stages[i].info.inputs[0]?.name ?? st.inputName, inputToNhwc: st.inputToNhwc, outputFromNhwc: st.outputFromNhwc, onRun }));
      const stream = new WakeWordStream({ melspectrogram: mel, embedding: emb, classifier: cls });
      return new AudioTaskSession(model.task, stages, clients, async (samples) => {
        // openWakeWord takes int16-range sample values, not [-1, 1].
        const scaled = samples.map((v) => v * 32768);
        const { items, timings } = await timed(() => stream.push(scaled));
        return { kind: 'wake-word', scores: items, timings };
      }, () => stream.reset());
    }
    const stream = new VadStream(engineVadModel(clients[0], { inputs: stages[0].info.inputs, onRun }));
    return new AudioTaskSession(model.task, stages, clients, async (samples) => {
      const { items, timings } = await timed(() => stream.push(samples));
      return { kind: 'voice-activity-detection', frames: items, timings };
    }, () => stream.reset());
  }

  /** 16 kHz mono samples in [-1, 1]; results for every chunk they complete. */
  process(samples: Float32Array): Promise<TaskUpdate> {
    return this.push(samples);
  }

  /** A new stream (start-up buffers, zero recurrent state). */
  reset(): void {
    this.resetStream();
  }

  dispose(): void {
    this.clients.forEach((c) => c.terminate());
  }
}
