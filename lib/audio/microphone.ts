// Microphone capture for the audio demos: getUserMedia with the browser's
// voice processing off (echo cancellation, noise suppression and automatic
// gain change the signal the models were trained on), an AudioContext at the
// device's own rate, and an AudioWorklet (public/worklets/capture-processor.js)
// that posts mono blocks to the page. Browser-only.

/** Served from public/ on the site's own origin (see the worklet file for why it is plain JS). */
export const CAPTURE_WORKLET_URL = '/worklets/capture-processor.js';
const PROCESSOR_NAME = 'edgezoo-capture';
/** Samples per block posted by the worklet: 2,048 is 43 ms at 48 kHz. */
export const CAPTURE_BLOCK = 2048;

export interface MicrophoneDevice {
  deviceId: string;
  label: string;
}

export interface MicrophoneOptions {
  /** A device from listMicrophones(); the browser's default when absent. */
  deviceId?: string;
  /** Each mono block at `sampleRate`, in capture order. */
  onBlock: (block: Float32Array) => void;
  /** The stream ended by itself (device unplugged, permission revoked). */
  onEnded?: () => void;
  workletUrl?: string;
}

export interface MicrophoneSession {
  sampleRate: number;
  deviceId: string;
  label: string;
  /** What the browser applied: echoCancellation etc. as granted, for the readout. */
  settings: MediaTrackSettings;
  stop(): Promise<void>;
}

export type MicrophoneProblem = 'denied' | 'no-device' | 'busy' | 'unsupported' | 'failed';

export class MicrophoneError extends Error {
  override name = 'MicrophoneError';
  constructor(readonly problem: MicrophoneProblem, message: string) {
    super(message);
  }
}

/** A user-facing explanation of why the microphone could not start. Pure: also used on errors from elsewhere. */
export function explainMicrophoneError(err: unknown): MicrophoneError {
  if (err instanceof MicrophoneError) return err;
  const name = typeof err === 'object' && err !== null && 'name' in err ? String((err as { name: unknown }).name) : '';
  const detail = err instanceof Error && err.message ? ` (${err.message})` : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return new MicrophoneError('denied', 'Microphone access was denied. Allow the microphone for this site in the browser’s address bar or settings and try again, or use a sample clip or an audio file instead.');
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return new MicrophoneError('no-device', 'No microphone was found. Connect one (or pick another device) and try again, or use a sample clip or an audio file instead.');
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return new MicrophoneError('busy', `The microphone could not be started; another application may be using it${detail}.`);
    default:
      return new MicrophoneError('failed', `The microphone could not be started${detail || ` (${String(err)})`}.`);
  }
}

function mediaDevices(): MediaDevices {
  const md = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
  if (!md?.getUserMedia) {
    throw new MicrophoneError('unsupported', 'This browser gives this page no microphone access (it needs a secure context: https or localhost).');
  }
  return md;
}

/** Audio inputs; labels are empty until the page has had microphone permission once. */
export async function listMicrophones(): Promise<MicrophoneDevice[]> {
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices
    .filter((d) => d.kind === 'audioinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || (d.deviceId === 'default' ? 'Default microphone' : `Microphone ${i + 1}`) }));
}

export async function openMicrophone(opts: MicrophoneOptions): Promise<MicrophoneSession> {
  const md = mediaDevices();
  if (typeof AudioWorkletNode === 'undefined') {
    throw new MicrophoneError('unsupported', 'This browser has no AudioWorklet, which the live demo needs; use a sample clip or an audio file instead.');
  }
  let stream: MediaStream;
  try {
    stream = await md.getUserMedia({
      audio: {
        ...(opts.deviceId ? { deviceId: { exact: opts.deviceId } } : {}),
        echoCancellation: false,
        noiseSuppression: false,
        autoGainControl: false,
        channelCount: { ideal: 1 },
      },
      video: false,
    });
  } catch (err) {
    throw explainMicrophoneError(err);
  }
  const track = stream.getAudioTracks()[0];
  if (!track) {
    stream.getTracks().forEach((t) => t.stop());
    throw new MicrophoneError('no-device', 'The browser returned no audio track.');
  }
  // The context runs at the device's rate (no rate given), so the browser does no resampling of its own.
  const context = new AudioContext({ latencyHint: 'interactive' });
  try {
    await context.audioWorklet.addModule(opts.workletUrl ?? CAPTURE_WORKLET_URL);
    const source = context.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(context, PROCESSOR_NAME, {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions: { blockSize: CAPTURE_BLOCK },
    });
    node.port.onmessage = (e: MessageEvent<Float32Array>) => opts.onBlock(e.data);
    // The node writes silence; connecting it to the destination keeps the graph pulling it.
    source.connect(node).connect(context.destination);
    if (context.state === 'suspended') await context.resume();
    track.addEventListener('ended', () => opts.onEnded?.());
    const settings = track.getSettings();
    return {
      sampleRate: context.sampleRate,
      deviceId: settings.deviceId ?? opts.deviceId ?? '',
      label: track.label || 'Microphone',
      settings,
      async stop() {
        node.port.onmessage = null;
        source.disconnect();
        node.disconnect();
        stream.getTracks().forEach((t) => t.stop());
        await context.close();
      },
    };
  } catch (err) {
    stream.getTracks().forEach((t) => t.stop());
    void context.close();
    throw new MicrophoneError('failed', `The audio capture could not start: ${err instanceof Error ? err.message : String(err)}`);
  }
}
