// The model, engine and backend pickers, with what the choice implies: why
// an engine is not offered, how an int8 model's input is quantized, and which
// variants the build could not make.

import { ENGINE_BACKENDS, ENGINE_NAMES, type BackendRequest, type EngineId } from '@/lib/engines/types';
import { engineNote, type DemoModel, type VariantId } from './demo-model';
import { SELECT_CLASS } from './ui-classes';
import type { ModelSelection } from './use-model-selection';

export function ModelControls({ model, sel, busy, gpuMissing }: { model: DemoModel; sel: ModelSelection; busy: boolean; gpuMissing?: string }) {
  const { graph, variant } = sel;
  return (
    <>
      <fieldset className="flex flex-wrap items-end gap-4 text-sm" disabled={busy}>
        <legend className="sr-only">Model, engine and backend</legend>
        {model.graphs.length > 1 && (
          <label className="flex flex-col gap-1">
            Graph
            <select className={SELECT_CLASS} value={graph.id} onChange={(e) => sel.pickGraph(e.target.value)}>
              {model.graphs.map((g) => <option key={g.id} value={g.id}>{g.id}</option>)}
            </select>
          </label>
        )}
        <label className="flex flex-col gap-1">
          Variant
          <select className={SELECT_CLASS} value={variant.id} onChange={(e) => sel.pickVariant(e.target.value as VariantId)}>
            {graph.variants.map((v) => <option key={v.id} value={v.id}>{v.label}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          Engine
          <select className={SELECT_CLASS} value={sel.engine} onChange={(e) => sel.pickEngine(e.target.value as EngineId)}>
            {sel.engines.map((id) => <option key={id} value={id}>{ENGINE_NAMES[id]}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          Backend
          <select className={SELECT_CLASS} value={sel.backend} onChange={(e) => sel.pickBackend(e.target.value as BackendRequest)}>
            {ENGINE_BACKENDS[sel.engine].map((b) => (
              <option key={b} value={b}>{b === 'webgpu' && gpuMissing ? 'webgpu (not available here)' : b}</option>
            ))}
          </select>
        </label>
      </fieldset>
      {engineNote(variant) && !variant.edges && (
        <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="engine-note">
          Engines: {engineNote(variant)}.
        </p>
      )}
      {variant.edges && (
        <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="variant-edges">
          This int8 model takes {variant.edges} and runs on the TFLite runtime (the EdgeZoo executor computes in float). The demo quantizes the float input with the input tensor&apos;s scale and zero point stored in the file
          (q = round(x / scale) + zero point) and dequantizes integer outputs the same way, so the overlay reads the same values as for the float model.
        </p>
      )}
      {graph.unavailable.length > 0 && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Not built: {graph.unavailable.map((u) => `${u.variant} (${u.reason})`).join('; ')}
        </p>
      )}
    </>
  );
}
