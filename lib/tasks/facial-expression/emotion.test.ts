// Expression classifier decoder on the real TF.js model, run by our executor
// on the astronaut's face (a broad smile), input built as the browser builds it.

import { afterAll, describe, expect, it } from 'vitest';
import type { EngineTensor } from '../../engines/types';
import { KNOWN_REGIONS } from '../testing/known-regions';
import { disposeRecipeRunners, loadFrame, runRecipe, type RunOptions } from '../testing/recipe-runner';
import { EMOTION_LABELS } from './emotion';
import { decoders } from './index';

const face = KNOWN_REGIONS['astronaut.jpg'].face;
const FACE_CROP = { left: face.x0, top: face.y0, width: face.x1 - face.x0, height: face.y1 - face.y0 };

afterAll(disposeRecipeRunners);

async function classify(run: RunOptions = {}) {
  const frame = await loadFrame('astronaut.jpg', FACE_CROP);
  const { outputs, ctx } = await runRecipe('vision/facial-expression/emotion', frame, run);
  const result = decoders.emotion(outputs, ctx);
  if (result.kind !== 'classes') throw new Error(`expected classes, got ${result.kind}`);
  return { classes: result.classes, ctx };
}

describe('emotion', () => {
  it('gives a distribution over the seven FER-2013 classes, "happy" for the smiling astronaut', async () => {
    const { classes } = await classify({ options: { scoreThreshold: 0, maxResults: 7 } });
    console.log(`emotion astronaut: ${classes.map((c) => `${c.label} ${c.score.toFixed(4)}`).join(', ')}`);
    expect(classes.map((c) => c.label).sort()).toEqual([...EMOTION_LABELS].sort());
    const total = classes.reduce((s, c) => s + c.score, 0);
    expect(Math.abs(total - 1)).toBeLessThan(1e-4);
    for (let i = 1; i < classes.length; i++) expect(classes[i].score).toBeLessThanOrEqual(classes[i - 1].score);
    expect(classes[0]).toMatchObject({ label: 'happy' });
    expect(classes[0].score).toBeGreaterThan(0.9);
  });

  it('applies the score threshold and max results from the options', async () => {
    expect((await classify()).classes.map((c) => c.label)).toEqual(['happy']);
    expect((await classify({ options: { scoreThreshold: 0, maxResults: 3 } })).classes).toHaveLength(3);
  });

  it('names what is wrong with an output that is not the 7-class softmax', async () => {
    const { ctx } = await classify();
    const wrong: EngineTensor = { name: 'x', shape: [1, 8], dtype: 'float32', data: new Float32Array(8) };
    expect(() => decoders.emotion([wrong], ctx)).toThrow(/expects a 7-value float output; got x \[1, 8\]/);
  });
});
