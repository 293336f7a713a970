/**
 * The merged-configuration preview: which configuration the SDK really uses with this vault at its place among
 * the server's vaults, key by key, and everything that would make the SDK or the agent ignore part or all of it.
 * Pure: text in, serialisable model out.
 *
 * buildPreview is the reference: one config-engine mergeVaults over every layer. The editor runs the incremental
 * path (incremental.ts / allView.ts: only the edited vault is parsed per change); the unit and property tests
 * check that both produce the same rows.
 */
import { ConfigParseError, mergeVaults, parseHocon, parseVault, vaultTextProblem, type ConfigObject, type ConfigValue, type Env, type MergeResult, type ProvenanceEntry, type VaultInput, type VaultOutcome, type VaultStatus } from '../config';
import type { Layer, PreviewCounts, PreviewModel, PreviewRow, PreviewWarning, Problem, VaultFormatName } from '../protocol/vault';
import { displayValue } from './mask';
import { displayPath, findPlaintextSecrets } from './secrets';
import { isObject, PATH_SEP as SEP } from './tree-utils';

export { displayPath, findPlaintextSecrets };

export interface OtherVault {
  name: string;
  text: string;
  format: VaultFormatName;
  enabled: boolean;
}

/** Everything around the edited vault; changes rarely (loaded once per editor, refreshed on demand). */
export interface PreviewContext {
  base: { text: string; /** Path shown to the user; '' when no clearml.conf was found. */ file: string };
  /** The server's other config vaults in server order (disabled ones included; they are listed, not merged). */
  others: OtherVault[];
  /** Index in `others` before which this vault sits; `others.length` = last. */
  position: number;
  env: Env;
}

export interface ThisVault {
  name: string;
  text: string;
  format: VaultFormatName;
  /** Server vaults: the enabled flag. Local files: undefined. */
  enabled?: boolean;
}

export interface PreviewResult {
  status: VaultStatus;
  problems: Problem[];
  /** Undefined when the vault text does not parse (the caller keeps the last good model). */
  model?: PreviewModel;
  /** Plaintext secrets of this vault (Problems panel information, save warning). */
  secrets: { path: string; line: number }[];
}

export const EMPTY_CONTEXT: PreviewContext = { base: { text: '', file: '' }, others: [], position: 0, env: {} };

/** Keys the SDK knows at the top level; anything else in a vault is most likely a missing `sdk { }` wrapper. */
const KNOWN_ROOTS = new Set(['api', 'sdk', 'agent', 'environment', 'files', 'logging', 'env']);

export const MAX_ROWS = 10_000;


interface Layered {
  inputs: VaultInput[];
  thisIndex: number;
  /** Display name of each input. */
  display: string[];
  /** Per input: index into ctx.others, or -1 for this vault. */
  origin: number[];
}

function layer(ctx: PreviewContext, self: ThisVault, upTo?: 'through-this' | 'before-this'): Layered {
  const inputs: VaultInput[] = [];
  const display: string[] = [];
  const origin: number[] = [];
  const used = new Set<string>();
  const unique = (name: string) => {
    let n = name || 'vault';
    for (let i = 2; used.has(n); i++) n = `${name} (${i})`;
    used.add(n);
    return n;
  };
  let thisIndex = -1;
  const pushThis = () => {
    if (upTo === 'before-this') return;
    thisIndex = inputs.length;
    inputs.push({ name: unique(self.name), format: self.format, text: self.text });
    display.push(self.name);
    origin.push(-1);
  };
  ctx.others.forEach((o, i) => {
    if (i === ctx.position) pushThis();
    if (!o.enabled) return;
    if (upTo && i >= ctx.position) return;
    inputs.push({ name: unique(o.name), format: o.format, text: o.text });
    display.push(o.name);
    origin.push(i);
  });
  if (ctx.position >= ctx.others.length) pushThis();
  return { inputs, thisIndex, display, origin };
}

