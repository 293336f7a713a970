/**
 * Where things are in a clearml.conf or vault text: the key tree (outline, breadcrumbs, folding) and the `${path}`
 * substitutions and `include` targets (go to definition). A tolerant scanner, not the parser: it never throws and
 * keeps going past errors, because the outline of a file being typed matters most while the file is broken.
 * HOCON and JSON share one scanner (JSON is HOCON); YAML gets an indentation scanner (block style, the style the
 * vault editor writes). Positions are 0-based, as in ConfRange.
 */
import { LineIndex } from '../config/errors';
import type { ConfFormat, ConfRange } from './types';

export interface OutlineNode {
  /** The key as written, unquoted; list items are `[0]`, `[1]`, … */
  name: string;
  /** Dotted path from the root, list items as `[]` (as ConfDiagnostic.key). */
  path: string;
  kind: 'object' | 'array' | 'value';
  /** From the key to the end of its value. */
  range: ConfRange;
  /** The key itself (for a list item: its first character). */
  keyRange: ConfRange;
  children: OutlineNode[];
}

export interface ConfReference {
  kind: 'substitution' | 'include';
  /** The substitution's path (`sdk.aws.s3.key`) or the include's file name, unquoted. */
  target: string;
  /** `${?path}`, or `include` without `required(…)`. */
  optional: boolean;
  /** For includes: how the target is named (`include "x"` is 'default'). */
  resource?: 'default' | 'file' | 'url' | 'classpath';
  range: ConfRange;
}

export interface FoldRange {
  startLine: number;
  endLine: number;
  kind?: 'comment';
}

export interface ConfOutline {
  nodes: OutlineNode[];
  references: ConfReference[];
  folds: FoldRange[];
}

/** Deeper nesting than the config engine accepts (limits: 400) is not outlined further. */
const MAX_DEPTH = 400;

export function outlineConf(text: string, format: ConfFormat = 'hocon'): ConfOutline {
  return format === 'yaml' ? new YamlScanner(text).scan() : new HoconScanner(text).scan();
}

/** Every node whose path is `path` (a path set twice, or an object merged from two blocks, has several). */
export function nodesAt(outline: ConfOutline, path: string): OutlineNode[] {
  const found: OutlineNode[] = [];
  const visit = (nodes: OutlineNode[]) => {
    for (const n of nodes) {
      if (n.path === path) found.push(n);
      else if (path.startsWith(n.path + '.') || path.startsWith(n.path + '[')) visit(n.children);
    }
  };
  visit(outline.nodes);
  return found;
}

/** The reference under a position, if any. */
export function referenceAt(outline: ConfOutline, line: number, character: number): ConfReference | undefined {
  return outline.references.find((r) => contains(r.range, line, character));
}

function contains(r: ConfRange, line: number, character: number): boolean {
  if (line < r.line || line > r.endLine) return false;
  if (line === r.line && character < r.character) return false;
  if (line === r.endLine && character > r.endCharacter) return false;
  return true;
}

/** The config engine's LineIndex (1-based lines) in the 0-based lines of a ConfRange. */
class Lines {
  private readonly index: LineIndex;
  constructor(text: string) {
    this.index = new LineIndex(text);
  }
  lineOf(offset: number): number {
    return this.index.lineOf(offset) - 1;
  }
  range(start: number, end: number): ConfRange {
    const line = this.lineOf(start);
    const endLine = this.lineOf(end);
    return { line, character: start - this.index.lineStart(line + 1), endLine, endCharacter: end - this.index.lineStart(endLine + 1) };
  }
}

interface Segment { name: string; start: number; end: number }
interface ValueResult { kind: OutlineNode['kind']; children: OutlineNode[]; end: number }

const KEY_STOP = new Set(['.', ':', '=', '{', '}', '[', ']', ',', '\n', '#', '"', '+']);

/** HOCON (and so JSON): objects, lists, dotted keys, quoted keys, value concatenation, includes, substitutions. */
class HoconScanner {
  private pos = 0;
  private readonly lines: Lines;
  private readonly references: ConfReference[] = [];
  private readonly folds: FoldRange[] = [];
  private readonly commentLines: number[] = [];

  constructor(private readonly text: string) {
    this.lines = new Lines(text);
  }

  scan(): ConfOutline {
    const nodes: OutlineNode[] = [];
    // A root wrapped in braces (JSON) is the same object as one without.
    this.skipSpace(true);
    if (this.text[this.pos] === '{') {
      const open = this.pos++;
      this.body('', '}', nodes, 1);
      this.fold(open, this.pos);
    }
    while (this.pos < this.text.length) {
      const before = this.pos;
      this.body('', undefined, nodes, 1);
      if (this.pos === before) this.pos++;
    }
    this.commentFolds();
    return { nodes, references: this.references, folds: this.folds };
  }

