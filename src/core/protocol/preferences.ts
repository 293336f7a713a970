/**
 * The one message protocol between the Preferences webview and the extension. Both sides import these schemas
 * and validate every message they receive; nothing here depends on vscode or the DOM.
 *
 * Secrets flow one way only: the webview may send a Secret/Token it was given by the user (new or replaced
 * entry); the extension never sends a stored Secret or Token back (entries carry `hasSecret`/`hasToken`).
 */
import * as v from 'valibot';
import { BusyMessageSchema, ErrorMessageSchema, ExportTargetSchema, id, NoticeMessageSchema, text } from './common';

// ---------------------------------------------------------------------------------------------------------------
// Shared models

/** The form the webview edits; one field per control (see src/core/preferences/model.ts for the mapping). */
export const PreferencesFormSchema = v.strictObject({
  showHidden: v.boolean(),
  hideExamples: v.boolean(),
  hideTips: v.boolean(),
  blockUserScript: v.boolean(),
  hideEnterpriseFeatures: v.boolean(),
  hideRedactedArguments: v.boolean(),
  redactedArguments: v.pipe(v.array(text), v.maxLength(500)),
  /** server.report_stats_option.enabled; only meaningful when telemetry is supported. */
  reportStats: v.boolean(),
});
export type PreferencesForm = v.InferOutput<typeof PreferencesFormSchema>;
export type PreferenceField = keyof PreferencesForm;
export const PREFERENCE_FIELDS = ['showHidden', 'hideExamples', 'hideTips', 'blockUserScript', 'hideEnterpriseFeatures', 'hideRedactedArguments', 'redactedArguments', 'reportStats'] as const satisfies readonly PreferenceField[];
const fieldSchema = v.picklist(PREFERENCE_FIELDS);

/** What the user types for a cloud-access entry. Secret/Token undefined = keep the stored value (edit). */
export const CloudEntryInputSchema = v.strictObject({
  id: v.optional(id),
  Bucket: text,
  Key: text,
  Secret: v.optional(text),
  Token: v.optional(text),
  Region: text,
  Endpoint: text,
});
export type CloudEntryInput = v.InferOutput<typeof CloudEntryInputSchema>;

/** A stored entry as the webview may see it: no Secret/Token values. */
export const CloudEntryViewSchema = v.strictObject({
  id,
  Bucket: text,
  Key: text,
  Region: text,
  Endpoint: text,
  hasSecret: v.boolean(),
  hasToken: v.boolean(),
});
export type CloudEntryView = v.InferOutput<typeof CloudEntryViewSchema>;

export const EditionSchema = v.picklist(['opensource', 'hosted', 'enterprise', 'unknown']);
export type Edition = v.InferOutput<typeof EditionSchema>;

export const ServerInfoSchema = v.strictObject({
  profileId: text,
  profileLabel: text,
  apiServer: text,
  edition: EditionSchema,
  telemetrySupported: v.boolean(),
  /** ISO time the option was last enabled, when the server says. */
  telemetryEnabledTime: v.optional(text),
  /** Whether users.get_vaults exists (Enterprise); decides how "Export to vault" is offered. */
  vaultsSupported: v.boolean(),
  /** Whether the web UI would show "Show hidden projects" to this user (admins, or servers with the usage-stats option). */
  showHiddenOffered: v.boolean(),
});
export type ServerInfo = v.InferOutput<typeof ServerInfoSchema>;

const conflictSchema = v.strictObject({
  field: fieldSchema,
  label: text,
  yours: v.unknown(),
  server: v.unknown(),
});
export type Conflict = v.InferOutput<typeof conflictSchema>;

export const FieldErrorsSchema = v.record(v.picklist(['Bucket', 'Key', 'Secret', 'Token', 'Region', 'Endpoint']), text);
export type FieldErrors = v.InferOutput<typeof FieldErrorsSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Extension → webview