function problemOf(e: ConfigParseError, severity: Problem['severity'] = 'error'): Problem {
  return { message: e.reason, line: Math.max(1, e.line), column: Math.max(1, e.column), severity };
}

/** Parse error of the base file makes every merge throw; the SDK would crash on it, the preview continues without it. */
function mergeWithBase(ctx: PreviewContext, inputs: VaultInput[]): { result: MergeResult; baseError?: ConfigParseError } {
  try {
    return { result: mergeVaults(ctx.base.text, inputs, { env: ctx.env, baseFilename: ctx.base.file || 'clearml.conf' }) };
  } catch (e) {
    if (!(e instanceof ConfigParseError)) throw e;
    return { result: mergeVaults('', inputs, { env: ctx.env }), baseError: e };
  }
}

const pathKey = (segments: readonly string[]) => segments.join(SEP);

const basename = (p: string) => p.replace(/^.*[\\/]/, '');

/** First path where two parsed trees differ, or undefined when equal. */
export function firstDifference(a: ConfigValue, b: ConfigValue, path: string[] = []): string[] | undefined {
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (!(k in a) || !(k in b)) return [...path, k];
      const d = firstDifference(a[k], b[k], [...path, k]);
      if (d) return d;
    }
    return undefined;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return path;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], [...path, String(i)]);
      if (d) return d;
    }
    return undefined;
  }
  return a === b ? undefined : path;
}

/** What the SDK makes of YAML text: it ignores `format` and parses with its HOCON parser. */
export function yamlAsHoconWarning(text: string, _parsedAsYaml: ConfigObject | undefined, env: Env): PreviewWarning {
  return formatAsHoconWarning(text, 'yaml', env) ?? { level: 'warning', code: 'yaml-format', message: `${AS_HOCON} this YAML happens to read the same as HOCON; HOCON or JSON is still the safer format.` };
}

const AS_HOCON = 'SDKs read this vault as HOCON:';
const FORMAT_LABEL: Record<VaultFormatName, string> = { hocon: 'HOCON', json: 'JSON', yaml: 'YAML' };

/**
 * Session._read_vaults (clearml/backend_api/session/session.py) parses every vault with ConfigFactory.parse_string,
 * whatever its declared format. The trap: a YAML (or JSON) vault that does not read the same as HOCON is skipped or
 * read as other values. Undefined for HOCON, and for JSON that reads the same (JSON is HOCON).
 */
export function formatAsHoconWarning(text: string, format: VaultFormatName, env: Env): PreviewWarning | undefined {
  if (format === 'hocon' || text.trim() === '') return undefined;
  const label = FORMAT_LABEL[format];
  const convert = `Convert it to HOCON (the format menu of the vault editor, or "ClearML: Convert Vault Format") to keep its ${label} values.`;
  let asHocon: ConfigObject;
  try {
    asHocon = parseHocon(text, { env, filename: 'vault' });
  } catch (e) {
    if (!(e instanceof ConfigParseError)) throw e;
    return { level: 'error', code: 'yaml-format', line: e.line, message: `${AS_HOCON} this ${label} is not valid HOCON (line ${e.line}, column ${e.column}: ${e.reason}), so the SDK and the agent skip the whole vault. ${convert}` };
  }
  // what the text means in its own format: JSON as JSON.parse reads it (the config engine reads JSON as HOCON)
  const own = format === 'json' ? strictJson(text) : parseQuietly(text, format, env);
  if (!own) return { level: 'warning', code: 'yaml-format', message: `${AS_HOCON} the text is not valid ${label}, but it parses as HOCON and the SDK uses the values the preview shows.` };
  const diff = firstDifference(own, asHocon);
  if (diff) {
    return { level: 'error', code: 'yaml-format', line: 1, message: `${AS_HOCON} read that way this ${label} gives other values (first at ${displayPath(diff) || 'the root'}); the preview shows what the SDK and the agent use. ${convert}` };
  }
  return format === 'yaml' ? { level: 'warning', code: 'yaml-format', message: `${AS_HOCON} this YAML happens to read the same as HOCON; HOCON or JSON is still the safer format.` } : undefined;
}

