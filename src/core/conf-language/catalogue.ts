/**
 * The typed key catalogue as a tree: which keys exist under a path, their types, allowed values and readers.
 * Paths are segment lists; '[]' stands for a list entry and '*' in a record for a free-form map member.
 */
import { CATALOGUE_RECORDS } from './catalogue-data';
import { SDK2_RECORDS } from './catalogue-sdk2';

export type KeyType = 'string' | 'number' | 'boolean' | 'list' | 'object';
export type KeyStatus = 'active' | 'legacy' | 'unused' | 'enterprise' | 'internal' | 'code-typo';
export type Reader = 'sdk' | 'agent' | 'both' | 'none';

export interface CatalogueRecord {
  key: string;
  /** One type or a union written with '|' (`boolean|string`). */
  type: string;
  description: string;
  /** The value in the default file the program loads. */
  default?: unknown;
  /** The code's fallback where it differs from the file's. */
  codeDefault?: unknown;
  env?: string[];
  envPrecedence?: string;
  values?: string[];
  secret?: boolean;
  readBy: Reader;
  status: KeyStatus;
}

export const KEY_TYPES: readonly KeyType[] = ['string', 'number', 'boolean', 'list', 'object'];

export interface SchemaNode {
  /** Path as written in the catalogue ('sdk.aws.s3.credentials[]'). */
  path: string;
  record?: CatalogueRecord;
  types: KeyType[];
  children: Map<string, SchemaNode>;
  /** A '*' member: any name is valid here and has this shape. */
  wildcard?: SchemaNode;
  /** The shape of a list's entries. */
  item?: SchemaNode;
  /**
   * Any child name is accepted: a dictConfig section (logging), a map of user names (environment, files), or an
   * object the code passes on as is (extra_args, match).
   */
  open: boolean;
}

/** Sections whose members are names the user chooses, or that Python's logging.dictConfig reads as a whole. */
const OPEN_SECTIONS = new Set(['logging', 'environment', 'files', 'files.*', 'logging.loggers.*']);

function newNode(path: string): SchemaNode {
  return { path, types: ['object'], children: new Map(), open: false };
}

function buildTree(): SchemaNode {
  const root = newNode('');
  for (const record of [...CATALOGUE_RECORDS, ...SDK2_RECORDS]) {
    let node = root;
    for (const raw of record.key.split('.')) {
      const list = raw.endsWith('[]');
      const name = list ? raw.slice(0, -2) : raw;
      const childPath = node.path ? `${node.path}.${name}` : name;
      let next: SchemaNode | undefined;
      if (name === '*') next = node.wildcard ??= newNode(childPath);
      else {
        next = node.children.get(name);
        if (!next) { next = newNode(childPath); node.children.set(name, next); }
      }
      node = next;
      if (list) node = node.item ??= newNode(`${childPath}[]`);
    }
    node.record = record;
    node.types = record.type.split('|') as KeyType[];
  }
  const mark = (n: SchemaNode): void => {
    const childless = n.children.size === 0 && !n.wildcard && !n.item;
    if (OPEN_SECTIONS.has(n.path) || n.path.startsWith('logging.') || (childless && n.types.includes('object'))) n.open = true;
    // a named member of a map (logging.loggers.clearml) has the members' shape (logging.loggers.*) too
    if (n.wildcard) {
      for (const c of n.children.values()) {
        for (const [name, w] of n.wildcard.children) {
          const own = c.children.get(name);
          if (!own) c.children.set(name, w);
          else if (own.record && !own.record.values && w.record?.values) own.record = { ...own.record, values: w.record.values };
        }
      }
    }
    for (const c of n.children.values()) mark(c);
    if (n.wildcard) mark(n.wildcard);
    if (n.item) mark(n.item);
  };
  mark(root);
  return root;
}

let tree: SchemaNode | undefined;

export function schemaRoot(): SchemaNode {
  tree ??= buildTree();
  return tree;
}

/** The child of `node` named `name` ('[]' for a list entry), if the catalogue knows it. */
export function childOf(node: SchemaNode, name: string): SchemaNode | undefined {
  if (name === '[]') return node.item;
  return node.children.get(name) ?? node.wildcard;
}

/** The node of a path, or undefined when some segment is not in the catalogue. */
export function nodeAt(segments: readonly string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = schemaRoot();
  for (const s of segments) {
    node = childOf(node, s);
    if (!node) return undefined;
  }
  return node;
}

/** Every record whose last segment is `leaf` (a right key written in the wrong section). */
export function recordsWithLeaf(leaf: string): CatalogueRecord[] {
  return allRecords().filter((r) => r.key.endsWith(`.${leaf}`) && !r.key.includes('*'));
}

const ALL_RECORDS = [...CATALOGUE_RECORDS, ...SDK2_RECORDS];

export function allRecords(): readonly CatalogueRecord[] {
  return ALL_RECORDS;
}

/** Levenshtein distance, bounded: returns max+1 as soon as it is certain to exceed max. */
export function editDistance(a: string, b: string, max = 8): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** The same words in another order (`docker_default` / `default_docker`). */
function sameWords(a: string, b: string): boolean {
  const w = (s: string) => s.toLowerCase().split(/[_-]/).sort().join('_');
  return w(a) === w(b);
}

/**
 * The closest known child name of `parent` to `name`: same words reordered first, then the smallest edit distance
 * (at most a third of the name, at least 2). `rest` (the segments written below the unknown one) breaks ties in
 * favour of a child that has them.
 */
export function closestChild(parent: SchemaNode, name: string, rest: readonly string[] = []): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const limit = Math.max(2, Math.floor(name.length / 3));
  for (const [candidate, node] of parent.children) {
    const lower = name.toLowerCase();
    // `verify` for `verify_certificate` (clearml#1107): a written name that is the start of a key
    const prefix = lower.length >= 4 && candidate.startsWith(lower) ? 1 : Infinity;
    let score = sameWords(candidate, name) ? 0.5 : Math.min(prefix, editDistance(lower, candidate.toLowerCase(), limit));
    if (score > limit) continue;
    if (rest.length) {
      let n: SchemaNode | undefined = node;
      for (const r of rest) n = n && !n.open ? childOf(n, r) : n;
      if (!n) score += 0.25;
    }
    if (score < bestScore) { bestScore = score; best = candidate; }
  }
  return best;
}

/** How a path is written for people: '[]' segments attached to their list ('sdk.aws.s3.credentials[].host'). */
export function dottedPath(segments: readonly string[]): string {
  let out = '';
  for (const s of segments) out += s === '[]' ? '[]' : out ? `.${s}` : s;
  return out;
}
