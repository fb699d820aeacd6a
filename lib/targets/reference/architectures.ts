// Reference architectures to calibrate against published latencies of models
// the zoo does not ship: built in the IR from their papers' layer tables.
// Batch-norms are folded (as in the deployed int8 files); weights are zeros.

import type { Model } from '../../ir/types';
import { makeDivisible, NetBuilder, type RefDtype } from './net-builder';

interface Common { dtype?: RefDtype }

/** MobileNet v1 (Howard et al. 2017), Keras channel rule int(c × alpha). */
export function mobilenetV1(o: Common & { alpha: number; resolution: number; classes?: number; channels?: number }): Model {
  const b = new NetBuilder(o.dtype ?? 'int8');
  const c = (n: number) => Math.floor(n * o.alpha);
  let x = b.conv(b.input([1, o.resolution, o.resolution, o.channels ?? 3]), c(32), 3, 2, 'relu6');
  const blocks: [number, number][] = [[64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2], [512, 1], [512, 1], [512, 1], [512, 1], [512, 1], [1024, 2], [1024, 1]];
  for (const [ch, s] of blocks) x = b.conv(b.dw(x, 3, s, 'relu6'), c(ch), 1, 1, 'relu6');
  return b.model(b.softmax(b.dense(b.globalAvgPool(x), o.classes ?? 1000)));
}

function invertedResidual(b: NetBuilder, x: string, expand: number, out: number, k: number, stride: number, act: 'relu6' | 'relu', se = false): string {
  const cin = b.channels(x);
  let y = expand === 1 ? x : b.conv(x, cin * expand, 1, 1, act);
  y = b.dw(y, k, stride, act);
  if (se) {
    // Squeeze-and-excite on the expanded features, reduced to a quarter of the block's input width.
    const s = b.globalAvgPool(y, true);
    const r = b.conv(s, Math.max(1, Math.floor(cin * 0.25)), 1, 1, 'relu');
    y = b.mul(y, b.conv(r, b.channels(y), 1, 1, 'sigmoid'));
  }
  y = b.conv(y, out, 1, 1, 'none');
  return stride === 1 && cin === out ? b.add(x, y) : y;
}

/** MobileNet v2 (Sandler et al. 2018). */
export function mobilenetV2(o: Common & { alpha: number; resolution: number; classes?: number }): Model {
  const b = new NetBuilder(o.dtype ?? 'int8');
  const { x } = mobilenetV2Backbone(b, o.alpha, o.resolution);
  return b.model(b.softmax(b.dense(b.globalAvgPool(x), o.classes ?? 1000)));
}

function mobilenetV2Backbone(b: NetBuilder, alpha: number, resolution: number): { x: string; taps: string[] } {
  let x = b.conv(b.input([1, resolution, resolution, 3]), makeDivisible(32 * alpha), 3, 2, 'relu6');
  const taps: string[] = [];
  const table: [number, number, number, number][] = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]];
  let block = 0;
  for (const [t, ch, n, s] of table) {
    for (let i = 0; i < n; i++) {
      block++;
      // SSDLite taps the expansion of block 14 (the first stride-2 block of the 160 stage).
      if (block === 14) taps.push(b.conv(x, b.channels(x) * t, 1, 1, 'relu6'));
      x = invertedResidual(b, x, t, makeDivisible(ch * alpha), 3, i === 0 ? s : 1, 'relu6');
    }
  }
  x = b.conv(x, alpha > 1 ? makeDivisible(1280 * alpha) : 1280, 1, 1, 'relu6');
  return { x, taps };
}

/** EfficientNet-Lite0 (TF model garden): no squeeze-excite, ReLU6, fixed stem and head. */
export function efficientnetLite0(o: Common & { resolution?: number; classes?: number } = {}): Model {
  const b = new NetBuilder(o.dtype ?? 'int8');
  const r = o.resolution ?? 224;
  let x = b.conv(b.input([1, r, r, 3]), 32, 3, 2, 'relu6');
  const table: [number, number, number, number, number][] = [[1, 3, 1, 16, 1], [6, 3, 2, 24, 2], [6, 5, 2, 40, 2], [6, 3, 2, 80, 3], [6, 5, 1, 112, 3], [6, 5, 2, 192, 4], [6, 3, 1, 320, 1]];
  for (const [t, k, s, ch, n] of table) for (let i = 0; i < n; i++) x = invertedResidual(b, x, t, ch, k, i === 0 ? s : 1, 'relu6');
  x = b.conv(x, 1280, 1, 1, 'relu6');
  return b.model(b.softmax(b.dense(b.globalAvgPool(x), o.classes ?? 1000)));
}

