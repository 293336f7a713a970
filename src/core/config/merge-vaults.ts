/**
 * The effective configuration as the SDK builds it: clearml.conf parsed and resolved alone, then each vault
 * parsed and resolved alone and merged in order with pyhocon merge_configs (objects merge, the rest replaces).
 * Vaults the SDK would silently skip get a status saying why; every leaf gets its provenance.
 */
import { asParseError, ConfigParseError, LineIndex } from './errors';
import { parseHoconValue } from './hocon';
import { getOwn, isPlainObject, setOwn } from './hocon-parser';
import { hoconKey } from './serialize';
import { parseYamlValue } from './vault';
import type { ConfigObject, ConfigValue, MergeOptions, MergeResult, ProvenanceEntry, VaultInput, VaultOutcome } from './types';

/** Keys clearml-agent restores from the local file after applying vaults (worker.py _apply_extra_configuration). */
const AGENT_PROTECTED = new Set(['cuda_version', 'cudnn_version', 'default_python', 'worker_id', 'worker_name', 'debug']);

export function isAgentProtected(segs: string[]): boolean {
  return segs.length >= 2 && segs[0] === 'agent' && AGENT_PROTECTED.has(segs[1]);
}

const SEP = '\u0000';

const keyText = new Map<string, string>();
/** hoconKey with a cache: the same few hundred keys come back for every leaf. */
function fmtKey(k: string): string {
  let f = keyText.get(k);
  if (f === undefined) {
    f = hoconKey(k);
    if (keyText.size < 10000) keyText.set(k, f);
  }
  return f;
}

export function formatPath(segs: string[]): string {
  let out = '';
  for (let i = 0; i < segs.length; i++) out += (i === 0 ? '' : '.') + fmtKey(segs[i]);
  return out;
}

const join = (prefix: string, k: string) => (prefix === '' ? fmtKey(k) : prefix + '.' + fmtKey(k));

interface Layer {
  value: ConfigValue | undefined;
  /** Formatted path → 1-based line of its last assignment. */
  lines: Map<string, number>;
}

/** Parses one layer alone, recording the line of the last assignment of every path. Throws only ConfigParseError. */
function parseLayer(text: string, format: 'hocon' | 'json' | 'yaml', options: MergeOptions, filename: string): Layer {
  try {
    return readLayer(text, format, options, filename);
  } catch (e) {
    throw asParseError(e, filename);
  }
}

function readLayer(text: string, format: 'hocon' | 'json' | 'yaml', options: MergeOptions, filename: string): Layer {
  if (format === 'yaml') {
    const y = parseYamlValue(text, filename, true);
    const lines = new Map<string, number>();
    for (const [k, line] of y.lines) lines.set(formatPath(k.split(SEP)), line);
    return { value: y.value, lines };
  }
  const lines = new Map<string, number>();
  let idx: LineIndex | undefined;
  const value = parseHoconValue(text, {
    ...options,
    filename,
    trace: {
      onAssign(a) {
        idx ??= new LineIndex(text);
        lines.set(formatPath(a.path), idx.lineOf(a.keyStart));
      },
    },
  });
  return { value, lines };
}

type LeafVisitor = (segs: string[], path: string, line: number | undefined, v: ConfigValue) => void;

