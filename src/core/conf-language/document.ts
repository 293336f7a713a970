/**
 * One text as the editor features see it: its position tree (HOCON and JSON through the tolerant scanner, YAML
 * through `yaml`'s nodes), offset ↔ line/character conversion, the section a section file stands for, and a walk
 * over every key with its full path.
 */
import type { Node as YamlNode } from 'yaml';
import { LineIndex } from '../config/errors';
import { yamlLib } from '../vendor';
import { childOf, schemaRoot, type SchemaNode } from './catalogue';
import { MAX_SCAN_NESTING, scanHocon, type KeySegment, type ScanArray, type ScanEntry, type ScanObject, type ScanValue } from './scanner';
import type { ConfFormat, ConfPosition, ConfRange } from './types';

export const TOP_SECTIONS = ['api', 'sdk', 'agent', 'logging', 'files', 'environment'];

export interface ConfDocument {
  text: string;
  format: ConfFormat;
  root: ScanObject | ScanArray;
  substitutions: Set<string>;
  /**
   * The path the document's root stands for: [] for a clearml.conf, ['sdk'] for the SDK's default sdk.conf
   * (a section file: the program loads it under its section's name).
   */
  base: string[];
  lines: LineIndex;
}

/**
 * Whether the YAML nests deeper than the scanner reads (MAX_SCAN_NESTING), judged on the CST parser's stack as
 * config/vault.ts does, before `yaml` composes it: composing recurses once per level, and 10,000 levels exhaust
 * the stack (seen: the process aborted inside V8's RegExp compiler). parseVault reports such a text as a parse error.
 */
function yamlTooDeep(text: string): boolean {
  const { Lexer, Parser } = yamlLib();
  const parser = new Parser();
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) void token;
    if (parser.stack.length > MAX_SCAN_NESTING + 8) return true;
  }
  return false;
}

function yamlTree(text: string): { root: ScanObject | ScanArray; substitutions: Set<string> } {
  const { parseDocument, isMap, isSeq, isScalar, isPair } = yamlLib();
  if (yamlTooDeep(text)) return { root: { kind: 'object', start: 0, end: text.length, entries: [], hasSubst: false }, substitutions: new Set() };
  const doc = parseDocument(text, { uniqueKeys: false });
  const convert = (node: YamlNode | null | undefined, fallback: number): ScanValue => {
    const [start, end] = node?.range ?? [fallback, fallback];
    if (isMap(node)) {
      const entries: ScanEntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as YamlNode | null;
        if (!isScalar(key) || !key.range) continue;
        const seg: KeySegment = { name: String(key.value), start: key.range[0], end: key.range[1] };
        entries.push({ segments: [seg], quotedKey: true, separator: ':', value: convert(pair.value as YamlNode | null, key.range[1]) });
      }
      return { kind: 'object', start, end, entries, hasSubst: false };
    }
    if (isSeq(node)) return { kind: 'array', start, end, items: node.items.map((i) => convert(i as YamlNode, end)), hasSubst: false };
    if (isScalar(node)) {
      const v = node.value;
      const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
      return { kind: 'scalar', start, end: node.range![1], value, quoted: node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE', hasSubst: false };
    }
    return { kind: 'scalar', start, end: start, value: null, quoted: false, hasSubst: false };
  };
  const root = convert(doc.contents as YamlNode | null, 0);
  return { root: root.kind === 'scalar' ? { kind: 'object', start: 0, end: text.length, entries: [], hasSubst: false } : root, substitutions: new Set() };
}

/**
 * A document whose root keys are no top-level section but mostly children of one section is that section's file
 * (the SDK's default api.conf / sdk.conf / logging.conf, the agent's agent.conf).
 */
