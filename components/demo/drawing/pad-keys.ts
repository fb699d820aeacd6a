// The drawing pad's keyboard: arrows move a cursor (a pen that draws while
// it is down), Space or Enter puts the pen down and lifts it, Escape lifts
// it, Backspace undoes the last stroke, Delete clears. Pure: the pad applies
// the command it returns.

import type { PadPoint } from './rasterise-glyph';

export type PadCommand =
  | { kind: 'move'; to: PadPoint }
  | { kind: 'pen'; down: boolean }
  | { kind: 'undo' }
  | { kind: 'clear' };

export const PAD_KEY_HELP = 'Keyboard: arrow keys move the pen (with Shift, three times as far), Space or Enter puts it down and lifts it, Backspace undoes the last stroke, Delete clears.';

const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/** The command for a key, or undefined when the pad leaves the key to the page. `step` is one arrow press, in pad units (0–1). */
export function padCommand(key: string, shift: boolean, cursor: PadPoint, penDown: boolean, step: number): PadCommand | undefined {
  const arrow = ARROWS[key];
  if (arrow) {
    const d = step * (shift ? 3 : 1);
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    return { kind: 'move', to: { x: clamp(cursor.x + arrow[0] * d), y: clamp(cursor.y + arrow[1] * d) } };
  }
  switch (key) {
    case ' ':
    case 'Enter':
      return { kind: 'pen', down: !penDown };
    case 'Escape':
      return penDown ? { kind: 'pen', down: false } : undefined;
    case 'Backspace':
      return { kind: 'undo' };
    case 'Delete':
      return { kind: 'clear' };
    default:
      return undefined;
  }
}
