/**
 * Tokenizer + recursive-descent parser for the HOCON dialect of the pyhocon copy vendored in the ClearML SDK
 * (see the token rules in docs: unquoted URLs, caseless true/false/null, the number follow-set, ...).
 *
 * Produces plain objects/arrays directly; values that need substitution stay as `Concat` placeholders for the
 * resolver (resolve.ts). Scans char codes only, so a 1 MB file costs a few times JSON.parse.
 * Optional trace hooks report byte ranges of keys and values for lossless edits and provenance.
 */
import { ConfigParseError, errorAt, lineColumnAt } from './errors';
import { expandTabs } from './tabs';
import type { ConfigObject, ConfigValue, IncludeLoader } from './types';

/** `${path}` / `${?path}` inside a value. */
export class Subst {
  constructor(
    readonly path: string[],
    /** Variable text as written, used for the environment fallback. */
    readonly raw: string,
    readonly optional: boolean,
    /** Spaces/tabs written after `}`, kept when it is not the last token of a concatenation. */
    readonly ws: string,
    readonly offset: number,
    /** Refers to the value being (re)defined: `+=` and `path = ${path} [b]`. */
    readonly selfRef: boolean,
    readonly source: SourceText,
  ) {}
  /** The top-level key whose value holds this substitution (pyhocon's self-reference fix-up works per top-level key). */
  topKey: string | null = null;
}

export const enum TokKind { Unquoted = 0, Quoted = 1, Scalar = 2, Obj = 3, Arr = 4, Sub = 5 }

export interface Tok {
  kind: TokKind;
  value: unknown;
  /** Trailing spaces/tabs (unquoted and quoted strings, substitutions). */
  ws: string;
  /** For numbers: whether it was written as a float (affects its text in string concatenation). */
  float?: boolean;
}

export interface SourceText {
  text: string;
  filename?: string;
}

/** A value made of several tokens of which at least one is a substitution; resolved after the whole parse. */
export class Concat {
  /** Value at the same path before this assignment (for self-references and object merging). */
  previous: unknown = undefined;
  hasPrevious = false;
  /** 0 = pending, 1 = resolving (cycle detection), 2 = done. */
  state = 0;
  result: unknown = undefined;
  /** Resolved to nothing because its substitutions gave null (the key is deleted; a list keeps a null). */
  nulled = false;
  /**
   * Set on a top-level dotted `a.b += [1]`: pyhocon resolves its self-reference only through the value it overrode,
   * and only when that value is truthy in Python (resolve.ts refuses the rest).
   */
  dottedAtRoot = false;
  /** pyhocon's self-reference fix-up filled every substitution with None: the value is None, kept (resolve.ts). */
  fixedUpNone = false;
  constructor(
    readonly tokens: Tok[],
    readonly offset: number,
    /** Absolute path of the assignment when known (not inside arrays or concatenations). */
    readonly path: string[] | null,
    readonly source: SourceText,
  ) {}
  setPrevious(value: unknown): void {
    if (value === undefined) return;
    this.previous = value;
    this.hasPrevious = true;
  }
}

export type RawValue = ConfigValue | Concat | RawValue[] | { [k: string]: RawValue };

export type ValueKind = 'object' | 'array' | 'scalar' | 'concat';

/** One assignment as written in the text (offsets into the parsed text). */
export interface AssignTrace {
  path: string[];
  /** How many of the path's segments the key itself wrote (2 for `api.api_server: x`). */
  keySegments: number;
  keyStart: number;
  keyEnd: number;
  /** '=', ':', '+=' or '' for `key { ... }`. */
  separator: string;
  valueStart: number;
  valueEnd: number;
  valueKind: ValueKind;
  /** Set when the value is one `{...}` (block form or after a separator). */
  openBrace?: number;
  closeBrace?: number;
  /** Set when the value is one `[...]`: element ranges and the brackets. */
  openBracket?: number;
  closeBracket?: number;
  elements?: { start: number; end: number }[];
  /** The single value token was a quoted string / unquoted string. */
  quoted?: boolean;
}

export interface ParseTrace {
  onAssign(a: AssignTrace): void;
  /** Braced root document: positions of its braces. */
  onRootBraces?(open: number, close: number): void;
}

export interface ParserOptions {
  filename?: string;
  includeLoader?: IncludeLoader;
  trace?: ParseTrace;
  /** Include nesting of this text (internal). */
  includeDepth?: number;
}

export interface ParsedDocument {
  root: RawValue;
  /** Whether any substitution placeholder was created (the resolver can be skipped when false). */
  hasConcat: boolean;
  /** Top-level keys assigned by exactly one top-level statement (one entry in pyhocon's ConfigTree.history). */
  singleHistory: ReadonlySet<string>;
  /** For a text with tabs: an error found later (resolving substitutions), positioned in the text as written. */
  rawError?: (e: ConfigParseError) => ConfigParseError;
}

/** Containers (objects, arrays, dotted key segments) a value may sit in below the root. */
export const MAX_DEPTH = 400;
/** Exact powers of ten for the float fast path. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
/** Files an include chain may go through below the file being read (main + 8 nested includes). */
export const MAX_INCLUDE_DEPTH = 8;

// char codes
const TAB = 9, LF = 10, CR = 13, SP = 32, BANG = 33, DQ = 34, HASH = 35, DOLLAR = 36, AMP = 38, STAR = 42,
  PLUS = 43, COMMA = 44, MINUS = 45, DOT = 46, SLASH = 47, D0 = 48, D9 = 57, COLON = 58, EQ = 61, QMARK = 63,
  AT = 64, LBRACK = 91, BSLASH = 92, RBRACK = 93, CARET = 94, USCORE = 95, BTICK = 96, LBRACE = 123,
  RBRACE = 125, QUESTION = QMARK;

/** Python's `\s` for str patterns. */
function isPyWhitespace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || (c >= 0x1c && c <= 0x1f) || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Characters an unquoted string may not contain: ^ ` + ? ! @ * & " [ { ] } # , = $ \ and whitespace. */
const UNQUOTED_FORBIDDEN = new Uint8Array(128);
for (const ch of '^`+?!@*&"[{]}#,=$\\') UNQUOTED_FORBIDDEN[ch.charCodeAt(0)] = 1;
for (let c = 0; c < 128; c++) if (isPyWhitespace(c)) UNQUOTED_FORBIDDEN[c] = 1;


/** pyparsing Word(alphanums + alphas8bit + '._- /'). */
const KEY_CHAR = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  KEY_CHAR[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ||
    (c >= 0xc0 && c <= 0xff && c !== 0xd7 && c !== 0xf7) || c === DOT || c === USCORE || c === MINUS || c === SP || c === SLASH ? 1 : 0;
}
function isKeyChar(c: number): boolean {
  return c < 256 && KEY_CHAR[c] === 1;
}

/** pyparsing Keyword identChars: alphanums + '_$'. */
function isIdentChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === USCORE || c === DOLLAR;
}

const ESCAPES: Record<string, string> = { '\\': '\\', '\n': '\n', n: '\n', r: '\r', t: '\t', '=': '=', '#': '#', '!': '!', '"': '"' };

/** pyhocon norm_string: only \\ \" \n \r \t \= \# \! and backslash-newline are escapes; others stay literal. */
export function unescapeHocon(s: string): string {
  if (s.indexOf('\\') === -1) return s;
  let out = '';
  let last = 0;
  for (let i = s.indexOf('\\'); i !== -1 && i < s.length - 1; i = s.indexOf('\\', i)) {
    const rep = ESCAPES[s[i + 1]];
    if (rep !== undefined) {
      out += s.slice(last, i) + rep;
      last = i + 2;
    }
    i += 2;
  }
  return out + s.slice(last);
}

