/**
 * The per-keystroke preview. Everything around the edited vault (clearml.conf, the server's other vaults) is
 * parsed and merged once per context (`prepareContext`); each change then parses only this vault and merges its
 * keys onto the prepared state with the SDK's rule (pyhocon merge_configs: objects merge, anything else replaces).
 * This view lists the keys the vault sets; the whole effective configuration ("all keys") comes from the full
 * merge in model.ts, which the unit tests also use to check that both agree.
 */
import { asParseError, ConfigParseError, isAgentProtected, mergeVaults, parseVault, vaultTextProblem, type ConfigObject, type ConfigValue, type MergeResult, type VaultStatus } from '../config';
import type { Layer, PreviewCounts, PreviewRow, PreviewWarning, Problem } from '../protocol/vault';
import { displayValue } from './mask';
import { findPlaintextSecrets } from './secrets';
import { buildAllRows, type LeafEntry } from './allView';
import { deepEqual, hasKeys, isObject, lineFor, PATH_SEP as SEP } from './tree-utils';
import { MAX_ROWS, displayPath, linesOf, type PreviewContext, type PreviewResult, type ThisVault, formatAsHoconWarning } from './model';

/** Above this size the vault is parsed without line tracking (the engine's per-key trace costs ~10x the parse). */
export const LINE_TRACKING_LIMIT = 256 * 1024;
/** Rows sent for the "keys this vault sets" view. */
export const MAX_VAULT_ROWS = 5_000;
const MAX_SECRETS = 50;
const KNOWN_ROOTS = new Set(['api', 'sdk', 'agent', 'environment', 'files', 'logging', 'env']);

interface ParsedLayer {
  name: string;
  tree: ConfigObject;
  /** segments joined by SEP → 1-based line. */
  lines: Map<string, number>;
}

export interface PreparedContext {
  ctx: PreviewContext;
  /** Effective configuration before this vault (base + enabled earlier vaults). */
  before: ConfigObject;
  /** Where each leaf of `before` came from: display label with line. */
  beforeSource(segments: string[]): string | undefined;
  later: ParsedLayer[];
  /** Who set each leaf of `before` (for the "all keys" view). */
  beforeEntries: Map<string, LeafEntry>;
  layersBefore: Layer[];
  layersAfter: Layer[];
  warnings: PreviewWarning[];
  baseLabel: string;
}

const basename = (p: string) => p.replace(/^.*[\\/]/, '');

function skipReason(status: VaultStatus, error?: ConfigParseError): string {
  if (status === 'parse-error') return error ? `parse error at line ${error.line}, column ${error.column}: ${error.reason}` : 'parse error';
  return status === 'empty' ? 'it is empty' : 'its text is not an object';
}

