/**
 * The fate of every storage entry of every layer (clearml.conf, then each enabled vault in server order). The SDK
 * merges layers with pyhocon's merge_configs: objects merge, a list replaces the list below it whole. So an entry
 * saved to clearml.conf under a vault that sets the same list never counts; this module says so per entry and names
 * the layer a new entry must go to for it to count.
 */
import type { ConfigObject } from '../config';
import { describeEntry, getPath, listPathOf, readStorage, type Provider, type StorageEntry } from './model';
import { gcsPrefix, s3Prefix } from './resolve';

export interface LayerConfig {
  id: string;
  label: string;
  /** The layer's own configuration, parsed alone; undefined when the SDK skips the layer (parse error, empty, ...). */
  config: ConfigObject | undefined;
}

export interface ReplacedEntry {
  provider: Provider;
  layerId: string;
  layerLabel: string;
  entry: StorageEntry;
  label: string;
  /** In plain words: `replaced by vault "Personal vault": its list wins`. */
  fate: string;
}

export interface LayerFates {
  /** Entries of lists a later layer replaces. */
  replaced: ReplacedEntry[];
  /** Per provider, the layer whose list the SDK uses; absent when no layer sets it. */
  winner: Partial<Record<Provider, { id: string; label: string }>>;
  /** Per provider, the labels of the layers whose lists the winner replaces. */
  replacedLayers: Partial<Record<Provider, string[]>>;
}

const PROVIDERS: Provider[] = ['s3', 'gcs', 'azure'];

function entriesOf(config: ConfigObject, provider: Provider): StorageEntry[] {
  const m = readStorage(config);
  return provider === 's3' ? m.s3.entries : provider === 'gcs' ? m.gcs.entries : m.azure.entries;
}

export function layerFates(layers: LayerConfig[]): LayerFates {
  const out: LayerFates = { replaced: [], winner: {}, replacedLayers: {} };
  for (const provider of PROVIDERS) {
    const setting = layers.filter((l) => l.config && getPath(l.config, listPathOf(provider)) !== undefined);
    const winner = setting[setting.length - 1];
    if (!winner) continue;
    out.winner[provider] = { id: winner.id, label: winner.label };
    const losers = setting.slice(0, -1);
    if (losers.length) out.replacedLayers[provider] = losers.map((l) => l.label);
    for (const l of losers) {
      for (const entry of entriesOf(l.config!, provider)) {
        out.replaced.push({
          provider, layerId: l.id, layerLabel: l.label, entry, label: describeEntry(entry),
          fate: `replaced by ${winner.label}: its list wins (the SDK merges ${listPathOf(provider)} as a whole list, not entry by entry), so this entry does not count`,
        });
      }
    }
  }
  return out;
}

/** For the entries of the winning list: what their list does to the others; undefined when nothing is replaced. */
export function winnerFate(fates: LayerFates, provider: Provider): string | undefined {
  const losers = fates.replacedLayers[provider];
  const winner = fates.winner[provider];
  if (!losers?.length || !winner) return undefined;
  return `counts: the list in ${winner.label} replaces the one in ${losers.join(' and ')} on merge`;
}

/** The layer a new entry of `provider` must be written to for the SDK to use it: the one whose list wins, else clearml.conf. */
export function defaultTarget(fates: LayerFates, provider: Provider, fallbackId: string): string {
  return fates.winner[provider]?.id ?? fallbackId;
}

/**
 * Said before writing an entry of `provider` to `layer` when the merge makes it (or others) not count; undefined when
 * it simply counts. `order` is the layer ids in merge order.
 */
export function writeWarning(fates: LayerFates, provider: Provider, layer: { id: string; label: string }, order: string[]): string | undefined {
  const winner = fates.winner[provider];
  if (!winner || winner.id === layer.id) return undefined;
  const list = listPathOf(provider);
  if (order.indexOf(layer.id) > order.indexOf(winner.id)) {
    return `${layer.label} comes after ${winner.label} in the merge: once it sets ${list}, its list replaces the one in ${winner.label}, and the entries there stop counting.`;
  }
  return `This entry will not count: ${winner.label} also sets ${list}, and its list replaces the one in ${layer.label} when the SDK merges them. Save it in ${winner.label} instead to make it count.`;
}

/**
 * For "Can I upload to <uri>?": the replaced entries that would serve the URI if their list counted (the prefix rule
 * of the SDK's get_config_by_uri), in words; undefined when none would. Without it, a user who has just saved an entry
 * for the bucket to clearml.conf under a vault that sets the list reads only "No … entry matches".
 */
export function replacedEntriesNote(fates: LayerFates, uri: string): string | undefined {
  const lower = uri.trim().toLowerCase();
  const prefixOf = (e: StorageEntry): string | undefined =>
    e.provider === 's3' ? (e.bucket || e.host ? s3Prefix(e) : undefined) : e.provider === 'gcs' && e.bucket ? gcsPrefix(e) : undefined;
  const matching = fates.replaced.filter((r) => {
    const prefix = prefixOf(r.entry);
    return prefix !== undefined && lower.startsWith(prefix);
  });
  if (!matching.length) return undefined;
  return matching.map((r) => `Note: ${r.label} in ${r.layerLabel} would match ${uri.trim()}, but it is ${r.fate}.`).join(' ');
}
