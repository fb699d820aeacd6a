import { describe, expect, it } from 'vitest';
import type { CatalogueModel } from '../../lib/catalogue/manifest';
import { cropDetectorProblems } from './build';

/** Just the fields the check reads. */
function model(domain: string, task: string, id: string, cropFrom?: CatalogueModel['cropFrom']): CatalogueModel {
  return { domain, task, id, recipePath: `recipes/${domain}/${task}/${id}`, ...(cropFrom ? { cropFrom } : {}) } as CatalogueModel;
}

const crop = (detector: string): CatalogueModel['cropFrom'] => ({ detector, finds: 'faces', note: 'test', square: 'long', scale: 1.5, shift: [0, 0], splitAtGaps: false });

describe('a crop model names a catalogue detector', () => {
  const face = model('vision', 'face-detection', 'blazeface-short-range');
  const mesh = (detector: string) => model('vision', 'face-landmarks', 'facemesh', crop(detector));
  const all = (...ms: CatalogueModel[]) => Object.fromEntries(ms.map((m) => [`${m.domain}/${m.task}/${m.id}`, m]));

  it('accepts a detector with a detections decoder', () => {
    expect(cropDetectorProblems(all(face, mesh('vision/face-detection/blazeface-short-range')))).toEqual([]);
  });

  it('names the recipe and the field when the detector is missing, not a detector, or needs crops itself', () => {
    expect(cropDetectorProblems(all(face, mesh('vision/face-detection/nope')))).toEqual([
      'recipes/vision/face-landmarks/facemesh/recipe.json: cropFrom.detector: vision/face-detection/nope is not a catalogue model',
    ]);
    const movenet = model('vision', 'pose-estimation', 'movenet-lightning');
    expect(cropDetectorProblems(all(movenet, mesh('vision/pose-estimation/movenet-lightning')))).toEqual([
      'recipes/vision/face-landmarks/facemesh/recipe.json: cropFrom.detector: vision/pose-estimation/movenet-lightning is not a detector with a decoder (task pose-estimation)',
    ]);
    const chained = model('vision', 'face-detection', 'blazeface-short-range', crop('vision/face-detection/blazeface-full-range'));
    const full = model('vision', 'face-detection', 'blazeface-full-range');
    expect(cropDetectorProblems(all(full, chained, mesh('vision/face-detection/blazeface-short-range')))).toContain(
      'recipes/vision/face-landmarks/facemesh/recipe.json: cropFrom.detector: vision/face-detection/blazeface-short-range itself needs crops from another detector',
    );
  });
});
