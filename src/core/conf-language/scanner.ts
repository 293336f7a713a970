/**
 * A tolerant, position-keeping reader of HOCON (and so of JSON) for the editor features. The strict parser
 * (config/hocon-parser.ts) stops at the first error and reports no positions inside lists; diagnostics, hover and
 * completion need every key and value with its offsets, also in a file that is half typed. This scanner follows the
 * same token rules (pyhocon's unquoted-string class, `//` and `#` comments only at a token's start, caseless
 * true/false/null, the number follow-set) but never throws: an unreadable line is skipped and an unclosed brace
 * runs to the end of the text. It keeps the text of values; the strict parser stays the judge of parse errors and
 * of resolved values.
 */

export interface KeySegment {
  name: string;
  start: number;
  end: number;
}

export interface ScanEntry {
  /** One segment per dotted part: `a.b.c = 1` has three, each with its own range. */
  segments: KeySegment[];
  quotedKey: boolean;
  /** '=', ':', '+=' or '' for `key { ... }`. */
  separator: string;
  value: ScanValue;
}

export interface ScanObject {
  kind: 'object';
  start: number;
  /** Offset after the closing brace (or the end of the text when it is missing). */
  end: number;
  entries: ScanEntry[];
  /** Written as `${base} { ... }`: part of the value comes from a substitution. */
  hasSubst: boolean;
}

export interface ScanArray {
  kind: 'array';
  start: number;
  end: number;
  items: ScanValue[];
  hasSubst: boolean;
}

export interface ScanScalar {
  kind: 'scalar';
  start: number;
  end: number;
  /** The value as read: a string (unescaped), number, boolean or null. */
  value: string | number | boolean | null;
  /** One double-quoted (or triple-quoted) string. */
  quoted: boolean;
  /** Holds `${...}` outside quotes: its value is only known after substitution. */
  hasSubst: boolean;
}

export type ScanValue = ScanObject | ScanArray | ScanScalar;

export interface ScanResult {
  root: ScanObject | ScanArray;
  /** Paths named by `${...}` substitutions anywhere in the text (helper objects used through them are not unknown). */
  substitutions: Set<string>;
}

const LF = 10, CR = 13, SP = 32, TAB = 9, DQ = 34, HASH = 35, DOLLAR = 36, COMMA = 44, DOT = 46, SLASH = 47,
  COLON = 58, EQ = 61, PLUS = 43, LBRACK = 91, RBRACK = 93, LBRACE = 123, RBRACE = 125, BSLASH = 92;

/** Characters an unquoted string may not contain (pyhocon): ^ ` + ? ! @ * & " [ { ] } # , = $ \ and whitespace. */
const STOP = new Uint8Array(128);
for (const ch of '^`+?!@*&"[{]}#,=$\\') STOP[ch.charCodeAt(0)] = 1;
for (const c of [9, 10, 11, 12, 13, 32]) STOP[c] = 1;

function isKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0xff && c !== 0xd7 && c !== 0xf7) ||
    c === DOT || c === 95 || c === 45 || c === SP || c === SLASH;
}

const NUMBER = /^[+-]?(\d*\.\d+|\d+(\.\d+)?)([eE][+-]?\d+)?$/;

/**
 * Braces and brackets nested deeper than this are skipped whole, unread: the scanner recurses once per level and a
 * hostile text (10,000 `[`) would exhaust the stack. The strict parser refuses such a text anyway (hocon-parser's
 * MAX_DEPTH), so nothing the SDK could read is lost.
 */
export const MAX_SCAN_NESTING = 400;

/** The value of one unquoted token, as pyhocon reads it. */
export function unquotedValue(text: string): string | number | boolean | null {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (NUMBER.test(text)) return Number(text);
  return text;
}

