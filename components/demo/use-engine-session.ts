// The inference worker behind the panel: one EngineClient, (re)loaded only
// when the graph, variant, engine or backend changes, with download
// progress, what the engine reported on load, and whether this browser has
// WebGPU at all. The worker stops when the panel unmounts.

import { useCallback, useEffect, useRef, useState } from 'react';
import { EngineClient } from '@/lib/engines/client';
import type { DownloadProgress } from '@/lib/engines/model-cache';
import type { EngineInfo } from '@/lib/engines/types';
import { webgpuUnavailable } from '@/lib/engines/webgpu';
import { pipelineOf, type DemoModel } from './demo-model';
import type { Selection } from './last-run';

export function useEngineSession(model: DemoModel, onLoadStart: () => void) {
  const client = useRef<EngineClient | null>(null);
  const loadedKey = useRef('');
  const loadedInfo = useRef<EngineInfo | undefined>(undefined);
  const [progress, setProgress] = useState<DownloadProgress>();
  const [info, setInfo] = useState<EngineInfo>();
  const [gpuMissing, setGpuMissing] = useState<string>();
  /** Bumped after each load, so the cache manager lists what the load stored. */
  const [cacheTick, setCacheTick] = useState(0);
  const loadStarted = useRef(onLoadStart);

  useEffect(() => {
    loadStarted.current = onLoadStart;
  });

  useEffect(() => {
    let cancelled = false;
    void webgpuUnavailable().then((why) => {
      if (!cancelled) setGpuMissing(why);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  /** Loads the selected variant on the selected engine unless it already is; loadedNow when it loaded now. */
  const ensureLoaded = useCallback(
    async (sel: Selection): Promise<{ client: EngineClient; loadedNow: boolean }> => {
      const c = client.current ?? (client.current = new EngineClient());
      const key = `${sel.graph.id}|${sel.variant.id}|${sel.engine}|${sel.backend}`;
      if (loadedKey.current === key && loadedInfo.current) return { client: c, loadedNow: false };
      loadStarted.current();
      setInfo(undefined);
      loadedKey.current = '';
      loadedInfo.current = undefined;
      const loaded = await c.load(
        {
          engine: sel.engine,
          backend: sel.backend,
          format: sel.variant.format,
          entry: sel.variant.entry,
          files: sel.variant.files,
          inputShapes: sel.variant.inputShapes,
          inputValues: sel.variant.inputValues,
          pipeline: pipelineOf(model, sel.graph, sel.variant),
        },
        setProgress,
      );
      loadedKey.current = key;
      loadedInfo.current = loaded;
      setInfo(loaded);
      setCacheTick((n) => n + 1);
      return { client: c, loadedNow: true };
    },
    [model],
  );

  /** The loaded client, for re-decoding the last still run; undefined before the first load. */
  const loadedClient = useCallback(() => client.current ?? undefined, []);

  useEffect(
    () => () => {
      client.current?.terminate();
      // A remount (React's dev double-mount) starts a fresh worker.
      client.current = null;
      loadedKey.current = '';
      loadedInfo.current = undefined;
    },
    [],
  );

  return { ensureLoaded, loadedClient, loadedInfo, progress, info, gpuMissing, cacheTick };
}
