/**
 * Reading and saving the Preferences form against a ClearML server: detection of what the server offers,
 * conflict check against a fresh read right before writing, whole-slice writes.
 */
import { FeatureUnavailableError, type CallOptions, type ClearMLClientApi, type Preferences, type StatsOption } from '../api';
import type { Conflict, Edition, PreferenceField, PreferencesForm } from '../protocol/preferences';
import { buildSlices, changedFields, findConflicts, formFromPreferences, normaliseRedactedNames } from './model';

export interface ServerCapabilities {
  edition: Edition;
  telemetrySupported: boolean;
  telemetryEnabledTime?: string;
  vaultsSupported: boolean;
  /**
   * The web UI shows "Show hidden projects" only to administrators or when it also shows the usage-statistics
   * option (self-hosted); elsewhere the setting is left alone.
   */
  showHiddenOffered: boolean;
}

const ADMIN_ROLES = new Set(['admin', 'root', 'system']);

export interface ServerSnapshot {
  prefs: Preferences;
  form: PreferencesForm;
  capabilities: ServerCapabilities;
}

/** app.clear.ml and its api./files. hosts. */
function looksHosted(apiServer: string): boolean {
  try { return /(^|\.)clear\.ml$/i.test(new URL(apiServer).hostname); } catch { return false; }
}

/**
 * The open-source server issues tokens with feature_set "basic"; it alone supports server.report_stats_option.
 * Anything unreadable is treated as "not supported" rather than failing the whole panel.
 */
async function readStats(client: ClearMLClientApi, opts?: CallOptions): Promise<StatsOption> {
  try {
    return await client.getStatsOption(opts);
  } catch (e) {
    if (e instanceof FeatureUnavailableError) return { supported: false };
    if (e instanceof Error && 'code' in e && ((e as { code: number }).code === 404 || (e as { code: number }).code === 403)) return { supported: false };
    throw e;
  }
}

export async function readServer(client: ClearMLClientApi, opts?: CallOptions): Promise<ServerSnapshot> {
  const [prefs, stats, claims, perUserLimit] = await Promise.all([
    client.getPreferences(opts),
    readStats(client, opts),
    client.claims(opts).catch(() => undefined),
    // Only the hosted service answers auth.get_credentials with a per-user limit (the web app's max_credentials).
    client.listCredentials(opts).then((l) => l.maxCredentials !== undefined, () => false),
  ]);
  const featureSet = claims?.featureSet;
  const hosted = looksHosted(client.apiServer) || perUserLimit;
  const edition: Edition = featureSet === 'basic' || stats.supported ? 'opensource' : featureSet ? (hosted ? 'hosted' : 'enterprise') : 'unknown';
  const telemetrySupported = stats.supported === true;
  const showHiddenOffered = telemetrySupported || ADMIN_ROLES.has(claims?.role ?? '');
  return {
    prefs,
    form: formFromPreferences(prefs, telemetrySupported && stats.enabled === true),
    capabilities: { edition, telemetrySupported, telemetryEnabledTime: stats.enabledTime, vaultsSupported: edition !== 'opensource', showHiddenOffered },
  };
}

export type SaveOutcome =
  | { kind: 'saved'; baseline: PreferencesForm; written: PreferenceField[]; capabilities: ServerCapabilities }
  | { kind: 'unchanged'; baseline: PreferencesForm; capabilities: ServerCapabilities }
  | { kind: 'conflict'; conflicts: Conflict[]; server: PreferencesForm; capabilities: ServerCapabilities };

/**
 * Saves the fields the user changed since `baseline`. Re-reads the server first: a field whose server value moved
 * meanwhile is a conflict and nothing is written. Otherwise the touched slices are written whole (built from the
 * fresh read, so concurrent changes to other keys survive) and telemetry through its own endpoint.
 */
export async function saveForm(client: ClearMLClientApi, baseline: PreferencesForm, form: PreferencesForm, opts?: CallOptions): Promise<SaveOutcome> {
  const fresh = await readServer(client, opts);
  const offered = (f: PreferenceField) => (f !== 'reportStats' || fresh.capabilities.telemetrySupported) && (f !== 'showHidden' || fresh.capabilities.showHiddenOffered);
  const fields = changedFields(baseline, form).filter(offered);
  if (fields.length === 0) return { kind: 'unchanged', baseline: fresh.form, capabilities: fresh.capabilities };
  const conflicts = findConflicts(baseline, fresh.form, form).filter((c) => fields.includes(c.field));
  if (conflicts.length) return { kind: 'conflict', conflicts, server: fresh.form, capabilities: fresh.capabilities };

  const slices = buildSlices(fresh.prefs, form, fields);
  if (Object.keys(slices).length) await client.setPreferenceSlices(slices, opts);
  if (fields.includes('reportStats')) await client.setStatsOption(form.reportStats, opts);

  const saved: PreferencesForm = { ...fresh.form };
  for (const f of fields) (saved as Record<PreferenceField, unknown>)[f] = f === 'redactedArguments' ? normaliseRedactedNames(form.redactedArguments) : form[f];
  return { kind: 'saved', baseline: saved, written: fields, capabilities: fresh.capabilities };
}