function skipReason(o: VaultOutcome): string {
  switch (o.status) {
    case 'parse-error': return o.error ? `parse error at line ${o.error.line}, column ${o.error.column}: ${o.error.reason}` : 'parse error';
    case 'not-an-object': return 'its text is not an object';
    case 'empty': return 'it is empty';
    default: return '';
  }
}

/** Parses the vault alone the way the SDK does: status, problems and secrets (used before saving and pushing). */
export function checkVault(text: string, format: VaultFormatName, env: Env): { status: VaultStatus; problems: Problem[]; secrets: { path: string; line: number }[]; yamlWarning?: PreviewWarning } {
  const r = mergeVaults('', [{ name: 'vault', format, text }], { env });
  const outcome = r.vaults[0];
  const problems = outcome.error ? [problemOf(outcome.error)] : [];
  const secrets = outcome.status === 'applied' ? findPlaintextSecrets(r.config, text, linesOf(r)) : [];
  const yamlWarning = formatAsHoconWarning(text, format, env);
  return { status: outcome.status, problems, secrets, yamlWarning };
}

/**
 * Builds the preview. `self.text` is merged at its position; the result lists every leaf of the effective
 * configuration with the layer that set it.
 */
export function buildPreview(ctx: PreviewContext, self: ThisVault, options: { previousSource?: (segments: string[]) => string | undefined } = {}): PreviewResult {
  const all = layer(ctx, self);
  const { result: merged, baseError } = mergeWithBase(ctx, all.inputs);
  const outcome = merged.vaults[all.thisIndex];
  const status = outcome.status;
  if (status === 'parse-error') {
    // a YAML / JSON vault that is not HOCON: say why the SDK skips it in its terms, not HOCON's
    const sdkView = outcome.error && !vaultTextProblem(self.text, self.name) ? formatAsHoconWarning(self.text, self.format, ctx.env) : undefined;
    const problem = outcome.error ? { ...problemOf(outcome.error), ...(sdkView ? { message: sdkView.message } : {}) } : { message: 'parse error', line: 1, column: 1, severity: 'error' as const };
    return { status, secrets: [], problems: [problem] };
  }
  const thisName = all.inputs[all.thisIndex].name;
  const hasLater = all.inputs.length > all.thisIndex + 1;

  // The keys this vault sets (and how) before later vaults get their turn.
  let own: MergeResult = merged;
  if (hasLater) own = mergeWithBase(ctx, all.inputs.slice(0, all.thisIndex + 1)).result;
  const ownEntries = new Map<string, ProvenanceEntry>();
  for (const e of own.provenance.values()) if (e.source === thisName) ownEntries.set(pathKey(e.segments), e);

  const byPath = new Map<string, ProvenanceEntry>();
  for (const e of merged.provenance.values()) byPath.set(pathKey(e.segments), e);

  const displayOf = new Map(all.inputs.map((inp, i) => [inp.name, all.display[i]]));
  const baseLabel = ctx.base.file ? basename(ctx.base.file) : 'clearml.conf';

  const rows: PreviewRow[] = [];
  const counts: PreviewCounts = { added: 0, overridden: 0, unchanged: 0, shadowed: 0, agentProtected: 0, leaves: 0 };
  const protectedKeys: string[] = [];
  let truncated = 0;

  const emitLeaf = (segments: string[], value: ConfigValue) => {
    counts.leaves++;
    const key = pathKey(segments);
    const entry = byPath.get(key);
    const mine = ownEntries.get(key);
    const name = segments[segments.length - 1];
    const shown = displayValue(value, segments);
    const row: PreviewRow = {
      path: displayPath(segments),
      key: name,
      depth: segments.length - 1,
      kind: 'leaf',
      value: shown.text,
      agentProtected: false,
      masked: shown.masked,
      touched: !!mine,
    };
    if (entry) {
      row.mark = entry.change;
      const isThis = entry.source === thisName;
      row.sourceKind = entry.source === 'base' ? 'base' : isThis ? 'this' : 'other';
      const label = entry.source === 'base' ? baseLabel : displayOf.get(entry.source) ?? entry.source;
      row.source = entry.line ? `${label}:${entry.line}` : label;
      if (isThis && entry.line) row.line = entry.line;
      if (entry.change === 'overridden' && entry.previous !== undefined) {
        row.previous = displayValue(entry.previous, segments).text;
        // Where the replaced value came from is known for this vault's keys (the layers before it are prepared).
        const from = isThis ? options.previousSource?.(segments) : undefined;
        if (from) row.previousSource = from;
      }
      if (entry.agentProtected && entry.source !== 'base') { row.agentProtected = true; counts.agentProtected++; protectedKeys.push(row.path); }
    }
    if (mine) {
      if (!entry || entry.source !== thisName) {
        counts.shadowed++;
        row.shadowedBy = entry ? (entry.source === 'base' ? baseLabel : displayOf.get(entry.source) ?? entry.source) : 'a later vault';
        if (mine.line) row.line = mine.line;
      } else if (mine.change === 'added') counts.added++;
      else if (mine.change === 'overridden') counts.overridden++;
      else if (mine.change === 'unchanged') counts.unchanged++;
    }
    if (rows.length < MAX_ROWS) rows.push(row); else truncated++;
  };

  const walk = (obj: ConfigObject, segments: string[]): boolean => {
    let touched = false;
    for (const [k, v] of Object.entries(obj)) {
      const seg = [...segments, k];
      if (isObject(v) && Object.keys(v).length > 0) {
        const at = rows.length;
        if (rows.length < MAX_ROWS) rows.push({ path: displayPath(seg), key: k, depth: segments.length, kind: 'object', agentProtected: false, masked: false, touched: false });
        const sub = walk(v, seg);
        if (sub && at < MAX_ROWS) rows[at].touched = true;
        touched ||= sub;
      } else {
        emitLeaf(seg, v);
        touched ||= ownEntries.has(pathKey(seg));
      }
    }
    return touched;
  };
  walk(merged.config, []);

  const warnings: PreviewWarning[] = [];
  if (status === 'empty') warnings.push({ level: 'error', code: 'sdk-skips', message: 'The SDK and the agent skip this vault: it is empty (no keys).' });
  if (status === 'not-an-object') warnings.push({ level: 'error', code: 'sdk-skips', message: 'The SDK and the agent skip this vault: its text is not an object (write keys such as sdk { ... } at the top level).' });
  const asHocon = formatAsHoconWarning(self.text, self.format, ctx.env);
  if (asHocon) warnings.push(asHocon);
  if (self.enabled === false) warnings.push({ level: 'warning', code: 'disabled', message: 'This vault is disabled: the SDK does not load it. The preview shows what it would do once enabled.' });
  if (baseError) warnings.push({ level: 'error', code: 'base-error', message: `${ctx.base.file || 'clearml.conf'}:${baseError.line}:${baseError.column}: ${baseError.reason}. The SDK fails on this file; the preview leaves it out.` });
  if (!ctx.base.file) warnings.push({ level: 'info', code: 'no-base', message: 'No clearml.conf found (CLEARML_CONFIG_FILE, ~/clearml.conf): the preview starts from an empty configuration.' });

  const layers: Layer[] = [{ name: ctx.base.file ? baseLabel : 'clearml.conf (none)', kind: 'base', status: ctx.base.file && !baseError ? 'applied' : 'missing', detail: ctx.base.file || undefined }];
  let mergedIndex = 0;
  ctx.others.forEach((o, i) => {
    if (i === ctx.position) { layers.push({ name: self.name, kind: 'this', status: self.enabled === false ? 'disabled' : status }); mergedIndex++; }
    if (!o.enabled) { layers.push({ name: o.name, kind: 'other', status: 'disabled' }); return; }
    const oc = merged.vaults[mergedIndex++];
    layers.push({ name: o.name, kind: 'other', status: oc.status, detail: oc.status === 'applied' ? undefined : skipReason(oc) });
    if (oc.status !== 'applied') warnings.push({ level: 'warning', code: 'other-skipped', message: `The SDK skips the vault "${o.name}": ${skipReason(oc)}.` });
  });
  if (ctx.position >= ctx.others.length) layers.push({ name: self.name, kind: 'this', status: self.enabled === false ? 'disabled' : status });

  if (protectedKeys.length) {
    warnings.push({ level: 'warning', code: 'agent-protected', message: `The agent ignores vault values for ${protectedKeys.slice(0, 6).join(', ')}${protectedKeys.length > 6 ? ', …' : ''} and keeps its local clearml.conf values.` });
  }
  const unknownRoots = Object.keys(ownTree(own, thisName) ?? {}).filter((k) => !KNOWN_ROOTS.has(k));
  if (unknownRoots.length) {
    warnings.push({ level: 'warning', code: 'unknown-root', message: `Top-level key${unknownRoots.length > 1 ? 's' : ''} ${unknownRoots.slice(0, 5).join(', ')} ${unknownRoots.length > 1 ? 'are' : 'is'} not a ClearML section: vault paths start at the configuration root (sdk { ... }, api { ... }, agent { ... }).` });
  }
  const secrets = status === 'applied' ? findPlaintextSecrets(ownTree(own, thisName) ?? {}, self.text, ownLines(own, thisName)) : [];
  {
    if (secrets.length) {
      warnings.push({ level: 'info', code: 'secrets', line: secrets[0].line, message: `Plaintext secret${secrets.length > 1 ? 's' : ''} in this vault: ${secrets.slice(0, 4).map((s) => `${s.path} (line ${s.line})`).join(', ')}${secrets.length > 4 ? ', …' : ''}. Everyone who can read the vault sees them; consider \${ENV_VAR} references.` });
    }
  }

  const problems: Problem[] = [];
  if (self.format !== 'hocon') {
    const y = warnings.find((w) => w.code === 'yaml-format' && w.level === 'error' && w.line);
    if (y?.line) problems.push({ message: y.message, line: y.line, column: 1, severity: 'warning' });
  }
  return {
    status,
    problems,
    secrets,
    model: { baseFile: ctx.base.file, layers, warnings, counts, rows, truncated: truncated || undefined, view: 'all' },
  };
}

