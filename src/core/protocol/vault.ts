/**
 * Message protocol of the configuration-vault editor webview. Both sides validate what they receive with these
 * schemas (the extension through webview/channel.ts, the webview before rendering). No `vscode` import: the
 * webview bundle includes this file.
 */
import * as v from 'valibot';

export const VAULT_FORMATS = ['hocon', 'json', 'yaml'] as const;
export type VaultFormatName = (typeof VAULT_FORMATS)[number];

/** Largest vault text the webview may send back (the server has no documented limit; 8 MB keeps a typo from hanging the host). */
export const MAX_VAULT_TEXT = 8 * 1024 * 1024;

const Line = v.pipe(v.number(), v.integer(), v.minValue(1));
/** Counts, depths and offsets. */
const NonNegativeInt = v.pipe(v.number(), v.integer(), v.minValue(0));
const Str = (max: number) => v.pipe(v.string(), v.maxLength(max));

// ---------------------------------------------------------------- host → webview

export const KeyMarkSchema = v.picklist(['base', 'added', 'overridden', 'unchanged']);
export type KeyMark = v.InferOutput<typeof KeyMarkSchema>;

export const SourceKindSchema = v.picklist(['base', 'this', 'other']);

/** How a configuration text read: merged, did not parse, not an object at the top, or empty. */
const TEXT_STATUSES = ['applied', 'parse-error', 'not-an-object', 'empty'] as const;

export const PreviewRowSchema = v.object({
  /** Dotted path as shown to the user. */
  path: Str(4096),
  /** Last path segment. */
  key: Str(2048),
  depth: NonNegativeInt,
  kind: v.picklist(['object', 'leaf']),
  /** Display text of the value (secrets masked); leaves only. */
  value: v.optional(Str(4096)),
  /** Display text of the value before the vault that set it (overridden only). */
  previous: v.optional(Str(4096)),
  /** Where the previous value came from ('clearml.conf:8'). */
  previousSource: v.optional(Str(1024)),
  mark: v.optional(KeyMarkSchema),
  /** 'clearml.conf:12', 'Vision Team defaults:3'. */
  source: v.optional(Str(1024)),
  sourceKind: v.optional(SourceKindSchema),
  /** Line in THIS document when this vault set the value (for click-to-reveal). */
  line: v.optional(Line),
  /** This vault sets the key too, but a later vault's value wins. */
  shadowedBy: v.optional(Str(1024)),
  /** This vault sets a key the agent restores from its local file. */
  agentProtected: v.boolean(),
  masked: v.boolean(),
  /** Object nodes: true when the subtree contains a key this vault sets. */
  touched: v.boolean(),
});
export type PreviewRow = v.InferOutput<typeof PreviewRowSchema>;

export const LayerSchema = v.object({
  name: Str(1024),
  kind: SourceKindSchema,
  /** A layer is a text (how it read) or a vault the merge leaves out (disabled, or gone from the server). */
  status: v.picklist([...TEXT_STATUSES, 'disabled', 'missing']),
  detail: v.optional(Str(4096)),
});
export type Layer = v.InferOutput<typeof LayerSchema>;

export const WarningSchema = v.object({
  level: v.picklist(['error', 'warning', 'info']),
  /** Stable code for tests and styling: 'sdk-skips', 'yaml-format', 'disabled', 'other-skipped', 'secrets', 'no-base', 'agent-protected', ... */
  code: Str(64),
  message: Str(4096),
  line: v.optional(Line),
});
export type PreviewWarning = v.InferOutput<typeof WarningSchema>;

export const CountsSchema = v.object({
  added: NonNegativeInt,
  overridden: NonNegativeInt,
  unchanged: NonNegativeInt,
  shadowed: NonNegativeInt,
  agentProtected: NonNegativeInt,
  leaves: NonNegativeInt,
});
export type PreviewCounts = v.InferOutput<typeof CountsSchema>;

export const PreviewModelSchema = v.object({
  /** The base clearml.conf shown as the first layer ('' when none was found). */
  baseFile: Str(4096),
  layers: v.array(LayerSchema),
  warnings: v.array(WarningSchema),
  counts: CountsSchema,
  rows: v.array(PreviewRowSchema),
  /** Rows left out (huge configurations); the diff view still has everything. */
  truncated: v.optional(NonNegativeInt),
  /** 'vault': rows are the keys this vault sets (counts.leaves counts those); 'all': every key of the effective configuration. */
  view: v.picklist(['vault', 'all']),
});
export type PreviewModel = v.InferOutput<typeof PreviewModelSchema>;

export const ProblemSchema = v.object({
  message: Str(4096),
  line: Line,
  column: Line,
  severity: v.picklist(['error', 'warning', 'info']),
});
export type Problem = v.InferOutput<typeof ProblemSchema>;