/** Visits leaves (scalars, arrays, empty objects) with their formatted path and nearest known line. */
function walkLeaves(v: ConfigValue, segs: string[], path: string, line: number | undefined, lines: Map<string, number> | undefined, visit: LeafVisitor): void {
  const own = lines?.get(path) ?? line;
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length > 0) {
      for (const k of keys) walkLeaves((v as ConfigObject)[k], segs.concat(k), join(path, k), own, lines, visit);
      return;
    }
  }
  visit(segs, path, own, v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/**
 * Why the SDK cannot parse a vault's text before any syntax: Session._read_vaults hands the text to pyhocon's
 * ConfigFactory.parse_string, which stops at a leading byte-order mark ("Expected end of text, found '\ufeff'"), and
 * the vault is skipped with a warning.
 */
export function vaultTextProblem(text: string, name: string): ConfigParseError | undefined {
  if (text.startsWith('\uFEFF')) return new ConfigParseError("the text starts with a byte-order mark (U+FEFF): the SDK's HOCON parser stops at it and skips the vault. Remove the mark", 1, 1, name);
  return undefined;
}

function classify(v: VaultInput, options: MergeOptions): { outcome: VaultOutcome; layer?: Layer } {
  if (v.text.trim() === '') return { outcome: { name: v.name, status: 'empty' } };
  const unreadable = vaultTextProblem(v.text, v.name);
  if (unreadable) return { outcome: { name: v.name, status: 'parse-error', error: unreadable } };
  let layer: Layer;
  try {
    // clearml/backend_api/session/session.py Session._read_vaults: ConfigFactory.parse_string(vault['data']) for
    // every vault, whatever its declared format: YAML and JSON text is read as HOCON
    layer = parseLayer(v.text, 'hocon', options, v.name);
  } catch (e) {
    return { outcome: { name: v.name, status: 'parse-error', error: asParseError(e, v.name) } };
  }
  if (layer.value === undefined || layer.value === null) return { outcome: { name: v.name, status: 'empty' } };
  if (!isPlainObject(layer.value)) return { outcome: { name: v.name, status: 'not-an-object' } };
  if (Object.keys(layer.value).length === 0) return { outcome: { name: v.name, status: 'empty' } };
  return { outcome: { name: v.name, status: 'applied' }, layer };
}

export function mergeVaults(baseText: string, vaults: VaultInput[], options: MergeOptions = {}): MergeResult {
  const baseName = options.baseFilename ?? options.filename ?? 'clearml.conf';
  const base = parseLayer(baseText, 'hocon', options, baseName);
  if (!isPlainObject(base.value)) throw new ConfigParseError('clearml.conf is an array; a configuration must be an object', 1, 1, baseName);
  const config = base.value as ConfigObject;
  const provenance = new Map<string, ProvenanceEntry>();
  for (const k of Object.keys(config)) {
    walkLeaves(config[k], [k], fmtKey(k), undefined, base.lines, (segs, path, line) => {
      const e: ProvenanceEntry = { path, segments: segs, source: 'base', change: 'base', agentProtected: isAgentProtected(segs) };
      if (line !== undefined) e.line = line;
      provenance.set(path, e);
    });
  }
  const outcomes: VaultOutcome[] = [];
  for (const v of vaults) {
    const { outcome, layer } = classify(v, options);
    outcomes.push(outcome);
    if (layer) mergeLayer(config, layer.value as ConfigObject, [], '', undefined, v.name, layer.lines, provenance);
  }
  return { config, vaults: outcomes, provenance };
}

/**
 * Where a merged dotted path was set, for messages: "clearml.conf:42" or 'vault "Personal vault":7' (the base file
 * is named `baseLabel`); undefined when no layer set it.
 */
export function sourceLabel(merged: MergeResult | undefined, path: string, baseLabel: string | undefined): string | undefined {
  const e = merged?.provenance.get(path);
  if (!e) return undefined;
  const label = e.source === 'base' ? baseLabel : e.source;
  return label && e.line ? `${label}:${e.line}` : label;
}

function mergeLayer(a: ConfigObject, b: ConfigObject, prefix: string[], prefixPath: string, prefixLine: number | undefined, source: string, lines: Map<string, number>, prov: Map<string, ProvenanceEntry>): void {
  for (const k of Object.keys(b)) {
    const segs = prefix.concat(k);
    const path = join(prefixPath, k);
    const line = lines.get(path) ?? prefixLine;
    const av = getOwn(a, k) as ConfigValue | undefined;
    const bv = b[k];
    if (isPlainObject(av) && isPlainObject(bv)) {
      // an empty object over an empty object leaf: the leaf stays, now also set by this vault
      if (Object.keys(bv).length === 0) {
        if (Object.keys(av).length === 0) setLeaf(prov, segs, path, source, line, 'unchanged', undefined);
        continue;
      }
      if (Object.keys(av).length === 0) prov.delete(path);
      mergeLayer(av as ConfigObject, bv as ConfigObject, segs, path, line, source, lines, prov);
      continue;
    }
    if (av !== undefined) walkLeaves(av, segs, path, undefined, undefined, (_s, p) => prov.delete(p));
    setOwn(a, k, bv);
    walkLeaves(bv, segs, path, prefixLine, lines, (s, p, l, leaf) => {
      if (av === undefined) setLeaf(prov, s, p, source, l, 'added', undefined);
      else if (s.length === segs.length) setLeaf(prov, s, p, source, l, deepEqual(av, leaf) ? 'unchanged' : 'overridden', av);
      else setLeaf(prov, s, p, source, l, 'overridden', av);
    });
  }
}

function setLeaf(prov: Map<string, ProvenanceEntry>, segs: string[], path: string, source: string, line: number | undefined, change: ProvenanceEntry['change'], previous: ConfigValue | undefined): void {
  const e: ProvenanceEntry = { path, segments: segs, source, change, agentProtected: isAgentProtected(segs) };
  if (line !== undefined) e.line = line;
  if (change === 'overridden') e.previous = previous;
  prov.set(path, e);
}
