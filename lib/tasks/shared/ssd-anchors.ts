// SSD anchors exactly as MediaPipe's SsdAnchorsCalculator generates them
// (mediapipe/calculators/tflite/ssd_anchors_calculator.cc): consecutive layers
// with the same stride share one feature map, cells in row-major order, the
// anchors of a cell next to each other. BlazeFace, BlazePose's detector and
// the palm detector all decode against these.

export interface Anchor {
  /** Centre, normalised to the model input. */
  x: number;
  y: number;
  /** Size, normalised to the model input (1 × 1 with a fixed anchor size). */
  w: number;
  h: number;
}

export interface SsdAnchorOptions {
  inputWidth: number;
  inputHeight: number;
  minScale: number;
  maxScale: number;
  strides: number[];
  aspectRatios: number[];
  /** > 0 adds one more anchor per layer at the geometric mean of this and the next layer's scale. */
  interpolatedScaleAspectRatio: number;
  anchorOffsetX: number;
  anchorOffsetY: number;
  /** Every anchor 1 × 1: the regressor predicts sizes outright. */
  fixedAnchorSize: boolean;
}

function layerScale(minScale: number, maxScale: number, layer: number, layers: number): number {
  return layers === 1 ? (minScale + maxScale) / 2 : minScale + ((maxScale - minScale) * layer) / (layers - 1);
}

export function ssdAnchors(o: SsdAnchorOptions): Anchor[] {
  const anchors: Anchor[] = [];
  const n = o.strides.length;
  let layer = 0;
  while (layer < n) {
    const sizes: { w: number; h: number }[] = [];
    let last = layer;
    for (; last < n && o.strides[last] === o.strides[layer]; last++) {
      const scale = layerScale(o.minScale, o.maxScale, last, n);
      for (const ratio of o.aspectRatios) sizes.push({ w: scale * Math.sqrt(ratio), h: scale / Math.sqrt(ratio) });
      if (o.interpolatedScaleAspectRatio > 0) {
        const next = last === n - 1 ? 1 : layerScale(o.minScale, o.maxScale, last + 1, n);
        const s = Math.sqrt(scale * next);
        const r = Math.sqrt(o.interpolatedScaleAspectRatio);
        sizes.push({ w: s * r, h: s / r });
      }
    }
    const rows = Math.ceil(o.inputHeight / o.strides[layer]);
    const cols = Math.ceil(o.inputWidth / o.strides[layer]);
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        for (const size of sizes) {
          anchors.push({
            x: (x + o.anchorOffsetX) / cols,
            y: (y + o.anchorOffsetY) / rows,
            w: o.fixedAnchorSize ? 1 : size.w,
            h: o.fixedAnchorSize ? 1 : size.h,
          });
        }
      }
    }
    layer = last;
  }
  return anchors;
}
