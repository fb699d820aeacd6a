'use client';

// A model page's int8 explorer: the catalogue's int8 file against its fp32
// file, layer by layer, on an image the reader picks (bundled sample or their
// own file). Both files are downloaded on the first measurement (not before),
// the int8 one runs in the official TFLite runtime with every int8 activation
// as an extra output, the fp32 one in EdgeZoo's executor (a worker, so the
// page never blocks). The result also colours the inspector's graph.

import { useEffect, useRef, useState } from 'react';
import { formatBytes } from '@/lib/catalogue/format';
import type { DownloadProgress } from '@/lib/engines/model-cache';
import type { FeedImage, ProbeReport } from '@/lib/inspect/byom/protocol';
import { overlayFromProbe, type ErrorOverlay } from '@/lib/inspect/error-overlay';
import { ProbeClient } from '@/lib/inspect/probe-client';
import type { QuantExplorerEntry } from './catalogue-quant';
import { LayerErrorReport } from './layer-error-report';
import { ProbeImagePicker } from './probe-image-picker';

export function QuantExplorer({ entry, onOverlay }: { entry: QuantExplorerEntry; onOverlay: (errors: ErrorOverlay | null) => void }) {
  const client = useRef<ProbeClient | null>(null);
  const loaded = useRef(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  const [report, setReport] = useState<ProbeReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => () => client.current?.terminate(), []);

  if (!entry.available) {
    return <p className="text-sm" data-testid="int8-explorer-unavailable">The int8 explorer is not available for this graph: {entry.reason}.</p>;
  }
  const { source } = entry;

  const measure = async (image: FeedImage) => {
    setError(null);
    try {
      client.current ??= new ProbeClient();
      if (!loaded.current) {
        setBusy('Downloading the fp32 and int8 files…');
        await client.current.load(source.pair, setProgress);
        loaded.current = true;
      }
      setBusy(`Measuring every layer on ${image.name}…`);
      const r = await client.current.probe(image);
      setReport(r);
      onOverlay(overlayFromProbe(`on ${r.image} (${source.int8File} against ${source.fp32File})`, r.layers, 'name'));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
      setProgress(null);
    }
  };

  const recorded = source.recorded?.sqnr ?? [];
  const pct = progress && progress.total ? Math.round((100 * progress.loaded) / progress.total) : null;
  return (
    <div className="space-y-3 rounded border border-slate-300 p-3 dark:border-slate-700" data-testid="int8-explorer" data-busy={busy ? 'true' : undefined}>
      <h3 className="font-semibold">int8 explorer: where quantization costs accuracy</h3>
      <p className="text-sm">
        Runs <code>{source.int8File}</code> in the official TFLite runtime with every int8 activation as an extra output, and <code>{source.fp32File}</code> in
        EdgeZoo&apos;s executor, on the image you pick; each int8 activation is dequantized and compared with the same tensor of the fp32 file. The error
        shown is accumulated through every layer before it. Both files are downloaded on the first measurement ({formatBytes(source.pair.fp32.bytes + source.pair.int8.bytes)});
        the image never leaves this browser. Then pick &ldquo;int8 error per layer&rdquo; in the inspector&apos;s Overlay menu to see it on the graph.
      </p>
      {recorded.length > 0 && (
        <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="int8-recorded">
          For comparison, the build&apos;s own validation over its {source.recorded?.samples} samples: {recorded.map((s) => `${s.output} ${s.pooledDb.toFixed(1)} dB`).join('; ')} (output SQNR, pooled).
        </p>
      )}
      <ProbeImagePicker feeds={source.pair.feeds} samples={source.samples} initial={source.initialSample ? `sample:${source.initialSample}` : undefined} busy={busy !== null} onMeasure={(img) => void measure(img)} />
      {busy && (
        <p role="status" className="text-sm" data-testid="int8-explorer-progress">
          {busy}
          {pct !== null && pct < 100 ? ` ${formatBytes(progress!.loaded)} of ${formatBytes(progress!.total)} (${pct} %)` : ''}
        </p>
      )}
      {error && <p role="alert" className="text-sm text-red-800 dark:text-red-200" data-testid="int8-explorer-error">The measurement failed: {error}</p>}
      {report && <LayerErrorReport report={report} />}
    </div>
  );
}
