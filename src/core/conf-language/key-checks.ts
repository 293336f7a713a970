/**
 * The catalogue's findings on each key as written: unknown keys, legacy and unread keys, wrong types, values
 * outside the allowed set, and `"${VAR}"` written inside quotes.
 */
import { closestChild, dottedPath, editDistance, recordsWithLeaf, type SchemaNode } from './catalogue';
import { rangeOf, walkKeys, type ConfDocument, type KeyVisit } from './document';
import type { ScanScalar, ScanValue } from './scanner';
import type { ConfDiagnostic, ConfEdit, ConfFix, ConfSeverity } from './types';

/** Lists whose entries the SDK passes to attrs classes as keyword arguments: one unknown field raises. */
export const STORAGE_ENTRY_LISTS = ['sdk.aws.s3.credentials[]', 'sdk.google.storage.credentials[]', 'sdk.azure.storage.containers[]'];

const STORAGE_NAMES: Record<string, string> = {
  'sdk.aws.s3.credentials[]': 'S3', 'sdk.google.storage.credentials[]': 'Google Storage', 'sdk.azure.storage.containers[]': 'Azure',
};

/** Who reads a key, as the subject of a sentence ('... ignores it' / '... ignore it'). */
function readerOf(node: SchemaNode | undefined, path: readonly string[]): { who: string; s: string } {
  const r = node?.record?.readBy;
  if (r === 'agent' || path[0] === 'agent') return { who: 'clearml-agent', s: 's' };
  if (r === 'both') return { who: 'the SDK and clearml-agent', s: '' };
  return { who: 'the SDK', s: 's' };
}

function diag(doc: ConfDocument, start: number, end: number, severity: ConfSeverity, code: string, key: string, message: string, fixes?: ConfFix[]): ConfDiagnostic {
  return { ...rangeOf(doc, start, end), severity, code, key, message, ...(fixes?.length ? { fixes } : {}) };
}

function replaceFix(doc: ConfDocument, title: string, start: number, end: number, newText: string): ConfFix {
  return { title, edits: [{ ...rangeOf(doc, start, end), newText }] };
}

/** How a key name is written in this format (quoted in JSON). */
function keyText(doc: ConfDocument, name: string, quoted: boolean): string {
  return quoted && doc.format !== 'yaml' ? JSON.stringify(name) : name;
}

function unknownKey(doc: ConfDocument, k: KeyVisit, out: ConfDiagnostic[]): void {
  const parent = k.parent!;
  const name = k.segment.name;
  const parentPath = k.path.slice(0, -1);
  const where = parentPath.length ? dottedPath(parentPath) : 'the top level';
  const storage = STORAGE_ENTRY_LISTS.includes(parent.path);
  const rest = k.last ? [] : k.entry.segments.slice(k.entry.segments.indexOf(k.segment) + 1).map((s) => s.name);
  const suggestion = closestChild(parent, name, rest);
  const elsewhere = recordsWithLeaf(name).map((r) => r.key).filter((key) => !key.startsWith(`${parent.path}.`)).slice(0, 3);
  const parts = [`"${name}" is not a key of ${where}`];
  if (storage) {
    const which = STORAGE_NAMES[parent.path];
    parts.push(`: the SDK passes each entry's fields as arguments, so an unknown field raises a TypeError and disables all ${which} access`);
  } else {
    const reader = readerOf(parent, k.path);
    parts.push(`: ${reader.who} ignore${reader.s} it silently`);
  }
  if (suggestion) parts.push(`. Did you mean "${suggestion}" (${dottedPath([...parentPath, suggestion])})?`);
  else parts.push('.');
  if (elsewhere.length) parts.push(` "${name}" is a key of ${elsewhere.map((e) => e.slice(0, -name.length - 1)).join(', ')}.`);
  if (storage && !suggestion) parts.push(` Allowed fields: ${[...parent.children.keys()].join(', ')}.`);
  const fixes = suggestion ? [replaceFix(doc, `Rename to ${suggestion}`, k.segment.start, k.segment.end, keyText(doc, suggestion, k.entry.quotedKey))] : undefined;
  out.push(diag(doc, k.segment.start, k.segment.end, storage ? 'error' : 'warning', 'unknown-key', dottedPath(k.path), parts.join(''), fixes));
}

