/** The one error type of the config engine: every refusal says why and where (1-based line and column). */
export class ConfigParseError extends Error {
  constructor(
    /** Specific reason without position, e.g. "unclosed string". */
    readonly reason: string,
    /** 1-based. */
    readonly line: number,
    /** 1-based. */
    readonly column: number,
    readonly filename?: string,
  ) {
    super(`${filename ?? '<text>'}:${line}:${column}: ${reason}`);
    this.name = 'ConfigParseError';
  }
}

/** 1-based line and column (UTF-16 units) of an offset; only computed when reporting, never while scanning. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

export function errorAt(text: string, offset: number, reason: string, filename?: string): ConfigParseError {
  const { line, column } = lineColumnAt(text, offset);
  return new ConfigParseError(reason, line, column, filename);
}

/** Sorted line-start offsets, for many offset→line lookups (provenance) in O(log n) each. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  lineStart(line: number): number {
    return this.starts[line - 1] ?? 0;
  }
}

/**
 * Anything thrown while reading one text, as that text's ConfigParseError: an engine bug or an exhausted
 * runtime limit in one vault must not take the other layers of the merge down with it.
 */
export function asParseError(e: unknown, filename?: string): ConfigParseError {
  if (e instanceof ConfigParseError) return e;
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new ConfigParseError(`the text could not be read (${what})`, 1, 1, filename);
}