/** MnasNet-A1 (Tan et al. 2019, Fig. 7) at a depth multiplier. */
export function mnasnetA1(o: Common & { alpha: number; resolution?: number; classes?: number }): Model {
  const b = new NetBuilder(o.dtype ?? 'int8');
  const r = o.resolution ?? 224;
  const c = (n: number) => makeDivisible(n * o.alpha);
  let x = b.conv(b.input([1, r, r, 3]), c(32), 3, 2, 'relu');
  x = b.conv(b.dw(x, 3, 1, 'relu'), c(16), 1, 1, 'none');
  const table: [number, number, number, number, number, boolean][] = [
    [6, 3, 2, 24, 2, false], [3, 5, 2, 40, 3, true], [6, 3, 2, 80, 4, false], [6, 3, 1, 112, 2, true], [6, 5, 2, 160, 3, true], [6, 3, 1, 320, 1, false],
  ];
  for (const [t, k, s, ch, n, se] of table) for (let i = 0; i < n; i++) x = invertedResidual(b, x, t, c(ch), k, i === 0 ? s : 1, 'relu', se);
  x = b.conv(x, 1280, 1, 1, 'relu');
  return b.model(b.softmax(b.dense(b.globalAvgPool(x), o.classes ?? 1000)));
}

/** SSDLite with a MobileNet v2 backbone (Sandler et al. 2018, §6.2), 91 COCO classes, anchors 3/6/6/6/6/6. */
export function ssdliteMobilenetV2(o: Common & { resolution?: number; classes?: number } = {}): Model {
  const b = new NetBuilder(o.dtype ?? 'int8');
  const { x, taps } = mobilenetV2Backbone(b, 1, o.resolution ?? 300);
  const classes = o.classes ?? 91;
  const features = [taps[0], x];
  let f = x;
  for (const ch of [512, 256, 256, 128]) {
    f = b.conv(b.dw(b.conv(f, ch / 2, 1, 1, 'relu6'), 3, 2, 'relu6'), ch, 1, 1, 'relu6');
    features.push(f);
  }
  const boxes: string[] = [];
  const scores: string[] = [];
  features.forEach((feat, i) => {
    const anchors = i === 0 ? 3 : 6;
    const head = (per: number) => {
      const y = b.conv(b.dw(feat, 3, 1, 'relu6'), anchors * per, 1, 1, 'none');
      const [, h, w] = b.g.tensor(y).shape;
      return b.reshape(y, [1, h * w * anchors, per]);
    };
    boxes.push(head(4));
    scores.push(head(classes));
  });
  return b.model(b.concat(boxes, 1), b.sigmoid(b.concat(scores, 1)));
}

/** Ultra-Light-Fast-Generic-Face-Detector "version-slim" (Linzaer, 2019), input W×H. */
export function ultrafaceSlim(o: Common & { width?: number; height?: number } = {}): Model {
  const b = new NetBuilder(o.dtype ?? 'int8');
  const base = 16;
  let x = b.conv(b.input([1, o.height ?? 240, o.width ?? 320, 3]), base, 3, 2, 'relu');
  const sep = (y: string, out: number, s: number) => b.conv(b.dw(y, 3, s, 'relu'), out, 1, 1, 'relu');
  const plan: [number, number][] = [[32, 1], [32, 2], [32, 1], [64, 2], [64, 1], [64, 1], [64, 1], [128, 2], [128, 1], [128, 1], [256, 2], [256, 1]];
  const taps: string[] = [];
  plan.forEach(([ch, s], i) => {
    x = sep(x, ch * (base / 16), s);
    if (i === 6 || i === 9) taps.push(x);
  });
  taps.push(x);
  const extra = sep(b.conv(x, 64, 1, 1, 'relu'), 256, 2);
  const anchors = [3, 2, 2, 3];
  const heads = (per: number) => [...taps, extra].map((t, i) => {
    const y = i === 3 ? b.conv(t, anchors[i] * per, 3, 1, 'none') : b.conv(b.dw(t, 3, 1, 'relu'), anchors[i] * per, 1, 1, 'none');
    const [, h, w] = b.g.tensor(y).shape;
    return b.reshape(y, [1, h * w * anchors[i], per]);
  });
  return b.model(b.softmax(b.concat(heads(2), 1)), b.concat(heads(4), 1));
}

