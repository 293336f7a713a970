/**
 * A position from the caller, made one the text has: callers outside the project pass what they like (a line past
 * the end, a negative or fractional character, NaN), and hover and completion index lines with it.
 */
import type { ConfPosition } from './types';

function clamp(n: number, max: number): number {
  return Number.isFinite(n) ? Math.min(Math.max(Math.floor(n), 0), max) : 0;
}

/** The nearest position inside `text`: lines and characters clamped, a line past the end is the end of the text. */
export function withinText(text: string, position: ConfPosition): ConfPosition {
  const lines = text.split('\n');
  const last = lines.length - 1;
  if (Number.isFinite(position.line) && position.line > last) return { line: last, character: lines[last].length };
  const line = clamp(position.line, last);
  return { line, character: clamp(position.character, lines[line].length) };
}
