// The package's ESM entry imports a ./tflite_web_api_client module it does not
// ship (it expects a global script); its flat ESM bundle inlines that client.
// Same API, so it reuses the package's own types.
declare module '@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js' {
  export * from '@tensorflow/tfjs-tflite';
}
