/**
 * What the Storage Credentials panel shows: the clearml.conf the SDK reads plus the enabled server config vaults,
 * merged as the SDK merges them, read into the storage model with each entry's layer, line and issues. Secret values
 * stay here; the views carry only which secret fields are set.
 */
import * as os from 'node:os';
import { FeatureUnavailableError, type ClearMLClientApi, type Vault } from '../../core/api';
import { mergeVaults, sourceLabel, type Env, type MergeResult, type VaultFormat } from '../../core/config';
import { lineColumnAt } from '../../core/config/errors';
import { parseRaw } from '../../core/config/hocon-parser';
import { entryFieldsView, FIELDS } from '../../core/storage/fields';
import { describeEntry, listPathOf, readStorage, type StorageEntry, type StorageModel } from '../../core/storage/model';
import { s3EntryUsable, validateStorage, type StorageIssue } from '../../core/storage/rules';
import type { EntryView, IssueView, LayerView, ReplacedEntryView } from '../../core/protocol/storage';
import { defaultTarget, layerFates, winnerFate, type LayerConfig, type LayerFates } from '../../core/storage/layers';
import { normalizeServerFormat } from '../../core/vault/format';
import { BoundedReadError, MAX_CONFIG_FILE_BYTES, readBoundedRegularFile } from '../../core/config/bounded-read';
import { decodeConfBytes, encodingProblem } from '../../core/config/bytes';
import { readFile, targetConfFile } from '../preferences/exporter';
import { listConfigVaults } from '../vault/serverVaults';
import { vaultDisplayName } from '../vault/uri';

export interface StorageHost { env: Env; homedir: string }
export const defaultHost = (): StorageHost => ({ env: process.env as Env, homedir: os.homedir() });

export interface Layer { id: string; label: string; format: VaultFormat; text: string; file?: string; vault?: Vault }

export interface Loaded {
  confFile: string;
  layers: Layer[];
  merged: MergeResult;
  model: StorageModel;
  issues: StorageIssue[];
  notes: string[];
  env: Env;
  /** Which layer's list the SDK uses per provider, and the entries of the lists it replaces. */
  fates: LayerFates;
}

/** Each layer parsed alone, through the same merge the SDK view uses; vaults the SDK skips have no configuration. */
function layerConfigs(layers: Layer[], merged: MergeResult, env: Env, confFile: string): LayerConfig[] {
  return layers.map((l, i): LayerConfig => {
    if (i === 0) return { id: l.id, label: l.label, config: merged.vaults.length ? mergeVaults(l.text, [], { env, baseFilename: confFile }).config : merged.config };
    const applied = merged.vaults[i - 1]?.status === 'applied';
    return { id: l.id, label: l.label, config: applied ? mergeVaults('', [{ name: l.label, format: l.format, text: l.text }], { env }).config : undefined };
  });
}

/** Line of each element of a list in a HOCON text (1-based), for "clearml.conf:42". */
function elementLines(text: string, segs: string[]): number[] {
  try {
    let found: number[] = [];
    parseRaw(text, { trace: { onAssign: (a) => {
      if (a.path.length === segs.length && a.path.every((s, i) => s === segs[i]) && a.elements) found = a.elements.map((e) => lineColumnAt(text, e.start).line);
    } } });
    return found;
  } catch {
    return [];
  }
}

