/**
 * Mapping between the web UI's server-side preference slices and the Preferences form, exactly as the web app
 * stores them (clearml-api.md §2.3). Writes are read-modify-write of whole top-level slices: every key the web
 * app (or anything else) keeps in `rootProjects` / `views` survives.
 */
import type { Preferences } from '../api';
import type { Conflict, PreferenceField, PreferencesForm } from '../protocol/preferences';
import { FIELD_LABELS, PREFERENCE_FIELDS } from '../protocol/preferences';

/** Used by the web app when `views.redactedArguments` is absent (redacted-arguments dialog). */
export const DEFAULT_REDACTED_ARGUMENTS: readonly string[] = ['CLEARML_API_SECRET_KEY', 'CLEARML_AGENT_GIT_PASS', 'AWS_SECRET_ACCESS_KEY', 'AZURE_STORAGE_KEY'];

/** The web app's popup id for the periodic pro tips (tips.service.ts). */
export const TIP_OF_THE_DAY = 'tip-of-the-day';

/** Which slice and key each server-stored field lives in (reportStats is server-wide, not a preference). */
export const FIELD_LOCATION: Record<Exclude<PreferenceField, 'reportStats'>, { slice: 'rootProjects' | 'views'; key: string }> = {
  showHidden: { slice: 'rootProjects', key: 'showHidden' },
  hideExamples: { slice: 'rootProjects', key: 'hideExamples' },
  blockUserScript: { slice: 'rootProjects', key: 'blockUserScript' },
  hideTips: { slice: 'views', key: 'neverShowPopupAgain' },
  hideEnterpriseFeatures: { slice: 'views', key: 'hideEnterpriseFeatures' },
  hideRedactedArguments: { slice: 'views', key: 'hideRedactedArguments' },
  redactedArguments: { slice: 'views', key: 'redactedArguments' },
};

type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}

function asStringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
}

/** Trims names and drops blank ones, as the web app's dialog does on save. */
export function normaliseRedactedNames(names: readonly string[]): string[] {
  return names.map((n) => n.trim()).filter((n) => n.length > 0);
}

/** The names stored on the server, or the four defaults when the preference is absent. */
export function redactedNamesFrom(views: JsonObject): string[] {
  const stored = views.redactedArguments;
  if (!Array.isArray(stored)) return [...DEFAULT_REDACTED_ARGUMENTS];
  return normaliseRedactedNames(stored.map((item) => (typeof asObject(item).key === 'string' ? (asObject(item).key as string) : '')));
}

/** Reads the form from the user's preferences (as returned by users.get_preferences) and the telemetry state. */
export function formFromPreferences(prefs: Preferences, reportStats = false): PreferencesForm {
  const root = asObject(prefs.rootProjects);
  const views = asObject(prefs.views);
  return {
    showHidden: root.showHidden === true,
    hideExamples: root.hideExamples === true,
    hideTips: asStringArray(views.neverShowPopupAgain).includes(TIP_OF_THE_DAY),
    blockUserScript: root.blockUserScript === true,
    hideEnterpriseFeatures: views.hideEnterpriseFeatures === true,
    hideRedactedArguments: views.hideRedactedArguments === true,
    redactedArguments: redactedNamesFrom(views),
    reportStats,
  };
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return a === b;
}

/** Compares lists after normalisation, so a trailing blank row is not an edit. */
function fieldValue(form: PreferencesForm, field: PreferenceField): unknown {
  return field === 'redactedArguments' ? normaliseRedactedNames(form.redactedArguments) : form[field];
}

/** Fields the user changed relative to the state the form was loaded from. */
export function changedFields(baseline: PreferencesForm, form: PreferencesForm): PreferenceField[] {
  return PREFERENCE_FIELDS.filter((f) => !sameValue(fieldValue(baseline, f), fieldValue(form, f)));
}

/**
 * A conflict is a field the user edited whose server value moved away from the baseline meanwhile, to something
 * other than what the user wants (if the server already holds the user's value there is nothing to decide).
 */
export function findConflicts(baseline: PreferencesForm, server: PreferencesForm, form: PreferencesForm): Conflict[] {
  return changedFields(baseline, form)
    .filter((f) => !sameValue(fieldValue(server, f), fieldValue(baseline, f)) && !sameValue(fieldValue(server, f), fieldValue(form, f)))
    .map((field) => ({ field, label: FIELD_LABELS[field], yours: fieldValue(form, field), server: fieldValue(server, field) }));
}

/**
 * After the user resolved conflicts: fields they gave to the server take the server value, and the baseline of
 * every conflicting field becomes the server value (so "mine" is written and "server" is no longer an edit).
 */
export function applyConflictChoices(
  baseline: PreferencesForm, server: PreferencesForm, form: PreferencesForm, choices: Partial<Record<PreferenceField, 'mine' | 'server'>>,
): { baseline: PreferencesForm; form: PreferencesForm } {
  const nextBaseline = { ...baseline };
  const nextForm = { ...form };
  for (const [field, choice] of Object.entries(choices) as [PreferenceField, 'mine' | 'server'][]) {
    setField(nextBaseline, field, server[field]);
    if (choice === 'server') setField(nextForm, field, server[field]);
  }
  return { baseline: nextBaseline, form: nextForm };
}

function setField<K extends PreferenceField>(form: PreferencesForm, field: K, value: PreferencesForm[K]): void {
  form[field] = Array.isArray(value) ? ([...value] as PreferencesForm[K]) : value;
}

/**
 * The whole slices to send to users.set_preferences for the given fields, built from the server's current
 * preferences (re-read just before saving). Only slices holding a written field are returned.
 */
export function buildSlices(current: Preferences, form: PreferencesForm, fields: readonly PreferenceField[]): Preferences {
  const slices: Record<string, JsonObject> = {};
  const slice = (name: 'rootProjects' | 'views'): JsonObject => (slices[name] ??= { ...asObject(current[name]) });
  for (const field of fields) {
    if (field === 'reportStats') continue;
    const { slice: name, key } = FIELD_LOCATION[field];
    const target = slice(name);
    if (field === 'hideTips') {
      const others = asStringArray(target.neverShowPopupAgain).filter((id) => id !== TIP_OF_THE_DAY);
      // Entries that are not strings are kept as they were (another client's data).
      const nonStrings = Array.isArray(target.neverShowPopupAgain) ? target.neverShowPopupAgain.filter((x) => typeof x !== 'string') : [];
      target.neverShowPopupAgain = [...others, ...nonStrings, ...(form.hideTips ? [TIP_OF_THE_DAY] : [])];
    } else if (field === 'redactedArguments') {
      target.redactedArguments = normaliseRedactedNames(form.redactedArguments).map((name) => ({ key: name }));
    } else {
      target[key] = form[field];
    }
  }
  // Keys are in decoded form (a '.' may appear in nested keys); the client re-encodes them as the web app does.
  return slices;
}

/** Human-readable value for conflict and summary text. */
export function describeValue(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(empty list)';
  return String(value);
}
