'use client';

// The inspector with a choice of file: bring-your-own-model's source and the
// .tflite files converted from it, so each can be read, simulated and
// profiled on the engines that run it as it is (the TFLite runtime takes the
// converted files). Switching file opens a fresh inspector on it.

import { lazy, Suspense, useId, useState } from 'react';
import type { ErrorOverlay } from '@/lib/inspect/error-overlay';
import type { InspectSource } from '@/lib/inspect/protocol';

const Inspector = lazy(() => import('./inspector').then((m) => ({ default: m.Inspector })));

export interface InspectableFile {
  id: string;
  /** e.g. "model.onnx (source)", "model-fp32.tflite (converted)". */
  label: string;
  source: InspectSource;
  /** The int8 error overlay, keyed by this file's tensor ids (the source graph only). */
  errors?: ErrorOverlay | null;
}

export function InspectorFiles({ files, label, fileBase }: { files: InspectableFile[]; label: string; fileBase: string }) {
  const ids = useId();
  const [chosen, setChosen] = useState(files[0]?.id ?? '');
  const file = files.find((f) => f.id === chosen) ?? files[0];
  if (!file) return null;
  return (
    <div className="space-y-3">
      {files.length > 1 && (
        <fieldset className="flex flex-wrap gap-4 text-sm" data-testid="inspect-file">
          <legend className="font-medium">File to inspect</legend>
          {files.map((f) => (
            <label key={f.id} className="flex items-center gap-1">
              <input type="radio" name={`${ids}-file`} value={f.id} checked={f.id === file.id} onChange={() => setChosen(f.id)} />
              {f.label}
            </label>
          ))}
        </fieldset>
      )}
      <Suspense fallback={<p role="status" className="text-sm">Loading the inspector…</p>}>
        <Inspector key={file.id} source={file.source} label={`${label}: ${file.label}`} fileBase={file.id === files[0]?.id ? fileBase : file.label.replace(/\.[^.]+$/, '')} errors={file.errors ?? null} />
      </Suspense>
    </div>
  );
}