export async function loadState(host: StorageHost, client: ClearMLClientApi | undefined): Promise<Loaded> {
  const confFile = targetConfFile({ env: host.env, homedir: host.homedir, readFile });
  const notes: string[] = [];
  let confText = '';
  try {
    // decoded losslessly (a Latin-1 comment survives an edit elsewhere; the write compares with these bytes)
    confText = decodeConfBytes(await readBoundedRegularFile(confFile, MAX_CONFIG_FILE_BYTES));
  } catch (e) {
    // bounded, never blocking: a FIFO, device or huge file at the path is named here instead of freezing the host
    if (!(e instanceof BoundedReadError && e.problem === 'missing')) notes.push(e instanceof Error ? e.message : String(e));
  }
  const undecodable = encodingProblem(confText, confFile);
  if (undecodable) notes.push(`The SDK cannot read ${confFile}: at line ${undecodable.line}, column ${undecodable.column} ${undecodable.reason}. ${undecodable.fix}`);
  let vaults: Vault[] = [];
  if (client) {
    try {
      vaults = (await listConfigVaults(client)).filter((v) => v.enabled);
    } catch (e) {
      if (!(e instanceof FeatureUnavailableError)) notes.push(`Could not read the server's configuration vaults: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const layers: Layer[] = [
    { id: 'conf', label: confFile, format: 'hocon', text: confText, file: confFile },
    ...vaults.map((v): Layer => ({ id: v.id, label: `vault "${vaultDisplayName(v)}"`, format: normalizeServerFormat(v.format), text: v.data ?? '', vault: v })),
  ];
  const merged = mergeVaults(confText, layers.slice(1).map((l) => ({ name: l.label, format: l.format, text: l.text })), { env: host.env, baseFilename: confFile });
  for (const o of merged.vaults) if (o.status !== 'applied') notes.push(`${o.name} is skipped by the SDK (${o.status}${o.error ? `: ${o.error.message}` : ''}).`);
  const model = readStorage(merged.config, (p) => sourceLabel(merged, p, confFile));
  const fates = layerFates(layerConfigs(layers, merged, host.env, confFile));
  return { confFile, layers, merged, model, issues: validateStorage(model, { env: host.env }), notes, env: host.env, fates };
}

/** The layer whose list holds the entry (lists are replaced whole, so the last layer that set it). */
export function layerOf(state: Loaded, provider: StorageEntry['provider']): Layer {
  const e = state.merged.provenance.get(listPathOf(provider));
  if (!e || e.source === 'base') return state.layers[0];
  return state.layers.find((l) => l.label === e.source) ?? state.layers[0];
}

export function entriesOf(model: StorageModel): StorageEntry[] {
  return [...model.s3.entries, ...model.gcs.entries, ...model.azure.entries];
}

/** The entry's keys as written in the configuration (secrets included), for edits and tests. */
export function rawFields(state: Loaded, entry: StorageEntry): Record<string, string | boolean> {
  const segs = listPathOf(entry.provider).split('.');
  let cur: unknown = state.merged.config;
  for (const s of segs) cur = (cur as Record<string, unknown> | undefined)?.[s];
  const item = Array.isArray(cur) ? cur[entry.index] : undefined;
  const out: Record<string, string | boolean> = {};
  if (item && typeof item === 'object') {
    for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
      if (typeof v === 'string' || typeof v === 'boolean') out[k] = v;
      else if (typeof v === 'number') out[k] = String(v);
    }
  }
  return out;
}

const issueView = (i: StorageIssue): IssueView => ({ severity: i.severity, message: i.message, rule: i.rule, ...(i.field ? { field: i.field } : {}) });

/** Where each replaced entry is written (`clearml.conf:12`) and what happens to it. */
function replacedViews(state: Loaded): ReplacedEntryView[] {
  return state.fates.replaced.map((r) => {
    const layer = state.layers.find((l) => l.id === r.layerId);
    const lines = layer?.format === 'hocon' ? elementLines(layer.text, listPathOf(r.provider).split('.')) : [];
    const line = lines[r.entry.index];
    return { provider: r.provider, layer: r.layerId, source: `${r.layerLabel}${line ? `:${line}` : ''}`, label: r.label, fate: r.fate };
  });
}

export function views(state: Loaded): { layers: LayerView[]; entries: EntryView[]; general: IssueView[]; replaced: ReplacedEntryView[]; targets: Record<string, string> } {
  const entries = entriesOf(state.model).map((entry): EntryView => {
    const layer = layerOf(state, entry.provider);
    const lines = layer.format === 'hocon' ? elementLines(layer.text, listPathOf(entry.provider).split('.')) : [];
    const { fields, secretsSet } = entryFieldsView(entry.provider, rawFields(state, entry));
    const used = entry.provider === 's3' ? s3EntryUsable(entry) : !entry.malformed && entry.unknownKeys.length === 0;
    return {
      provider: entry.provider, index: entry.index, layer: layer.id,
      source: `${layer.label}${lines[entry.index] ? `:${lines[entry.index]}` : ''}`,
      label: describeEntry(entry), fields, secretsSet, used,
      ...(winnerFate(state.fates, entry.provider) ? { fate: winnerFate(state.fates, entry.provider) } : {}),
      issues: state.issues.filter((i) => i.entry?.provider === entry.provider && i.entry.index === entry.index).map(issueView),
    };
  });
  return {
    layers: state.layers.map((l) => ({ id: l.id, label: l.label, format: l.format, writable: l.id === 'conf' || !!l.vault })),
    entries,
    general: state.issues.filter((i) => !i.entry).map(issueView),
    replaced: replacedViews(state),
    targets: Object.fromEntries((['s3', 'gcs', 'azure'] as const).map((p) => [p, defaultTarget(state.fates, p, state.layers[0].id)])),
  };
}

/** Field names of a provider the editor knows (others are kept as written and flagged by the rules). */
export const knownFields = (provider: StorageEntry['provider']) => FIELDS[provider].map((f) => f.name);
