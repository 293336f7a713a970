/**
 * The message protocol between the Storage Credentials webview and the extension; both sides validate every
 * message against these schemas. Secrets travel one way only: the webview may send a value the user typed; the
 * extension sends only which secret fields are set, never their values.
 */
import * as v from 'valibot';
import { BusyMessageSchema, ErrorMessageSchema, ExportTargetSchema, id, NoticeMessageSchema, text } from './common';
import { CloudEntryInputSchema, CloudEntryViewSchema, FieldErrorsSchema } from './preferences';
import type { AccessOutcome, AccessStep } from '../storage/access/outcome';

const provider = v.picklist(['s3', 'gcs', 'azure']);
const index = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10000));
const severity = v.picklist(['error', 'warning', 'info']);

export const IssueViewSchema = v.strictObject({ severity, message: text, field: v.optional(text), rule: text });
export type IssueView = v.InferOutput<typeof IssueViewSchema>;

export const EntryViewSchema = v.strictObject({
  provider,
  index,
  /** 'conf' or the id of the vault whose list this entry is in. */
  layer: text,
  /** Where it is written: `~/clearml.conf:42`, `vault "Team"`. */
  source: text,
  label: text,
  /** Non-secret fields as written. */
  fields: v.record(text, v.union([text, v.boolean()])),
  /** Names of secret fields that hold a value. */
  secretsSet: v.array(text),
  issues: v.array(IssueViewSchema),
  /** Whether the SDK would use the entry at all. */
  used: v.boolean(),
  /** When its list replaces another layer's on merge: says so (the replaced entries are in `replaced`). */
  fate: v.optional(text),
});
export type EntryView = v.InferOutput<typeof EntryViewSchema>;

/** An entry of a list that a later layer replaces on merge: shown with its fate, never used by the SDK. */
export const ReplacedEntryViewSchema = v.strictObject({ provider, layer: text, source: text, label: text, fate: text });
export type ReplacedEntryView = v.InferOutput<typeof ReplacedEntryViewSchema>;

export const LayerViewSchema = v.strictObject({ id: text, label: text, format: v.picklist(['hocon', 'json', 'yaml']), writable: v.boolean() });
export type LayerView = v.InferOutput<typeof LayerViewSchema>;

/** Every outcome an access test reports (src/core/storage/access/outcome.ts), so the page gets only ones it words. */
const ACCESS_OUTCOMES = [
  'ok', 'wrong-key', 'wrong-secret', 'bucket-missing', 'access-denied', 'tls', 'unreachable', 'region-mismatch',
  'no-entry', 'no-credentials', 'not-testable', 'error',
] as const satisfies readonly AccessOutcome[];
/** Fails to compile when an outcome is added there and not here. */
export const ACCESS_OUTCOMES_COMPLETE: [Exclude<AccessOutcome, (typeof ACCESS_OUTCOMES)[number]>] extends [never] ? true : never = true;
const ACCESS_STEPS = ['list', 'write', 'delete'] as const satisfies readonly AccessStep['name'][];

export const AccessResultSchema = v.strictObject({
  /** What was tested: an entry label or the URI. */
  subject: text,
  outcome: v.picklist(ACCESS_OUTCOMES),
  message: text,
  target: text,
  resolved: v.optional(text),
  steps: v.array(v.strictObject({ name: v.picklist(ACCESS_STEPS), ok: v.boolean(), detail: text })),
});
export type AccessResult = v.InferOutput<typeof AccessResultSchema>;

export const ToStorageWebviewSchema = v.variant('type', [
  v.strictObject({
    type: v.literal('state'),
    confFile: text,
    layers: v.array(LayerViewSchema),
    entries: v.array(EntryViewSchema),
    /** Issues not tied to one entry (global keys, upload URIs). */
    general: v.array(IssueViewSchema),
    /** Entries of other layers whose list the merge replaces. */
    replaced: v.optional(v.array(ReplacedEntryViewSchema)),
    /** Per provider, the layer a new entry must go to for the SDK to use it (the layer whose list wins). */
    targets: v.optional(v.record(text, text)),
    /** The browser cloud-access entries of the active profile; undefined when signed out. */
    browser: v.optional(v.array(CloudEntryViewSchema)),
    notes: v.array(text),
  }),
  BusyMessageSchema,
  ErrorMessageSchema,
  NoticeMessageSchema,
  v.strictObject({ type: v.literal('saveResult'), ok: v.boolean(), errors: v.record(text, text), general: v.array(text) }),
  v.strictObject({ type: v.literal('browserSaved'), ok: v.boolean(), errors: FieldErrorsSchema }),
  v.strictObject({ type: v.literal('testResult'), result: AccessResultSchema }),
]);
export type ToStorageWebview = v.InferOutput<typeof ToStorageWebviewSchema>;

export const FromStorageWebviewSchema = v.variant('type', [
  v.strictObject({ type: v.literal('ready') }),
  v.strictObject({ type: v.literal('refresh') }),
  v.strictObject({
    type: v.literal('saveEntry'),
    provider,
    /** undefined = add a new entry to `layer`. */
    index: v.optional(index),
    layer: text,
    fields: v.record(text, v.union([text, v.boolean()])),
    /** New secret values the user typed; a secret not listed keeps its stored value. */
    secrets: v.record(text, text),
  }),
  v.strictObject({ type: v.literal('deleteEntry'), provider, index }),
  v.strictObject({ type: v.literal('testEntry'), provider, index }),
  v.strictObject({ type: v.literal('testUri'), uri: text }),
  v.strictObject({ type: v.literal('openSource'), provider, index }),
  v.strictObject({ type: v.literal('browserSave'), entry: CloudEntryInputSchema }),
  v.strictObject({ type: v.literal('browserRemove'), id }),
  v.strictObject({ type: v.literal('browserExport'), target: ExportTargetSchema }),
]);
export type FromStorageWebview = v.InferOutput<typeof FromStorageWebviewSchema>;
