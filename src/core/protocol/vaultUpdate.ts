/**
 * Render messages as changes: the host posts a RenderMessage as the difference to the one it posted before
 * (renderUpdate), the page rebuilds the message from it (applyRenderUpdate). The difference is one splice of the
 * text (common prefix and suffix kept) and one splice of the rows (equal leading and trailing rows kept), so typing
 * in one value sends that value's row, not the whole table. No `vscode` import: the webview bundle includes it.
 */
import type { PreviewRow, RenderMessage, RenderUpdateMessage, RowSplice, TextSplice } from './vault';

/** The smallest single replacement turning `before` into `after`. */
export function textSplice(before: string, after: string): TextSplice {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) { endBefore--; endAfter--; }
  return { start, end: endBefore, insert: after.slice(start, endAfter) };
}

function applyTextSplice(before: string, s: TextSplice): string {
  return before.slice(0, s.start) + s.insert + before.slice(s.end);
}

/** Rows are flat records of strings, numbers and booleans; absent and undefined fields are the same. */
function sameRow(a: PreviewRow, b: PreviewRow): boolean {
  if (a === b) return true;
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const k in ra) if (ra[k] !== rb[k]) return false;
  for (const k in rb) if (!(k in ra) && rb[k] !== undefined) return false;
  return true;
}

/** One splice turning `before` into `after`: the equal leading and trailing rows are kept. */
export function rowSplice(before: readonly PreviewRow[], after: readonly PreviewRow[]): RowSplice {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && sameRow(before[start], after[start])) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && sameRow(before[endBefore - 1], after[endAfter - 1])) { endBefore--; endAfter--; }
  return { start, deleteCount: endBefore - start, insert: after.slice(start, endAfter) };
}

function applyRowSplice(before: readonly PreviewRow[], s: RowSplice): PreviewRow[] {
  return [...before.slice(0, s.start), ...s.insert, ...before.slice(s.start + s.deleteCount)];
}

/** A render as the page holds it: the message and the number of the update it was built from. */
export interface HeldRender { seq: number; message: RenderMessage }

/** `next` as an update against `prev` (the message posted as `base`), or complete when there is no `prev`. */
export function renderUpdate(prev: HeldRender | undefined, next: RenderMessage, seq: number): RenderUpdateMessage {
  const { type: _type, text, preview, ...rest } = next;
  const before = prev?.message;
  let previewUpdate: RenderUpdateMessage['preview'] = null;
  if (preview) {
    const { rows, ...model } = preview;
    previewUpdate = { ...model, rows: rowSplice(before?.preview?.rows ?? [], rows) };
  }
  return { type: 'renderUpdate', seq, base: prev ? prev.seq : null, ...rest, text: textSplice(before?.text ?? '', text), preview: previewUpdate };
}

export class RenderUpdateMismatch extends Error {}

/**
 * The RenderMessage an update describes, given the message of its base (undefined when the page holds none).
 * Throws RenderUpdateMismatch when the update is against a message the page does not hold or does not fit it.
 */
export function applyRenderUpdate(prev: HeldRender | undefined, u: RenderUpdateMessage): RenderMessage {
  let baseText = '';
  let baseRows: readonly PreviewRow[] = [];
  if (u.base !== null) {
    if (!prev || prev.seq !== u.base) throw new RenderUpdateMismatch(`update ${u.seq} is against ${u.base}, the page holds ${prev?.seq ?? 'nothing'}`);
    baseText = prev.message.text;
    baseRows = prev.message.preview?.rows ?? [];
  }
  if (u.text.start > u.text.end || u.text.end > baseText.length) throw new RenderUpdateMismatch('text splice out of range');
  const { type: _type, seq: _seq, base: _base, text, preview, ...rest } = u;
  let model: RenderMessage['preview'] = null;
  if (preview) {
    const { rows, ...fields } = preview;
    if (rows.start + rows.deleteCount > baseRows.length) throw new RenderUpdateMismatch('row splice out of range');
    model = { ...fields, rows: applyRowSplice(baseRows, rows) };
  }
  return { type: 'render', ...rest, text: applyTextSplice(baseText, text), preview: model };
}
