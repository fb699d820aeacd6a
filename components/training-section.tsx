import { Facts } from '@/components/section';
import { formatCount } from '@/lib/catalogue/format';
import type { TrainingRecord } from '@/lib/catalogue/manifest';
import type { TrainSource } from '@/lib/catalogue/recipe-schema';

// A bring-your-own-data recipe's training step: the data, the split, the
// network, the hyper-parameters and what it achieved, as recorded by the build.

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

function layerText(l: TrainSource['model']['layers'][number]): string {
  switch (l.type) {
    case 'conv2d':
      return `Conv2D ${l.filters} × ${l.kernel}×${l.kernel}, ${l.padding}${l.activation === 'none' ? '' : `, ${l.activation}`}`;
    case 'maxpool2d':
      return `MaxPool ${l.size}×${l.size}`;
    case 'flatten':
      return 'Flatten';
    case 'dense':
      return `Dense ${l.units}${l.activation === 'none' ? '' : `, ${l.activation}`}`;
  }
}

function hyperText(h: TrainSource['hyper']): string {
  const rate = h.finalLearningRate === undefined ? `learning rate ${h.learningRate}` : `learning rate ${h.learningRate} → ${h.finalLearningRate}, geometric decay per epoch`;
  const augment = h.augment && h.augment.shift > 0 ? `, random shifts of up to ±${h.augment.shift} px` : '';
  return `${h.epochs} epochs, batch ${h.batchSize}, ${h.optimizer} (${rate})${augment}, seed ${h.seed}`;
}

export function TrainingSection({ source, record }: { source: TrainSource; record: TrainingRecord | undefined }) {
  return (
    <div className="space-y-4">
      <Facts
        items={[
          ['Dataset', <a key="d" href={source.dataset.url} className="underline">{source.dataset.name}</a>],
          ['Data', source.dataset.description],
          ['File', `${source.dataset.file} (sha256 ${source.dataset.sha256.slice(0, 16)}…)`],
          [
            'Split',
            record
              ? `stratified, seed ${record.split.seed}: ${record.split.train} train / ${record.split.test} test (${record.split.testPerClass.join(', ')} test cells per class; test set sha256 ${record.split.testCellsSha256.slice(0, 12)}…)`
              : `stratified, ${pct(source.split.testFraction)} test, seed ${source.split.seed}`,
          ],
          ['Network', `input ${source.model.input.join('×')} (pixel × ${source.model.scale}) → ${source.model.layers.map(layerText).join(' → ')}`],
          [
            'Hyper-parameters',
            hyperText(source.hyper),
          ],
          ...(record
            ? ([
                ['Parameters', formatCount(record.params)],
                ['Test accuracy', `${pct(record.testAccuracy)} (train ${pct(record.trainAccuracy)}; the build requires ≥ ${pct(record.minTestAccuracy)})`],
                ['Trained with', record.backend],
              ] as [string, string][])
            : []),
        ]}
      />
      {record && (
        <table className="text-sm" data-testid="training-epochs">
          <caption className="mb-1 text-left font-semibold">Per epoch</caption>
          <thead>
            <tr className="border-b border-slate-300 dark:border-slate-700">
              <th scope="col" className="px-2 py-1 text-right">Epoch</th>
              <th scope="col" className="px-2 py-1 text-right">Loss</th>
              <th scope="col" className="px-2 py-1 text-right">Train accuracy</th>
              <th scope="col" className="px-2 py-1 text-right">Test accuracy</th>
            </tr>
          </thead>
          <tbody>
            {record.epochs.map((e) => (
              <tr key={e.epoch} className="border-b border-slate-200 dark:border-slate-800">
                <td className="px-2 py-1 text-right tabular-nums">{e.epoch}</td>
                <td className="px-2 py-1 text-right tabular-nums">{e.loss.toFixed(4)}</td>
                <td className="px-2 py-1 text-right tabular-nums">{pct(e.trainAccuracy)}</td>
                <td className="px-2 py-1 text-right tabular-nums">{pct(e.testAccuracy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
