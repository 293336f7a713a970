/**
 * Lossless edits of the storage lists (`sdk.aws.s3.credentials`, `sdk.google.storage.credentials`,
 * `sdk.azure.storage.containers`) in a clearml.conf or HOCON vault: only the edited entry's bytes change; comments,
 * blank lines and every other entry stay as written. JSON and YAML vaults are parsed, changed and written in their
 * own format (they carry no comments to keep in the SDK's view).
 */
import { parseVault, toJson, toYaml, type ConfigObject, type ConfigValue, type VaultFormat } from '../config';
import { indentUnit, lineIndent, lineStartOf, newline, samePath as same, setPath } from '../config/edit';
import { errorAt } from '../config/errors';
import { parseRaw, type AssignTrace } from '../config/hocon-parser';
import { quoteHocon } from '../config/serialize';
import { listPathOf, type Provider } from './model';

/** Field values of an entry; undefined removes the key. */
export type EntryFields = Record<string, string | boolean | undefined>;

export type ListEdit =
  | { op: 'add'; provider: Provider; fields: EntryFields }
  | { op: 'update'; provider: Provider; index: number; fields: EntryFields }
  | { op: 'remove'; provider: Provider; index: number };

function traces(text: string, filename: string): AssignTrace[] {
  const out: AssignTrace[] = [];
  parseRaw(text, { filename, trace: { onAssign: (a) => out.push(a) } });
  return out;
}

/** Ends at '\n' only (config/edit's lineEndOf stops at '\r'): removing a line then takes its CRLF with it. */
function lineEnd(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && text[p] !== '\n') p++;
  return p;
}

const fmt = (v: string | boolean) => (typeof v === 'boolean' ? String(v) : quoteHocon(v));

function formatEntry(fields: EntryFields, indent: string, unit: string, nl: string): string {
  const lines = Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => `${indent}${unit}${k}: ${fmt(v!)}`);
  return ['{', ...lines, `${indent}}`].join(nl);
}

