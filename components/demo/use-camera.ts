// The live camera: opening a device (stopping the one that runs), the
// device list, the video element it plays in, a loop that calls back once
// per new video frame, and a clear error when the camera cannot be used.
// What to do with each frame is the caller's.

import { useCallback, useEffect, useRef, useState } from 'react';
import { cameraErrorOf, listCameras, openCamera, stopStream, type CameraDevice, type CameraError } from './camera';
import { startVideoLoop } from './video-loop';

export function useCamera() {
  const videoRef = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const stopLoop = useRef<(() => void) | undefined>(undefined);
  /** True from start() to close(): the loop's callbacks check it, since they outlive renders. */
  const liveRef = useRef(false);
  const [live, setLive] = useState(false);
  const [cameras, setCameras] = useState<CameraDevice[]>([]);
  const [cameraId, setCameraId] = useState('');
  const [cameraError, setCameraError] = useState<CameraError>();

  /** Opens a camera (the default one without an id) and plays it; undefined when it could not (cameraError says why). */
  const open = useCallback(async (deviceId?: string): Promise<HTMLVideoElement | undefined> => {
    setCameraError(undefined);
    const video = videoRef.current;
    if (!video) return undefined;
    try {
      stopLoop.current?.();
      stopStream(stream.current);
      const s = await openCamera(deviceId || undefined);
      stream.current = s;
      video.srcObject = s;
      await video.play();
      setCameraId(s.getVideoTracks()[0]?.getSettings().deviceId ?? '');
      setCameras(await listCameras());
      return video;
    } catch (err) {
      stopStream(stream.current);
      stream.current = null;
      setCameraError(cameraErrorOf(err));
      return undefined;
    }
  }, []);

  /** Goes live on the opened video: `onFrame` once per new frame until close(). */
  const start = useCallback((video: HTMLVideoElement, onFrame: () => void) => {
    liveRef.current = true;
    setLive(true);
    stopLoop.current = startVideoLoop(video, onFrame);
  }, []);

  /** Stops the loop and the camera; true when it was live. */
  const close = useCallback((): boolean => {
    const wasLive = liveRef.current;
    liveRef.current = false;
    stopLoop.current?.();
    stopLoop.current = undefined;
    stopStream(stream.current);
    stream.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
    setLive(false);
    return wasLive;
  }, []);

  useEffect(
    () => () => {
      stopLoop.current?.();
      stopStream(stream.current);
    },
    [],
  );

  return { videoRef, liveRef, live, cameras, cameraId, setCameraId, cameraError, open, start, close };
}
