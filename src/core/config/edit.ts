/**
 * Lossless clearml.conf edits: only the bytes of the edited values change (or new lines are inserted);
 * every comment, blank line and untouched byte stays as it was. Works from the parser's byte ranges.
 */
import { isPlainObject, parseRaw, getOwn, rawAt, type AssignTrace, type RawValue } from './hocon-parser';
import { errorAt } from './errors';
import { quoteHocon } from './serialize';
import type { ConfEdit, S3CredentialEntry } from './types';

interface Scan {
  text: string;
  assigns: AssignTrace[];
  root: RawValue;
  rootOpen?: number;
  rootClose?: number;
}

function scan(text: string): Scan {
  const assigns: AssignTrace[] = [];
  const s: Partial<Scan> = { text, assigns };
  s.root = parseRaw(text, {
    filename: 'clearml.conf',
    trace: {
      onAssign: (a) => assigns.push(a),
      onRootBraces: (open, close) => { s.rootOpen = open; s.rootClose = close; },
    },
  }).root;
  return s as Scan;
}

export const samePath = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const containerOf = (a: AssignTrace) => a.path.slice(0, a.path.length - a.keySegments);

export function newline(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function lineStartOf(text: string, pos: number): number {
  let p = pos;
  while (p > 0 && text[p - 1] !== '\n') p--;
  return p;
}

function lineEndOf(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && text[p] !== '\n' && text[p] !== '\r') p++;
  return p;
}