/** Removes `key` from a `{ ... }` element's text, with its line when it stands alone on it. */
function removeKey(sub: string, key: string): string {
  const a = [...traces(sub, 'entry')].reverse().find((t) => same(t.path, [key]));
  if (!a) return sub;
  const ls = lineStartOf(sub, a.keyStart);
  const le = lineEnd(sub, a.valueEnd);
  const before = sub.slice(ls, a.keyStart);
  const after = sub.slice(a.valueEnd, le);
  if (/^[ \t]*$/.test(before) && /^[ \t]*,?[ \t]*(#.*|\/\/.*)?\r?$/.test(after) && le < sub.length) return sub.slice(0, ls) + sub.slice(le + 1);
  const trail = /^[ \t]*,?[ \t]*/.exec(after)![0];
  return sub.slice(0, a.keyStart) + sub.slice(a.valueEnd + trail.length);
}

function listTrace(text: string, segs: string[], filename: string): AssignTrace | undefined {
  return [...traces(text, filename)].reverse().find((t) => same(t.path, segs) && t.separator !== '');
}

function editHocon(text: string, edit: ListEdit, filename: string): string {
  const segs = listPathOf(edit.provider).split('.');
  const nl = newline(text);
  const unit = indentUnit(text);
  const a = listTrace(text, segs, filename);
  if (a && (a.valueKind !== 'array' || !a.elements || a.openBracket === undefined)) {
    throw errorAt(text, a.keyStart, `${segs.join('.')} is not a plain [ ... ] list here; edit it by hand`, filename);
  }
  if (edit.op === 'add') {
    if (!a) return setPath(text, segs, (indent) => `[${nl}${indent}${unit}${formatEntry(edit.fields, indent + unit, unit, nl)}${nl}${indent}]`, { style: 'quoted' });
    const els = a.elements!;
    if (els.length) {
      const last = els[els.length - 1];
      const ind = lineIndent(text, els[0].start);
      const sep = /^\s*,/.test(text.slice(last.end)) ? '' : ',';
      const at = sep ? last.end : last.end + /^\s*,/.exec(text.slice(last.end))![0].length;
      return text.slice(0, at) + sep + nl + ind + formatEntry(edit.fields, ind, unit, nl) + text.slice(at);
    }
    const close = a.closeBracket!;
    const keyIndent = lineIndent(text, a.keyStart);
    const ls = lineStartOf(text, close);
    if (/^[ \t]*$/.test(text.slice(ls, close)) && ls > a.openBracket!) {
      const ind = lineIndent(text, close) + unit;
      return text.slice(0, ls) + ind + formatEntry(edit.fields, ind, unit, nl) + nl + text.slice(ls);
    }
    const ind = keyIndent + unit;
    return text.slice(0, close) + nl + ind + formatEntry(edit.fields, ind, unit, nl) + nl + keyIndent + text.slice(close);
  }
  const els = a?.elements ?? [];
  const el = els[edit.index];
  if (!el) throw new Error(`${segs.join('.')} has no item ${edit.index + 1} in ${filename}; it changed since it was read`);
  if (edit.op === 'update') {
    let sub = text.slice(el.start, el.end);
    if (!sub.trimStart().startsWith('{')) throw errorAt(text, el.start, `item ${edit.index + 1} of ${segs.join('.')} is not an object`, filename);
    for (const [k, v] of Object.entries(edit.fields)) sub = v === undefined ? removeKey(sub, k) : setPath(sub, [k], v, { style: 'quoted' });
    return text.slice(0, el.start) + sub + text.slice(el.end);
  }
  const next = els[edit.index + 1];
  if (next) return text.slice(0, el.start) + text.slice(next.start);
  const prev = els[edit.index - 1];
  if (prev) return text.slice(0, prev.end) + text.slice(el.end);
  const ls = lineStartOf(text, el.start);
  const le = lineEnd(text, el.end);
  const trail = /^\s*,?/.exec(text.slice(el.end))![0].length;
  if (/^[ \t]*$/.test(text.slice(ls, el.start)) && /^[ \t]*,?[ \t]*\r?$/.test(text.slice(el.end, le)) && le < text.length) return text.slice(0, ls) + text.slice(le + 1);
  return text.slice(0, el.start) + text.slice(el.end + trail);
}

function isObject(v: ConfigValue | undefined): v is ConfigObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function editParsed(config: ConfigObject, edit: ListEdit): ConfigObject {
  const result = structuredClone(config);
  const segs = listPathOf(edit.provider).split('.');
  let node = result;
  for (const s of segs.slice(0, -1)) {
    if (node[s] === undefined) node[s] = {};
    if (!isObject(node[s])) throw new Error(`${segs.join('.')}: ${s} is not an object`);
    node = node[s] as ConfigObject;
  }
  const last = segs[segs.length - 1];
  const list = node[last] === undefined ? [] : node[last];
  if (!Array.isArray(list)) throw new Error(`${segs.join('.')} is not a list`);
  const clean = (f: EntryFields) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as ConfigObject;
  if (edit.op === 'add') list.push(clean(edit.fields));
  else if (!isObject(list[edit.index])) throw new Error(`${segs.join('.')} has no object item ${edit.index + 1}`);
  else if (edit.op === 'remove') list.splice(edit.index, 1);
  else {
    const item = { ...(list[edit.index] as ConfigObject) };
    for (const [k, v] of Object.entries(edit.fields)) if (v === undefined) delete item[k]; else item[k] = v;
    list[edit.index] = item;
  }
  node[last] = list;
  return result;
}

/** Applies the edit to a clearml.conf / vault text. Throws ConfigParseError (line/column) on text that does not parse. */
export function editStorageText(text: string, edit: ListEdit, format: VaultFormat = 'hocon', filename = 'clearml.conf'): string {
  if (format === 'hocon') {
    const out = editHocon(text, edit, filename);
    parseRaw(out, { filename });
    return out;
  }
  const parsed = text.trim() ? parseVault(text, format, { filename }) : {};
  const edited = editParsed(parsed, edit);
  return format === 'json' ? toJson(edited) : toYaml(edited);
}
