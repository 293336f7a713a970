/**
 * completeConf: what may be written at the cursor. Keys of the object the cursor is in (nested blocks, after a
 * dotted prefix, inside list entries), entry templates in the storage credential lists, and the allowed values or
 * booleans after `key:`. Keys no program reads are not offered.
 */
import { childOf, nodeAt, type SchemaNode } from './catalogue';
import { offsetAt, readDocument, type ConfDocument } from './document';
import type { ScanValue } from './scanner';
import type { CompleteOptions, ConfCompletion, ConfFormat, ConfPosition } from './types';

/** The path of the innermost object or list holding `offset` ('[]' for a list entry), and whether it is a list. */
function containerAt(doc: ConfDocument, offset: number): { path: string[]; inList: boolean } {
  let path = [...doc.base];
  let inList = doc.root.kind === 'array';
  let value: ScanValue = doc.root;
  const inside = (v: ScanValue) => (v.kind === 'object' || v.kind === 'array') && v.start < offset && (offset < v.end || (v.end === doc.text.length && !closedAt(doc, v)));
  for (;;) {
    let next: { value: ScanValue; path: string[] } | undefined;
    if (value.kind === 'object') {
      for (const e of value.entries) {
        if (inside(e.value)) next = { value: e.value, path: [...path, ...e.segments.map((s) => s.name)] };
      }
    } else if (value.kind === 'array') {
      for (const item of value.items) if (inside(item)) next = { value: item, path: [...path, '[]'] };
    }
    if (!next) return { path, inList };
    value = next.value;
    path = next.path;
    inList = value.kind === 'array';
  }
}

/** Whether a container that runs to the end of the text really ends there with its closer. */
function closedAt(doc: ConfDocument, v: ScanValue): boolean {
  const last = doc.text.trimEnd();
  return last.length > v.start && (last.endsWith('}') || last.endsWith(']')) && v.end >= last.length;
}

/**
 * YAML: the path from indentation (a half-typed block has no node to read it from): each line above with less
 * indentation that opens a mapping (`key:` alone) or a list item (`- `) is a level.
 */
function yamlContainerAt(doc: ConfDocument, position: ConfPosition): { path: string[]; inList: boolean } {
  const lines = doc.text.split('\n').slice(0, position.line + 1);
  const current = lines[position.line].slice(0, position.character);
  let indent = /^\s*/.exec(current)![0].length;
  const path: string[] = [];
  let inList = false;
  const item = /^(\s*)-\s/.exec(current);
  if (item) { path.unshift('[]'); indent = item[1].length; }
  for (let i = position.line - 1; i >= 0 && indent > 0; i--) {
    const m = /^(\s*)(-\s+)?([A-Za-z0-9_.\-/]+):\s*$/.exec(lines[i]);
    const dash = /^(\s*)-\s/.exec(lines[i]);
    if (m && m[1].length < indent) {
      path.unshift(m[3]);
      if (m[2]) path.unshift('[]');
      indent = m[1].length;
    } else if (dash && dash[1].length < indent) {
      path.unshift('[]');
      indent = dash[1].length;
    }
  }
  if (path[path.length - 1] === '[]' && !item) inList = false;
  return { path: [...doc.base, ...collapseItems(path)], inList };
}

/** `credentials:` then `- host:` reads as credentials[]: a '[]' belongs after its list's key. */
function collapseItems(path: string[]): string[] {
  const out: string[] = [];
  for (const s of path) if (!(s === '[]' && out[out.length - 1] === '[]')) out.push(s);
  return out;
}

function keyInsert(name: string, node: SchemaNode, format: ConfFormat): string {
  const isObject = node.types.length === 1 && node.types[0] === 'object';
  const isList = node.types.length === 1 && node.types[0] === 'list';
  if (format === 'json') return `"${name}": ${isObject ? '{}' : isList ? '[]' : ''}`;
  if (format === 'yaml') return `${name}: `;
  return isObject ? `${name} {}` : isList ? `${name}: []` : `${name}: `;
}

function detail(node: SchemaNode): string {
  return `${node.types.join(' | ')}${node.record ? ` · ${node.record.description}` : ''}`;
}

function keyItems(node: SchemaNode, format: ConfFormat): ConfCompletion[] {
  const out: ConfCompletion[] = [];
  for (const [name, child] of node.children) {
    const status = child.record?.status;
    if (status === 'unused' || status === 'legacy' || child.record?.readBy === 'none') continue;
    out.push({ label: name, kind: 'key', insertText: keyInsert(name, child, format), detail: detail(child) });
  }
  return out;
}

