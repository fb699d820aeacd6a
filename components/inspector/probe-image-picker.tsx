'use client';

// Which image the int8 explorer measures on: images already prepared (the
// calibration images of bring your own model), a bundled sample, the
// reader's own file, or one camera frame (all read in this browser only).

import { useId, useState } from 'react';
import type { ImageFeed } from '@/lib/catalogue/recipe-schema';
import type { FeedImage } from '@/lib/inspect/byom/protocol';
import { cameraImage, feedImage, fileName, sampleBlob } from './feed-image';

const control = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900';

export function ProbeImagePicker({ feeds, samples, prepared = [], initial, busy, onMeasure }: {
  feeds: Readonly<Record<string, ImageFeed>>;
  /** Bundled sample hrefs (/samples/images/…). */
  samples: readonly string[];
  /** Images already made ready for the feeds (e.g. calibration images). */
  prepared?: readonly FeedImage[];
  /** The choice to start with: 'prepared:<i>', 'sample:<href>' or 'file'. */
  initial?: string;
  busy: boolean;
  onMeasure: (image: FeedImage) => void;
}) {
  const ids = useId();
  const [choice, setChoice] = useState(initial ?? (prepared.length ? 'prepared:0' : samples[0] ? `sample:${samples[0]}` : 'file'));
  const [file, setFile] = useState<File | null>(null);
  const [reading, setReading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const measure = async () => {
    setError(null);
    setReading(true);
    try {
      if (choice.startsWith('prepared:')) {
        const img = prepared[Number(choice.slice('prepared:'.length))];
        if (!img) throw new Error('pick an image first');
        onMeasure(img);
      } else if (choice.startsWith('sample:')) {
        const href = choice.slice('sample:'.length);
        onMeasure(await feedImage(await sampleBlob(href), fileName(href), feeds));
      } else if (choice === 'camera') {
        onMeasure(await cameraImage(feeds));
      } else {
        if (!file) throw new Error('choose an image file first');
        onMeasure(await feedImage(file, file.name, feeds));
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setReading(false);
    }
  };

  return (
    <div className="flex flex-wrap items-end gap-3 text-sm" data-testid="probe-picker">
      <label className="flex flex-col">
        <span id={`${ids}-image`}>Image to measure on</span>
        <select aria-labelledby={`${ids}-image`} className={control} value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="probe-image">
          {prepared.length > 0 && (
            <optgroup label="Calibration images">
              {prepared.map((img, i) => <option key={`p${i}`} value={`prepared:${i}`}>{img.name}</option>)}
            </optgroup>
          )}
          {samples.length > 0 && (
            <optgroup label="Bundled samples">
              {samples.map((s) => <option key={s} value={`sample:${s}`}>{fileName(s)}</option>)}
            </optgroup>
          )}
          <option value="file">Your own image…</option>
          <option value="camera">A camera frame</option>
        </select>
      </label>
      {choice === 'file' && (
        <label className="flex flex-col">
          <span>Image file (read in this browser only)</span>
          <input type="file" accept="image/*" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="probe-file" />
        </label>
      )}
      <button
        type="button"
        className="rounded bg-brand-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-600 disabled:opacity-50"
        disabled={busy || reading || (choice === 'file' && !file)}
        onClick={() => void measure()}
        data-testid="probe-run"
      >
        Measure int8 error per layer
      </button>
      {reading && <p role="status" className="w-full">{choice === 'camera' ? 'Taking a camera frame…' : 'Reading the image…'}</p>}
      {error && <p role="alert" className="w-full text-red-800 dark:text-red-200" data-testid="probe-pick-error">{error}</p>}
    </div>
  );
}