export const ToWebviewSchema = v.variant('type', [
  /** Full (re)load. `baseline` is the server state the draft was started from; `draft` is the unsaved form, if any. */
  v.strictObject({
    type: v.literal('init'),
    server: ServerInfoSchema,
    baseline: PreferencesFormSchema,
    draft: v.optional(PreferencesFormSchema),
    cloudEntries: v.array(CloudEntryViewSchema),
    /** An unfinished entry kept by the extension while the panel was closed (never with Secret/Token). */
    cloudEditor: v.optional(CloudEntryInputSchema),
  }),
  v.strictObject({ type: v.literal('signedOut'), message: text }),
  BusyMessageSchema,
  ErrorMessageSchema,
  v.strictObject({ type: v.literal('saved'), baseline: PreferencesFormSchema, message: text }),
  v.strictObject({ type: v.literal('conflict'), conflicts: v.array(conflictSchema), server: PreferencesFormSchema }),
  v.strictObject({ type: v.literal('cloudEntries'), entries: v.array(CloudEntryViewSchema) }),
  /** Result of saving one cloud entry: errors per field, or ok (then the editor closes). */
  v.strictObject({ type: v.literal('cloudEntrySaved'), ok: v.boolean(), errors: FieldErrorsSchema }),
  NoticeMessageSchema,
  /** Loading from the server failed (down, refused, timed out): the page shows the reason and Retry, not a spinner. */
  v.strictObject({ type: v.literal('loadFailed'), message: text }),
]);
export type ToWebview = v.InferOutput<typeof ToWebviewSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Webview → extension

export const FromWebviewSchema = v.variant('type', [
  /** Sent once the page has loaded; `restored` carries what getState() held after a reload. */
  v.strictObject({
    type: v.literal('ready'),
    restored: v.optional(v.strictObject({ profileId: text, baseline: PreferencesFormSchema, draft: v.optional(PreferencesFormSchema) })),
  }),
  /** Every edit; `draft` undefined when the form equals the baseline. `cloudEditor` is the unfinished entry. */
  v.strictObject({ type: v.literal('draftChanged'), draft: v.optional(PreferencesFormSchema), cloudEditor: v.optional(CloudEntryInputSchema) }),
  v.strictObject({ type: v.literal('save'), form: PreferencesFormSchema }),
  /** Answer to a `conflict`: per conflicting field, keep mine or take the server's value. */
  v.strictObject({ type: v.literal('resolveConflicts'), form: PreferencesFormSchema, choices: v.record(fieldSchema, v.picklist(['mine', 'server'])) }),
  v.strictObject({ type: v.literal('reload') }),
  /** Retry of a failed load (keeps any restored draft, unlike reload). */
  v.strictObject({ type: v.literal('retryLoad') }),
  v.strictObject({ type: v.literal('cloudSave'), entry: CloudEntryInputSchema }),
  v.strictObject({ type: v.literal('cloudRemove'), id }),
  /** Reveal or replace a stored Secret/Token: handled in a native input box, never inside the webview. */
  v.strictObject({ type: v.literal('cloudRevealSecret'), id, field: v.picklist(['Secret', 'Token']) }),
  v.strictObject({ type: v.literal('cloudExport'), target: ExportTargetSchema }),
  /** The cloud-access entries are edited in the Storage Credentials panel. */
  v.strictObject({ type: v.literal('openStorage') }),
]);
export type FromWebview = v.InferOutput<typeof FromWebviewSchema>;

/** What the webview persists with setState (never a Secret or Token). */
export interface PreferencesWebviewState {
  profileId?: string;
  baseline?: PreferencesForm;
  draft?: PreferencesForm;
  cloudEditor?: Omit<CloudEntryInput, 'Secret' | 'Token'>;
}

export const FIELD_LABELS: Record<PreferenceField, string> = {
  showHidden: 'Show hidden projects',
  hideExamples: "Don't show ClearML examples",
  hideTips: "Don't show pro tips periodically",
  blockUserScript: "Block running user's scripts in the browser",
  hideEnterpriseFeatures: "Don't show Enterprise features",
  hideRedactedArguments: 'Hide specific container arguments',
  redactedArguments: 'Hidden container arguments',
  reportStats: 'Share anonymous usage statistics (server-wide)',
};