const ENTRY_TEMPLATES: Record<string, { label: string; fields: [string, string][] }[]> = {
  'sdk.aws.s3.credentials[]': [
    { label: 'S3 bucket entry (AWS)', fields: [['bucket', '"${1:my-bucket}"'], ['key', '"${2}"'], ['secret', '"${3}"'], ['region', '"${4:us-east-1}"']] },
    { label: 'S3-compatible host entry (MinIO)', fields: [['host', '"${1:minio.example.com:9000}"'], ['key', '"${2}"'], ['secret', '"${3}"'], ['multipart', 'false'], ['secure', '${4|false,true|}']] },
  ],
  'sdk.google.storage.credentials[]': [
    { label: 'Google Cloud Storage bucket entry', fields: [['bucket', '"${1:my-bucket}"'], ['subdir', '"${2:path}"'], ['project', '"${3:my-project}"'], ['credentials_json', '"${4:/path/to/credentials.json}"']] },
  ],
  'sdk.azure.storage.containers[]': [
    { label: 'Azure Blob container entry', fields: [['account_name', '"${1:account}"'], ['account_key', '"${2}"'], ['container_name', '"${3:container}"']] },
  ],
};

function entrySnippets(listItemPath: string, format: ConfFormat): ConfCompletion[] {
  return (ENTRY_TEMPLATES[listItemPath] ?? []).map(({ label, fields }) => {
    let insertText: string;
    if (format === 'json') insertText = `{\n${fields.map(([k, v]) => `  "${k}": ${v}`).join(',\n')}\n}`;
    else if (format === 'yaml') insertText = `- ${fields.map(([k, v]) => `${k}: ${v}`).join('\n  ')}`;
    else insertText = `{\n${fields.map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n}`;
    return { label, kind: 'snippet' as const, insertText, detail: `a new ${listItemPath.replace('[]', '')} entry` };
  });
}

function valueItems(node: SchemaNode, format: ConfFormat): ConfCompletion[] {
  const out: ConfCompletion[] = [];
  const quote = (v: string) => (format === 'json' ? JSON.stringify(v) : v);
  for (const v of node.record?.values ?? []) out.push({ label: v, kind: 'value', insertText: quote(v), detail: `allowed value of ${node.path}` });
  if (node.types.includes('boolean')) for (const b of ['true', 'false']) out.push({ label: b, kind: 'value', insertText: b, detail: 'boolean (unquoted: a quoted "false" reads as true)' });
  if (node.item && ENTRY_TEMPLATES[node.item.path] && format !== 'yaml') {
    for (const s of entrySnippets(node.item.path, format)) out.push({ ...s, insertText: `[\n${s.insertText}\n]` });
  }
  return out;
}

function walk(path: readonly string[]): SchemaNode | undefined {
  return nodeAt(path);
}

export function complete(text: string, position: ConfPosition, options: CompleteOptions = {}): ConfCompletion[] {
  const format = options.format ?? 'hocon';
  const doc = readDocument(text, format);
  const offset = offsetAt(doc, position);
  const lineStart = doc.lines.lineStart(position.line + 1);
  const before = text.slice(lineStart, offset);
  const { path, inList } = format === 'yaml' ? yamlContainerAt(doc, position) : containerAt(doc, offset);
  // after `key:` / `key =` on this line: values of that key
  const valueMatch = /(?:^|[{,\s])("?)([A-Za-z0-9_.\-/]+)\1\s*(?::|=|\+=)\s*("?)([^"{}[\],]*)$/.exec(before);
  if (valueMatch && !/^\s*-\s*$/.test(before)) {
    const node = walk([...path, ...valueMatch[2].split('.')]);
    return node ? valueItems(node, format) : [];
  }
  const container = walk(path);
  if (!container) return [];
  const typed = /(?:^|[\s{,"])([A-Za-z0-9_.\-/]*)$/.exec(before)?.[1] ?? '';
  if (inList && /^[\s,[]*$/.test(before.slice(before.lastIndexOf('[') + 1)) && container.item) {
    return entrySnippets(container.item.path, format);
  }
  if (inList && container.item) return entrySnippets(container.item.path, format);
  const dotted = typed.split('.').slice(0, -1);
  let node: SchemaNode | undefined = container;
  for (const s of dotted) node = node && childOf(node, s);
  if (!node) return [];
  return keyItems(node, format);
}
