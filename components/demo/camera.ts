// Camera access for the live demo: list video inputs, open one, and turn
// every way getUserMedia can fail into a message that says what happened and
// what still works (samples and uploads never need the camera).

export interface CameraDevice {
  deviceId: string;
  label: string;
}

export type CameraProblem = 'denied' | 'no-camera' | 'busy' | 'unavailable' | 'other';

export class CameraError extends Error {
  constructor(
    readonly problem: CameraProblem,
    message: string,
  ) {
    super(message);
  }
}

const STILL_WORKS = 'You can still run the model on a sample image or on a picture you upload.';

function mediaDevices(): MediaDevices {
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
    throw new CameraError('unavailable', `This page cannot use a camera here: the browser offers camera access only on https:// or localhost pages. ${STILL_WORKS}`);
  }
  return navigator.mediaDevices;
}

/** The browser's reason → a CameraError with a clear message. */
export function cameraErrorOf(err: unknown): CameraError {
  if (err instanceof CameraError) return err;
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  const detail = err instanceof Error && err.message ? ` (${err.message})` : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return new CameraError('denied', `Camera permission was denied${detail}. To use the camera, allow it for this site (the camera icon in the address bar or the site settings) and press “Start camera” again. ${STILL_WORKS}`);
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return new CameraError('no-camera', `No camera was found on this device${detail}. Connect one and press “Start camera” again. ${STILL_WORKS}`);
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return new CameraError('busy', `The camera could not be started${detail}: another application may be using it. ${STILL_WORKS}`);
    default:
      return new CameraError('other', `The camera could not be opened: ${err instanceof Error ? err.message || err.name : String(err)}. ${STILL_WORKS}`);
  }
}

/** Video inputs; labels stay empty until the user has granted the camera once, so they are numbered instead. */
export async function listCameras(): Promise<CameraDevice[]> {
  const devices = await mediaDevices().enumerateDevices();
  return devices
    .filter((d) => d.kind === 'videoinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` }));
}

/** Opens a camera (a given one, or the default user-facing one). Throws CameraError. */
export async function openCamera(deviceId?: string): Promise<MediaStream> {
  try {
    // No size constraint: a size the camera lacks makes the browser crop the frame, and the models resize anyway.
    const video: MediaTrackConstraints = deviceId ? { deviceId: { exact: deviceId } } : { facingMode: 'user' };
    return await mediaDevices().getUserMedia({ video, audio: false });
  } catch (err) {
    throw cameraErrorOf(err);
  }
}

export function stopStream(stream: MediaStream | null | undefined): void {
  for (const t of stream?.getTracks() ?? []) t.stop();
}