/** Leading whitespace of the line holding pos, if only whitespace precedes pos on that line. */
function indentBefore(text: string, pos: number): string | undefined {
  const ls = lineStartOf(text, pos);
  const before = text.slice(ls, pos);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

export function lineIndent(text: string, pos: number): string {
  const ls = lineStartOf(text, pos);
  return /^[ \t]*/.exec(text.slice(ls, pos))![0];
}

/** The file's indentation unit: a tab, or the smallest positive run of leading spaces (default 4). */
export function indentUnit(text: string): string {
  let min = 0;
  for (const m of text.matchAll(/^([ \t]+)\S/gm)) {
    if (m[1].startsWith('\t')) return '\t';
    if (min === 0 || m[1].length < min) min = m[1].length;
  }
  return min >= 2 && min <= 8 ? ' '.repeat(min) : '    ';
}

/** A plain value written bare, as clearml-init writes URLs, when it reads back as the same string. */
function canBeUnquoted(v: string): boolean {
  if (v === '' || !/^[^\s^`+?!@*&"[\]{}#,=$\\]+$/.test(v) || v.startsWith('//')) return false;
  try {
    const back = parseRaw(`k: ${v}`).root as Record<string, unknown>;
    return back.k === v;
  } catch {
    return false;
  }
}

export type ValueStyle = 'bare-if-possible' | 'quoted';

function formatScalar(v: string | boolean, style: ValueStyle): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return style === 'bare-if-possible' && canBeUnquoted(v) ? v : quoteHocon(v);
}

interface Container {
  path: string[];
  /** Offset of '{' or -1 for the unbraced root. */
  open: number;
  /** Offset of '}' or text length for the unbraced root. */
  close: number;
  /** Indentation of the line that opens the block ('' for the root). */
  indent: string;
}

function rootContainer(s: Scan): Container {
  return s.rootOpen !== undefined
    ? { path: [], open: s.rootOpen, close: s.rootClose!, indent: lineIndent(s.text, s.rootOpen) }
    : { path: [], open: -1, close: s.text.length, indent: '' };
}

/** The deepest existing `{ ... }` block among the proper prefixes of path (the last one written wins). */
function findContainer(s: Scan, path: string[]): Container {
  for (let n = path.length - 1; n > 0; n--) {
    const prefix = path.slice(0, n);
    for (let i = s.assigns.length - 1; i >= 0; i--) {
      const a = s.assigns[i];
      if (a.openBrace !== undefined && samePath(a.path, prefix)) {
        return { path: prefix, open: a.openBrace, close: a.closeBrace!, indent: lineIndent(s.text, a.keyStart) };
      }
    }
  }
  return rootContainer(s);
}

/** Assignments written directly in the container (not in a nested block). */
function directMembers(s: Scan, c: Container): AssignTrace[] {
  return s.assigns.filter((a) => a.keyStart > c.open && a.keyStart < c.close && samePath(containerOf(a), c.path));
}

interface KeyStyle {
  quotedKeys: boolean;
  separator: string;
}

function styleOf(s: Scan, members: AssignTrace[], fallback: KeyStyle): KeyStyle {
  const m = members.find((a) => a.separator !== '');
  if (!m) return fallback;
  return { quotedKeys: s.text[m.keyStart] === '"', separator: s.text.slice(m.keyEnd, m.valueStart) };
}

function keyText(k: string, style: KeyStyle): string {
  return style.quotedKeys || !/^[A-Za-z0-9_-]+$/.test(k) ? quoteHocon(k) : k;
}

/** Statement lines for `rel = value`, nesting missing sections as blocks. */
function statement(rel: string[], value: (indent: string) => string, indent: string, unit: string, nl: string, style: KeyStyle): string {
  if (rel.length === 1) return indent + keyText(rel[0], style) + style.separator + value(indent);
  const inner = statement(rel.slice(1), value, indent + unit, unit, nl, style);
  return `${indent}${rel[0]} {${nl}${inner}${nl}${indent}}`;
}

/** Inserts `stmt` (already indented) as the last member of the container. */
function insertInContainer(text: string, c: Container, stmt: string, nl: string): string {
  if (c.open < 0) {
    if (text.length === 0) return stmt + nl;
    const sep = /\r?\n$/.test(text) ? '' : nl;
    const blank = stmt.includes('\n') && !/(\r?\n){2}$/.test(text + sep) ? nl : '';
    return text + sep + blank + stmt + nl;
  }
  const ls = lineStartOf(text, c.close);
  if (ls > c.open && /^[ \t]*$/.test(text.slice(ls, c.close))) return text.slice(0, ls) + stmt + nl + text.slice(ls);
  // `sdk { aws { … } }`: the blank before the closing brace would end the line as trailing whitespace.
  return text.slice(0, c.close).replace(/[ \t]+$/, '') + nl + stmt + nl + c.indent + text.slice(c.close);
}

export interface SetOptions {
  style: ValueStyle;
  /** Key style for a newly created section. */
  newSectionStyle?: KeyStyle;
}

/** Sets path to a scalar, or to a formatted value (arrays), keeping every other byte. */
export function setPath(text: string, path: string[], value: string | boolean | ((indent: string) => string), opts: SetOptions): string {
  const s = scan(text);
  const nl = newline(text);
  const exact = [...s.assigns].reverse().find((a) => samePath(a.path, path) && a.separator !== '');
  if (exact && typeof value !== 'function') {
    const keepBare = !exact.quoted && exact.valueKind === 'scalar' && exact.valueEnd > exact.valueStart;
    const rendered = typeof value === 'boolean' ? formatScalar(value, 'quoted')
      : exact.quoted ? quoteHocon(value) : formatScalar(value, keepBare || opts.style === 'bare-if-possible' ? 'bare-if-possible' : 'quoted');
    if (exact.valueEnd === exact.valueStart) {
      // `key:` with nothing after it reads as ""; write the value right after the separator
      const sepText = s.text.slice(exact.keyEnd, exact.valueStart);
      const pad = /[ \t]$/.test(sepText) ? '' : ' ';
      return text.slice(0, exact.valueStart) + pad + rendered + text.slice(exact.valueStart);
    }
    return text.slice(0, exact.valueStart) + rendered + text.slice(exact.valueEnd);
  }
  if (exact && typeof value === 'function') {
    const indent = lineIndent(text, exact.keyStart);
    return text.slice(0, exact.valueStart) + value(indent) + text.slice(exact.valueEnd);
  }
  const render = typeof value === 'function' ? value : () => formatScalar(value, opts.style);
  const unit = indentUnit(text);
  const c = findContainer(s, path);
  const rel = path.slice(c.path.length);
  const members = directMembers(s, c);
  const fallbackStyle: KeyStyle = { quotedKeys: false, separator: ': ' };
  // dotted style: the container already writes `rel[0].x: ...` keys, so add `rel.join('.')` next to the last one
  let dotted: AssignTrace | undefined;
  let best = 0;
  if (rel.length >= 2) {
    for (const a of members) {
      if (a.keySegments < 2) continue;
      let common = 0;
      while (common < rel.length - 1 && a.path[c.path.length + common] === rel[common]) common++;
      if (common > 0 && common >= best) { best = common; dotted = a; }
    }
  }
  if (dotted) {
    const indent = lineIndent(text, dotted.keyStart);
    const style = { quotedKeys: false, separator: text.slice(dotted.keyEnd, dotted.valueStart) || ': ' };
    const stmt = indent + rel.join('.') + style.separator + render(indent);
    const at = lineEndOf(text, dotted.valueEnd);
    return text.slice(0, at) + nl + stmt + text.slice(at);
  }
  let indent: string;
  const first = members[0];
  const firstIndent = first ? indentBefore(text, first.keyStart) : undefined;
  if (firstIndent !== undefined) indent = firstIndent;
  else indent = c.open < 0 ? '' : c.indent + unit;
  const style = rel.length === 1 ? styleOf(s, members, opts.newSectionStyle ?? fallbackStyle) : opts.newSectionStyle ?? fallbackStyle;
  const stmt = statement(rel, render, indent, unit, nl, style);
  return insertInContainer(text, c, stmt, nl);
}

const S3_FIELDS: (keyof S3CredentialEntry)[] = ['bucket', 'host', 'key', 'secret', 'token', 'region', 'multipart', 'secure', 'verify'];
const S3_PATH = ['sdk', 'aws', 's3', 'credentials'];

function formatEntry(e: S3CredentialEntry, indent: string, unit: string, nl: string): string {
  const lines = ['{'];
  for (const f of S3_FIELDS) {
    const v = e[f];
    if (v === undefined) continue;
    lines.push(`${indent}${unit}${f}: ${typeof v === 'boolean' ? String(v) : quoteHocon(v)}`);
  }
  lines.push(`${indent}}`);
  return lines.join(nl);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function setS3Entry(text: string, entry: S3CredentialEntry): string {
  const s = scan(text);
  const nl = newline(text);
  const unit = indentUnit(text);
  const a = [...s.assigns].reverse().find((x) => samePath(x.path, S3_PATH) && x.separator !== '');
  if (!a) {
    return setPath(text, S3_PATH, (indent) => `[${nl}${indent}${unit}${formatEntry(entry, indent + unit, unit, nl)}${nl}${indent}]`, { style: 'quoted' });
  }
  if (a.valueKind !== 'array' || a.elements === undefined || a.openBracket === undefined) {
    throw errorAt(text, a.keyStart, 'sdk.aws.s3.credentials is not a plain [ ... ] list in clearml.conf; edit it by hand', 'clearml.conf');
  }
  const list = rawAt(s.root, S3_PATH);
  const items = Array.isArray(list) ? list : [];
  const keyIndent = lineIndent(text, a.keyStart);
  for (let i = 0; i < a.elements.length; i++) {
    const el = a.elements[i];
    const item = items[i];
    if (!isPlainObject(item)) continue;
    if (str(getOwn(item, 'bucket')) !== (entry.bucket ?? '') || str(getOwn(item, 'host')) !== (entry.host ?? '')) continue;
    let sub = text.slice(el.start, el.end);
    for (const f of S3_FIELDS) {
      const v = entry[f];
      if (v === undefined) continue;
      sub = setPath(sub, [f], v, { style: 'quoted' });
    }
    return text.slice(0, el.start) + sub + text.slice(el.end);
  }
  if (a.elements.length > 0) {
    const last = a.elements[a.elements.length - 1];
    const elIndent = indentBefore(text, a.elements[0].start) ?? keyIndent + unit;
    return text.slice(0, last.end) + ',' + nl + elIndent + formatEntry(entry, elIndent, unit, nl) + text.slice(last.end);
  }
  const close = a.closeBracket!;
  const closeIndent = indentBefore(text, close);
  if (closeIndent !== undefined) {
    const elIndent = closeIndent + unit;
    const ls = lineStartOf(text, close);
    return text.slice(0, ls) + elIndent + formatEntry(entry, elIndent, unit, nl) + nl + text.slice(ls);
  }
  const elIndent = keyIndent + unit;
  return text.slice(0, close) + nl + elIndent + formatEntry(entry, elIndent, unit, nl) + nl + keyIndent + text.slice(close);
}

const CREDENTIAL_STYLE: KeyStyle = { quotedKeys: true, separator: ' = ' };

/**
 * Sets a scalar and checks that the file now reads it back; when a later assignment hides the edited one
 * (`api = null` further down, say), the value is appended as a dotted key at the end of the root, which wins.
 */
function setVerified(text: string, path: string[], value: string | boolean, opts: SetOptions): string {
  refuseReplacingNonObject(text, path);
  const out = setPath(text, path, value, opts);
  const readsBack = (t: string) => String(rawAt(parseRaw(t).root, path)) === String(value);
  try {
    if (readsBack(out)) return out;
  } catch {
    // the edited text no longer parses (an object written where a scalar is): try the fallback below
  }
  const root = rootContainer(scan(text));
  const stmt = `${path.join('.')}: ${typeof value === 'string' ? quoteHocon(value) : String(value)}`;
  const again = insertInContainer(text, root, root.open < 0 ? stmt : root.indent + indentUnit(text) + stmt, newline(text));
  let ok = false;
  try {
    ok = readsBack(again);
  } catch {
    ok = false;
  }
  if (!ok) throw notAnObject(text, path);
  return again;
}

function notAnObject(text: string, path: string[]): Error {
  const holder = path.slice(0, -1);
  const culprit = [...scan(text).assigns].reverse().find((a) => a.valueKind !== 'object' && a.path.length < path.length && samePath(a.path, path.slice(0, a.path.length)));
  const what = culprit ? culprit.path.join('.') : holder.join('.');
  return errorAt(text, culprit?.keyStart ?? 0, `cannot set ${path.join('.')}: '${what}' is not an object in this clearml.conf; edit it by hand`, 'clearml.conf');
}

/**
 * The SDK reads `api.x: v` over a scalar, a list or a substituted value at `api` as a new object (pyhocon
 * ConfigTree._put), silently dropping what was there; we refuse instead of writing that. null is fine.
 */
function refuseReplacingNonObject(text: string, path: string[]): void {
  let cur: unknown;
  try {
    cur = parseRaw(text).root;
  } catch {
    return; // an unreadable file fails later with its own parse error
  }
  for (let i = 0; i < path.length - 1; i++) {
    cur = getOwn(cur as object, path[i]);
    if (cur === undefined || cur === null) return;
    if (!isPlainObject(cur)) throw notAnObject(text, path);
  }
}

export function editClearmlConf(text: string, edits: ConfEdit[]): string {
  let out = text;
  for (const e of edits) {
    if (e.kind === 'api') {
      out = setVerified(out, ['api', e.key], e.value, { style: 'bare-if-possible' });
    } else if (e.kind === 'credentials') {
      out = setVerified(out, ['api', 'credentials', 'access_key'], e.accessKey, { style: 'quoted', newSectionStyle: CREDENTIAL_STYLE });
      out = setVerified(out, ['api', 'credentials', 'secret_key'], e.secretKey, { style: 'quoted', newSectionStyle: CREDENTIAL_STYLE });
    } else if (e.kind === 'set') {
      out = setVerified(out, e.path.split('.'), typeof e.value === 'number' ? String(e.value) : e.value, { style: 'bare-if-possible' });
    } else {
      out = setS3Entry(out, e.entry);
    }
  }
  if (edits.length > 0) parseRaw(out, { filename: 'clearml.conf' });
  return out;
}

const SECRET_LEAF = /secret|password|token|account_key/i;

function shown(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === undefined ? '(not set)' : '(a section)';
}

/**
 * One line per value the edits change in `text`, for a confirmation dialog: `path: old → new` for hosts and
 * access keys; secrets are named, never shown. Values the file already holds are left out.
 */
export function summarizeConfEdits(text: string, edits: ConfEdit[]): string[] {
  let root: RawValue = {};
  try {
    root = parseRaw(text).root;
  } catch {
    // an unparsable file is refused by editClearmlConf with its own position; nothing to compare against
  }
  const lines: string[] = [];
  const scalar = (p: string[], value: string, secret: boolean) => {
    const old = rawAt(root, p);
    if (old !== undefined && String(old) === value) return;
    if (secret) lines.push(`${p.join('.')}: ${old === undefined ? 'set' : 'replaced'} (value hidden)`);
    else lines.push(`${p.join('.')}: ${shown(old)} → ${value}`);
  };
  for (const e of edits) {
    if (e.kind === 'api') scalar(['api', e.key], e.value, false);
    else if (e.kind === 'credentials') {
      scalar(['api', 'credentials', 'access_key'], e.accessKey, false);
      scalar(['api', 'credentials', 'secret_key'], e.secretKey, true);
    } else if (e.kind === 'set') {
      const p = e.path.split('.');
      scalar(p, String(e.value), SECRET_LEAF.test(p[p.length - 1]));
    } else {
      const list = rawAt(root, S3_PATH);
      const exists = Array.isArray(list) && list.some((item) => isPlainObject(item)
        && str(getOwn(item, 'bucket')) === (e.entry.bucket ?? '') && str(getOwn(item, 'host')) === (e.entry.host ?? ''));
      const name = [e.entry.bucket && `bucket "${e.entry.bucket}"`, e.entry.host && `host ${e.entry.host}`].filter(Boolean).join(', ') || 'default entry';
      const key = e.entry.key ? `, key ${e.entry.key}` : '';
      lines.push(`${S3_PATH.join('.')}: ${exists ? 'updates' : 'adds'} ${name}${key} (secret hidden)`);
    }
  }
  return lines;
}