export const DocumentInfoSchema = v.object({
  title: Str(1024),
  kind: v.picklist(['server', 'local']),
  format: v.picklist(VAULT_FORMATS),
  /** Server vaults only. */
  enabled: v.optional(v.boolean()),
  /** Where this vault sits among the server's vaults, in words. */
  position: Str(1024),
  /** Untrusted workspace: no preview, text only. */
  restricted: v.boolean(),
  /** The user may not change this vault (a group vault without admin rights). */
  readOnly: v.optional(v.boolean()),
  dirty: v.boolean(),
  /** Server vaults: text kept by an automatic save that is not published yet. */
  draft: v.optional(v.boolean()),
});
export type DocumentInfo = v.InferOutput<typeof DocumentInfoSchema>;

export const RenderMessageSchema = v.object({
  type: v.literal('render'),
  /** Document version this message describes. */
  version: v.number(),
  document: DocumentInfoSchema,
  /** Current document text (for the embedded source area). */
  text: Str(MAX_VAULT_TEXT),
  status: v.picklist(TEXT_STATUSES),
  problems: v.array(ProblemSchema),
  /** Document version the preview was computed from; differs from `version` when stale. */
  previewVersion: v.number(),
  /** The preview is from an earlier version because the current text does not parse. */
  stale: v.boolean(),
  /** null until the text has parsed once (or while context is loading). */
  preview: v.nullable(PreviewModelSchema),
  /** Context still loading (server vault list, base file). */
  loading: v.boolean(),
});
export type RenderMessage = v.InferOutput<typeof RenderMessageSchema>;

/**
 * What the host actually posts for a render: the RenderMessage as a change against the one it posted before
 * (`base`, that message's `seq`; null = against nothing, i.e. complete). Typing a key changes a few characters of
 * the text and a row or two, so a key's update is a few hundred bytes instead of the whole text and every row.
 * The page applies it to the message it holds (applyRenderUpdate in vaultUpdate.ts) and asks for a complete one
 * (`resync`) when it does not hold `base`.
 */
export const TextSpliceSchema = v.object({
  /** Replace [start, end) of the previous text with `insert`. */
  start: NonNegativeInt,
  end: NonNegativeInt,
  insert: Str(MAX_VAULT_TEXT),
});
export type TextSplice = v.InferOutput<typeof TextSpliceSchema>;

export const RowSpliceSchema = v.object({
  /** Replace `deleteCount` rows from `start` of the previous rows with `insert`. */
  start: NonNegativeInt,
  deleteCount: NonNegativeInt,
  insert: v.array(PreviewRowSchema),
});
export type RowSplice = v.InferOutput<typeof RowSpliceSchema>;

/** User Timing mark the preview page sets on each message from the extension (devtools and the keystroke bench read it). */
export const VAULT_MESSAGE_MARK = 'clearml.vault.message';

export const PreviewUpdateSchema = v.object({
  ...v.omit(PreviewModelSchema, ['rows']).entries,
  rows: RowSpliceSchema,
});

export const RenderUpdateMessageSchema = v.object({
  type: v.literal('renderUpdate'),
  /** This update's number (per page load); the next update names it as its base. */
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** seq of the update this one changes; null: a complete render (text and rows against empty). */
  base: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
  ...v.omit(RenderMessageSchema, ['type', 'text', 'preview']).entries,
  text: TextSpliceSchema,
  /** null: no preview; rows are spliced into the previous preview's rows (none when it had no preview). */
  preview: v.nullable(PreviewUpdateSchema),
});
export type RenderUpdateMessage = v.InferOutput<typeof RenderUpdateMessageSchema>;

export const NoticeMessageSchema = v.object({
  type: v.literal('notice'),
  level: v.picklist(['error', 'warning', 'info']),
  message: Str(4096),
});
export type NoticeMessage = v.InferOutput<typeof NoticeMessageSchema>;

export const HostMessageSchema = v.variant('type', [RenderUpdateMessageSchema, NoticeMessageSchema]);
export type HostMessage = v.InferOutput<typeof HostMessageSchema>;

// ---------------------------------------------------------------- webview → host

export const WEBVIEW_COMMANDS = ['convertFormat', 'toggleEnabled', 'showDiff', 'openTextBeside', 'reopenAsText', 'refresh', 'save', 'discardDraft'] as const;

export const WebviewMessageSchema = v.variant('type', [
  v.object({ type: v.literal('ready') }),
  /** The page finished rendering this version (the host sends the next render only after it). */
  v.object({ type: v.literal('rendered'), version: v.number() }),
  /** The page does not hold the base of an update it received: the host sends the next render complete. */
  v.object({ type: v.literal('resync') }),
  /** Replace the whole document text (embedded source area); `version` is the document version the edit was based on. */
  v.object({ type: v.literal('edit'), version: v.number(), text: Str(MAX_VAULT_TEXT) }),
  v.object({ type: v.literal('command'), command: v.picklist(WEBVIEW_COMMANDS) }),
  v.object({ type: v.literal('convert'), to: v.picklist(VAULT_FORMATS) }),
  v.object({ type: v.literal('reveal'), line: Line, column: v.optional(Line) }),
  /** Which rows the preview lists. */
  v.object({ type: v.literal('view'), view: v.picklist(['vault', 'all']) }),
]);
export type WebviewMessage = v.InferOutput<typeof WebviewMessageSchema>;
