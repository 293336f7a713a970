/**
 * What the panel protocols (Preferences, Storage Credentials) share: bounded text and ids, the messages every
 * panel page understands, and the export targets. One definition, so a limit or a message shape cannot drift
 * between panels; SingletonPanel (src/extension/webview/singletonPanel.ts) posts `busy` and `error` for any panel.
 * No `vscode` import: the webview bundles include this file.
 */
import * as v from 'valibot';

/** Longest text field a panel message may carry. */
export const MAX_TEXT = 4096;
export const text = v.pipe(v.string(), v.maxLength(MAX_TEXT));
export const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));

/** Extension → page: work in progress (a spinner with `message`), or done. */
export const BusyMessageSchema = v.strictObject({ type: v.literal('busy'), busy: v.boolean(), message: v.optional(text) });
/** Extension → page: an operation failed; `message` says why. */
export const ErrorMessageSchema = v.strictObject({ type: v.literal('error'), message: text });
/** Extension → page: something worth telling that is not a failure. */
export const NoticeMessageSchema = v.strictObject({ type: v.literal('notice'), message: text });

/** Where the browser cloud-access entries can be exported. */
export const ExportTargetSchema = v.picklist(['clearml.conf', 'vault']);
export type ExportTarget = v.InferOutput<typeof ExportTargetSchema>;
