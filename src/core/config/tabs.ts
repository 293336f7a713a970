/**
 * pyparsing's parseString expands tabs before pyhocon sees the text (`instring.expandtabs()`, since pyhocon never
 * calls parseWithTabs), so a tab inside a value or a key is read as spaces up to the next multiple of 8 columns:
 * `c:a<TAB>b` is "a" + 5 spaces + "b" for the SDK. The parser reads the expanded text; offsets it reports are
 * mapped back to the text as written.
 */
import { ConfigParseError, LineIndex, lineColumnAt } from './errors';

export interface ExpandedText {
  text: string;
  /** Offset in the written text of the character that produced this offset of the expanded text. */
  toRaw(offset: number): number;
  /** The same error, with its line and column in the written text. */
  rawError(e: ConfigParseError): ConfigParseError;
}

const TAB = 9;
const LF = 10;
const CR = 13;

/** Python's str.expandtabs(8): the column restarts after \n and \r and counts code points. Null without tabs. */
export function expandTabs(raw: string): ExpandedText | null {
  if (raw.indexOf('\t') < 0) return null;
  let out = '';
  let from = 0;
  const rawAt: number[] = [];
  let column = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === TAB) {
      const n = 8 - (column % 8);
      out += raw.slice(from, i) + ' '.repeat(n);
      for (let k = from; k < i; k++) rawAt.push(k);
      for (let k = 0; k < n; k++) rawAt.push(i);
      from = i + 1;
      column += n;
    } else if (c === LF || c === CR) column = 0;
    else if (c < 0xdc00 || c > 0xdfff) column++; // a low surrogate completes a code point already counted
  }
  out += raw.slice(from);
  for (let k = from; k <= raw.length; k++) rawAt.push(k);
  const toRaw = (offset: number) => rawAt[Math.min(Math.max(offset, 0), rawAt.length - 1)];
  return {
    text: out,
    toRaw,
    rawError(e) {
      const start = new LineIndex(out).lineStart(e.line);
      const { line, column } = lineColumnAt(raw, toRaw(start + e.column - 1));
      return new ConfigParseError(e.reason, line, column, e.filename);
    },
  };
}
