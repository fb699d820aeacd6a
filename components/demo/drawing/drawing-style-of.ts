// Build time (Node): whether a catalogue model gets a drawing pad, and the
// pad's style, decided from its recipe. A model qualifies when it classifies
// images and was trained here on a grid sheet of greyscale cells that its
// input takes whole (the image feed is greyscale and exactly one cell in
// size), like digits-cnn on OpenCV's digits.png: what a user draws can then
// be rendered as one more cell of that sheet. The style is measured from the
// sheet itself (./glyph-style), so a new sheet brings its own.

import path from 'node:path';
import sharp from 'sharp';
import type { Recipe } from '@/lib/catalogue/recipe-schema';
import { measureGlyphStyle, type GlyphStyle } from './glyph-style';

/** The sheet a drawn symbol should look like a cell of, or why the model gets no pad. */
export function drawableSheetOf(recipe: Pick<Recipe, 'task' | 'source' | 'conversion'>): { file: string; cell: [number, number] } | { none: string } {
  if (recipe.task !== 'image-classification') return { none: `the task is ${recipe.task}, not image-classification` };
  if (recipe.source.kind !== 'train') return { none: 'the model was not trained here on a sheet of cells' };
  const { file, layout } = recipe.source.dataset;
  const feeds = (recipe.conversion?.graphs ?? []).flatMap((g) => g.inputs.map((i) => i.feed));
  const [feed] = feeds;
  if (feeds.length !== 1 || feed.kind !== 'image') return { none: 'the model does not take exactly one image input' };
  if (feed.colourOrder !== 'grayscale') return { none: `the input is ${feed.colourOrder}, not greyscale` };
  if (feed.size[0] !== layout.cell[0] || feed.size[1] !== layout.cell[1]) return { none: `the input is ${feed.size.join('×')} px, the sheet's cells ${layout.cell.join('×')}` };
  return { file, cell: layout.cell };
}

const measured = new Map<string, Promise<GlyphStyle>>();

/** The drawing pad's style for a recipe, or undefined when it gets no pad. `root` is the repository (public/samples under it). */
export async function drawingStyleOf(recipe: Pick<Recipe, 'task' | 'source' | 'conversion'>, root = process.cwd()): Promise<GlyphStyle | undefined> {
  const sheet = drawableSheetOf(recipe);
  if ('none' in sheet) return undefined;
  const file = path.join(root, 'public/samples', sheet.file);
  const key = `${file}|${sheet.cell.join('x')}`;
  let style = measured.get(key);
  if (!style) {
    style = sharp(file)
      .removeAlpha()
      .grayscale()
      .raw()
      .toBuffer({ resolveWithObject: true })
      .then(({ data, info }) => {
        if (info.channels !== 1) throw new Error(`${sheet.file}: expected one grey channel, got ${info.channels}`);
        return measureGlyphStyle({ width: info.width, height: info.height, data: new Uint8Array(data), cell: sheet.cell });
      });
    measured.set(key, style);
  }
  return style;
}