/** segments joined by U+0000 → line, for the leaves `source` set. */
export function linesOf(r: MergeResult, source?: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of r.provenance.values()) if (e.line && (source === undefined || e.source === source)) m.set(e.segments.join(SEP), e.line);
  return m;
}

const ownLines = (own: MergeResult, thisName: string) => linesOf(own, thisName);

/** This vault's own tree: the values it set, rebuilt from provenance (no second parse). */
function ownTree(own: MergeResult, thisName: string): ConfigObject | undefined {
  const tree: ConfigObject = {};
  let any = false;
  for (const e of own.provenance.values()) {
    if (e.source !== thisName) continue;
    let node: ConfigObject = tree;
    for (let i = 0; i < e.segments.length - 1; i++) {
      const s = e.segments[i];
      if (!isObject(node[s])) node[s] = {};
      node = node[s] as ConfigObject;
    }
    let v: ConfigValue = own.config;
    for (const s of e.segments) v = isObject(v) ? v[s] : (null as ConfigValue);
    node[e.segments[e.segments.length - 1]] = v;
    any = true;
  }
  return any ? tree : undefined;
}

function strictJson(text: string): ConfigObject | undefined {
  try {
    const v = JSON.parse(text) as ConfigValue;
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function parseQuietly(text: string, format: VaultFormatName, env: Env): ConfigObject | undefined {
  try {
    return parseVault(text, format, { env });
  } catch {
    return undefined;
  }
}
