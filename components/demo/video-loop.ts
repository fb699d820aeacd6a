// Calls `onFrame` once per new camera frame (requestVideoFrameCallback where
// the browser has it, else once per animation frame) until stopped. What to
// do with a frame — and whether to drop it — is the caller's (FrameGate).

type VideoWithFrameCallback = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: () => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

/** Starts the loop; returns the function that stops it. */
export function startVideoLoop(video: HTMLVideoElement, onFrame: () => void): () => void {
  const v = video as VideoWithFrameCallback;
  let stopped = false;
  let handle = 0;
  const useVfc = typeof v.requestVideoFrameCallback === 'function';
  const schedule = () => {
    if (stopped) return;
    handle = useVfc ? v.requestVideoFrameCallback!(tick) : requestAnimationFrame(tick);
  };
  const tick = () => {
    if (stopped) return;
    // A paused or not-yet-started video has no new frame to send.
    if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) onFrame();
    schedule();
  };
  schedule();
  return () => {
    stopped = true;
    if (useVfc) v.cancelVideoFrameCallback?.(handle);
    else cancelAnimationFrame(handle);
  };
}