/** Parses and merges everything except this vault. Call again when the context changes (not per keystroke). */
export function prepareContext(ctx: PreviewContext, selfName: string): PreparedContext {
  const baseLabel = ctx.base.file ? basename(ctx.base.file) : 'clearml.conf';
  const warnings: PreviewWarning[] = [];
  const earlierInputs = ctx.others.map((o, i) => ({ o, i })).filter(({ o, i }) => o.enabled && i < ctx.position);
  let before: MergeResult;
  let baseOk = !!ctx.base.file;
  try {
    before = mergeVaults(ctx.base.text, earlierInputs.map(({ o, i }) => ({ name: `#${i}`, format: o.format, text: o.text })), { env: ctx.env, baseFilename: ctx.base.file || 'clearml.conf' });
  } catch (e) {
    if (!(e instanceof ConfigParseError)) throw e;
    baseOk = false;
    warnings.push({ level: 'error', code: 'base-error', message: `${ctx.base.file || 'clearml.conf'}:${e.line}:${e.column}: ${e.reason}. The SDK fails on this file; the preview leaves it out.` });
    before = mergeVaults('', earlierInputs.map(({ o, i }) => ({ name: `#${i}`, format: o.format, text: o.text })), { env: ctx.env });
  }
  if (!ctx.base.file) warnings.push({ level: 'info', code: 'no-base', message: 'No clearml.conf found (CLEARML_CONFIG_FILE, ~/clearml.conf): the preview starts from an empty configuration.' });

  const statusOf = new Map<number, { status: VaultStatus; error?: ConfigParseError }>();
  earlierInputs.forEach(({ i }, k) => statusOf.set(i, before.vaults[k]));
  const later: ParsedLayer[] = [];
  ctx.others.forEach((o, i) => {
    if (!o.enabled || i < ctx.position) return;
    const r = mergeVaults('', [{ name: o.name, format: o.format, text: o.text }], { env: ctx.env });
    statusOf.set(i, r.vaults[0]);
    if (r.vaults[0].status === 'applied') later.push({ name: o.name, tree: r.config, lines: linesOf(r) });
  });

  const layersBefore: Layer[] = [{ name: ctx.base.file ? baseLabel : 'clearml.conf (none)', kind: 'base', status: baseOk ? 'applied' : 'missing', detail: ctx.base.file || undefined }];
  const layersAfter: Layer[] = [];
  ctx.others.forEach((o, i) => {
    const target = i < ctx.position ? layersBefore : layersAfter;
    if (!o.enabled) { target.push({ name: o.name, kind: 'other', status: 'disabled' }); return; }
    const s = statusOf.get(i)!;
    target.push({ name: o.name, kind: 'other', status: s.status, detail: s.status === 'applied' ? undefined : skipReason(s.status, s.error) });
    if (s.status !== 'applied') warnings.push({ level: 'warning', code: 'other-skipped', message: `The SDK skips the vault "${o.name}": ${skipReason(s.status, s.error)}.` });
  });

  const sourceByPath = new Map<string, { source: string; line?: number }>();
  for (const e of before.provenance.values()) sourceByPath.set(e.segments.join(SEP), { source: e.source, line: e.line });
  const nameOf = (source: string) => (source === 'base' ? baseLabel : ctx.others[Number(source.slice(1))]?.name ?? source);
  const beforeEntries = new Map<string, LeafEntry>();
  for (const e of before.provenance.values()) {
    const entry: LeafEntry = { segments: e.segments, label: nameOf(e.source), kind: e.source === 'base' ? 'base' : 'other', line: e.line, change: e.change };
    if (e.previous !== undefined) entry.previous = e.previous;
    beforeEntries.set(e.segments.join(SEP), entry);
  }
  void selfName;
  return {
    ctx,
    before: before.config,
    beforeSource(segments) {
      // The source of a leaf, or of the nearest ancestor leaf (a scalar this vault's object replaces).
      for (let n = segments.length; n > 0; n--) {
        const hit = sourceByPath.get(segments.slice(0, n).join(SEP));
        if (hit) return hit.line ? `${nameOf(hit.source)}:${hit.line}` : nameOf(hit.source);
      }
      return undefined;
    },
    later,
    beforeEntries,
    layersBefore,
    layersAfter,
    warnings,
    baseLabel,
  };
}

/** Value at `segments` in `tree`: { found, value } or the scalar that cuts the path short (`blockedBy`). */
function lookup(tree: ConfigObject, segments: string[]): { found: boolean; value?: ConfigValue; blocked?: ConfigValue } {
  let node: ConfigValue = tree;
  for (let i = 0; i < segments.length; i++) {
    if (!isObject(node)) return { found: false, blocked: node };
    if (!Object.prototype.hasOwnProperty.call(node, segments[i])) return { found: false };
    node = node[segments[i]];
  }
  return { found: true, value: node };
}

/** Does a later layer replace the value at `segments` (the leaf itself, a scalar prefix, or an object over our leaf)? */
function laterOverride(later: ParsedLayer[], segments: string[]): { layer: ParsedLayer; value: ConfigValue; line?: number } | undefined {
  let hit: { layer: ParsedLayer; value: ConfigValue; line?: number } | undefined;
  for (const layer of later) {
    let node: ConfigValue = layer.tree;
    for (let i = 0; i < segments.length; i++) {
      if (!isObject(node) || !Object.prototype.hasOwnProperty.call(node, segments[i])) { node = undefined as unknown as ConfigValue; break; }
      node = node[segments[i]];
      if (!isObject(node) && i < segments.length - 1) {
        hit = { layer, value: node, line: lineFor(layer.lines, segments.slice(0, i + 1)) };
        node = undefined as unknown as ConfigValue;
        break;
      }
    }
    // Anything a later layer has at our leaf's path replaces it (even {}: over a scalar it replaces, over our {} the
    // engine credits the later layer).
    if (node !== undefined) hit = { layer, value: node, line: lineFor(layer.lines, segments) };
  }
  return hit;
}

interface ParsedSelf { status: VaultStatus; error?: ConfigParseError; tree?: ConfigObject; lines?: Map<string, number> }