const LEGACY: Record<string, string> = {
  'api.host': 'api.host is the legacy name of api.api_server; the SDK reads it only when api_server is empty. Write api_server instead.',
  'api.auth.req_token_expiration_sec': 'req_token_expiration_sec is the old name of api.auth.request_token_expiration_sec.',
};

const NOT_READ: Record<string, string> = {
  'sdk.metrics.matplotlib_untitled_history_size': 'The SDK reads sdk.metric.matplotlib_untitled_history_size (singular "metric"); this spelling, from the default file, is read by nothing.',
};

function statusFindings(doc: ConfDocument, k: KeyVisit, out: ConfDiagnostic[]): void {
  const r = k.node?.record;
  if (!r) return;
  const key = dottedPath(k.path);
  const range = [k.segment.start, k.segment.end] as const;
  if (r.status === 'legacy') {
    const fixes = key === 'api.host' ? [replaceFix(doc, 'Rename to api_server', ...range, 'api_server')] : undefined;
    out.push(diag(doc, ...range, 'information', 'legacy-key', key, LEGACY[key] ?? `${key} is a legacy key (kept from older ClearML/Trains versions); ${r.readBy === 'none' ? 'nothing reads it any more' : `${readerOf(k.node, k.path).who} still read${readerOf(k.node, k.path).s} it, but newer settings replace it`}.`, fixes));
  } else if (r.status === 'unused' || (r.readBy === 'none' && r.status !== 'enterprise')) {
    out.push(diag(doc, ...range, 'hint', 'not-read', key, NOT_READ[key] ?? `${key} is read by no program (neither the SDK nor clearml-agent); it has no effect.`));
  }
}

/** urllib3 Retry counts: int or None (the backoff settings are floats). */
const RETRY_COUNTS = new Set(['total', 'connect', 'read', 'redirect', 'status'].map((n) => `api.http.retries.${n}`));

const FALSY_TEXT = /^(false|no|off|0|)$/i;

function scalarText(doc: ConfDocument, v: ScanScalar): string {
  return doc.text.slice(v.start, v.end);
}

function typeFindings(doc: ConfDocument, k: KeyVisit, out: ConfDiagnostic[]): void {
  const node = k.node;
  const value = k.entry.value;
  if (!node?.record || !k.last || value.hasSubst) return;
  if (value.kind === 'scalar' && value.start === value.end && k.entry.separator === '') return; // half-typed key
  const types = node.types;
  // most values are plain scalars of the right type: nothing to build for them
  if (value.kind === 'scalar' && (value.value === null || types.includes('string'))) return;
  const key = dottedPath(k.path);
  const add = (severity: ConfSeverity, message: string, fixes?: ConfFix[]) => out.push(diag(doc, value.start, value.end, severity, 'wrong-type', key, message, fixes));
  if (value.kind === 'object') {
    if (types.includes('object')) return;
    if (types.includes('list')) add('error', `${key} must be a list ([ ... ]), not an object: the program iterates it as a list and fails on an object.`);
    else add('warning', `${key} is a ${types.join(' or ')}, not an object.`);
    return;
  }
  if (value.kind === 'array') {
    if (!types.includes('list')) add('warning', `${key} is a ${types.join(' or ')}, not a list.`);
    return;
  }
  const v = value.value;
  if (v === null || types.includes('string')) return;
  if (types.includes('boolean') && !types.includes('number') && typeof v !== 'boolean') {
    if (typeof v === 'string') {
      const falsy = FALSY_TEXT.test(v.trim());
      const written = scalarText(doc, value);
      const meant = falsy ? 'false' : /^(true|yes|on|1)$/i.test(v.trim()) ? 'true' : undefined;
      const fixes = meant ? [replaceFix(doc, `Write ${meant} (a boolean)`, value.start, value.end, meant)] : undefined;
      if (falsy) add('error', `${written} is a string, not a boolean: ${key} is read without conversion and Python's truthiness makes any non-empty string TRUE, so this means true. Write false without quotes.`, fixes);
      else add('warning', `${written} is a string, not a boolean: ${key} only works because any non-empty string is true in Python. Write ${meant ?? 'true or false'} without quotes.`, fixes);
    } else if (typeof v === 'number' && v !== 0 && v !== 1) add('warning', `${key} is a boolean (true or false); ${v} reads as ${v ? 'true' : 'false'}.`);
    return;
  }
  if (types.includes('number') && !types.includes('boolean') || (types.includes('number') && typeof v === 'string')) {
    if (typeof v === 'string') {
      const numeric = /^\s*[+-]?(\d*\.\d+|\d+(\.\d+)?)([eE][+-]?\d+)?\s*$/.test(v);
      if (numeric) add('information', `${key} is a number written in quotes; the program converts it with int()/float(), so it works. Write ${v.trim()} without quotes.`, [replaceFix(doc, `Write ${v.trim()}`, value.start, value.end, v.trim())]);
      else add('warning', `${key} is a number${types.includes('boolean') ? ' or a boolean' : ''}; "${v}" is not one and the program fails or misreads it.`);
    } else if (typeof v === 'boolean' && !types.includes('boolean')) add('warning', `${key} is a number, not a boolean.`);
    else if (typeof v === 'number' && RETRY_COUNTS.has(key) && /[.eE]/.test(scalarText(doc, value))) {
      add('error', `${key} must be an integer (or null): urllib3's Retry fails on ${scalarText(doc, value)} when the session starts.`, Number.isInteger(v) ? [replaceFix(doc, `Write ${v}`, value.start, value.end, String(v))] : undefined);
    }
    return;
  }
  if (types.includes('list')) {
    if (typeof v === 'string') {
      const docker = /docker.*arguments|docker_args|extra_docker_arguments/.test(key);
      const edits = listEdits(doc, value);
      add('warning', docker
        ? `${key} must be a list of tokens (["--ipc=host", "-v", "/a:/b"]); one string is passed to docker as a single argument.`
        : `${key} must be a list ([ ... ]), not a string.`, edits.length ? [{ title: 'Write as a list', edits }] : undefined);
    } else add('warning', `${key} must be a list ([ ... ]).`);
    return;
  }
  if (types.includes('object')) add('warning', `${key} is an object ({ ... }), not a single value.`);
}

