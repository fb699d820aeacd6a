// Which graph, variant, engine and backend the panel runs. The engine and
// backend lists depend on the variant (an int8 artifact runs on the TFLite
// runtime only), so a choice that no longer fits falls back to the first
// that does, and picking a variant or engine resets the backend to auto.

import { useState } from 'react';
import { ENGINE_BACKENDS, type BackendRequest, type EngineId } from '@/lib/engines/types';
import { enginesFor, unsupportedReason, type DemoGraph, type DemoModel, type DemoVariant, type VariantId } from './demo-model';

export interface ModelSelection {
  graph: DemoGraph;
  variant: DemoVariant;
  /** Engines that run the variant, best first. */
  engines: EngineId[];
  engine: EngineId;
  backend: BackendRequest;
  /** Why the demo cannot feed the graph from a picture, or undefined. */
  reason?: string;
  pickGraph: (id: string) => void;
  pickVariant: (id: VariantId) => void;
  pickEngine: (id: EngineId) => void;
  pickBackend: (b: BackendRequest) => void;
}

export function useModelSelection(model: DemoModel): ModelSelection {
  const runnable = model.graphs.filter((g) => !unsupportedReason(g));
  const [graphId, setGraphId] = useState((runnable[0] ?? model.graphs[0]).id);
  const graph = model.graphs.find((g) => g.id === graphId) ?? model.graphs[0];
  const [variantId, setVariantId] = useState<VariantId>('source');
  const variant = graph.variants.find((v) => v.id === variantId) ?? graph.variants[0];
  const engines = enginesFor(variant);
  const [engine, setEngine] = useState<EngineId>(engines[0]);
  const activeEngine = engines.includes(engine) ? engine : engines[0];
  const [backend, setBackend] = useState<BackendRequest>('auto');
  const activeBackend = ENGINE_BACKENDS[activeEngine].includes(backend) ? backend : 'auto';

  return {
    graph,
    variant,
    engines,
    engine: activeEngine,
    backend: activeBackend,
    reason: unsupportedReason(graph),
    pickGraph: (id) => {
      setGraphId(id);
      setVariantId('source');
      setBackend('auto');
    },
    pickVariant: (id) => {
      setVariantId(id);
      const v = graph.variants.find((x) => x.id === id) ?? graph.variants[0];
      if (!enginesFor(v).includes(engine)) {
        setEngine(enginesFor(v)[0]);
        setBackend('auto');
      }
    },
    pickEngine: (id) => {
      setEngine(id);
      setBackend('auto');
    },
    pickBackend: setBackend,
  };
}
