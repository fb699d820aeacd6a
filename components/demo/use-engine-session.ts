// The inference worker behind the panel: one EngineClient, (re)loaded only
// when the graph, variant, engine or backend changes (a crop model's
// detector once), with download progress, what the engines reported on load,
// and whether this browser has WebGPU at all. The worker stops when the
// panel unmounts.

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
  /** Crop models: what the detector's engine reported on load. */
  const [detectorInfo, setDetectorInfo] = useState<EngineInfo>();
  const detectorLoaded = useRef(false);
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

  /** Loads the crop model's detector once per worker. */
  const ensureDetector = useCallback(
    async (c: EngineClient): Promise<void> => {
      const source = model.cropFrom;
      if (!source || detectorLoaded.current) return;
      loadStarted.current();
      const v = source.variant;
      const loaded = await c.loadDetector(
        { engine: source.engine, backend: 'auto', format: v.format, entry: v.entry, files: v.files, inputShapes: v.inputShapes, inputValues: v.inputValues, pipeline: source.pipeline, crop: source.crop },
        setProgress,
      );
      detectorLoaded.current = true;
      setDetectorInfo(loaded);
    },
    [model],
  );

  /**
   * Loads the selected variant on the selected engine unless it already is
   * (and, with `crops`, the detector that finds them); loadedNow when the
   * model loaded now.
   */
  const ensureLoaded = useCallback(
    async (sel: Selection, crops = false): Promise<{ client: EngineClient; loadedNow: boolean }> => {
      const c = client.current ?? (client.current = new EngineClient());
      if (crops) await ensureDetector(c);
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
    [model, ensureDetector],
  );

  /** The loaded client, for re-decoding the last still run; undefined before the first load. */
  const loadedClient = useCallback(() => client.current ?? undefined, []);

  useEffect(
    () => () => {
      client.current?.terminate();
      // A remount (React's dev double-mount) starts a fresh worker.
      client.current = null;
      detectorLoaded.current = false;
      loadedKey.current = '';
      loadedInfo.current = undefined;
    },
    [],
  );

  return { ensureLoaded, loadedClient, loadedInfo, progress, info, detectorInfo, gpuMissing, cacheTick };
}
