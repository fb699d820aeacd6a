// The picture the model sees with its result drawn over it: the live camera
// (a <video>, mirrored like a selfie view when asked) or the still picture
// (a canvas; a drawing's tiny cell magnified with its pixels kept sharp),
// and an overlay canvas on top sized to the same box. The
// overlay is decorative for assistive tech; the results list carries the
// same content as text.

import type { Ref } from 'react';

export function Stage({
  videoRef,
  stillRef,
  overlayRef,
  live,
  mirror,
  aspect,
  pixelated = false,
  caption,
}: {
  videoRef: Ref<HTMLVideoElement>;
  stillRef: Ref<HTMLCanvasElement>;
  overlayRef: Ref<HTMLCanvasElement>;
  live: boolean;
  mirror: boolean;
  /** width / height of the frame; the box keeps it so the overlay lines up. */
  aspect: number;
  /** Magnify the still picture without smoothing (the drawing pad's cell). */
  pixelated?: boolean;
  caption: string;
}) {
  return (
    <figure className={pixelated ? 'max-w-sm' : 'max-w-2xl'}>
      <div className="relative w-full overflow-hidden rounded bg-slate-900" style={{ aspectRatio: String(aspect) }} data-testid="stage">
        <video
          ref={videoRef}
          muted
          playsInline
          aria-label="Camera preview"
          className={`absolute inset-0 h-full w-full ${live ? '' : 'hidden'}`}
          style={mirror ? { transform: 'scaleX(-1)' } : undefined}
          data-testid="camera-video"
        />
        <canvas
          ref={stillRef}
          className={`absolute inset-0 h-full w-full ${live ? 'hidden' : ''}`}
          style={pixelated ? { imageRendering: 'pixelated' } : undefined}
          aria-hidden="true"
          data-testid="still-canvas"
        />
        <canvas ref={overlayRef} className="pointer-events-none absolute inset-0 h-full w-full" aria-hidden="true" data-testid="overlay" />
      </div>
      <figcaption className="mt-1 text-xs text-slate-600 dark:text-slate-400">{caption}</figcaption>
    </figure>
  );
}
