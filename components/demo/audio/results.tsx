'use client';

// The audio panel's result lists and performance readouts.
import { median } from '@/lib/engines/tensor';
import { ENGINE_NAMES } from '@/lib/engines/types';
import type { SpeechSegment } from '@/lib/tasks/voice-activity';
import type { WakeWordDetection } from '@/lib/tasks/wake-word';
import type { ChunkTiming, StageInfo } from './audio-session';

export function DetectionList({ detections }: { detections: readonly WakeWordDetection[] }) {
  return (
    <div>
      <h3 className="text-sm font-semibold">Detections ({detections.length})</h3>
      {detections.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="no-detections">None yet: no score has reached the threshold.</p>
      ) : (
        <ol className="list-decimal pl-6 text-sm tabular-nums" data-testid="detection-list">
          {detections.map((d) => (
            <li key={d.startSec}>
              “hey jarvis” at {d.peakSec.toFixed(2)} s (score {d.peakScore.toFixed(3)}; above threshold {d.startSec.toFixed(2)}–{d.endSec.toFixed(2)} s)
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function SegmentList({ segments }: { segments: readonly SpeechSegment[] }) {
  return (
    <div>
      <h3 className="text-sm font-semibold">Speech segments ({segments.length})</h3>
      {segments.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="no-segments">No speech found.</p>
      ) : (
        <ol className="list-decimal pl-6 text-sm tabular-nums" data-testid="segment-list">
          {segments.map((s) => (
            <li key={s.startSec}>
              {s.startSec.toFixed(2)}–{s.open ? 'now' : `${s.endSec.toFixed(2)} s`} ({(s.endSec - s.startSec).toFixed(2)} s{s.open ? ', still speaking' : ''})
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export interface ReadoutProps {
  stages: readonly StageInfo[];
  timings: readonly ChunkTiming[];
  chunkSec: number;
  /** Whole-clip figures after a file or sample run. */
  clip?: { audioSec: number; wallMs: number };
  /** Capture: device rate and what the browser applied. */
  capture?: { sampleRate: number; label: string; settings: MediaTrackSettings };
  droppedSec: number;
}

const onOff = (v: unknown) => (v === true ? 'on' : v === false ? 'off' : 'not reported');

export function Readouts({ stages, timings, chunkSec, clip, capture, droppedSec }: ReadoutProps) {
  const inference = median(timings.map((t) => t.inferenceMs));
  const wall = median(timings.map((t) => t.wallMs));
  const rtf = wall / (chunkSec * 1000);
  const stageText = stages.map((s) => `${s.graph}: ${s.info.backend}`).join('; ');
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm" data-testid="audio-readouts">
      {stages.length > 0 && (
        <>
          <dt className="font-medium">Engine</dt>
          <dd data-testid="audio-engine">{ENGINE_NAMES[stages[0].info.engine]}</dd>
          <dt className="font-medium">Backend used</dt>
          <dd data-testid="audio-backend">{stageText}</dd>
          <dt className="font-medium">Why</dt>
          <dd className="text-slate-600 dark:text-slate-400">{stages[0].info.note}</dd>
        </>
      )}
      {timings.length > 0 && (
        <>
          <dt className="font-medium">Inference</dt>
          <dd data-testid="audio-inference-ms">
            {inference.toFixed(2)} ms per {Math.round(chunkSec * 1000)} ms chunk{stages.length > 1 ? ` (all ${stages.length} stages)` : ''}, median of the last {timings.length}
          </dd>
          <dt className="font-medium">Real-time factor</dt>
          <dd data-testid="audio-rtf">
            {rtf.toFixed(3)} (wall time per chunk, worker messaging included, ÷ chunk duration; below 1 keeps up with live audio)
          </dd>
        </>
      )}
      {clip && (
        <>
          <dt className="font-medium">Whole clip</dt>
          <dd data-testid="audio-clip-time">{clip.audioSec.toFixed(2)} s of audio scored in {(clip.wallMs / 1000).toFixed(2)} s (real-time factor {(clip.wallMs / 1000 / clip.audioSec).toFixed(3)})</dd>
        </>
      )}
      {capture && (
        <>
          <dt className="font-medium">Microphone</dt>
          <dd data-testid="audio-capture">
            {capture.label}: {capture.sampleRate} Hz → 16 kHz (our resampler); echo cancellation {onOff(capture.settings.echoCancellation)}, noise suppression {onOff(capture.settings.noiseSuppression)}, auto gain {onOff(capture.settings.autoGainControl)}
          </dd>
        </>
      )}
      {droppedSec > 0 && (
        <>
          <dt className="font-medium">Dropped</dt>
          <dd className="text-amber-700 dark:text-amber-400">{droppedSec.toFixed(1)} s of microphone audio skipped: inference fell more than 5 s behind</dd>
        </>
      )}
    </dl>
  );
}
