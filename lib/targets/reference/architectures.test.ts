import { describe, expect, it } from 'vitest';
import { summarizeModel } from '../../ir/accounting';
import { dsCnn, efficientnetLite0, fcAutoencoder, mobilenetV1, mobilenetV2, resnet50, resnet8, ssdliteMobilenetV2 } from './architectures';

const macs = (m: ReturnType<typeof resnet8>) => summarizeModel(m).macs ?? NaN;
const params = (m: ReturnType<typeof resnet8>) => summarizeModel(m).params;

describe('reference architectures match their published sizes', () => {
  it.each([
    // [name, model, published MACs, published params, tolerance]
    ['MobileNet v1 1.0 224', () => mobilenetV1({ alpha: 1, resolution: 224 }), 569e6, 4.2e6, 0.02],
    ['MobileNet v1 0.25 224', () => mobilenetV1({ alpha: 0.25, resolution: 224 }), 41e6, 0.47e6, 0.05],
    ['MobileNet v2 1.0 224', () => mobilenetV2({ alpha: 1, resolution: 224 }), 300e6, 3.47e6, 0.05],
    ['EfficientNet-Lite0', () => efficientnetLite0(), 407e6, 4.7e6, 0.06],
    ['ResNet-50', () => resnet50(), 3.9e9, 25.6e6, 0.03],
    ['ResNet-8 (MLPerf Tiny)', () => resnet8(), 12.5e6, 78e3, 0.03],
    ['DS-CNN (MLPerf Tiny)', () => dsCnn(), 2.7e6, 23.7e3, 0.05],
    ['FC autoencoder (MLPerf Tiny)', () => fcAutoencoder(), 264e3, 267e3, 0.03],
  ])('%s', (_name, build, wantMacs, wantParams, tol) => {
    const m = build();
    expect(Math.abs(macs(m) - wantMacs) / wantMacs).toBeLessThan(tol);
    expect(Math.abs(params(m) - wantParams) / wantParams).toBeLessThan(tol);
  });

  it('builds SSDLite heads on the 19×19 and 10×10 maps plus four extras', () => {
    const m = ssdliteMobilenetV2();
    const outputs = m.graphs[0].outputs.map((id) => m.graphs[0].tensors.get(id)?.shape);
    const anchors = 19 * 19 * 3 + (10 * 10 + 5 * 5 + 3 * 3 + 2 * 2 + 1) * 6;
    expect(outputs).toEqual([[1, anchors, 4], [1, anchors, 91]]);
  });
});