/**
 * `-e A=1 -v x:y` → `["-e", "A=1", "-v", "x:y"]` by editing only the blanks between the tokens and the quotes
 * around them: the tokens themselves are never rewritten (docker arguments carry `-e SECRET=…`). None when a token
 * would need escaping to sit in double quotes.
 */
function listEdits(doc: ConfDocument, value: ScanScalar): ConfEdit[] {
  const raw = doc.text.slice(value.start, value.end);
  const quote = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
  if (quote && (raw.length < 2 || !raw.endsWith(quote) || raw.startsWith('"""'))) return [];
  const inner = quote ? raw.slice(1, -1) : raw;
  // a double-quoted body is already escaped for double quotes; other text must need no escaping
  if (quote !== '"' && /["\\]/.test(inner)) return [];
  if (quote === "'" && inner.includes("'")) return [];
  const offset = value.start + (quote ? 1 : 0);
  const tokens = [...inner.matchAll(/\S+/g)].map((m) => ({ start: offset + m.index, end: offset + m.index + m[0].length }));
  if (!tokens.length) return [];
  const edits: ConfEdit[] = [{ ...rangeOf(doc, value.start, tokens[0].start), newText: '["' }];
  for (let i = 1; i < tokens.length; i++) edits.push({ ...rangeOf(doc, tokens[i - 1].end, tokens[i].start), newText: '", "' });
  edits.push({ ...rangeOf(doc, tokens[tokens.length - 1].end, value.end), newText: '"]' });
  return edits;
}

function valueFindings(doc: ConfDocument, k: KeyVisit, out: ConfDiagnostic[]): void {
  const allowed = k.node?.record?.values;
  const value = k.entry.value;
  if (!allowed?.length || !k.last || value.kind !== 'scalar' || value.hasSubst || value.value === null || value.value === '') return;
  const v = String(value.value);
  if (allowed.includes(v)) return;
  const caseMatters = allowed.every((a) => a === a.toUpperCase());
  if (typeof value.value === 'number' && caseMatters) return; // numeric log levels
  const caseless = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
  if (caseless && !caseMatters) return;
  const key = dottedPath(k.path);
  const closest = caseless ?? allowed.map((a) => ({ a, d: editDistance(a.toLowerCase(), v.toLowerCase(), 3) })).filter((x) => x.d <= 3).sort((x, y) => x.d - y.d)[0]?.a;
  const text = value.quoted || doc.format === 'json' ? JSON.stringify(closest) : closest;
  out.push(diag(doc, value.start, value.end, 'warning', 'bad-value', key, `"${v}" is not an allowed value of ${key}. Allowed: ${allowed.join(', ')}.`,
    closest ? [replaceFix(doc, `Use ${closest}`, value.start, value.end, text!)] : undefined));
}

/** `"${VAR}"`: pyhocon never substitutes inside quotes, so the value is the literal text. */
function quotedSubstitution(doc: ConfDocument, value: ScanValue, path: readonly string[], out: ConfDiagnostic[]): void {
  if (value.kind !== 'scalar' || !value.quoted || typeof value.value !== 'string' || doc.format === 'yaml') return;
  const raw = doc.text.slice(value.start, value.end);
  if (raw.startsWith('"""') || !/\$\{[^}]+\}/.test(raw)) return;
  const edits = raw.length >= 2 && raw.endsWith('"') ? unquoteEdits(doc, value.start, raw) : [];
  out.push(diag(doc, value.start, value.end, 'warning', 'quoted-substitution', dottedPath(path),
    `${raw} is in quotes, so the SDK reads the literal text ${raw} (pyhocon substitutes only outside quotes). Remove the quotes around the substitution.`,
    doc.format === 'hocon' && edits.length ? [{ title: 'Unquote the substitution', edits }] : undefined));
}

/**
 * `"a${X}b"` → `"a"${X}"b"` by inserting and removing quote characters only: the fix never writes the value's own
 * text (it may be a secret, and an edit is an output like any other).
 */
function unquoteEdits(doc: ConfDocument, start: number, raw: string): ConfEdit[] {
  const edits: ConfEdit[] = [];
  const at = (from: number, to: number, newText: string) => edits.push({ ...rangeOf(doc, from, to), newText });
  const pieces: { subst: boolean; start: number; end: number }[] = [];
  let last = 1;
  for (const m of raw.slice(0, -1).matchAll(/\$\{[^}]+\}/g)) {
    if (m.index > last) pieces.push({ subst: false, start: start + last, end: start + m.index });
    pieces.push({ subst: true, start: start + m.index, end: start + m.index + m[0].length });
    last = m.index + m[0].length;
  }
  if (last < raw.length - 1) pieces.push({ subst: false, start: start + last, end: start + raw.length - 1 });
  if (pieces[0]?.subst) at(start, start + 1, '');
  for (let i = 1; i < pieces.length; i++) if (pieces[i].subst !== pieces[i - 1].subst) at(pieces[i].start, pieces[i].start, '"');
  if (pieces[pieces.length - 1]?.subst) at(start + raw.length - 1, start + raw.length, '');
  return edits;
}

export interface KeyCheckOptions {
  /** Whether unknown keys are reported (not after a parse error: a missing brace nests everything after it). */
  unknownKeys: boolean;
}

export function keyFindings(doc: ConfDocument, options: KeyCheckOptions): ConfDiagnostic[] {
  const out: ConfDiagnostic[] = [];
  walkKeys(doc, (k) => {
    if (!k.node) {
      const parent = k.parent;
      if (!parent || parent.open) return false;
      const topLevel = parent.path === '' && !referencedBySubstitution(doc, k.segment.name);
      if (options.unknownKeys && (parent.path !== '' || topLevel)) unknownKey(doc, k, out);
      if (k.last) quotedSubstitution(doc, k.entry.value, k.path, out);
      return false;
    }
    statusFindings(doc, k, out);
    if (k.last) {
      typeFindings(doc, k, out);
      valueFindings(doc, k, out);
      quotedSubstitution(doc, k.entry.value, k.path, out);
    }
    return true;
  });
  return out;
}

/** A top-level helper object used only through `${name...}` is not an unknown key. */
function referencedBySubstitution(doc: ConfDocument, name: string): boolean {
  for (const s of doc.substitutions) if (s === name || s.startsWith(`${name}.`)) return true;
  return false;
}
