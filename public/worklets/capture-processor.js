// AudioWorklet processor for EdgeZoo's audio demos (lib/audio/microphone.ts).
// It only mixes the input to mono and posts fixed-size blocks to the page at
// the device's own sample rate; resampling and everything else happen on the
// page, in the unit-tested TypeScript. Plain JavaScript served from the
// site's own origin, because the audio thread loads it by URL and the bundler
// does not compile worklet modules.
class EdgeZooCaptureProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const size = options && options.processorOptions && options.processorOptions.blockSize;
    this.size = Number.isInteger(size) && size > 0 ? size : 2048;
    this.block = new Float32Array(this.size);
    this.filled = 0;
  }

  process(inputs) {
    const input = inputs[0];
    // No channels: the source is not running (yet); nothing to capture this quantum.
    if (!input || input.length === 0) return true;
    const frames = input[0].length;
    const channels = input.length;
    for (let i = 0; i < frames; i++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += input[c][i];
      this.block[this.filled++] = sum / channels;
      if (this.filled === this.size) {
        this.port.postMessage(this.block, [this.block.buffer]);
        this.block = new Float32Array(this.size);
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('edgezoo-capture', EdgeZooCaptureProcessor);
