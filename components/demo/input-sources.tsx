// Where the pictures come from: the live camera (start/stop, device picker,
// mirrored preview) or a bundled sample, and the Run button for a still
// picture. A camera that cannot be used says why, and pictures still work.

import type { CameraDevice, CameraError } from './camera';
import { stillLabel, type Still } from './use-still-picture';
import { BUTTON_CLASS, SELECT_CLASS } from './ui-classes';

export function InputSources({
  live,
  busy,
  runnable,
  status,
  cameras,
  cameraId,
  cameraError,
  mirror,
  samples,
  still,
  onStartCamera,
  onStopCamera,
  onPickCamera,
  onMirror,
  onPickSample,
  onRun,
}: {
  live: boolean;
  busy: boolean;
  /** False when the graph cannot be fed from a picture. */
  runnable: boolean;
  status: string;
  cameras: CameraDevice[];
  cameraId: string;
  cameraError?: CameraError;
  mirror: boolean;
  samples: string[];
  still?: Still;
  onStartCamera: () => void;
  onStopCamera: () => void;
  onPickCamera: (deviceId: string) => void;
  onMirror: (on: boolean) => void;
  onPickSample: (url: string) => void;
  onRun: () => void;
}) {
  return (
    <div className="space-y-2 text-sm">
      <div className="flex flex-wrap items-end gap-4">
        {!live ? (
          <button type="button" onClick={onStartCamera} disabled={busy || !runnable} className={`${BUTTON_CLASS} bg-emerald-700 text-white hover:bg-emerald-800`}>
            Start camera
          </button>
        ) : (
          <button type="button" onClick={onStopCamera} className={`${BUTTON_CLASS} bg-slate-700 text-white hover:bg-slate-800`}>
            Stop camera
          </button>
        )}
        {cameras.length > 0 && (
          <label className="flex flex-col gap-1">
            Camera
            <select className={SELECT_CLASS} value={cameraId} onChange={(e) => onPickCamera(e.target.value)} data-testid="camera-select">
              {cameras.map((c) => <option key={c.deviceId} value={c.deviceId}>{c.label}</option>)}
            </select>
          </label>
        )}
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={mirror} onChange={(e) => onMirror(e.target.checked)} />
          Mirror camera preview
        </label>
        <span aria-hidden="true" className="text-slate-600 dark:text-slate-400">or</span>
        {samples.length > 0 && (
          <label className="flex flex-col gap-1">
            Sample image
            <select className={SELECT_CLASS} value={still?.kind === 'sample' ? still.url : ''} disabled={busy} onChange={(e) => onPickSample(e.target.value)}>
              {still && still.kind !== 'sample' && <option value="">{stillLabel(still)}</option>}
              {samples.map((s) => <option key={s} value={s}>{s.slice(s.lastIndexOf('/') + 1)}</option>)}
            </select>
          </label>
        )}
        <button type="button" onClick={onRun} disabled={busy || !runnable} className={`${BUTTON_CLASS} bg-blue-700 text-white hover:bg-blue-800`}>
          {status === 'loading' ? 'Loading…' : status === 'running' ? 'Running…' : 'Run'}
        </button>
      </div>
      {cameraError && (
        <p role="alert" data-testid="camera-error" data-problem={cameraError.problem} className="text-red-700 dark:text-red-400">
          {cameraError.message}
        </p>
      )}
    </div>
  );
}
