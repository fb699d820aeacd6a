'use client';

// Runs a catalogue model in this browser, like MediaPipe's demos: the live
// camera (device picker, mirrored preview, start/stop), a bundled sample,
// an uploaded/dropped picture or, for models trained on a sheet of drawn
// symbols, a drawing pad; for models that see crops, the detector that finds
// them first; the variant (source file, our fp32/int8 .tflite),
// engine and backend; score threshold and max results. Frames go to a Web
// Worker (lib/engines) that resizes, runs and decodes them
// (lib/tasks/registry); ./use-inference-loop captures frames (one in flight
// at a time, dropping the rest), draws the result (./overlay) and times it;
// this component lays the parts out. The latest run is exposed for tests on
// window.__edgezooLastRun and as data-* attributes on the panel.

import { useEffect, useRef, useState } from 'react';
import { defaultTaskOptions, type TaskOptions } from '@/lib/tasks/types';
import { CacheManager } from './cache-manager';
import { CropToggle } from './crop-toggle';
import type { DemoModel } from './demo-model';
import { DownloadProgress } from './download-progress';
import { DrawingPad } from './drawing/drawing-pad';
import { fallbackNote } from './fallback-note';
import { InputSources } from './input-sources';
import type { Choices } from './last-run';
import { ModelControls } from './model-controls';
import type { MaskMode } from './overlay';
import { RawOutputs, ResultPane } from './result-pane';
import { ResultOptions } from './result-options';
import { Stage } from './stage';
import { UploadZone } from './upload-zone';
import { useInferenceLoop } from './use-inference-loop';
import { useModelSelection } from './use-model-selection';
import { stillLabel } from './use-still-picture';

export function RunPanel({ model }: { model: DemoModel }) {
  const sel = useModelSelection(model);
  const { graph, variant, engine, backend } = sel;
  const [options, setOptions] = useState<TaskOptions>(() => defaultTaskOptions(model.task));
  const [maskMode, setMaskMode] = useState<MaskMode>('tint');
  const [mirror, setMirror] = useState(true);
  const [crops, setCrops] = useState(true);
  // The latest choices, for the camera loop (its callbacks outlive renders).
  const choices = useRef<Choices>({ selection: { graph, variant, engine, backend }, options, maskMode, mirror, crops });
  useEffect(() => {
    choices.current = { selection: { graph, variant, engine, backend }, options, maskMode, mirror, crops };
  });

  const loop = useInferenceLoop(model, choices);
  const { camera, still, overlay, session, status, decoded, outputs } = loop;
  const busy = status === 'loading' || status === 'running';
  const resultKind = decoded?.result?.kind;
  const current = still.still;

  const changeOptions = (next: TaskOptions) => {
    setOptions(next);
    choices.current = { ...choices.current, options: next };
    void loop.redecode(next);
  };

  const changeMaskMode = (m: MaskMode) => {
    setMaskMode(m);
    choices.current = { ...choices.current, maskMode: m };
    overlay.repaint();
  };

  const changeCrops = (on: boolean) => {
    setCrops(on);
    choices.current = { ...choices.current, crops: on };
    if (!camera.liveRef.current && current) void loop.runStill();
  };

  const changeMirror = (on: boolean) => {
    setMirror(on);
    choices.current = { ...choices.current, mirror: on };
    const p = overlay.lastPaint.current;
    if (camera.liveRef.current) overlay.paint(p.result, p.frame, on);
  };

  return (
    <section
      aria-labelledby="run-panel-title"
      className="space-y-4 rounded-lg border border-slate-300 p-4 dark:border-slate-700"
      data-testid="run-panel"
      data-status={status}
      data-live={camera.live ? 'true' : 'false'}
      data-run-count={loop.runCount}
      data-frame-count={loop.frameCount}
      data-engine={session.info?.engine ?? ''}
      data-backend={session.info?.backend ?? ''}
      data-variant={variant.id}
      data-result-kind={resultKind ?? ''}
      data-input-checksum={loop.inputChecksum}
      data-output-checksums={outputs.map((o) => `${o.name}=${o.checksum}`).join(';')}
    >
      <h2 id="run-panel-title" className="text-xl font-semibold">Try it in the browser</h2>

      <ModelControls model={model} sel={sel} busy={busy} gpuMissing={session.gpuMissing} />
      <ResultOptions options={options} onOptions={changeOptions} maskMode={maskMode} onMaskMode={changeMaskMode} usesMask={resultKind === 'mask'} />
      {model.cropFrom && <CropToggle source={model.cropFrom} on={crops} onChange={changeCrops} busy={busy} />}

      <InputSources
        live={camera.live}
        busy={busy}
        runnable={!sel.reason}
        status={status}
        cameras={camera.cameras}
        cameraId={camera.cameraId}
        cameraError={camera.cameraError}
        mirror={mirror}
        samples={model.samples}
        still={current}
        onStartCamera={() => void loop.startCamera(camera.cameraId)}
        onStopCamera={loop.stopCamera}
        onPickCamera={(id) => {
          camera.setCameraId(id);
          if (camera.live) void loop.startCamera(id);
        }}
        onMirror={changeMirror}
        onPickSample={(url) => {
          const s = { kind: 'sample', url } as const;
          still.setStill(s);
          void loop.runStill(s);
        }}
        onRun={() => void loop.runStill()}
      />

      {sel.reason && <p className="text-sm">This graph cannot be run here yet: {sel.reason}.</p>}

      <UploadZone still={current} uploadError={still.uploadError} onFile={(f) => void loop.acceptFile(f)} />

      {model.drawing && !sel.reason && (
        <section aria-labelledby="drawing-title" className="space-y-2">
          <h3 id="drawing-title" className="text-sm font-semibold">Or draw a digit</h3>
          <DrawingPad style={model.drawing} onDrawn={(cell) => void loop.runDrawing(cell)} onCleared={loop.clearDrawing} />
        </section>
      )}

      <DownloadProgress progress={session.progress} loading={status === 'loading'} />

      {loop.error && <p role="alert" data-testid="run-error" className="text-sm text-red-700 dark:text-red-400">{loop.error}</p>}

      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Stage
          videoRef={camera.videoRef}
          stillRef={still.stillRef}
          overlayRef={overlay.overlayRef}
          live={camera.live}
          mirror={mirror}
          aspect={loop.aspect}
          pixelated={current?.kind === 'drawing'}
          caption={camera.live ? `Live camera${mirror ? ', mirrored' : ''}` : current?.kind === 'drawing' ? `Your drawing as the model sees it (${current.cell.width}×${current.cell.height} px)` : current ? `Picture: ${stillLabel(current)}` : 'No picture yet'}
        />
        <ResultPane
          live={camera.live}
          decoded={decoded}
          info={session.info}
          timings={loop.timings}
          variantLabel={variant.label}
          fallback={fallbackNote(backend, session.info, session.gpuMissing)}
          detector={model.cropFrom && crops && session.detectorInfo ? { source: model.cropFrom, info: session.detectorInfo } : undefined}
        />
      </div>

      {!camera.live && <RawOutputs outputs={outputs} />}

      <CacheManager refreshKey={session.cacheTick} />
    </section>
  );
}
