// Drop a picture or choose a file; names the picture the model runs on and
// says clearly when an upload is no picture.

import { useState, type DragEvent } from 'react';
import { stillLabel, type Still } from './use-still-picture';

export function UploadZone({ still, uploadError, onFile }: { still?: Still; uploadError: string; onFile: (file: File | undefined) => void }) {
  const [dragging, setDragging] = useState(false);
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    onFile(e.dataTransfer.files[0]);
  };
  return (
    <>
      <div
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={`rounded border-2 border-dashed p-3 text-sm ${dragging ? 'border-blue-600 bg-blue-50 dark:bg-blue-950' : 'border-slate-300 dark:border-slate-700'}`}
      >
        <label className="cursor-pointer">
          Drop an image here or <span className="underline">choose a file</span>
          <input type="file" accept="image/*" className="sr-only" data-testid="image-upload" onChange={(e) => { onFile(e.target.files?.[0]); e.target.value = ''; }} />
        </label>
        {still && <span className="ml-2 text-slate-600 dark:text-slate-400">Picture: {stillLabel(still)}</span>}
      </div>
      {uploadError && <p role="alert" data-testid="upload-error" className="text-sm text-red-700 dark:text-red-400">{uploadError}</p>}
    </>
  );
}
