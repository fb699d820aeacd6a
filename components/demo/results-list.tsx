// The decoded result as HTML: what the overlay draws, readable by screen
// readers and copyable. Coordinates are in the frame (0–1, unmirrored).

import type { ScoredPoint, TaskResult } from '@/lib/tasks/types';

const pct = (v: number) => `${(v * 100).toFixed(0)} %`;
const c2 = (v: number) => v.toFixed(2);

function Points({ points, minScore }: { points: ScoredPoint[]; minScore: number }) {
  const shown = points.filter((p) => p.score >= minScore);
  if (points.length > 40) return <p className="text-xs">{shown.length} of {points.length} landmarks above {pct(minScore)}</p>;
  return (
    <ul className="mt-1 grid grid-cols-[repeat(auto-fill,minmax(11rem,1fr))] gap-x-4 text-xs">
      {points.map((p, i) => (
        <li key={i} className={p.score < minScore ? 'text-slate-500 dark:text-slate-400' : ''}>
          {p.name ?? `#${i}`}: ({c2(p.x)}, {c2(p.y)}) {pct(p.score)}
        </li>
      ))}
    </ul>
  );
}

function MaskSummary({ r }: { r: Extract<TaskResult, { kind: 'mask' }> }) {
  let on = 0;
  for (let i = 0; i < r.data.length; i++) if (r.data[i] > 0.5) on++;
  return (
    <p data-testid="mask-coverage" data-coverage={(on / r.data.length).toFixed(4)}>
      {r.label}: {pct(on / r.data.length)} of the frame ({r.width}×{r.height} mask, probability above 50 %)
    </p>
  );
}

function ClassBars({ classes }: { classes: { label: string; score: number }[] }) {
  return (
    <ol className="space-y-1">
      {classes.map((c) => (
        <li key={c.label} className="flex items-center gap-2">
          <span className="w-28 shrink-0">{c.label}</span>
          <meter min={0} max={1} value={c.score} className="w-40" aria-label={`${c.label} probability`} />
          <span className="tabular-nums">{pct(c.score)}</span>
        </li>
      ))}
    </ol>
  );
}

export function ResultsList({ result, note, keypointMinScore }: { result?: TaskResult; note?: string; keypointMinScore: number }) {
  if (!result) return note ? <p className="text-sm" data-testid="decode-note">{note}</p> : <p className="text-sm text-slate-600 dark:text-slate-400">No result yet.</p>;
  return (
    <div className="text-sm" data-testid="results-list" data-kind={result.kind}>
      {result.kind === 'detections' && (
        result.detections.length === 0 ? <p>Nothing found above the score threshold.</p> : (
          <ol className="list-decimal space-y-1 pl-6">
            {result.detections.map((d, i) => (
              <li key={i} data-score={d.score.toFixed(3)}>
                <strong>{d.text ? `“${d.text}”` : d.label}</strong> {pct(d.score)}; box ({c2(d.box.x0)}, {c2(d.box.y0)})–({c2(d.box.x1)}, {c2(d.box.y1)})
                {d.keypoints && d.keypoints.length > 0 && <>; {d.keypoints.length} keypoints</>}
                {d.classes && d.classes.length > 0 && <ClassBars classes={d.classes} />}
              </li>
            ))}
          </ol>
        )
      )}
      {result.kind === 'keypoints' && (
        result.instances.length === 0 ? <p>No one found above the score threshold.</p> : (
          <ol className="list-decimal space-y-2 pl-6">
            {result.instances.map((inst, i) => (
              <li key={i}>
                Instance score {pct(inst.score)}
                <Points points={inst.points} minScore={keypointMinScore} />
              </li>
            ))}
          </ol>
        )
      )}
      {result.kind === 'mask' && <MaskSummary r={result} />}
      {result.kind === 'classes' && <ClassBars classes={result.classes} />}
      {result.kind === 'text' && (
        <p>
          Text: <strong data-testid="recognised-text">{result.text || '(none)'}</strong> ({pct(result.score)} confidence)
        </p>
      )}
    </div>
  );
}