  private peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  private atComment(): boolean {
    return this.peek() === '#' || (this.peek() === '/' && this.peek(1) === '/');
  }

  /** Skips blanks and comments; across line breaks only when `newlines`. */
  private skipSpace(newlines: boolean): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || c === '\ufeff' || (newlines && c === '\n')) this.pos++;
      else if (this.atComment()) {
        const line = this.lines.lineOf(this.pos);
        const lineStart = this.text.lastIndexOf('\n', this.pos - 1) + 1;
        if (this.text.slice(lineStart, this.pos).trim() === '') this.commentLines.push(line);
        while (this.pos < this.text.length && this.peek() !== '\n') this.pos++;
      } else return;
    }
  }

  private body(prefix: string, closer: '}' | undefined, out: OutlineNode[], depth: number): void {
    for (;;) {
      this.skipSpace(true);
      while (this.peek() === ',') { this.pos++; this.skipSpace(true); }
      if (this.pos >= this.text.length) return;
      const c = this.peek();
      if (c === '}') {
        this.pos++;
        if (closer) return;
        continue;
      }
      if (c === ']') {
        if (closer) return; // a list's end inside a broken object: the list owns it
        this.pos++;
        continue;
      }
      if (this.include()) continue;
      const start = this.pos;
      const segments = this.keyPath();
      if (!segments.length) {
        if (this.pos === start) this.pos++;
        continue;
      }
      this.skipSpace(false);
      const sep = this.peek();
      if (sep === ':' || sep === '=') this.pos++;
      else if (sep === '+' && this.peek(1) === '=') this.pos += 2;
      else if (sep !== '{') {
        // A key with no value: skip the rest of the line
        while (this.pos < this.text.length && this.peek() !== '\n') this.pos++;
        continue;
      }
      this.skipSpace(true);
      const path = segments.reduce((p, s) => join(p, s.name), prefix);
      const value = depth > MAX_DEPTH ? this.skipLine() : this.value(path, depth + 1);
      out.push(this.chain(prefix, segments, value));
    }
  }

  private skipLine(): ValueResult {
    while (this.pos < this.text.length && this.peek() !== '\n') this.pos++;
    return { kind: 'value', children: [], end: this.pos };
  }

  /** `a.b.c = v`: a holds b holds c; each key keeps its own range. */
  private chain(prefix: string, segments: Segment[], value: ValueResult): OutlineNode {
    let path = prefix;
    const nodes = segments.map((s) => {
      path = join(path, s.name);
      return { name: s.name, path, kind: 'object', range: this.lines.range(s.start, value.end), keyRange: this.lines.range(s.start, s.end), children: [] } as OutlineNode;
    });
    for (let i = 0; i < nodes.length - 1; i++) nodes[i].children.push(nodes[i + 1]);
    const last = nodes[nodes.length - 1];
    last.kind = value.kind;
    last.children = value.children;
    nodes[0].range = this.lines.range(segments[0].start, value.end);
    return nodes[0];
  }

  private keyPath(): Segment[] {
    const segments: Segment[] = [];
    for (;;) {
      const c = this.peek();
      if (c === '"') {
        const start = this.pos;
        const name = this.quoted();
        segments.push({ name, start, end: this.pos });
      } else {
        const start = this.pos;
        while (this.pos < this.text.length && !KEY_STOP.has(this.peek()) && !(this.peek() === '/' && this.peek(1) === '/')) this.pos++;
        const raw = this.text.slice(start, this.pos);
        const name = raw.trim();
        if (!name) {
          this.pos = start;
          return segments;
        }
        const lead = raw.length - raw.trimStart().length;
        segments.push({ name, start: start + lead, end: start + lead + name.length });
      }
      if (this.peek() !== '.') return segments;
      this.pos++;
    }
  }

  /** A quoted string (single or triple quotes) from its opening quote; returns its text, unescaped where simple. */
  private quoted(): string {
    if (this.text.startsWith('"""', this.pos)) {
      const end = this.text.indexOf('"""', this.pos + 3);
      const stop = end < 0 ? this.text.length : end + 3;
      const body = this.text.slice(this.pos + 3, end < 0 ? this.text.length : end);
      this.pos = stop;
      return body;
    }
    const start = this.pos++;
    while (this.pos < this.text.length) {
      const c = this.peek();
      if (c === '\\') this.pos += 2;
      else if (c === '"') { this.pos++; break; } else if (c === '\n') break;
      else this.pos++;
    }
    const raw = this.text.slice(start, this.pos);
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.replace(/^"|"$/g, '');
    }
  }

  /** A value: the parts on its line (`${base} { more }` concatenates), objects and lists spanning lines. */
  private value(path: string, depth: number): ValueResult {
    // lists nest through here, not through body(): the same cap, or `[` x 10,000 exhausts the stack
    if (depth > MAX_DEPTH) return this.skipLine();
    let kind: OutlineNode['kind'] = 'value';
    const children: OutlineNode[] = [];
    let end = this.pos;
    let tokenStart = true;
    while (this.pos < this.text.length) {
      const c = this.peek();
      if (c === '\n' || c === ',' || c === '}' || c === ']') break;
      if (tokenStart && this.atComment()) break;
      if (c === '{') {
        const open = this.pos++;
        this.body(path, '}', children, depth);
        this.fold(open, this.pos);
        kind = 'object';
      } else if (c === '[') {
        const items = this.list(path, depth);
        children.push(...items);
        kind = 'array';
      } else if (c === '$' && this.peek(1) === '{') {
        this.substitution();
      } else if (c === '"') {
        this.quoted();
      } else {
        tokenStart = c === ' ' || c === '\t';
        this.pos++;
        if (!tokenStart) end = this.pos;
        continue;
      }
      tokenStart = false;
      end = this.pos;
    }
    return { kind, children, end };
  }

  private list(path: string, depth: number): OutlineNode[] {
    const open = this.pos++;
    const items: OutlineNode[] = [];
    let index = 0;
    for (;;) {
      this.skipSpace(true);
      while (this.peek() === ',') { this.pos++; this.skipSpace(true); }
      const c = this.peek();
      if (!c || c === '}') break; // unclosed: the enclosing object takes its brace
      if (c === ']') { this.pos++; break; }
      const start = this.pos;
      const value = this.value(join(path, '[]'), depth + 1);
      if (value.kind !== 'value') {
        items.push({ name: `[${index}]`, path: join(path, '[]'), kind: value.kind, range: this.lines.range(start, value.end), keyRange: this.lines.range(start, start + 1), children: value.children });
      }
      index++;
      if (this.pos === start) this.pos++;
    }
    this.fold(open, this.pos);
    return items;
  }

  private substitution(): void {
    const start = this.pos;
    this.pos += 2;
    const optional = this.peek() === '?';
    if (optional) this.pos++;
    const close = this.text.indexOf('}', this.pos);
    const newline = this.text.indexOf('\n', this.pos);
    const end = close < 0 || (newline >= 0 && newline < close) ? (newline < 0 ? this.text.length : newline) : close + 1;
    const inner = this.text.slice(this.pos, close >= 0 && end === close + 1 ? close : end).trim();
    this.pos = end;
    const target = inner.split('.').map((s) => s.trim().replace(/^"(.*)"$/, '$1')).join('.');
    if (target) this.references.push({ kind: 'substitution', target, optional, range: this.lines.range(start, end) });
  }

  /** `include "x"`, `include file("x")`, `include required(file("x"))`, url(…), classpath(…). */
  private include(): boolean {
    if (!this.text.startsWith('include', this.pos) || !/[\s"(]/.test(this.text[this.pos + 7] ?? '')) return false;
    const save = this.pos;
    this.pos += 7;
    this.skipSpace(false);
    let optional = true;
    let resource: ConfReference['resource'] = 'default';
    const closers: number[] = [];
    const call = (name: string): boolean => {
      if (!this.text.startsWith(name + '(', this.pos)) return false;
      this.pos += name.length + 1;
      this.skipSpace(false);
      closers.push(1);
      return true;
    };
    if (call('required')) optional = false;
    for (const r of ['file', 'url', 'classpath'] as const) if (call(r)) { resource = r; break; }
    if (this.peek() !== '"') {
      this.pos = save; // `include` used as a key
      return false;
    }
    const start = this.pos;
    const target = this.quoted();
    const end = this.pos;
    for (let i = 0; i < closers.length; i++) {
      this.skipSpace(false);
      if (this.peek() === ')') this.pos++;
    }
    this.references.push({ kind: 'include', target, optional, resource, range: this.lines.range(start, end) });
    return true;
  }

  private fold(open: number, closeEnd: number): void {
    const startLine = this.lines.lineOf(open);
    const closeLine = this.lines.lineOf(Math.max(open, closeEnd - 1));
    // The closing bracket's line stays visible, as in VS Code's JSON folding.
    const endLine = closeLine - 1;
    if (endLine > startLine) this.folds.push({ startLine, endLine });
  }

  private commentFolds(): void {
    this.folds.push(...commentBlocks(this.commentLines));
  }
}

function commentBlocks(lines: number[]): FoldRange[] {
  const folds: FoldRange[] = [];
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    if (j > i) folds.push({ startLine: sorted[i], endLine: sorted[j], kind: 'comment' });
    i = j + 1;
  }
  return folds;
}

