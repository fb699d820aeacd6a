'use client';

// A pad to draw one symbol on with a mouse, finger or pen (pointer events)
// or the keyboard (./pad-keys). It shows the pad as the model's cell
// magnified, in the training sheet's colours, with the pen as wide as the
// sheet's strokes are for a symbol that fills the dashed box. After every
// stroke it renders the strokes as one cell in the sheet's style
// (./rasterise-glyph) and hands it on, so the prediction follows the drawing.

import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { GlyphStyle } from './glyph-style';
import { PAD_KEY_HELP, padCommand } from './pad-keys';
import { rasteriseGlyph, type GreyCell, type PadPoint, type Stroke } from './rasterise-glyph';
import { BUTTON_CLASS } from '../ui-classes';

const CURSOR_COLOUR = '#38bdf8';

const grey = (v: number) => `rgb(${v}, ${v}, ${v})`;

export function DrawingPad({ style, onDrawn, onCleared }: { style: GlyphStyle; onDrawn: (cell: GreyCell) => void; onCleared: () => void }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Stroke[]>([]);
  /** The pointer that draws the current stroke; others (a second finger) are ignored. */
  const activePointer = useRef<number | undefined>(undefined);
  const [strokeCount, setStrokeCount] = useState(0);
  const [cursor, setCursor] = useState<PadPoint>({ x: 0.5, y: 0.5 });
  const [penDown, setPenDown] = useState(false);
  /** The keyboard cursor shows only while the keyboard draws. */
  const [keyboard, setKeyboard] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const helpId = useId();
  const [cw, ch] = style.cell;

  const redraw = useCallback(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const rect = canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    const size = Math.max(1, Math.round(rect.width * dpr));
    if (canvas.width !== size) canvas.width = size;
    if (canvas.height !== size) canvas.height = size;
    ctx.fillStyle = grey(style.background);
    ctx.fillRect(0, 0, size, size);
    // The box a symbol should fill: the sheet's glyph size within its cell.
    const box = (style.glyphSize / Math.max(cw, ch)) * size;
    ctx.setLineDash([6 * dpr, 6 * dpr]);
    ctx.lineWidth = dpr;
    ctx.strokeStyle = grey(Math.round((style.background * 3 + style.ink) / 4));
    ctx.strokeRect((size - box) / 2, (size - box) / 2, box, box);
    ctx.setLineDash([]);
    // The pen: the sheet's stroke width, magnified as the cell is.
    const pen = (style.strokeWidth / Math.max(cw, ch)) * size;
    ctx.lineWidth = pen;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = grey(style.ink);
    ctx.fillStyle = grey(style.ink);
    for (const s of strokes.current) {
      if (s.length === 1) {
        ctx.beginPath();
        ctx.arc(s[0].x * size, s[0].y * size, pen / 2, 0, 2 * Math.PI);
        ctx.fill();
        continue;
      }
      ctx.beginPath();
      s.forEach((p, i) => (i ? ctx.lineTo(p.x * size, p.y * size) : ctx.moveTo(p.x * size, p.y * size)));
      ctx.stroke();
    }
    if (keyboard) {
      ctx.beginPath();
      ctx.arc(cursor.x * size, cursor.y * size, pen / 2, 0, 2 * Math.PI);
      ctx.lineWidth = 2 * dpr;
      ctx.strokeStyle = CURSOR_COLOUR;
      ctx.stroke();
      if (penDown) {
        ctx.fillStyle = CURSOR_COLOUR;
        ctx.fill();
      }
    }
  }, [style, cw, ch, keyboard, cursor, penDown]);

  useEffect(() => {
    redraw();
    const canvas = canvasRef.current;
    if (!canvas || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => redraw());
    ro.observe(canvas);
    return () => ro.disconnect();
  }, [redraw]);

  /** Hands on the cell of what is drawn now, or says the pad is empty. */
  const emit = useCallback(() => {
    setStrokeCount(strokes.current.length);
    const cell = rasteriseGlyph(strokes.current, style);
    if (cell) onDrawn(cell);
    else onCleared();
  }, [style, onDrawn, onCleared]);

  const pointOf = (e: PointerEvent<HTMLCanvasElement> | globalThis.PointerEvent, canvas: HTMLCanvasElement): PadPoint => {
    const r = canvas.getBoundingClientRect();
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    return { x: clamp((e.clientX - r.left) / r.width), y: clamp((e.clientY - r.top) / r.height) };
  };

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (activePointer.current !== undefined || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    activePointer.current = e.pointerId;
    setKeyboard(false);
    setPenDown(false);
    strokes.current.push([pointOf(e, e.currentTarget)]);
    redraw();
  };

  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    if (activePointer.current !== e.pointerId) return;
    const canvas = e.currentTarget;
    // Coalesced events carry the points a fast pen passed between two frames.
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
    strokes.current[strokes.current.length - 1].push(...(events.length ? events : [e.nativeEvent]).map((ev) => pointOf(ev, canvas)));
    redraw();
  };

  const onPointerEnd = (e: PointerEvent<HTMLCanvasElement>) => {
    if (activePointer.current !== e.pointerId) return;
    activePointer.current = undefined;
    emit();
  };

  const clear = () => {
    strokes.current = [];
    setPenDown(false);
    redraw();
    emit();
    setAnnouncement('Cleared.');
  };

  const undo = () => {
    strokes.current.pop();
    setPenDown(false);
    redraw();
    emit();
    setAnnouncement(strokes.current.length ? `Stroke undone; ${strokes.current.length} left.` : 'Stroke undone; the pad is empty.');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const cmd = padCommand(e.key, e.shiftKey, cursor, penDown, 1 / Math.max(cw, ch));
    if (!cmd || activePointer.current !== undefined) return;
    e.preventDefault();
    setKeyboard(true);
    const at = (p: PadPoint) => `column ${Math.round(p.x * cw)}, row ${Math.round(p.y * ch)} of ${cw}×${ch}`;
    switch (cmd.kind) {
      case 'move':
        setCursor(cmd.to);
        if (penDown) strokes.current[strokes.current.length - 1].push(cmd.to);
        return;
      case 'pen':
        setPenDown(cmd.down);
        if (cmd.down) {
          strokes.current.push([cursor]);
          setAnnouncement(`Pen down at ${at(cursor)}.`);
        } else {
          setAnnouncement(`Pen up at ${at(cursor)}.`);
          emit();
        }
        return;
      case 'undo':
        return undo();
      case 'clear':
        return clear();
    }
  };

  return (
    <div className="flex flex-wrap items-start gap-4" data-testid="drawing-pad">
      <canvas
        ref={canvasRef}
        tabIndex={0}
        role="application"
        aria-roledescription="drawing pad"
        aria-label={`Drawing pad: draw one digit; the model reads it after every stroke (${strokeCount} stroke${strokeCount === 1 ? '' : 's'} drawn)`}
        aria-describedby={helpId}
        className="aspect-square w-[280px] max-w-full cursor-crosshair touch-none rounded focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-400"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerEnd}
        onPointerCancel={onPointerEnd}
        onKeyDown={onKeyDown}
        onBlur={() => setKeyboard(false)}
        data-testid="drawing-canvas"
        data-strokes={strokeCount}
      />
      <div className="max-w-xs space-y-2 text-sm">
        <p>
          Draw one digit, about as tall as the dashed box. The pen is as wide as the training digits&apos; strokes; after every stroke the drawing is scaled into a {cw}×{ch} cell, centred like the training digits, and classified.
        </p>
        <p id={helpId} className="text-xs text-slate-600 dark:text-slate-400">{PAD_KEY_HELP}</p>
        <div className="flex gap-2">
          <button type="button" onClick={undo} disabled={!strokeCount} className={`${BUTTON_CLASS} bg-slate-200 hover:bg-slate-300 dark:bg-slate-800 dark:hover:bg-slate-700`}>
            Undo stroke
          </button>
          <button type="button" onClick={clear} disabled={!strokeCount} className={`${BUTTON_CLASS} bg-slate-700 text-white hover:bg-slate-800`}>
            Clear
          </button>
        </div>
        <p aria-live="polite" className="sr-only">{announcement}</p>
      </div>
    </div>
  );
}
