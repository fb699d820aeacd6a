// For models that see one face, hand or text line at a time: whether the demo
// finds those first with the recipe's detector (the default, as MediaPipe's
// pipelines do), or treats the whole picture as the crop (an upload that
// already is one).

import type { DemoCropSource } from './demo-model';

export function CropToggle({ source, on, onChange, busy }: { source: DemoCropSource; on: boolean; onChange: (on: boolean) => void; busy: boolean }) {
  return (
    <div className="text-sm">
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={on} disabled={busy} onChange={(e) => onChange(e.target.checked)} data-testid="crop-toggle" />
        Find {source.crop.finds} first with {source.detectorName}, then run this model on each
      </label>
      <p className="ml-6 text-slate-600 dark:text-slate-400">
        {on ? `This model sees one crop at a time: ${source.crop.note}` : `The whole picture goes to the model as one crop: use this for a picture that already shows just one of the ${source.crop.finds}.`}
      </p>
    </div>
  );
}