function unescape(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  return s.replace(/\\(.)/gs, (m, c: string) => ({ n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', '=': '=', '#': '#', '!': '!', '\n': '' } as Record<string, string>)[c] ?? m);
}

class Scanner {
  pos = 0;
  /** Containers open around `pos` (see MAX_SCAN_NESTING). */
  private depth = 0;
  readonly substitutions = new Set<string>();
  constructor(private readonly t: string) {}

  private skipInline(): void {
    const t = this.t;
    for (let c = t.charCodeAt(this.pos); c === SP || c === TAB; c = t.charCodeAt(++this.pos));
  }

  private atComment(): boolean {
    const c = this.t.charCodeAt(this.pos);
    return c === HASH || (c === SLASH && this.t.charCodeAt(this.pos + 1) === SLASH);
  }

  private skipToLineEnd(): void {
    const nl = this.t.indexOf('\n', this.pos);
    this.pos = nl < 0 ? this.t.length : nl;
  }

  /** Spaces, newlines, comments and (optionally) commas. */
  private skipBlank(commas: boolean): void {
    const t = this.t;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === SP || c === TAB || c === LF || c === CR || c === 0xfeff || (commas && c === COMMA)) this.pos++;
      else if (this.atComment()) this.skipToLineEnd();
      else break;
    }
  }

  document(): ScanValue & (ScanObject | ScanArray) {
    this.skipBlank(false);
    const c = this.t.charCodeAt(this.pos);
    if (c === LBRACK) { const a = this.array(); this.skipBlank(true); return a; }
    if (c === LBRACE) {
      const start = this.pos++;
      const o = this.objectBody(start, RBRACE);
      // text after a braced root: read it into the same object (pyhocon would refuse; the strict parser reports it)
      if (this.pos < this.t.length) o.entries.push(...this.objectBody(this.pos, -1).entries);
      o.end = this.t.length;
      return o;
    }
    return this.objectBody(this.pos, -1);
  }

  /** Entries until `close` (consumed) or the end of the text. `start` is the brace (or the first entry). */
  private objectBody(start: number, close: number): ScanObject {
    const t = this.t;
    const obj: ScanObject = { kind: 'object', start, end: t.length, entries: [], hasSubst: false };
    for (;;) {
      this.skipBlank(true);
      if (this.pos >= t.length) { obj.end = t.length; return obj; }
      const c = t.charCodeAt(this.pos);
      if (c === close) { this.pos++; obj.end = this.pos; return obj; }
      if (c === RBRACE || c === RBRACK) {
        // a stray closer: at the root it is an error (skipped); inside a block it belongs to an outer one
        if (close === -1) { this.pos++; continue; }
        obj.end = this.pos;
        return obj;
      }
      const before = this.pos;
      const entry = this.entry();
      if (entry) obj.entries.push(entry);
      if (this.pos === before) this.skipToLineEnd();
      if (this.pos === before) this.pos++;
    }
  }

  private key(): { segments: KeySegment[]; quoted: boolean } | undefined {
    const t = this.t;
    const start = this.pos;
    if (t.charCodeAt(start) === DQ) {
      const end = this.quotedEnd(start);
      this.pos = end;
      return { segments: [{ name: unescape(t.slice(start + 1, Math.max(start + 1, end - 1))), start, end }], quoted: true };
    }
    let p = start;
    while (p < t.length && isKeyChar(t.charCodeAt(p))) p++;
    let e = p;
    while (e > start && t.charCodeAt(e - 1) === SP) e--;
    if (e === start) return undefined;
    this.pos = p;
    const segments: KeySegment[] = [];
    let s = start;
    for (let i = start; i <= e; i++) {
      if (i === e || t.charCodeAt(i) === DOT) {
        segments.push({ name: t.slice(s, i), start: s, end: i });
        s = i + 1;
      }
    }
    return { segments, quoted: false };
  }

  /** Offset after the closing quote of the string opening at `start` (the line's end when it is unclosed). */
  private quotedEnd(start: number): number {
    const t = this.t;
    if (t.startsWith('"""', start)) {
      const close = t.indexOf('"""', start + 3);
      if (close < 0) return t.length;
      let e = close + 3;
      while (t.charCodeAt(e) === DQ) e++;
      return e;
    }
    for (let p = start + 1; p < t.length; p++) {
      const c = t.charCodeAt(p);
      if (c === BSLASH) { p++; continue; }
      if (c === DQ) return p + 1;
      if (c === LF) return p;
    }
    return t.length;
  }

  private entry(): ScanEntry | undefined {
    const t = this.t;
    if (t.startsWith('include', this.pos) && /^include\s*(required\s*\(|file\s*\(|url\s*\(|classpath\s*\(|")/.test(t.slice(this.pos, this.pos + 40))) {
      this.skipToLineEnd();
      return undefined;
    }
    const key = this.key();
    if (!key) return undefined;
    this.skipBlank(false);
    const c = t.charCodeAt(this.pos);
    let separator = '';
    if (c === COLON || c === EQ) { separator = c === EQ ? '=' : ':'; this.pos++; }
    else if (c === PLUS && t.charCodeAt(this.pos + 1) === EQ) { separator = '+='; this.pos += 2; }
    else if (c !== LBRACE) {
      // a key without a value (half typed): keep it, so completion and hover still see it
      const at = key.segments[key.segments.length - 1].end;
      return { segments: key.segments, quotedKey: key.quoted, separator: '', value: { kind: 'scalar', start: at, end: at, value: '', quoted: false, hasSubst: false } };
    }
    if (separator) this.skipBlank(false);
    const value = this.value();
    return { segments: key.segments, quotedKey: key.quoted, separator, value };
  }

  /** One value: a concatenation of tokens up to a newline, `,`, `}`, `]` or a comment. */
  private value(): ScanValue {
    const t = this.t;
    const start = this.pos;
    let single: ScanValue | undefined;
    let tokens = 0;
    let hasSubst = false;
    let container: ScanObject | ScanArray | undefined;
    let end = start;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (this.pos >= t.length || c === LF || c === CR || c === COMMA || c === RBRACE || c === RBRACK || this.atComment()) break;
      tokens++;
      if ((c === LBRACE || c === LBRACK) && this.depth >= MAX_SCAN_NESTING) {
        const skipped = this.skippedContainer(c);
        container = container ?? skipped;
        single = skipped;
      } else if (c === LBRACE) {
        const open = this.pos++;
        this.depth++;
        const o = this.objectBody(open, RBRACE);
        this.depth--;
        if (container?.kind === 'object') container.entries.push(...o.entries);
        else container = o;
        single = o;
      } else if (c === LBRACK) {
        this.depth++;
        const a = this.array();
        this.depth--;
        container = container ?? a;
        single = a;
      } else if (c === DQ) {
        const e = this.quotedEnd(this.pos);
        const triple = t.startsWith('"""', this.pos);
        const body = triple ? t.slice(this.pos + 3, Math.max(this.pos + 3, e - 3)) : unescape(t.slice(this.pos + 1, Math.max(this.pos + 1, e - 1)));
        single = { kind: 'scalar', start: this.pos, end: e, value: body, quoted: true, hasSubst: false };
        this.pos = e;
      } else if (c === DOLLAR && t.charCodeAt(this.pos + 1) === LBRACE) {
        const close = t.indexOf('}', this.pos);
        const nl = t.indexOf('\n', this.pos);
        const e = close < 0 || (nl >= 0 && nl < close) ? (nl < 0 ? t.length : nl) : close + 1;
        const inner = t.slice(this.pos + 2, close < 0 ? e : close).replace(/^\?/, '').trim();
        if (inner) this.substitutions.add(inner.replace(/^"|"$/g, ''));
        hasSubst = true;
        single = { kind: 'scalar', start: this.pos, end: e, value: t.slice(this.pos, e), quoted: false, hasSubst: true };
        this.pos = e;
      } else {
        const s = this.pos;
        let p = s;
        while (p < t.length) {
          const d = t.charCodeAt(p);
          if (d < 128 && STOP[d] === 1) {
            if (d !== SP && d !== TAB) break;
            // inner spaces belong to the value unless a comment or the line's end follows
            let q = p;
            while (t.charCodeAt(q) === SP || t.charCodeAt(q) === TAB) q++;
            const n = t.charCodeAt(q);
            if (q >= t.length || n === HASH || (n === SLASH && t.charCodeAt(q + 1) === SLASH) || (n < 128 && STOP[n] === 1 && n !== SP && n !== TAB)) break;
            p = q;
            continue;
          }
          p++;
        }
        if (p === s) { this.pos++; single = undefined; end = this.pos; continue; } // a character no value may hold
        const text = t.slice(s, p);
        single = { kind: 'scalar', start: s, end: p, value: unquotedValue(text), quoted: false, hasSubst: false };
        this.pos = p;
      }
      end = this.pos;
      this.skipInline();
    }
    if (tokens === 1 && single) return single;
    if (container) {
      container.start = start;
      container.end = end;
      container.hasSubst = true;
      return container;
    }
    if (tokens === 0) return { kind: 'scalar', start, end: start, value: '', quoted: false, hasSubst: false };
    return { kind: 'scalar', start, end, value: t.slice(start, end).trim(), quoted: false, hasSubst };
  }

  /** A container too deep to read: an empty one spanning to its matching closer (or the end), found without recursion. */
  private skippedContainer(open: number): ScanObject | ScanArray {
    const t = this.t;
    const start = this.pos;
    let level = 0;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === DQ) { this.pos = this.quotedEnd(this.pos); continue; }
      if (this.atComment()) { this.skipToLineEnd(); continue; }
      this.pos++;
      if (c === LBRACE || c === LBRACK) level++;
      else if ((c === RBRACE || c === RBRACK) && --level === 0) break;
    }
    return open === LBRACE
      ? { kind: 'object', start, end: this.pos, entries: [], hasSubst: false }
      : { kind: 'array', start, end: this.pos, items: [], hasSubst: false };
  }

  private array(): ScanArray {
    const t = this.t;
    const arr: ScanArray = { kind: 'array', start: this.pos, end: t.length, items: [], hasSubst: false };
    this.pos++;
    for (;;) {
      this.skipBlank(true);
      if (this.pos >= t.length) return arr;
      const c = t.charCodeAt(this.pos);
      if (c === RBRACK) { this.pos++; arr.end = this.pos; return arr; }
      if (c === RBRACE) { arr.end = this.pos; return arr; } // unclosed list inside a block
      const before = this.pos;
      arr.items.push(this.value());
      if (this.pos === before) this.pos++;
    }
  }
}

export function scanHocon(text: string): ScanResult {
  const s = new Scanner(text);
  const root = s.document();
  return { root, substitutions: s.substitutions };
}
