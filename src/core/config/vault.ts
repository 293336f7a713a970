/**
 * Vault texts: HOCON and JSON through the HOCON parser (as the SDK does), YAML through `yaml` with its positions.
 *
 * YAML is read from the library's document nodes rather than with `toJS()`: an anchor used many times is
 * copied into every place that names it (later merges mutate objects, so copies cannot be shared), and
 * reading the nodes ourselves lets every copy be counted and every refusal point at the alias or node
 * that caused it.
 */
import type { Alias, CST, Document, Node as YamlNode } from 'yaml';
import { yamlLib } from '../vendor';
import { ConfigParseError, errorAt, LineIndex } from './errors';
import { parseHocon } from './hocon';
import { MAX_DEPTH, setOwn } from './hocon-parser';
import type { ConfigObject, ConfigValue, ParseOptions, VaultFormat } from './types';

/** Values that copies of anchors (`*name`) may add to a vault: a few reused blocks, never an alias bomb. */
export const YAML_ALIAS_BUDGET = 20_000;
/**
 * The CST parser keeps the document, the open collections and at most a scalar on its stack; past this it is
 * certainly deeper than MAX_DEPTH (the exact limit is checked while reading the nodes). Checked before the
 * library composes the document, whose time grows with the square of the nesting.
 */
const CST_STACK_LIMIT = MAX_DEPTH + 8;

/** Scalars as JSON-like values (the SDK sees YAML vaults converted to JSON). */
function scalarValue(v: unknown): ConfigValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

export interface YamlParsed {
  value: ConfigValue | undefined;
  /** Dotted-path (segments joined by \u0000) → 1-based line of the key. */
  lines: Map<string, number>;
}

/** One document, composed by `yaml` after a nesting check on its CST parser's stack. */
function composeDocument(text: string, filename: string | undefined): Document.Parsed {
  const { Composer, Lexer, Parser } = yamlLib();
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    const at = parser.offset;
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > CST_STACK_LIMIT) throw errorAt(text, at, `YAML: nesting deeper than ${MAX_DEPTH} levels`, filename);
  }
  for (const token of parser.end()) tokens.push(token);
  let doc: Document.Parsed | undefined;
  for (const d of new Composer({ uniqueKeys: true }).compose(tokens, true, text.length)) {
    if (doc) throw errorAt(text, d.range[0], 'YAML: a second document (after ---); a vault holds one document', filename);
    doc = d;
  }
  return doc!;
}

class YamlReader {
  private readonly y = yamlLib();
  /** Each alias's anchor: the last node with that anchor before it, in document order (YAML 1.2). */
  private readonly anchorOf = new Map<Alias, YamlNode>();
  /** Anchored nodes being copied right now (an alias inside its own anchor would never end). */
  private readonly copying = new Set<YamlNode>();
  private copied = 0;
  /** The outermost alias being copied: where a budget overrun is reported. */
  private aliasAt = -1;
  private lineIndex: LineIndex | undefined;

  constructor(private readonly text: string, private readonly filename: string | undefined, private readonly lines: Map<string, number> | undefined, doc: Document.Parsed) {
    const latest = new Map<string, YamlNode>();
    this.y.visit(doc, {
      Node: (_key, node) => {
        if (this.y.isAlias(node)) {
          const target = latest.get(node.source);
          if (target) this.anchorOf.set(node, target);
        } else if (node.anchor) latest.set(node.anchor, node);
      },
    });
  }

  private fail(offset: number, reason: string): ConfigParseError {
    return errorAt(this.text, offset, `YAML: ${reason}`, this.filename);
  }

  /** `path` is the key path for line tracking; null inside lists and copies of anchors. */
  read(node: unknown, path: string[] | null, depth: number): ConfigValue {
    if (node === null || node === undefined) return null;
    if (this.aliasAt >= 0 && ++this.copied > YAML_ALIAS_BUDGET) {
      throw this.fail(this.aliasAt, `aliases copy more than ${YAML_ALIAS_BUDGET} values (an alias bomb?); reuse fewer or smaller anchors`);
    }
    if (this.y.isAlias(node)) return this.readAlias(node, depth);
    if (this.y.isScalar(node)) return scalarValue(node.value);
    const at = (node as YamlNode).range?.[0] ?? 0;
    if (this.y.isMap(node)) {
      if (depth > MAX_DEPTH) throw this.fail(at, `nesting deeper than ${MAX_DEPTH} levels`);
      const o: ConfigObject = {};
      for (const item of node.items) {
        if (!this.y.isPair(item)) continue;
        const key = this.keyText(item.key);
        const p = path === null ? null : path.concat(key);
        const keyNode = item.key as YamlNode | null;
        if (p !== null && this.lines && keyNode?.range) {
          this.lineIndex ??= new LineIndex(this.text);
          this.lines.set(p.join('\u0000'), this.lineIndex.lineOf(keyNode.range[0]));
        }
        setOwn(o, key, this.read(item.value, p, depth + 1));
      }
      return o;
    }
    if (this.y.isSeq(node)) {
      if (depth > MAX_DEPTH) throw this.fail(at, `nesting deeper than ${MAX_DEPTH} levels`);
      return node.items.map((item) => this.read(item, null, depth + 1));
    }
    return scalarValue(node);
  }

  private readAlias(node: Alias, depth: number): ConfigValue {
    const at = node.range?.[0] ?? 0;
    const target = this.anchorOf.get(node);
    if (!target) throw this.fail(at, `alias *${node.source} has no anchor &${node.source} before it`);
    if (this.copying.has(target)) throw this.fail(at, `alias *${node.source} is inside its own anchor &${node.source} (a value cannot contain itself)`);
    const outermost = this.aliasAt < 0;
    if (outermost) this.aliasAt = at;
    this.copying.add(target);
    const v = this.read(target, null, depth);
    this.copying.delete(target);
    if (outermost) this.aliasAt = -1;
    return v;
  }

  /** Keys as `toJS()` writes them into a plain object: null is '', collections their YAML text. */
  private keyText(key: unknown): string {
    const k = this.y.isAlias(key) ? this.anchorOf.get(key) : key;
    if (k === null || k === undefined) return '';
    if (this.y.isScalar(k)) return k.value === null || k.value === undefined ? '' : String(k.value);
    return String(k);
  }
}

/** Parses YAML 1.2; every refusal is a ConfigParseError at the position of its cause. */
export function parseYamlValue(text: string, filename?: string, withLines = false): YamlParsed {
  const doc = composeDocument(text, filename);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const reason = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw errorAt(text, e.pos[0], `YAML: ${reason}`, filename);
  }
  const lines = new Map<string, number>();
  if (doc.contents === null) return { value: undefined, lines };
  const value = new YamlReader(text, filename, withLines ? lines : undefined, doc).read(doc.contents, [], 0);
  return { value, lines };
}

export function parseVault(text: string, format: VaultFormat, options: ParseOptions = {}): ConfigObject {
  if (format !== 'yaml') return parseHocon(text, options);
  const { value } = parseYamlValue(text, options.filename);
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigParseError(`the YAML document is ${Array.isArray(value) ? 'a list' : 'a scalar'}; a vault must be a mapping`, 1, 1, options.filename);
  }
  return value;
}
