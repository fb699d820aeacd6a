// The model download bar, with how much came from this browser's cache.

import type { DownloadProgress as Progress } from '@/lib/engines/model-cache';

function formatMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 1)} MB`;
}

/** Shown while a model loads, and after it until the download completes. */
export function DownloadProgress({ progress, loading }: { progress?: Progress; loading: boolean }) {
  if (!progress || progress.total <= 0 || (!loading && progress.loaded >= progress.total)) return null;
  return (
    <div className="text-sm">
      <progress max={progress.total} value={progress.loaded} className="w-64 align-middle" aria-label="Model download" />{' '}
      {formatMB(progress.loaded)} / {formatMB(progress.total)}
      {progress.fromCache > 0 && ` (${formatMB(progress.fromCache)} from this browser's cache)`}
    </div>
  );
}
