import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Metadata } from 'next';
import { ByomWorkbench } from '@/components/byom/byom-workbench';

export const metadata: Metadata = {
  title: 'Bring your own model',
  description: 'Inspect, simulate, convert to TFLite float32 and int8, and run your own .tflite, .onnx or TF.js model, entirely in your browser.',
};

/** Bundled sample images (public/samples/images), for calibration and test runs. */
function sampleImages(): string[] {
  const dir = path.join(process.cwd(), 'public/samples/images');
  return readdirSync(dir)
    .filter((f) => /\.(jpe?g|png|webp)$/i.test(f))
    .sort()
    .map((f) => `/samples/images/${f}`);
}

export default function ByomPage() {
  return (
    <article className="space-y-6">
      <h1 className="text-3xl font-bold">Bring your own model</h1>
      <p className="max-w-3xl text-slate-700 dark:text-slate-300">
        Inspect a model graph, estimate how it runs on edge targets, convert it to a float32 and an int8 TFLite file and run the result. Your files
        stay on this device: everything runs in your browser, in background workers, with the same code as the catalogue build and the{' '}
        <code>npx zoo</code> command line.
      </p>
      <ByomWorkbench samples={sampleImages()} />
    </article>
  );
}
