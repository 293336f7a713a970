/** Vault texts: HOCON and JSON through the HOCON parser (as the SDK does), YAML through `yaml` with its positions. */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { ConfigParseError, errorAt, LineIndex } from './errors';
import { parseHocon } from './hocon';
import { isPlainObject, setOwn } from './hocon-parser';
import type { ConfigObject, ConfigValue, ParseOptions, VaultFormat } from './types';

/** Keeps only JSON-like values (the SDK sees YAML vaults converted to JSON). */
function toConfigValue(v: unknown): ConfigValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(toConfigValue);
  if (v instanceof Map) {
    const o: ConfigObject = {};
    for (const [k, val] of v) setOwn(o, String(k), toConfigValue(val));
    return o;
  }
  if (typeof v === 'object') {
    const o: ConfigObject = {};
    for (const k of Object.keys(v)) setOwn(o, k, toConfigValue((v as Record<string, unknown>)[k]));
    return o;
  }
  return String(v);
}

export interface YamlParsed {
  value: ConfigValue | undefined;
  /** Dotted-path (segments joined by \u0000) → 1-based line of the key. */
  lines: Map<string, number>;
}

/** Parses YAML 1.2; errors become ConfigParseError at the position `yaml` reports. */
export function parseYamlValue(text: string, filename?: string, withLines = false): YamlParsed {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const reason = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw errorAt(text, e.pos[0], `YAML: ${reason}`, filename);
  }
  const lines = new Map<string, number>();
  if (withLines && doc.contents) {
    const idx = new LineIndex(text);
    const walk = (node: unknown, path: string[]): void => {
      if (isMap(node)) {
        for (const item of node.items) {
          if (!isPair(item)) continue;
          const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
          const p = path.concat(key);
          const keyNode = item.key as YamlNode | null;
          if (keyNode?.range) lines.set(p.join('\u0000'), idx.lineOf(keyNode.range[0]));
          walk(item.value, p);
        }
      } else if (isSeq(node)) {
        // arrays are leaves for provenance
      }
    };
    walk(doc.contents, []);
  }
  const js = doc.contents === null ? undefined : doc.toJS({ maxAliasCount: 1000 });
  return { value: js === undefined ? undefined : toConfigValue(js), lines };
}

export function parseVault(text: string, format: VaultFormat, options: ParseOptions = {}): ConfigObject {
  if (format !== 'yaml') return parseHocon(text, options);
  const { value } = parseYamlValue(text, options.filename);
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) {
    throw new ConfigParseError(`the YAML document is ${Array.isArray(value) ? 'a list' : 'a scalar'}; a vault must be a mapping`, 1, 1, options.filename);
  }
  return value as ConfigObject;
}