function join(prefix: string, name: string): string {
  if (name === '[]') return prefix + '[]';
  return prefix ? `${prefix}.${name}` : name;
}

interface YamlEntry { indent: number; node: OutlineNode; item: boolean; startLine: number; childCount: number }

/** Block-style YAML: `key:` lines nest by indentation, `- ` starts a list item. Flow style is not outlined. */
class YamlScanner {
  private readonly lines: string[];
  private readonly references: ConfReference[] = [];
  private readonly folds: FoldRange[] = [];
  private readonly commentLines: number[] = [];

  constructor(text: string) {
    this.lines = text.split('\n');
  }

  scan(): ConfOutline {
    const roots: OutlineNode[] = [];
    const stack: YamlEntry[] = [];
    let lastLine = 0;
    const close = (entry: YamlEntry) => {
      entry.node.range.endLine = lastLine;
      entry.node.range.endCharacter = this.lines[lastLine].replace(/\r$/, '').length;
      if (entry.node.kind === 'value' && lastLine > entry.startLine) entry.node.kind = 'object';
      if (lastLine > entry.startLine) this.folds.push({ startLine: entry.startLine, endLine: lastLine });
    };
    const pop = (keep: (top: YamlEntry) => boolean) => {
      while (stack.length && !keep(stack[stack.length - 1])) close(stack.pop()!);
    };
    const attach = (node: OutlineNode) => {
      const parent = stack[stack.length - 1];
      (parent ? parent.node.children : roots).push(node);
    };
    const pathUnder = (name: string) => join(stack[stack.length - 1]?.node.path ?? '', name);

    this.lines.forEach((raw, lineNo) => {
      const line = raw.replace(/\r$/, '');
      const trimmed = line.trim();
      if (!trimmed || trimmed === '---' || trimmed === '...') return;
      if (trimmed.startsWith('#')) { this.commentLines.push(lineNo); return; }
      this.substitutions(line, lineNo);
      let col = line.length - line.trimStart().length;
      const dash = /^-(\s+|$)/.exec(line.slice(col));
      if (dash) {
        pop((top) => top.indent < col || (top.indent === col && !top.item));
        const parent = stack[stack.length - 1];
        if (parent) parent.node.kind = 'array';
        const index = parent ? parent.childCount++ : roots.length;
        const item: OutlineNode = { name: `[${index}]`, path: join(parent?.node.path ?? '', '[]'), kind: 'value', range: this.range(lineNo, col, lineNo, line.length), keyRange: this.range(lineNo, col, lineNo, col + 1), children: [] };
        const key = this.key(line, col + dash[0].length);
        if (key) item.kind = 'object';
        // Scalar items are not outlined; their list still is.
        if (key || /^-\s*$/.test(line.slice(col))) {
          attach(item);
          stack.push({ indent: col, node: item, item: true, startLine: lineNo, childCount: 0 });
        }
        lastLine = lineNo;
        if (!key) return;
        col += dash[0].length;
      }
      const key = this.key(line, col);
      if (!key) { lastLine = lineNo; return; }
      pop((top) => top.indent < col);
      lastLine = lineNo;
      const node: OutlineNode = { name: key.name, path: pathUnder(key.name), kind: 'value', range: this.range(lineNo, col, lineNo, line.length), keyRange: this.range(lineNo, key.start, lineNo, key.end), children: [] };
      attach(node);
      if (stack.length > MAX_DEPTH) return;
      stack.push({ indent: col, node, item: false, startLine: lineNo, childCount: 0 });
    });
    pop(() => false);
    this.folds.push(...commentBlocks(this.commentLines));
    return { nodes: roots, references: this.references, folds: this.folds };
  }

  private key(line: string, col: number): { name: string; start: number; end: number } | undefined {
    const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\-?:,[\]{}][^#]*?|-[^\s#][^#]*?)\s*:(?=\s|$)/.exec(line.slice(col));
    if (!m) return undefined;
    const rawKey = m[1];
    let name = rawKey;
    if (rawKey.startsWith('"')) { try { name = JSON.parse(rawKey) as string; } catch { name = rawKey.slice(1, -1); } } else if (rawKey.startsWith("'")) name = rawKey.slice(1, -1).replace(/''/g, "'");
    return { name, start: col, end: col + rawKey.length };
  }

  private substitutions(line: string, lineNo: number): void {
    for (const m of line.matchAll(/\$\{(\??)([^}\n]*)\}/g)) {
      const target = m[2].trim();
      if (target) this.references.push({ kind: 'substitution', target, optional: m[1] === '?', range: this.range(lineNo, m.index, lineNo, m.index + m[0].length) });
    }
  }

  private range(line: number, character: number, endLine: number, endCharacter: number): ConfRange {
    return { line, character, endLine, endCharacter };
  }
}