/**
 * Config objects are made with `new` rather than `{}`: V8 then gives them in-object slack, and adding a dozen
 * keys one by one (what a parser does) is ~40 % cheaper. The prototype is Object.prototype, so they are
 * indistinguishable from literals (deepStrictEqual, JSON, spread).
 */
const PlainObject = function PlainObject() { /* properties are added by the parser */ } as unknown as new () => Record<string, RawValue>;
(PlainObject as unknown as { prototype: object }).prototype = Object.prototype;
export function newObject(): Record<string, RawValue> {
  return new PlainObject();
}

const hasOwn = Object.prototype.hasOwnProperty;
/** Own property only; config values are never functions, so an inherited Object.prototype member reads as absent. */
/** The raw value at a path (placeholders included), as pyhocon's `config.get(path, None)` sees it before resolving. */
export function rawAt(root: unknown, path: readonly string[]): unknown {
  let cur: unknown = root;
  for (const seg of path) cur = isPlainObject(cur) ? getOwn(cur, seg) : undefined;
  return cur;
}

export function getOwn(o: object, k: string): unknown {
  if (k === '__proto__') return hasOwn.call(o, k) ? (o as Record<string, unknown>)[k] : undefined;
  const v = (o as Record<string, unknown>)[k];
  return typeof v === 'function' ? undefined : v;
}
/** Sets a key without ever touching the prototype (`__proto__` is a legal config key). */
export function setOwn(o: object, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else (o as Record<string, unknown>)[k] = v;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Concat);
}

/** pyhocon ConfigTree.parse_key for substitution paths: split on specials, quoted parts stay whole. */
export function parseKeyPath(s: string): string[] {
  const out: string[] = [];
  const specials = '$}[]:=+#`^?!@*&.';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      const close = s.indexOf('"', i + 1);
      if (close > i + 1) {
        out.push(s.slice(i + 1, close));
        i = close + 1;
        continue;
      }
    }
    if (specials.includes(c)) {
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && !specials.includes(s[j])) j++;
    const part = s.slice(i, j);
    out.push(part.replace(/^"+|"+$/g, ''));
    i = j;
  }
  return out;
}

const EMPTY = Symbol('empty-value');

/** `a.b..c` → ['a', 'b', 'c'] (pyhocon parse_key drops empty segments). */
function splitDots(raw: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= raw.length; i++) {
    if (i === raw.length || raw.charCodeAt(i) === 46) {
      if (i > start) out.push(raw.slice(start, i));
      start = i + 1;
    }
  }
  return out;
}

const KEY_CACHE_MASK = 1023;

function sameChars(t: string, at: number, s: string, len: number): boolean {
  for (let i = 0; i < len; i++) if (t.charCodeAt(at + i) !== s.charCodeAt(i)) return false;
  return true;
}

/** The canonical (internalized) copy of s: property keys come back from the engine's string table. */
function internalize(s: string): string {
  const o: Record<string, number> = {};
  o[s] = 0;
  for (const k in o) return k;
  return s;
}

function hasNewline(t: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (t.charCodeAt(i) === 10) return true;
  return false;
}

class Parser {
  private pos = 0;
  private depth = 0;
  hasConcat = false;
  private readonly src: SourceText;
  /**
   * Top-level keys whose latest top-level value pyhocon still holds unresolved when it fixes up self-references
   * (config_parser.py ConfigParser._fixup_self_references, which walks each top-level key's history in order).
   */
  private readonly unresolvedAtRoot = new Set<string>();
  /** Entries in pyhocon's history of each top-level key (one per top-level statement that replaces or merges it). */
  readonly historyLength = new Map<string, number>();
  /** The top-level key of the statement being parsed. */
  private topKey: string | null = null;
  private readonly trace: ParseTrace | undefined;
  // last token scratch (avoids allocating per token on the fast path)
  private tv: unknown = undefined;
  /** Trailing spaces/tabs of the last token, as offsets (sliced only when a value has several tokens). */
  private twsA = 0;
  private twsB = 0;
  private tfloat = false;
  private tstart = 0;
  private tend = 0;

  /** Whether some CR is not followed by LF (old Mac line ends): comments then need the char-by-char scan. */
  private readonly loneCR: boolean;

  constructor(private readonly text: string, private readonly opts: ParserOptions) {
    // the regex scans the whole text; most files have no CR at all
    this.loneCR = text.indexOf('\r') >= 0 && /\r(?!\n)/.test(text);
    this.src = { text, filename: opts.filename };
    this.trace = opts.trace;
  }

  fail(offset: number, reason: string): ConfigParseError {
    return errorAt(this.text, offset, reason, this.opts.filename);
  }

  describe(offset: number): string {
    if (offset >= this.text.length) return 'end of text';
    const c = this.text.codePointAt(offset)!;
    if (c === LF || c === CR) return 'end of line';
    return `'${String.fromCodePoint(c)}'`;
  }

  /**
   * Key segments of the object being parsed (a path is only materialised for tracing and substitutions);
   * `null` marks an array level, below which paths are unknown.
   */
  stack: (string | null)[] = [];
  unknownDepth = 0;

  private pushKey(key: string, segs: string[] | null): number {
    if (segs === null) {
      this.stack.push(key);
      return 1;
    }
    for (const s of segs) this.stack.push(s);
    return segs.length;
  }

  private popKey(n: number): void {
    for (let i = 0; i < n; i++) this.stack.pop();
  }

  /** Absolute path of `key` in the current object, or null inside arrays. */
  private pathOf(key: string, segs: string[] | null): string[] | null {
    if (this.unknownDepth > 0) return null;
    const p = this.stack.slice() as string[];
    if (segs === null) p.push(key);
    else for (const s of segs) p.push(s);
    return p;
  }

