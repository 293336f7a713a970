/**
 * Document text → the `render` message the preview webview receives. This is the whole per-change pipeline
 * (parse, merge, model, message); the extension calls exactly this and the benchmark measures it.
 */
import type { DocumentInfo, PreviewModel, RenderMessage } from '../protocol/vault';
import type { ThisVault } from './model';
import { buildVaultPreview, type PreparedContext } from './incremental';

export interface LastGoodPreview {
  version: number;
  model: PreviewModel;
}

export interface RenderInput {
  version: number;
  self: ThisVault;
  /** clearml.conf and the other vaults, parsed and merged once per context (prepareContext). */
  prepared: PreparedContext;
  view: 'vault' | 'all';
  document: DocumentInfo;
  /** Context (server vaults, base file) still loading. */
  loading: boolean;
}

export interface RenderOutput {
  message: RenderMessage;
  /** The model to keep as "last good" (the new one, or the previous one when the text does not parse). */
  lastGood?: LastGoodPreview;
  /** Plaintext secrets of the current text (empty while it does not parse). */
  secrets: { path: string; line: number }[];
}

export function renderVaultPreview(input: RenderInput, lastGood: LastGoodPreview | undefined): RenderOutput {
  const base = { type: 'render' as const, version: input.version, document: input.document, text: input.self.text, loading: input.loading };
  if (input.document.restricted) {
    return { message: { ...base, status: 'applied', problems: [], previewVersion: input.version, stale: false, preview: null }, secrets: [] };
  }
  const result = buildVaultPreview(input.prepared, input.self, { view: input.view });
  if (!result.model) {
    return {
      message: { ...base, status: result.status, problems: result.problems, previewVersion: lastGood?.version ?? input.version, stale: !!lastGood, preview: lastGood?.model ?? null },
      lastGood,
      secrets: [],
    };
  }
  const good = { version: input.version, model: result.model };
  return {
    message: { ...base, status: result.status, problems: result.problems, previewVersion: input.version, stale: false, preview: result.model },
    lastGood: good,
    secrets: result.secrets,
  };
}
