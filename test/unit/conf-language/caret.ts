/** `caret('api { api_se|rver: x }')`: the text without the caret and the caret's 0-based position. */
export function caret(marked: string): { text: string; position: { line: number; character: number } } {
  const at = marked.indexOf('|');
  if (at < 0 || marked.indexOf('|', at + 1) >= 0) throw new Error(`exactly one caret "|" expected in ${JSON.stringify(marked)}`);
  const text = marked.slice(0, at) + marked.slice(at + 1);
  const before = text.slice(0, at).split('\n');
  return { text, position: { line: before.length - 1, character: before[before.length - 1].length } };
}

/** The text a diagnostic or edit range covers. */
export function covered(text: string, r: { line: number; character: number; endLine: number; endCharacter: number }): string {
  const lines = text.split('\n');
  if (r.line === r.endLine) return lines[r.line].slice(r.character, r.endCharacter);
  return [lines[r.line].slice(r.character), ...lines.slice(r.line + 1, r.endLine), lines[r.endLine].slice(0, r.endCharacter)].join('\n');
}

/** Applies a fix's edits (non-overlapping) to the text. */
export function applyEdits(text: string, edits: { line: number; character: number; endLine: number; endCharacter: number; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (line: number, ch: number) => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + ch;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.line, b.character) - offset(a.line, a.character))) {
    out = out.slice(0, offset(e.line, e.character)) + e.newText + out.slice(offset(e.endLine, e.endCharacter));
  }
  return out;
}