/** MLPerf Tiny image classification reference: ResNet-8 on 32×32×3 CIFAR-10. */
export function resnet8(o: Common = {}): Model {
  const b = new NetBuilder(o.dtype ?? 'int8');
  let x = b.conv(b.input([1, 32, 32, 3]), 16, 3, 1, 'relu');
  for (const [ch, s] of [[16, 1], [32, 2], [64, 2]]) {
    const y = b.conv(b.conv(x, ch, 3, s, 'relu'), ch, 3, 1, 'none');
    const shortcut = s === 1 ? x : b.conv(x, ch, 1, s, 'none');
    x = b.add(y, shortcut, 'relu');
  }
  return b.model(b.softmax(b.dense(b.avgPool(x, 8), 10)));
}

/** MLPerf Tiny keyword spotting reference: DS-CNN on 49×10 MFCC features, 12 classes. */
export function dsCnn(o: Common = {}): Model {
  const b = new NetBuilder(o.dtype ?? 'int8');
  let x = b.conv(b.input([1, 49, 10, 1]), 64, [10, 4], 2, 'relu');
  for (let i = 0; i < 4; i++) x = b.conv(b.dw(x, 3, 1, 'relu'), 64, 1, 1, 'relu');
  const [, h, w] = b.g.tensor(x).shape;
  return b.model(b.softmax(b.dense(b.g.add('AveragePool2D', [x], { filter: [h, w], strides: [h, w], padding: 'valid' }), 12)));
}

/** MLPerf Tiny anomaly detection reference: the FC autoencoder on 640 log-mel features. */
export function fcAutoencoder(o: Common = {}): Model {
  const b = new NetBuilder(o.dtype ?? 'int8');
  let x = b.input([1, 640]);
  for (const units of [128, 128, 128, 128, 8, 128, 128, 128, 128]) x = b.dense(x, units, 'relu');
  return b.model(b.dense(x, 640));
}

/** ResNet-50 v1 (He et al. 2016), 224×224. */
export function resnet50(o: Common & { resolution?: number } = {}): Model {
  const b = new NetBuilder(o.dtype ?? 'int8');
  const r = o.resolution ?? 224;
  let x = b.maxPool(b.conv(b.input([1, r, r, 3]), 64, 7, 2, 'relu'), 3, 2, 'same');
  for (const [ch, n, s] of [[64, 3, 1], [128, 4, 2], [256, 6, 2], [512, 3, 2]]) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      const y = b.conv(b.conv(b.conv(x, ch, 1, stride, 'relu'), ch, 3, 1, 'relu'), ch * 4, 1, 1, 'none');
      const shortcut = i === 0 ? b.conv(x, ch * 4, 1, stride, 'none') : x;
      x = b.add(y, shortcut, 'relu');
    }
  }
  return b.model(b.softmax(b.dense(b.globalAvgPool(x), 1000)));
}

/** Builders by name, for calibration rows (lib/targets/calibration/measurements.json). */
export const REFERENCE_ARCHITECTURES = {
  'mobilenet-v1': mobilenetV1,
  'mobilenet-v2': mobilenetV2,
  'efficientnet-lite0': efficientnetLite0,
  'mnasnet-a1': mnasnetA1,
  'ssdlite-mobilenet-v2': ssdliteMobilenetV2,
  'ultraface-slim': ultrafaceSlim,
  'resnet-8': resnet8,
  'ds-cnn': dsCnn,
  'fc-autoencoder': fcAutoencoder,
  'resnet-50': resnet50,
} as const;
export type ArchitectureName = keyof typeof REFERENCE_ARCHITECTURES;

export interface ArchitectureRef {
  name: ArchitectureName;
  args: Record<string, number | string>;
}

export function buildArchitecture(ref: ArchitectureRef, dtype: RefDtype): Model {
  const build = REFERENCE_ARCHITECTURES[ref.name] as (o: Record<string, unknown>) => Model;
  return build({ ...ref.args, dtype });
}