/** This vault alone, classified as the SDK does; with key lines unless it is huge. */
export function parseSelf(self: ThisVault, env: PreviewContext['env']): ParsedSelf {
  if (self.text.trim() === '') return { status: 'empty' };
  if (self.text.length <= LINE_TRACKING_LIMIT) {
    const r = mergeVaults('', [{ name: 'this', format: self.format, text: self.text }], { env });
    const o = r.vaults[0];
    return o.status === 'applied' ? { status: o.status, tree: r.config, lines: linesOf(r) } : { status: o.status, error: o.error };
  }
  try {
    // the SDK reads every vault as HOCON (Session._read_vaults), whatever its declared format
    const unreadable = vaultTextProblem(self.text, self.name);
    if (unreadable) return { status: 'parse-error', error: unreadable };
    const tree = parseVault(self.text, 'hocon', { env, filename: self.name });
    return Object.keys(tree).length ? { status: 'applied', tree } : { status: 'empty' };
  } catch (e) {
    const error = asParseError(e, self.name);
    if (/^\s*\[/.test(self.text) && /array|list/.test(error.reason)) return { status: 'not-an-object' };
    return { status: 'parse-error', error };
  }
}

export interface FastPreviewOptions {
  /** 'vault' = the keys this vault sets; 'all' = every key of the effective configuration. */
  view: 'vault' | 'all';
}

export function buildVaultPreview(prep: PreparedContext, self: ThisVault, options: FastPreviewOptions = { view: 'vault' }): PreviewResult {
  const parsed = parseSelf(self, prep.ctx.env);
  const { status } = parsed;
  if (status === 'parse-error') {
    const e = parsed.error;
    // a YAML / JSON vault that is not HOCON: say why the SDK skips it in its terms, not HOCON's
    const sdkView = e && !vaultTextProblem(self.text, self.name) ? formatAsHoconWarning(self.text, self.format, prep.ctx.env) : undefined;
    return { status, secrets: [], problems: [e ? { message: sdkView?.message ?? e.reason, line: Math.max(1, e.line), column: Math.max(1, e.column), severity: 'error' } : { message: 'parse error', line: 1, column: 1, severity: 'error' }] };
  }
  const tree = parsed.tree ?? {};
  const lines = parsed.lines;
  const rows: PreviewRow[] = [];
  const counts: PreviewCounts = { added: 0, overridden: 0, unchanged: 0, shadowed: 0, agentProtected: 0, leaves: 0 };
  const protectedKeys: string[] = [];
  let truncated = 0;

  const leaf = (segments: string[], value: ConfigValue, depth: number) => {
    const before = lookup(prep.before, segments);
    const beforeValue = before.found ? before.value : before.blocked;
    // An empty object over a non-empty one changes nothing (merge_configs recurses into nothing).
    if (isObject(value) && !hasKeys(value) && isObject(beforeValue) && hasKeys(beforeValue)) return;
    // A scalar on the way (sdk.aws = "x" before, sdk.aws.s3.key now) is replaced wholesale: always "overridden".
    const mark = beforeValue === undefined ? 'added' : !before.found || !deepEqual(beforeValue, value) ? 'overridden' : 'unchanged';
    const over = prep.later.length ? laterOverride(prep.later, segments) : undefined;
    const isProtected = isAgentProtected(segments);
    counts.leaves++;
    if (over) counts.shadowed++; else counts[mark]++;
    if (isProtected) counts.agentProtected++;
    if (rows.length >= MAX_VAULT_ROWS) {
      truncated++;
      if (isProtected && protectedKeys.length < 10) protectedKeys.push(displayPath(segments));
      return;
    }
    // Display work only for rows that are sent.
    const name = segments[segments.length - 1];
    const line = lineFor(lines, segments);
    const shown = displayValue(over ? over.value : value, segments);
    const row: PreviewRow = { path: displayPath(segments), key: name, depth, kind: 'leaf', value: shown.text, mark, agentProtected: isProtected, masked: shown.masked, touched: true };
    if (line) row.line = line;
    if (over) {
      row.sourceKind = 'other';
      row.source = over.line ? `${over.layer.name}:${over.line}` : over.layer.name;
      row.shadowedBy = over.layer.name;
    } else {
      row.sourceKind = 'this';
      row.source = line ? `${self.name}:${line}` : self.name;
    }
    if (mark === 'overridden' && beforeValue !== undefined) {
      row.previous = displayValue(beforeValue, segments).text;
      const from = prep.beforeSource(segments);
      if (from) row.previousSource = from;
    }
    if (isProtected) protectedKeys.push(row.path);
    rows.push(row);
  };

  const walk = (obj: ConfigObject, segments: string[]) => {
    for (const k in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, k)) continue;
      const v = obj[k];
      const seg = segments.concat(k);
      if (isObject(v) && hasKeys(v)) {
        if (rows.length < MAX_VAULT_ROWS) rows.push({ path: displayPath(seg), key: k, depth: segments.length, kind: 'object', agentProtected: false, masked: false, touched: true });
        walk(v, seg);
      } else leaf(seg, v, segments.length);
    }
  };
  const secrets = findPlaintextSecrets(tree, self.text, lines, MAX_SECRETS);
  let view: 'vault' | 'all' = 'vault';
  if (options.view === 'all') {
    view = 'all';
    const all = buildAllRows({
      before: prep.before,
      beforeEntries: prep.beforeEntries,
      // copied on insert: later layers merge into these objects, and `tree` is still read below
      self: { label: self.name, kind: 'this', lines, tree },
      later: prep.later.map((l) => ({ label: l.name, kind: 'other' as const, lines: l.lines, tree: l.tree })),
      previousSource: (segments) => prep.beforeSource(segments),
      maxRows: MAX_ROWS,
    });
    rows.push(...all.rows);
    Object.assign(counts, all.counts);
    protectedKeys.push(...all.protectedKeys);
    truncated = all.truncated;
  } else {
    walk(tree, []);
  }

  const warnings: PreviewWarning[] = [];
  if (status === 'empty') warnings.push({ level: 'error', code: 'sdk-skips', message: 'The SDK and the agent skip this vault: it is empty (no keys).' });
  if (status === 'not-an-object') warnings.push({ level: 'error', code: 'sdk-skips', message: 'The SDK and the agent skip this vault: its text is not an object (write keys such as sdk { ... } at the top level).' });
  const asHocon = formatAsHoconWarning(self.text, self.format, prep.ctx.env);
  if (asHocon) warnings.push(asHocon);
  if (self.enabled === false) warnings.push({ level: 'warning', code: 'disabled', message: 'This vault is disabled: the SDK does not load it. The preview shows what it would do once enabled.' });
  warnings.push(...prep.warnings);
  if (protectedKeys.length) {
    warnings.push({ level: 'warning', code: 'agent-protected', message: `The agent ignores vault values for ${protectedKeys.slice(0, 6).join(', ')}${protectedKeys.length > 6 ? ', …' : ''} and keeps its local clearml.conf values.` });
  }
  const unknownRoots = Object.keys(tree).filter((k) => !KNOWN_ROOTS.has(k));
  if (unknownRoots.length) {
    warnings.push({ level: 'warning', code: 'unknown-root', message: `Top-level key${unknownRoots.length > 1 ? 's' : ''} ${unknownRoots.slice(0, 5).join(', ')} ${unknownRoots.length > 1 ? 'are' : 'is'} not a ClearML section: vault paths start at the configuration root (sdk { ... }, api { ... }, agent { ... }).` });
  }
  if (secrets.length) {
    warnings.push({ level: 'info', code: 'secrets', line: secrets[0].line, message: `Plaintext secret${secrets.length > 1 ? 's' : ''} in this vault: ${secrets.slice(0, 4).map((s) => `${s.path} (line ${s.line})`).join(', ')}${secrets.length > 4 ? ', …' : ''}. Everyone who can read the vault sees them; consider \${ENV_VAR} references.` });
  }
  if (!lines && status === 'applied') warnings.push({ level: 'info', code: 'no-lines', message: `This vault is larger than ${LINE_TRACKING_LIMIT / 1024} KB: key lines are not tracked while typing.` });

  const problems: Problem[] = [];
  const y = warnings.find((w) => w.code === 'yaml-format' && w.level === 'error' && w.line);
  if (y?.line) problems.push({ message: y.message, line: y.line, column: 1, severity: 'warning' });

  const thisLayer: Layer = { name: self.name, kind: 'this', status: self.enabled === false ? 'disabled' : status };
  return {
    status,
    problems,
    secrets,
    model: { baseFile: prep.ctx.base.file, layers: [...prep.layersBefore, thisLayer, ...prep.layersAfter], warnings, counts, rows, truncated: truncated || undefined, view },
  };
}
