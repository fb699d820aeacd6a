'use client';

// The model page's inspector section. Nothing is downloaded and no inspector
// code is loaded until the reader asks: the section is a button until then,
// so the page stays as light as it was.

import { lazy, Suspense, useState } from 'react';
import { formatBytes } from '@/lib/catalogue/format';
import type { ErrorOverlay } from '@/lib/inspect/error-overlay';
import type { InspectableGraph } from './catalogue-sources';

const Inspector = lazy(() => import('./inspector').then((m) => ({ default: m.Inspector })));
const QuantExplorer = lazy(() => import('./quant-explorer').then((m) => ({ default: m.QuantExplorer })));

export function ModelInspectorSection({ graphs, modelName }: { graphs: InspectableGraph[]; modelName: string }) {
  const [open, setOpen] = useState<string | null>(null);
  // The int8 explorer's latest measurement, coloured onto the graph.
  const [errors, setErrors] = useState<ErrorOverlay | null>(null);
  const graph = graphs.find((g) => g.id === open) ?? null;
  const sources = graphs.filter((g) => !g.artifact).length;
  if (!graphs.length) return <p className="text-sm">No graph of this model can be inspected in the browser.</p>;
  return (
    <div className="space-y-3" data-testid="inspector-section">
      <p className="text-sm">
        Every op of the graph as EdgeZoo&apos;s importer reads it: shapes, data types, quantization, weights, parameters and MACs, the simulator&apos;s
        per-layer estimate on an edge target, and the time each op takes when it runs here. The file is read in your browser.
      </p>
      <div className="flex flex-wrap gap-2">
        {graphs.map((g) => (
          <button
            key={g.id}
            type="button"
            onClick={() => { if (open !== g.id) setErrors(null); setOpen(g.id); }}
            aria-pressed={open === g.id}
            className={`rounded px-3 py-1.5 text-sm font-medium ${open === g.id ? 'bg-brand-700 text-white' : 'border border-brand-700 text-brand-700 hover:bg-brand-50 dark:border-brand-300 dark:text-brand-300 dark:hover:bg-slate-800'}`}
          >
            Inspect {g.artifact ? `the EdgeZoo ${g.artifact} .tflite (${g.label})` : sources > 1 ? g.label : 'the graph'} ({formatBytes(g.totalBytes)} download)
          </button>
        ))}
      </div>
      {graph && (
        <Suspense fallback={<p role="status" className="text-sm">Loading the inspector…</p>}>
          <Inspector key={graph.id} source={graph.source} label={`Graph of ${modelName}, ${graph.label}`} fileBase={graph.label.replace(/\.[^.]+$/, '')} errors={errors} />
          {graph.int8 && <QuantExplorer key={graph.id} entry={graph.int8} onOverlay={setErrors} />}
        </Suspense>
      )}
    </div>
  );
}
