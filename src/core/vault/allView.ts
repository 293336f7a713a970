/**
 * The "all keys" view per keystroke: the prepared state (base + earlier vaults, with provenance) is copied, this
 * vault and the later ones are merged on with the SDK's rule (pyhocon merge_configs, as the config engine's
 * mergeVaults does it), and every leaf of the result becomes a row. Only this vault is parsed per change; the
 * property test checks the rows against the full mergeVaults path.
 */
import { isAgentProtected, type ConfigObject, type ConfigValue, type LayerChange } from '../config';
import type { PreviewCounts, PreviewRow } from '../protocol/vault';
import { displayValue } from './mask';
import { displayPath } from './secrets';
import { cloneObjects, deepEqual, hasKeys, hasOwn as own, isObject, lineFor, PATH_SEP as SEP } from './tree-utils';

export interface LeafEntry {
  segments: string[];
  /** Display name of the layer that set the value. */
  label: string;
  kind: 'base' | 'this' | 'other';
  line?: number;
  change: LayerChange;
  previous?: ConfigValue;
}

export interface MergeLayer {
  label: string;
  kind: 'this' | 'other';
  lines?: Map<string, number>;
  tree: ConfigObject;
}

function walkLeaves(v: ConfigValue, segments: string[], cb: (segments: string[], leaf: ConfigValue) => void): void {
  if (isObject(v) && hasKeys(v)) {
    for (const k in v) if (own(v, k)) walkLeaves(v[k], segments.concat(k), cb);
    return;
  }
  cb(segments, v);
}

/** Merges `layer` into `target` (mutating it) and keeps `entries` (leaf path → who set it) up to date. */
export function mergeLayerInto(target: ConfigObject, layer: MergeLayer, entries: Map<string, LeafEntry>, copyInserted: boolean): void {
  const set = (segments: string[], change: LayerChange, previous: ConfigValue | undefined) => {
    const e: LeafEntry = { segments, label: layer.label, kind: layer.kind, line: lineFor(layer.lines, segments), change };
    if (change === 'overridden') e.previous = previous;
    entries.set(segments.join(SEP), e);
  };
  const merge = (a: ConfigObject, b: ConfigObject, prefix: string[]) => {
    for (const k in b) {
      if (!own(b, k)) continue;
      const segs = prefix.concat(k);
      const av = own(a, k) ? a[k] : undefined;
      const bv = b[k];
      if (isObject(av) && isObject(bv)) {
        if (!hasKeys(bv)) {
          if (!hasKeys(av)) set(segs, 'unchanged', av);
          continue;
        }
        if (!hasKeys(av)) entries.delete(segs.join(SEP));
        merge(av, bv, segs);
        continue;
      }
      if (av !== undefined) walkLeaves(av, segs, (s) => entries.delete(s.join(SEP)));
      a[k] = copyInserted && isObject(bv) ? cloneObjects(bv) : bv;
      walkLeaves(bv, segs, (s, leaf) => {
        if (av === undefined) set(s, 'added', undefined);
        else if (s.length === segs.length) set(s, deepEqual(av, leaf) ? 'unchanged' : 'overridden', av);
        else set(s, 'overridden', av);
      });
    }
  };
  merge(target, layer.tree, []);
}

export interface AllRowsInput {
  before: ConfigObject;
  beforeEntries: ReadonlyMap<string, LeafEntry>;
  self: MergeLayer;
  later: MergeLayer[];
  previousSource(segments: string[]): string | undefined;
  maxRows: number;
}

export interface AllRows {
  rows: PreviewRow[];
  counts: PreviewCounts;
  protectedKeys: string[];
  truncated: number;
}

export function buildAllRows(input: AllRowsInput): AllRows {
  const config = cloneObjects(input.before);
  const entries = new Map(input.beforeEntries);
  // Inserted objects are copied: later layers merge into them, and the callers still read their trees.
  mergeLayerInto(config, input.self, entries, true);
  const mine = new Map<string, LeafEntry>();
  for (const [k, e] of entries) if (e.kind === 'this') mine.set(k, e);
  for (const l of input.later) mergeLayerInto(config, l, entries, true);

  const rows: PreviewRow[] = [];
  const counts: PreviewCounts = { added: 0, overridden: 0, unchanged: 0, shadowed: 0, agentProtected: 0, leaves: 0 };
  const protectedKeys: string[] = [];
  let truncated = 0;

  const leaf = (segments: string[], value: ConfigValue) => {
    counts.leaves++;
    const key = segments.join(SEP);
    const entry = entries.get(key);
    const m = mine.get(key);
    if (m) {
      if (!entry || entry.kind !== 'this') counts.shadowed++;
      else counts[m.change === 'base' ? 'unchanged' : m.change]++;
    }
    const isProtected = !!entry && entry.kind !== 'base' && isAgentProtected(segments);
    if (isProtected) counts.agentProtected++;
    if (rows.length >= input.maxRows) {
      truncated++;
      if (isProtected && protectedKeys.length < 10) protectedKeys.push(displayPath(segments));
      return;
    }
    const name = segments[segments.length - 1];
    const shown = displayValue(value, segments);
    const row: PreviewRow = { path: displayPath(segments), key: name, depth: segments.length - 1, kind: 'leaf', value: shown.text, agentProtected: isProtected, masked: shown.masked, touched: !!m };
    if (entry) {
      row.mark = entry.change;
      row.sourceKind = entry.kind;
      row.source = entry.line ? `${entry.label}:${entry.line}` : entry.label;
      if (entry.kind === 'this' && entry.line) row.line = entry.line;
      if (entry.change === 'overridden' && entry.previous !== undefined) {
        row.previous = displayValue(entry.previous, segments).text;
        const from = entry.kind === 'this' ? input.previousSource(segments) : undefined;
        if (from) row.previousSource = from;
      }
    }
    if (m && (!entry || entry.kind !== 'this')) {
      row.shadowedBy = entry ? entry.label : 'a later vault';
      if (m.line) row.line = m.line;
    }
    if (isProtected) protectedKeys.push(row.path);
    rows.push(row);
  };

  const walk = (obj: ConfigObject, segments: string[]): boolean => {
    let touched = false;
    for (const k in obj) {
      if (!own(obj, k)) continue;
      const v = obj[k];
      const seg = segments.concat(k);
      if (isObject(v) && hasKeys(v)) {
        const at = rows.length;
        if (at < input.maxRows) rows.push({ path: displayPath(seg), key: k, depth: segments.length, kind: 'object', agentProtected: false, masked: false, touched: false });
        const sub = walk(v, seg);
        if (sub && at < input.maxRows) rows[at].touched = true;
        touched ||= sub;
      } else {
        leaf(seg, v);
        touched ||= mine.has(seg.join(SEP));
      }
    }
    return touched;
  };
  walk(config, []);
  return { rows, counts, protectedKeys, truncated };
}