  parseDocument(into?: Record<string, RawValue>): RawValue {
    const t = this.text;
    if (t.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.skipBlank(true);
    const c = t.charCodeAt(this.pos);
    let root: RawValue;
    if (c === LBRACKET_CODE && !into) {
      const open = this.pos;
      this.pos++;
      root = this.parseList(open);
    } else if (c === LBRACE) {
      const open = this.pos;
      this.pos++;
      const obj = into ?? newObject();
      this.parseObjectBody(obj, open);
      this.trace?.onRootBraces?.(open, this.pos - 1);
      root = obj;
    } else {
      const obj = into ?? newObject();
      this.parseObjectBody(obj, -1);
      root = obj;
    }
    this.skipBlank(true);
    if (this.pos < t.length) {
      const ch = t.charCodeAt(this.pos);
      const early = this.closedEarly(this.pos);
      if (early) throw early;
      if (ch === RBRACE) throw this.fail(this.pos, "unexpected '}' with no matching '{'");
      throw this.fail(this.pos, `unexpected ${this.describe(this.pos)} after the end of the root ${c === LBRACE ? 'object' : 'array'}`);
    }
    return root;
  }

  /** 1-based "line:column" of an offset, for messages that name a second place. */
  private where(offset: number): string {
    const { line, column } = lineColumnAt(this.text, offset);
    return `${line}:${column}`;
  }

  /**
   * `key = }`: pyhocon reads the key as "" and lets the '}' close the enclosing object, so the brace meant to
   * close it is left over further down, where pyhocon reports "Expected end of text". The cause is the
   * missing value: when a leftover turns up at `leftover`, report it there instead.
   */
  private emptyBeforeClose: { key: string; at: number; open: number } | undefined;

  private closedEarly(leftover: number): ConfigParseError | undefined {
    const m = this.emptyBeforeClose;
    if (!m || m.at > leftover) return undefined;
    const found = this.describe(leftover);
    if (m.at === leftover) return this.fail(m.at, `missing value for '${m.key}' before '}' (pyhocon: "Expected end of text, found '}'")`);
    const after = this.text.charCodeAt(leftover) === RBRACE ? `so the '}' at ${this.where(leftover)} has no '{' left to close` : `so ${found} at ${this.where(leftover)} comes after the end of the document`;
    return this.fail(m.at, `missing value for '${m.key}': this '}' closes the '{' opened at ${this.where(m.open)}, ${after} (pyhocon reports "Expected end of text, found ${found}" there)`);
  }

  /**
   * The first '}' that stands alone on a line indented less than the line of the '{' it closes: when a '{'
   * is left open at the end, that '{' (an inner block whose '}' was forgotten) is the likelier culprit.
   */
  private outdentedClose: { open: number; close: number } | undefined;

  private noteClose(open: number, close: number): void {
    if (this.outdentedClose) return;
    const t = this.text;
    let q = close - 1;
    while (q >= 0 && (t.charCodeAt(q) === SP || t.charCodeAt(q) === TAB)) q--;
    if (q >= 0 && t.charCodeAt(q) !== LF && t.charCodeAt(q) !== CR) return;
    const closeIndent = close - q - 1;
    let lineStart = open;
    while (lineStart > 0 && t.charCodeAt(lineStart - 1) !== LF) lineStart--;
    let e = lineStart;
    while (t.charCodeAt(e) === SP || t.charCodeAt(e) === TAB) e++;
    if (closeIndent < e - lineStart) this.outdentedClose = { open, close };
  }

  private unclosed(open: number): ConfigParseError {
    const o = this.outdentedClose;
    if (o && o.open > open) {
      return this.fail(o.open, `'{' opened at ${this.where(o.open)} is never closed: the '}' at ${this.where(o.close)} is indented like an outer block but closes this one, and the text ends with the '{' at ${this.where(open)} still open (pyhocon: "Expected '}', found end of text")`);
    }
    return this.fail(open, `'{' opened at ${this.where(open)} is never closed: the text ends before its '}'`);
  }

  /** Skips spaces, tabs, comments, newlines and (when `commas`) commas. */
  private skipBlank(commas: boolean): void {
    const t = this.text;
    const n = t.length;
    let p = this.pos;
    while (p < n) {
      const c = t.charCodeAt(p);
      if (c === SP || c === TAB || c === LF || c === CR || (commas && c === COMMA)) p++;
      else if (c === HASH || (c === SLASH && t.charCodeAt(p + 1) === SLASH)) p = this.lineEnd(p);
      else break;
    }
    this.pos = p;
  }

  private lineEnd(p: number): number {
    const t = this.text;
    const n = t.length;
    if (!this.loneCR) {
      // native search; a CR before the LF (CRLF) only ends up inside the discarded comment
      const nl = t.indexOf('\n', p);
      if (nl < 0) return n;
      return t.charCodeAt(nl - 1) === CR && nl - 1 >= p ? nl - 1 : nl;
    }
    while (p < n) {
      const c = t.charCodeAt(p);
      if (c === LF || c === CR) break;
      p++;
    }
    return p;
  }

  private skipSpaces(): void {
    const t = this.text;
    let p = this.pos;
    for (let c = t.charCodeAt(p); c === SP || c === TAB; c = t.charCodeAt(++p));
    this.pos = p;
  }

  /** Opens one container level ('{' or '['); the root object does not count. */
  private enter(offset: number): void {
    if (++this.depth > MAX_DEPTH) throw this.fail(offset, `nesting deeper than ${MAX_DEPTH} levels`);
  }

  /** Object members until `}` (open >= 0) or end of text (root without braces). Leaves pos after the `}`. */
  parseObjectBody(obj: Record<string, RawValue>, open: number): void {
    const t = this.text;
    const n = t.length;
    for (;;) {
      this.skipBlank(true);
      const p = this.pos;
      if (p >= n) {
        if (open >= 0) throw this.unclosed(open);
        return;
      }
      const c = t.charCodeAt(p);
      if (c === RBRACE) {
        if (open < 0) throw this.closedEarly(p) ?? this.fail(p, "unexpected '}' with no matching '{'");
        if (this.emptyBeforeClose?.at === p) this.emptyBeforeClose.open = open;
        this.noteClose(open, p);
        this.pos = p + 1;
        return;
      }
      if ((c === 105 || c === 73) && this.tryInclude(obj)) continue;
      const blockForm = this.parseAssignment(obj);
      if (blockForm) continue;
      // after a value: end of statement
      this.skipSpaces();
      const q = this.pos;
      if (q >= n) continue;
      const d = t.charCodeAt(q);
      if (d === LF || d === CR || d === COMMA || d === HASH || d === RBRACE || (d === SLASH && t.charCodeAt(q + 1) === SLASH)) continue;
      throw this.valueEndError(q, 'object');
    }
  }

  private valueEndError(q: number, where: 'object' | 'array'): ConfigParseError {
    const t = this.text;
    const d = t.charCodeAt(q);
    const ch = this.describe(q);
    if (d === QUESTION || d === BANG || d === AT || d === STAR || d === AMP || d === CARET || d === BTICK || d === PLUS || d === DOLLAR) {
      return this.fail(q, `${ch} is not allowed in an unquoted value; put the value in double quotes`);
    }
    if (d === EQ) return this.fail(q, this.lastSepEnd >= 0 && hasNewline(t, this.lastSepEnd, this.lastValueStart)
      ? `missing value for '${this.lastKey}' (the next line was read as its value)`
      : `unexpected '=' in the value of '${this.lastKey}'; put the value in double quotes`);
    if (d === BSLASH) return this.fail(q, "unexpected '\\' at the end of the text");
    if (where === 'object' && d === RBRACK) return this.fail(q, "unexpected ']' with no matching '['");
    if (where === 'array' && d === RBRACE) return this.fail(q, "unexpected '}' inside an array (expected ',' or ']')");
    return this.fail(q, `unexpected ${ch} after a value`);
  }

  private lastKey = '';
  /** End of the last key's separator (-1 inside arrays): a newline before the value explains a stray '='. */
  private lastSepEnd = -1;

  /** include "f" | include required("f") | include file("f") | include url("u"). Returns false if `include` is a key. */
  private tryInclude(obj: Record<string, RawValue>): boolean {
    const t = this.text;
    const p = this.pos;
    for (let i = 0; i < 7; i++) if ((t.charCodeAt(p + i) | 32) !== 'include'.charCodeAt(i)) return false;
    if (isIdentChar(t.charCodeAt(p + 7))) return false;
    let q = p + 7;
    while (t.charCodeAt(q) === SP || t.charCodeAt(q) === TAB) q++;
    let required = false;
    let kind = 'file';
    const word = /^(required|url|file|package)[ \t]*\(/.exec(t.slice(q, q + 20));
    if (t.charCodeAt(q) !== DQ && !word) return false;
    this.pos = q;
    const readQuoted = (): string => {
      this.skipSpaces();
      if (t.charCodeAt(this.pos) !== DQ) throw this.fail(this.pos, 'include: expected a quoted file name');
      this.scanQuoted();
      return this.tv as string;
    };
    const readCall = (name: string): string => {
      this.pos += name.length;
      this.skipSpaces();
      if (t.charCodeAt(this.pos) !== 40) throw this.fail(this.pos, `include: expected '(' after ${name}`);
      this.pos++;
      this.skipSpaces();
      let target: string;
      const inner = /^(url|file|package)[ \t]*\(/.exec(t.slice(this.pos, this.pos + 20));
      if (inner) {
        kind = inner[1];
        target = readCall(inner[1]);
      } else target = readQuoted();
      this.skipSpaces();
      if (t.charCodeAt(this.pos) !== 41) throw this.fail(this.pos, `include: expected ')' to close ${name}(`);
      this.pos++;
      return target;
    };
    let target: string;
    if (word && word[1] === 'required') {
      required = true;
      target = readCall('required');
    } else if (word) {
      kind = word[1];
      target = readCall(word[1]);
    } else target = readQuoted();
    if (kind === 'file' && /^(https?|file):\/\//.test(target)) kind = 'url';
    if (kind === 'url' || kind === 'package') {
      if (required) throw this.fail(p, `include ${kind}(...) is not supported: configuration is never fetched from URLs or packages`);
      return true;
    }
    const depth = this.opts.includeDepth ?? 0;
    if (depth >= MAX_INCLUDE_DEPTH) throw this.fail(p, `includes nested deeper than ${MAX_INCLUDE_DEPTH} levels (include cycle?)`);
    const loaded = this.opts.includeLoader?.(target, this.opts.filename);
    if (loaded === undefined) {
      if (required) throw this.fail(p, `required include "${target}" was not found`);
      return true;
    }
    const sub = new Parser(loaded, { filename: target, includeLoader: this.opts.includeLoader, includeDepth: depth + 1 });
    sub.depth = this.depth;
    sub.stack = this.stack.slice();
    sub.unknownDepth = this.unknownDepth;
    sub.parseDocument(obj);
    if (sub.hasConcat) this.hasConcat = true;
    return true;
  }

  /** Parses `key sep value` or `key { ... }` into obj. Returns true for the block form (no statement end needed). */
  private parseAssignment(obj: Record<string, RawValue>): boolean {
    const t = this.text;
    const keyStart = this.pos;
    // `key` is the first segment; `segs` is only allocated for dotted keys (most keys are plain)
    let key: string;
    let segs: string[] | null = null;
    let keyName: string;
    let keyEnd: number;
    const c0 = t.charCodeAt(keyStart);
    if (c0 === DQ) {
      if (t.charCodeAt(keyStart + 1) === DQ && t.charCodeAt(keyStart + 2) === DQ) throw this.fail(keyStart, 'a key cannot be a triple-quoted string');
      this.scanQuoted();
      key = keyName = this.tv as string;
      keyEnd = this.pos;
      // ConfigTree.parse_key("") is [], so pyhocon's put fails (IndexError) and the SDK refuses the file
      if (key === '') throw this.fail(keyStart, 'an empty key "" is not allowed: the SDK\'s parser refuses it');
      const nc = t.charCodeAt(this.pos);
      if (nc === DOT || (isKeyChar(nc) && nc !== SP)) throw this.fail(this.pos, 'a key path may not mix quoted and unquoted parts; quote the whole key or none of it');
    } else if (isKeyChar(c0)) {
      let p = keyStart;
      for (let c = c0; c < 256 && KEY_CHAR[c] === 1; c = t.charCodeAt(++p));
      let e = p;
      while (t.charCodeAt(e - 1) === SP) e--; // the scan started on a key character, so this stops at keyStart+1
      keyEnd = e;
      if (t.charCodeAt(p) === DQ) throw this.fail(p, 'a key path may not mix quoted and unquoted parts; quote the whole key or none of it');
      this.pos = p;
      // keys repeat: reuse the string seen before (no slice; interned on its second use, so property stores
      // skip V8's string-table lookup); slot from length and three characters, checked against the text
      const len = e - keyStart;
      const slot = (len * 131 + c0 * 31 + t.charCodeAt(keyStart + (len >> 1)) * 7 + t.charCodeAt(e - 1)) & KEY_CACHE_MASK;
      let raw = this.keyCache[slot];
      if (raw !== undefined && raw.length === len && sameChars(t, keyStart, raw, len)) {
        if (this.keyInterned[slot] === 0) {
          raw = this.keyCache[slot] = internalize(raw);
          this.keyInterned[slot] = 1;
        }
      } else {
        raw = t.slice(keyStart, e);
        this.keyCache[slot] = raw;
        this.keyInterned[slot] = 0;
        this.keyParts[slot] = raw.indexOf('.') >= 0 ? splitDots(raw) : null;
      }
      const parts = this.keyParts[slot];
      keyName = raw;
      if (parts !== null) {
        if (parts.length === 0) throw this.fail(keyStart, `invalid key '${raw}'`);
        key = parts[0];
        if (parts.length > 1) segs = parts;
      } else key = raw;
    } else {
      throw this.fail(keyStart, `unexpected ${this.describe(keyStart)}: expected a key`);
    }
    const nseg = segs ? segs.length : 1;
    // `a.b.c = 1` builds the same containers as `a { b { c = 1 } }`: each segment but the last is a level
    const levels = nseg - 1;
    if (levels > 0) {
      if (this.depth + levels > MAX_DEPTH) throw this.fail(keyStart, `nesting deeper than ${MAX_DEPTH} levels (each segment of a dotted key is a level)`);
      this.depth += levels;
    }
    // a top-level statement: pyhocon's self-reference fix-up keeps a history per top-level key
    const atRoot = this.stack.length === 0 && this.unknownDepth === 0;
    if (atRoot) this.topKey = segs ? segs[0] : key;
    // comments and newlines may sit between the key and its separator or brace
    this.skipBlank(false);
    const p = this.pos;
    const c = t.charCodeAt(p);
    const path = this.trace ? this.pathOf(key, segs) : null;
    if (c === LBRACE) {
      this.pos = p + 1;
      this.enter(p);
      const block = newObject();
      const pushed = this.pushKey(key, segs);
      this.parseObjectBody(block, p);
      this.popKey(pushed);
      this.depth--;
      if (path) {
        this.trace!.onAssign({ path, keySegments: nseg, keyStart, keyEnd, separator: '', valueStart: p, valueEnd: this.pos, valueKind: 'object', openBrace: p, closeBrace: this.pos - 1 });
      }
      if (atRoot) this.noteRootHistory(obj, key, segs, block, keyStart);
      this.put(obj, key, segs, block, keyStart);
      this.depth -= levels;
      return true;
    }
    let sep: string;
    if (c === EQ || c === COLON) {
      sep = c === EQ ? '=' : ':';
      this.pos = p + 1;
    } else if (c === PLUS && t.charCodeAt(p + 1) === EQ) {
      sep = '+=';
      this.pos = p + 2;
    } else if (p >= t.length || c === LF || c === CR || c === RBRACE || c === COMMA) {
      throw this.fail(keyEnd, `missing value for '${keyName}' (expected ':', '=' or '{' after the key)`);
    } else {
      throw this.fail(p, `unexpected ${this.describe(p)} after the key '${keyName}' (expected ':', '=' or '{')`);
    }
    const beforeBlank = this.pos;
    this.skipBlank(false);
    this.lastSepEnd = beforeBlank;
    this.lastKey = keyName;
    const valueStart = this.pos;
    const elements = path ? [] as { start: number; end: number }[] : undefined;
    this.lastValueStart = valueStart;
    const v = path ? this.parseValue(key, segs, elements) : this.parseSimpleValue(key, segs, valueStart);
    if (v === EMPTY && t.charCodeAt(valueStart) === RBRACE) this.emptyBeforeClose = { key: keyName, at: valueStart, open: -1 };
    const value: RawValue = v === EMPTY ? '' : v;
    if (path) {
      const single = this.singleToken;
      const a: AssignTrace = {
        path, keySegments: nseg, keyStart, keyEnd, separator: sep, valueStart: v === EMPTY ? beforeBlank : valueStart, valueEnd: v === EMPTY ? beforeBlank : this.tend,
        valueKind: value instanceof Concat ? 'concat' : Array.isArray(value) ? 'array' : isPlainObject(value) ? 'object' : 'scalar',
      };
      if (single && a.valueKind === 'object') { a.openBrace = valueStart; a.closeBrace = this.tend - 1; }
      if (single && a.valueKind === 'array') { a.openBracket = valueStart; a.closeBracket = this.tend - 1; a.elements = elements; }
      if (single && a.valueKind === 'scalar') a.quoted = t.charCodeAt(valueStart) === DQ;
      this.trace!.onAssign(a);
    }
    // vendored config_parser.py ConfigTreeParser.postParse: `k += [..]` is `k = ${?k} [..]`, and `k += str` is
    // `k = ${?k}` followed by ' ' + str (a string append); any other value just assigns
    if (sep === '+=' && (Array.isArray(value) || (typeof value === 'string' && v !== EMPTY))) {
      this.hasConcat = true;
      const all = segs ?? [key];
      // The substitution holds the key as written. At the top level it is a self-reference; inside a block pyhocon
      // looks that key up from the root (ConfigParser._resolve_variable), so `a { b = [0]\n b += [1] }` gives
      // b = [1], and a top-level `b` is what gets appended to
      const self = new Subst(all, all.join('.'), true, '', keyStart, atRoot, this.src);
      self.topKey = this.topKey;
      const tail: Tok = Array.isArray(value)
        ? { kind: TokKind.Arr, value, ws: '' }
        : { kind: TokKind.Quoted, value: ' ' + value, ws: '' };
      const appended = new Concat([{ kind: TokKind.Sub, value: self, ws: '' }, tail], keyStart, null, this.src);
      if (atRoot) this.noteRootHistory(obj, key, segs, appended, keyStart);
      this.putReplace(obj, all, appended);
      this.depth -= levels;
      return false;
    }
    if (atRoot) this.noteRootHistory(obj, key, segs, value, keyStart);
    this.put(obj, key, segs, value, keyStart);
    this.depth -= levels;
    return false;
  }

  /**
   * pyhocon's ConfigParser._fixup_self_references, for one top-level assignment (before it is put): `${key}` in a
   * later value of a top-level key is filled in from the value before it, and when that one is itself still
   * unresolved the SDK stops with "Property key cannot be substituted. Check for cycles." (`a += [1]` twice, or
   * `a = ${b}` then `a += [1]`). A value stays unresolved there when it is the key's first, or refers to anything
   * but `${key}`. Dotted keys only mark the top-level key when they replace it with a new object (ConfigTree._put).
   */
  private noteRootHistory(root: Record<string, RawValue>, key: string, segs: string[] | null, value: RawValue, at: number): void {
    if (segs !== null) {
      if (value instanceof Concat && value.tokens.some((tk) => tk.kind === TokKind.Sub && (tk.value as Subst).selfRef)) value.dottedAtRoot = true;
      const top = segs[0];
      if (!isPlainObject(getOwn(root, top))) {
        this.unresolvedAtRoot.delete(top);
        this.historyLength.set(top, (this.historyLength.get(top) ?? 0) + 1);
      }
      return;
    }
    this.historyLength.set(key, (this.historyLength.get(key) ?? 0) + 1);
    const subs = value instanceof Concat ? value.tokens.filter((tk) => tk.kind === TokKind.Sub).map((tk) => tk.value as Subst) : [];
    const selfRefs = subs.some((sb) => sb.path.length === 1 && sb.path[0] === key);
    const seen = Object.prototype.hasOwnProperty.call(root, key);
    if (selfRefs && this.unresolvedAtRoot.has(key)) {
      throw this.fail(at, `the SDK cannot load this: '${key}' refers to its own earlier value, which is itself still a substitution or '+=' (pyhocon: "Property ${key} cannot be substituted. Check for cycles."). Give '${key}' a plain value first, or write the appends as one list`);
    }
    const unresolved = value instanceof Concat && (!seen || subs.some((sb) => !(sb.path.length === 1 && sb.path[0] === key)) || !selfRefs);
    if (unresolved) this.unresolvedAtRoot.add(key);
    else this.unresolvedAtRoot.delete(key);
  }

  /** pyhocon ConfigTreeParser + ConfigTree._put semantics. */
  private put(obj: Record<string, RawValue>, key: string, segs: string[] | null, value: RawValue, at: number): void {
    if (segs === null) {
      // plain key: the common case; scalars and arrays replace whatever was there, so no lookup is needed
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        setOwn(obj, key, value);
        return;
      }
      const existing = getOwn(obj, key);
      if (value instanceof Concat) {
        if (Array.isArray(existing) || isPlainObject(existing)) this.putAppend(obj, key, existing, value, at);
        else {
          value.setPrevious(existing);
          setOwn(obj, key, value);
        }
        return;
      }
      if (value !== null && typeof value === 'object' && !Array.isArray(existing)) this.putAppend(obj, key, existing, value, at);
      else setOwn(obj, key, value);
      return;
    }
    // config_tree.py ConfigTree._put: on the way down, anything that is not an object (a scalar, a list, a
    // value still waiting for its substitutions) is replaced by a new object; `x = ${obj}` then `x.k = v`
    // leaves x = {k: v}. The last segment then follows the plain-key rules.
    let cur = obj;
    const last = segs.length - 1;
    for (let i = 0; i < last; i++) {
      const next = getOwn(cur, segs[i]);
      if (isPlainObject(next)) cur = next as Record<string, RawValue>;
      else {
        const o = newObject();
        setOwn(cur, segs[i], o);
        cur = o;
      }
    }
    this.put(cur, segs[last], null, value, at);
  }

  private putReplace(obj: Record<string, RawValue>, segs: string[], value: RawValue): void {
    let cur = obj;
    for (let i = 0; i < segs.length - 1; i++) {
      const next = getOwn(cur, segs[i]);
      if (isPlainObject(next)) cur = next as Record<string, RawValue>;
      else {
        const o = newObject();
        setOwn(cur, segs[i], o);
        cur = o;
      }
    }
    const last = segs[segs.length - 1];
    if (value instanceof Concat) value.setPrevious(getOwn(cur, last));
    setOwn(cur, last, value);
  }

  /** `cur` is the value now at obj[key] (the caller has already looked it up). */
  private putAppend(obj: Record<string, RawValue>, key: string, cur: unknown, value: RawValue, at: number): void {
    if (cur === undefined || cur === null) {
      if (value instanceof Concat) value.setPrevious(cur);
      setOwn(obj, key, value);
    } else if (isPlainObject(cur) && isPlainObject(value)) {
      mergeRaw(cur as Record<string, RawValue>, value as Record<string, RawValue>);
    } else if (cur instanceof Concat) {
      cur.tokens.push({ kind: TokKind.Obj, value, ws: '' });
    } else if (value instanceof Concat) {
      value.setPrevious(cur);
      setOwn(obj, key, value);
    } else if (Array.isArray(cur)) {
      throw this.fail(at, `cannot merge an object into the array already assigned to '${key}'`);
    } else {
      throw this.fail(at, `'${key}' already holds a ${typeof cur === 'string' ? 'string' : String(typeof cur)} value; a scalar followed by an object for the same key is an error`);
    }
  }

  private singleToken = false;
  /** Unquoted keys seen in this text by hash slot, with their dot-split segments (never mutated). */
  private readonly keyCache: (string | undefined)[] = new Array<string | undefined>(KEY_CACHE_MASK + 1).fill(undefined);
  private readonly keyParts: (string[] | null)[] = new Array<string[] | null>(KEY_CACHE_MASK + 1).fill(null);
  private readonly keyInterned = new Uint8Array(KEY_CACHE_MASK + 1);

  /**
   * A value: one or more tokens concatenated (pyhocon ConcatenatedValueParser). Returns EMPTY when no token
   * starts here. Leaves pos after the last token's trailing spaces; this.tend is the end of the last token.
   */
  private parseValue(key: string, segs: string[] | null, elements?: { start: number; end: number }[]): RawValue | typeof EMPTY {
    const first = this.parseToken(key, segs, elements);
    if (first < 0) {
      this.singleToken = false;
      return EMPTY;
    }
    const firstEnd = this.tend;
    let kind = first;
    let value = this.tv;
    let wsA = this.twsA;
    let wsB = this.twsB;
    let float = this.tfloat;
    // fast path: a single token, and most values end right there
    const afterFirst = this.pos;
    const t0 = this.text;
    let q = afterFirst;
    for (let ch = t0.charCodeAt(q); ch === SP || ch === TAB; ch = t0.charCodeAt(++q));
    const stop = t0.charCodeAt(q);
    let next = q >= t0.length || stop === LF || stop === CR || stop === COMMA || stop === HASH || stop === RBRACE || stop === RBRACK
      ? -1 : this.parseToken(key, segs, undefined);
    if (next < 0) {
      this.pos = afterFirst;
      this.tend = firstEnd;
      this.singleToken = true;
      if (kind === TokKind.Sub) return this.makeConcat([{ kind, value, ws: (value as Subst).ws }], key, segs);
      return value as RawValue;
    }
    this.singleToken = false;
    const t = this.text;
    const toks: Tok[] = [{ kind, value, ws: wsB > wsA ? t.slice(wsA, wsB) : '', float }];
    let hasSub = kind === TokKind.Sub;
    for (;;) {
      kind = next; value = this.tv; wsA = this.twsA; wsB = this.twsB; float = this.tfloat;
      if (kind === TokKind.Sub) hasSub = true;
      toks.push({ kind, value, ws: wsB > wsA ? t.slice(wsA, wsB) : '', float });
      const end = this.tend;
      const after = this.pos;
      next = this.parseToken(key, segs, undefined);
      if (next < 0) {
        this.pos = after;
        this.tend = end;
        break;
      }
    }
    if (hasSub) return this.makeConcat(toks, key, segs);
    return combineTokens(toks, (reason) => this.fail(this.tstart, reason));
  }

  /**
   * parseValue for the common statement `key: <one string, number or keyword>` without calling through
   * parseToken: scans the token, and if anything but the end of the value follows, starts over with parseValue.
   */
  private parseSimpleValue(key: string, segs: string[] | null, valueStart: number): RawValue | typeof EMPTY {
    const t = this.text;
    const c = t.charCodeAt(valueStart);
    if (c === DQ) {
      if (t.charCodeAt(valueStart + 1) === DQ && t.charCodeAt(valueStart + 2) === DQ) return this.parseValue(key, segs, undefined);
      this.scanQuoted();
    } else if ((c >= D0 && c <= D9) || c === MINUS) {
      if (!this.scanNumber() && !this.scanUnquoted()) return this.parseValue(key, segs, undefined);
    } else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === USCORE || c === SLASH && t.charCodeAt(valueStart + 1) !== SLASH || c === 126) {
      if (!((c === 116 || c === 84 || c === 102 || c === 70 || c === 110 || c === 78) && this.scanKeyword()) && !this.scanUnquoted()) {
        return this.parseValue(key, segs, undefined);
      }
    } else return this.parseValue(key, segs, undefined);
    const end = this.tend;
    let q = end;
    for (let ch = t.charCodeAt(q); ch === SP || ch === TAB; ch = t.charCodeAt(++q));
    const stop = t.charCodeAt(q);
    if (q >= t.length || stop === LF || stop === CR || stop === COMMA || stop === HASH || stop === RBRACE || stop === RBRACK ||
      (stop === SLASH && t.charCodeAt(q + 1) === SLASH)) {
      this.pos = q;
      this.singleToken = true;
      return this.tv as RawValue;
    }
    // more tokens follow (a concatenation): parse the whole value the general way
    this.pos = valueStart;
    this.twsA = this.twsB = 0;
    this.tfloat = false;
    return this.parseValue(key, segs, undefined);
  }

  private makeConcat(toks: Tok[], key: string, segs: string[] | null): Concat {
    this.hasConcat = true;
    return new Concat(toks, this.lastValueStart, this.pathOf(key, segs), this.src);
  }

  private lastValueStart = 0;

  /**
   * One token of a value, or -1 (pos unchanged except skipped spaces... restored by caller). Sets tv/tws/tend.
   * Comments and line ends stop a value.
   */
  private parseToken(key: string, segs: string[] | null, elements?: { start: number; end: number }[]): number {
    const t = this.text;
    const n = t.length;
    for (;;) {
      this.skipSpaces();
      const p = this.pos;
      if (p >= n) return -1;
      const c = t.charCodeAt(p);
      this.tstart = p;
      this.twsA = this.twsB = 0;
      this.tfloat = false;
      switch (c) {
        case LF: case CR: case COMMA: case HASH: case RBRACE: case RBRACK:
          return -1;
        case SLASH:
          if (t.charCodeAt(p + 1) === SLASH) return -1;
          break;
        case DOLLAR: {
          if (t.charCodeAt(p + 1) !== LBRACE) return -1;
          this.scanSubstitution();
          return TokKind.Sub;
        }
        case LBRACE: {
          this.pos = p + 1;
          this.enter(p);
          const o = newObject();
          const pushed = this.pushKey(key, segs);
          this.parseObjectBody(o, p);
          this.popKey(pushed);
          this.depth--;
          this.tv = o;
          this.tend = this.pos;
          return TokKind.Obj;
        }
        case LBRACKET_CODE: {
          this.pos = p + 1;
          this.enter(p);
          this.tv = this.parseList(p, elements);
          this.depth--;
          this.tend = this.pos;
          return TokKind.Arr;
        }
        case BSLASH: {
          const d = t.charCodeAt(p + 1);
          if (d === LF || d === CR) {
            // line continuation: `\` then end of line
            let q = p + 1;
            while (t.charCodeAt(q) === LF || t.charCodeAt(q) === CR) q++;
            this.pos = q;
            continue;
          }
          if (p + 1 >= n) return -1;
          break;
        }
        case DQ: {
          if (t.charCodeAt(p + 1) === DQ && t.charCodeAt(p + 2) === DQ) {
            this.scanTriple();
            return TokKind.Scalar;
          }
          this.scanQuoted();
          const e = this.pos;
          this.skipSpaces();
          this.twsA = e;
          this.twsB = this.pos;
          return TokKind.Quoted;
        }
      }
      // number (with pyhocon's follow-set), caseless true/false/null keywords, else an unquoted string
      if ((c >= D0 && c <= D9) || c === MINUS || c === PLUS || c === DOT) {
        if (this.scanNumber()) return TokKind.Scalar;
      } else if (c === 116 || c === 84 || c === 102 || c === 70 || c === 110 || c === 78) {
        if (this.scanKeyword()) return TokKind.Scalar;
      }
      return this.scanUnquoted() ? TokKind.Unquoted : -1;
    }
  }

  private scanKeyword(): boolean {
    const t = this.text;
    const p = this.pos;
    // caseless compare without allocating: (c | 32) lower-cases ASCII letters
    const c0 = t.charCodeAt(p) | 32, c1 = t.charCodeAt(p + 1) | 32, c2 = t.charCodeAt(p + 2) | 32, c3 = t.charCodeAt(p + 3) | 32;
    let len = 0;
    let v: boolean | null = null;
    if (c0 === 116 && c1 === 114 && c2 === 117 && c3 === 101) { len = 4; v = true; }
    else if (c0 === 110 && c1 === 117 && c2 === 108 && c3 === 108) { len = 4; v = null; }
    else if (c0 === 102 && c1 === 97 && c2 === 108 && c3 === 115 && (t.charCodeAt(p + 4) | 32) === 101) { len = 5; v = false; }
    else return false;
    if (isIdentChar(t.charCodeAt(p + len))) return false;
    this.tv = v;
    this.pos = p + len;
    this.tend = this.pos;
    return true;
  }

  /** [+-]?(\d*\.\d+|\d+(\.\d+)?)([eE][+\-]?\d+)? followed by the end, or by [ \t]* and $ } ] , # \n \r or //. */
  private scanNumber(): boolean {
    const t = this.text;
    const start = this.pos;
    let p = start;
    let c = t.charCodeAt(p);
    if (c === PLUS || c === MINUS) c = t.charCodeAt(++p);
    let intDigits = 0;
    let intValue = 0;
    while (c >= D0 && c <= D9) { intDigits++; intValue = intValue * 10 + (c - D0); c = t.charCodeAt(++p); }
    let float = false;
    let fracDigits = 0;
    let fracValue = 0;
    let hasExp = false;
    if (c === DOT) {
      let q = p + 1;
      for (let d = t.charCodeAt(q); d >= D0 && d <= D9; d = t.charCodeAt(++q)) { fracDigits++; fracValue = fracValue * 10 + (d - D0); }
      if (fracDigits > 0) { p = q; float = true; c = t.charCodeAt(p); }
      else if (intDigits === 0) return false;
    } else if (intDigits === 0) return false;
    if (c === 101 || c === 69) {
      let q = p + 1;
      let d = t.charCodeAt(q);
      if (d === PLUS || d === MINUS) d = t.charCodeAt(++q);
      let exp = 0;
      while (d >= D0 && d <= D9) { exp++; d = t.charCodeAt(++q); }
      if (exp > 0) { p = q; float = true; hasExp = true; }
    }
    const end = p;
    while (t.charCodeAt(p) === SP || t.charCodeAt(p) === TAB) p++;
    if (p < t.length) {
      const f = t.charCodeAt(p);
      if (!(f === DOLLAR || f === RBRACE || f === RBRACK || f === COMMA || f === HASH || f === LF || f === CR ||
        (f === SLASH && t.charCodeAt(p + 1) === SLASH))) return false;
    } else if (p > end) return false; // the follow-set's `$` is the very end: `port: 8008 ` as a file's last bytes is the string "8008"
    let v: number;
    if (!float && intDigits <= 15) v = t.charCodeAt(start) === MINUS ? -intValue || 0 : intValue; // int('-0') is 0
    else if (float && fracDigits > 0 && !hasExp && intDigits + fracDigits <= 15) {
      // Clinger's fast path: an exact integer mantissa divided by an exact power of ten rounds correctly
      const neg = t.charCodeAt(start) === MINUS;
      const m = intValue * POW10[fracDigits] + fracValue;
      v = (neg ? -m : m) / POW10[fracDigits];
    } else {
      v = Number(t.slice(start, end));
      if (!float && v === 0) v = 0;
    }
    this.tv = v;
    this.tfloat = float;
    this.pos = end;
    this.tend = end;
    return true;
  }

  /** (?:[^^`+?!@*&"\[\{\s\]\}#,=\$\\]|\\.)+[ \t]* */
  private scanUnquoted(): boolean {
    const t = this.text;
    const n = t.length;
    const start = this.pos;
    let p = start;
    let escaped = false;
    while (p < n) {
      const c = t.charCodeAt(p);
      if (c === BSLASH) {
        const d = t.charCodeAt(p + 1);
        if (p + 1 >= n || d === LF || d === CR) break; // regex `.` does not match a line end
        escaped = true;
        p += 2;
        continue;
      }
      if (c < 128 ? UNQUOTED_FORBIDDEN[c] === 1 : isPyWhitespace(c)) break;
      p++;
    }
    if (p === start) return false;
    // A space can end the token only as the escape `\ `. pyhocon keeps `\ ` as written, then strips trailing
    // spaces and tabs off the value's last token (ConfigValues.recompute: `C:\dir\ # c` is `C:\dir\`): so that
    // space counts as the token's trailing whitespace, kept only when another token follows.
    const last = t.charCodeAt(p - 1);
    const wsFrom = escaped && (last === SP || last === TAB) ? p - 1 : p;
    const raw = t.slice(start, wsFrom);
    this.tv = escaped ? unescapeHocon(raw) : raw;
    this.tend = wsFrom;
    let q = p;
    while (t.charCodeAt(q) === SP || t.charCodeAt(q) === TAB) q++;
    this.twsA = wsFrom;
    this.twsB = q;
    this.pos = q;
    return true;
  }

  /** "(?:[^"\\\n]|\\.)*" */
  private scanQuoted(): void {
    const t = this.text;
    const n = t.length;
    const start = this.pos;
    let p = start + 1;
    let escaped = false;
    for (;;) {
      if (p >= n) throw this.fail(start, 'unclosed string: missing closing \'"\'');
      const c = t.charCodeAt(p);
      if (c === DQ) break;
      if (c === LF) throw this.fail(start, 'unclosed string: a quoted string must end on the line it starts (use """...""" for several lines)');
      if (c === BSLASH) {
        const d = t.charCodeAt(p + 1);
        if (p + 1 >= n || d === LF) throw this.fail(start, 'unclosed string: a quoted string must end on the line it starts (use """...""" for several lines)');
        escaped = true;
        p += 2;
        continue;
      }
      p++;
    }
    const raw = t.slice(start + 1, p);
    this.tv = escaped ? unescapeHocon(raw) : raw;
    this.pos = p + 1;
    this.tend = p + 1;
  }

  /** """.*?"*""" (no escapes, no substitution). */
  private scanTriple(): void {
    const t = this.text;
    const start = this.pos;
    const close = t.indexOf('"""', start + 3);
    if (close < 0) throw this.fail(start, 'unclosed triple-quoted string: missing closing \'"""\'');
    let end = close + 3;
    while (t.charCodeAt(end) === DQ) end++;
    this.tv = t.slice(start + 3, end - 3);
    this.pos = end;
    this.tend = end;
  }

  private scanSubstitution(): void {
    const t = this.text;
    const start = this.pos;
    const close = t.indexOf('}', start + 2);
    const nl = t.indexOf('\n', start + 2);
    if (close < 0 || (nl >= 0 && nl < close)) throw this.fail(start, "unclosed substitution: missing '}' after '${'");
    let inner = t.slice(start + 2, close);
    if (inner.length === 0) throw this.fail(start, 'empty substitution ${}');
    const optional = inner.charCodeAt(0) === QMARK;
    if (optional) inner = inner.slice(1);
    const path = parseKeyPath(inner);
    if (path.length === 0) throw this.fail(start, `invalid substitution path '${inner}'`);
    let q = close + 1;
    while (t.charCodeAt(q) === SP || t.charCodeAt(q) === TAB) q++;
    const sub = new Subst(path, inner, optional, t.slice(close + 1, q), start, false, this.src);
    sub.topKey = this.topKey;
    this.tv = sub;
    this.twsA = close + 1;
    this.twsB = q;
    this.tend = close + 1;
    this.pos = q;
  }

  /** Elements until `]` (pos after `[`). Empty entries (`[1,,2]`, trailing commas) are skipped. */
  private parseList(open: number, elements?: { start: number; end: number }[]): RawValue[] {
    const t = this.text;
    const n = t.length;
    const out: RawValue[] = [];
    const savedKey = this.lastKey;
    this.unknownDepth++;
    for (;;) {
      this.skipBlank(true);
      const p = this.pos;
      if (p >= n) throw this.fail(open, `'[' opened at ${this.where(open)} is never closed: the text ends before its ']'`);
      const c = t.charCodeAt(p);
      if (c === RBRACK) {
        this.pos = p + 1;
        this.lastKey = savedKey;
        this.unknownDepth--;
        return out;
      }
      this.lastSepEnd = -1;
      this.lastValueStart = p;
      const v = this.trace ? this.parseValue('', null, undefined) : this.parseSimpleValue('', null, p);
      if (v === EMPTY) throw this.listEndError(p, open);
      // pyhocon ListParser drops elements that are the empty string (`[""]` reads as `[]`)
      if (v !== '') {
        elements?.push({ start: p, end: this.tend });
        out.push(v);
      }
      this.skipSpaces();
      const q = this.pos;
      if (q >= n) continue;
      const d = t.charCodeAt(q);
      if (d === RBRACK || d === LF || d === CR || d === COMMA || d === HASH || (d === SLASH && t.charCodeAt(q + 1) === SLASH)) continue;
      throw this.listEndError(q, open);
    }
  }

  /**
   * A '}', '=' or ':' on a later line than the '[' reads as the object around the list going on: its ']' was
   * forgotten, so name the '[' (pyhocon: "Expected ']', found ..." where it noticed).
   */
  private listEndError(q: number, open: number): ConfigParseError {
    const d = this.text.charCodeAt(q);
    if ((d === RBRACE || d === EQ || d === COLON) && hasNewline(this.text, open, q)) {
      const found = this.describe(q);
      return this.fail(open, `'[' opened at ${this.where(open)} is never closed: ${found} at ${this.where(q)} comes where ',' or ']' was expected (pyhocon: "Expected ']', found ${found}")`);
    }
    return this.valueEndError(q, 'array');
  }
}

const LBRACKET_CODE = LBRACK;

/** Merge b into a at parse time (pyhocon merge_configs): objects merge, anything else replaces. */
export function mergeRaw(a: Record<string, RawValue>, b: Record<string, RawValue>): void {
  for (const k of Object.keys(b)) {
    const bv = b[k];
    const av = getOwn(a, k);
    if (isPlainObject(av) && isPlainObject(bv)) mergeRaw(av as Record<string, RawValue>, bv as Record<string, RawValue>);
    else {
      if (bv instanceof Concat) bv.setPrevious(av);
      setOwn(a, k, bv);
    }
  }
}

/** Python str() of a token in a string concatenation. */
export function pyStr(v: unknown, float: boolean | undefined): string {
  if (typeof v === 'string') return v;
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null) return 'null';
  if (typeof v === 'number') {
    if (float && Number.isInteger(v) && Math.abs(v) < 1e16) return (Object.is(v, -0) ? '-' : '') + Math.abs(v).toFixed(1);
    return String(v);
  }
  return String(v);
}

/** pyhocon ConfigValues.transform for tokens without substitutions. */
export function combineTokens(toks: Tok[], fail: (reason: string) => ConfigParseError): RawValue {
  const group = (k: TokKind) => (k === TokKind.Obj ? 'object' : k === TokKind.Arr ? 'array' : 'string');
  const g0 = group(toks[0].kind);
  for (let i = 1; i < toks.length; i++) {
    const g = group(toks[i].kind);
    if (g !== g0) throw fail(`cannot concatenate ${article(g0)} with ${article(g)} in one value`);
  }
  if (g0 === 'object') {
    const out = newObject();
    for (const tk of toks) mergeRaw(out, tk.value as Record<string, RawValue>);
    return out;
  }
  if (g0 === 'array') {
    const out: RawValue[] = [];
    for (const tk of toks) for (const e of tk.value as RawValue[]) out.push(e);
    return out;
  }
  if (toks.length === 1) return toks[0].value as RawValue;
  let s = '';
  const last = toks.length - 1;
  for (let i = 0; i < last; i++) s += pyStr(toks[i].value, toks[i].float) + toks[i].ws;
  s += pyStr(toks[last].value, toks[last].float);
  return s;
}

function article(g: string): string {
  return g === 'object' || g === 'array' ? `an ${g}` : 'a string';
}

export function parseRaw(text: string, opts: ParserOptions = {}): ParsedDocument {
  const expanded = expandTabs(text);
  if (!expanded) return parseText(text, opts);
  // the parser reads the text as pyparsing hands it to pyhocon; positions go back to the text as written
  const { toRaw } = expanded;
  const trace = opts.trace && {
    onAssign(a: AssignTrace) {
      opts.trace!.onAssign({
        ...a, keyStart: toRaw(a.keyStart), keyEnd: toRaw(a.keyEnd), valueStart: toRaw(a.valueStart), valueEnd: toRaw(a.valueEnd),
        openBrace: a.openBrace === undefined ? undefined : toRaw(a.openBrace), closeBrace: a.closeBrace === undefined ? undefined : toRaw(a.closeBrace),
        openBracket: a.openBracket === undefined ? undefined : toRaw(a.openBracket), closeBracket: a.closeBracket === undefined ? undefined : toRaw(a.closeBracket),
        elements: a.elements?.map((e) => ({ start: toRaw(e.start), end: toRaw(e.end) })),
      });
    },
    onRootBraces: opts.trace.onRootBraces && ((open: number, close: number) => opts.trace!.onRootBraces!(toRaw(open), toRaw(close))),
  };
  try {
    return { ...parseText(expanded.text, { ...opts, trace }), rawError: (e) => (e.filename === opts.filename ? expanded.rawError(e) : e) };
  } catch (e) {
    if (e instanceof ConfigParseError && e.filename === opts.filename) throw expanded.rawError(e);
    throw e;
  }
}

function parseText(text: string, opts: ParserOptions): ParsedDocument {
  const p = new Parser(text, opts);
  const root = p.parseDocument();
  const singleHistory = new Set<string>();
  for (const [key, n] of p.historyLength) if (n === 1) singleHistory.add(key);
  return { root, hasConcat: p.hasConcat, singleHistory };
}

export type { ConfigObject };
