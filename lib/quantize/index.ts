// Full-integer post-training quantization: calibrate with the executor,
// quantize the IR to int8, measure what it cost.

export { activationTensorIds, collectRanges, HistogramObserver, MinMaxObserver, type CalibrationOptions, type CalibrationRunner, type ObserverKind } from './calibrate';
export { Int8UnsupportedError, MissingRangeError, type UnsupportedOpType } from './errors';
export { boxIoU, cosineSimilarity, matchDetections, maskIoU, meanKeypointDistance, sqnr, top1Agreement, type Box, type Detection, type DetectionMatch } from './metrics';
export { activationParams, FIXED_OUTPUT_PARAMS, representedRange, type QParams, type Range } from './params';
export { assertSupported, quantizeModel, type IoType, type OpQuantInfo, type QuantizeOptions, type QuantizeResult, type QuantReport, type TensorQuantInfo } from './quantize';
export { buildProbeModel, probeInt8, worstFirst, type ActivationError, type FloatCaptureRunner, type FloatTensor, type Grid, type LayerProbe, type OfficialTfliteRunner, type ProbeOptions, type ProbeResult, type ProbeRunnerInput, type ProbeRunnerOutput } from './probe';