function inferBase(root: ScanObject | ScanArray): string[] {
  if (root.kind !== 'object' || root.entries.length === 0) return [];
  const names = root.entries.map((e) => e.segments[0].name);
  if (names.some((n) => TOP_SECTIONS.includes(n))) return [];
  let best: string | undefined;
  let bestCount = 0;
  for (const section of TOP_SECTIONS) {
    const node = schemaRoot().children.get(section);
    if (!node || node.open) continue;
    const count = names.filter((n) => node.children.has(n)).length;
    if (count > bestCount) { bestCount = count; best = section; }
  }
  if (!best || bestCount < 2 || bestCount * 2 < new Set(names).size) {
    // logging.conf: dictConfig names (version, loggers, handlers) but an open section
    const logging = ['version', 'disable_existing_loggers', 'loggers', 'handlers', 'root', 'formatters', 'incremental'];
    if (names.filter((n) => logging.includes(n)).length >= 2) return ['logging'];
    return [];
  }
  return [best];
}

export function readDocument(text: string, format: ConfFormat = 'hocon'): ConfDocument {
  let tree: { root: ScanObject | ScanArray; substitutions: Set<string> };
  if (format === 'yaml') {
    try { tree = yamlTree(text); } catch { tree = { root: { kind: 'object', start: 0, end: text.length, entries: [], hasSubst: false }, substitutions: new Set() }; }
  } else tree = scanHocon(text);
  return { text, format, root: tree.root, substitutions: tree.substitutions, base: inferBase(tree.root), lines: new LineIndex(text) };
}

export function positionAt(doc: ConfDocument, offset: number): ConfPosition {
  const line = doc.lines.lineOf(offset);
  return { line: line - 1, character: offset - doc.lines.lineStart(line) };
}

export function offsetAt(doc: ConfDocument, position: ConfPosition): number {
  const start = doc.lines.lineStart(position.line + 1);
  if (position.line + 1 > doc.lines.lineOf(doc.text.length)) return doc.text.length;
  return Math.min(start + position.character, doc.text.length);
}

export function rangeOf(doc: ConfDocument, start: number, end: number): ConfRange {
  const a = positionAt(doc, start);
  const b = positionAt(doc, Math.max(start, end));
  return { line: a.line, character: a.character, endLine: b.line, endCharacter: b.character };
}

/** One key segment as written, with the full path it names. */
export interface KeyVisit {
  /** Full path, list entries as '[]' (base included). */
  path: string[];
  segment: KeySegment;
  entry: ScanEntry;
  /** The segment is the entry's last: `value` is its value. */
  last: boolean;
  /** The catalogue node of the path, undefined when unknown or below an open/unknown node. */
  node: SchemaNode | undefined;
  /** The parent's node (to tell unknown keys from keys in free-form maps). */
  parent: SchemaNode | undefined;
}

/** Visits every key segment in document order; `visit` returns false to skip what lies beneath. */
export function walkKeys(doc: ConfDocument, visit: (k: KeyVisit) => boolean | void): void {
  let baseNode: SchemaNode | undefined = schemaRoot();
  for (const s of doc.base) baseNode = baseNode && childOf(baseNode, s);
  walkValue(doc.root, doc.base, baseNode, visit);
}

function walkValue(value: ScanValue, path: string[], node: SchemaNode | undefined, visit: (k: KeyVisit) => boolean | void): void {
  if (value.kind === 'array') {
    const item = node?.item;
    const itemPath = [...path, '[]'];
    for (const v of value.items) walkValue(v, itemPath, item, visit);
    return;
  }
  if (value.kind !== 'object') return;
  for (const entry of value.entries) walkEntry(entry, path, node, visit);
}

function walkEntry(entry: ScanEntry, parentPath: string[], parentNode: SchemaNode | undefined, visit: (k: KeyVisit) => boolean | void): void {
  let path = parentPath;
  let parent = parentNode;
  for (let i = 0; i < entry.segments.length; i++) {
    const segment = entry.segments[i];
    path = [...path, segment.name];
    const node = parent ? childOf(parent, segment.name) : undefined;
    const last = i === entry.segments.length - 1;
    if (visit({ path, segment, entry, last, node, parent }) === false) return;
    parent = node;
  }
  // below a value of the wrong kind (a map where a list belongs) the catalogue says nothing more
  const fits = !parent || entry.value.kind !== 'object' || parent.types.includes('object');
  walkValue(entry.value, path, fits ? parent : undefined, visit);
}
