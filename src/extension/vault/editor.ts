/**
 * The vault editor: a CustomTextEditorProvider whose only model is the TextDocument. The webview is the merged
 * preview plus controls; its source area edits the document through WorkspaceEdits, so undo/redo, hot exit,
 * backups and "Reopen as text" are VS Code's own.
 */
import * as vscode from 'vscode';
import type { RenderMessage, RenderUpdateMessage, VaultFormatName, WebviewMessage } from '../../core/protocol/vault';
import { WebviewMessageSchema } from '../../core/protocol/vault';
import { renderUpdate, textSplice, type HeldRender } from '../../core/protocol/vaultUpdate';
import { EMPTY_CONTEXT, type PreviewContext } from '../../core/vault/model';
import { renderVaultPreview, type LastGoodPreview } from '../../core/vault/pipeline';
import { prepareContext, type PreparedContext } from '../../core/vault/incremental';
import { UpdateThrottle } from '../../core/vault/throttle';
import { validatedHandler } from '../webview/channel';
import { renderWebviewHtml, webviewOptions } from '../webview/html';
import { outputChannel, logError } from '../log';
import type { AccountService } from '../services';
import { confirmDiscardDraft } from './confirmDiscard';
import type { VaultDiagnostics } from './diagnostics';
import type { VaultFileSystem } from './fileSystem';
import type { VaultLinks } from './links';
import { loadPreviewContext, type LoadedContext } from './previewContext';
import { documentFormat, parseVaultUri, vaultDisplayName, VAULT_SCHEME } from './uri';

import { FILE_VIEW_TYPE, VIEW_TYPE } from './viewTypes';

export function viewTypeFor(uri: vscode.Uri): string {
  return uri.scheme === VAULT_SCHEME ? VIEW_TYPE : FILE_VIEW_TYPE;
}

/** `message`: the render the page shows; `update`: what was posted for it (the change to the previous render). */
export interface PostedMessage { uri: string; message: RenderMessage; update: RenderUpdateMessage; at: number }

/** Test hook: every render message posted, newest last (bounded). */
export class PreviewRecorder {
  readonly posted: PostedMessage[] = [];
  readonly rejected: string[] = [];
  /** Off unless a test turns it on: messages carry the whole document text. */
  recording = false;
  private readonly emitter = new vscode.EventEmitter<PostedMessage>();
  readonly onDidPost = this.emitter.event;
  record(uri: vscode.Uri, message: RenderMessage, update: RenderUpdateMessage): void {
    if (!this.recording) return;
    const m = { uri: uri.toString(), message, update, at: Date.now() };
    this.posted.push(m);
    if (this.posted.length > 300) this.posted.splice(0, this.posted.length - 300);
    this.emitter.fire(m);
  }
}

export interface EditorDeps {
  extensionUri: vscode.Uri;
  accounts: AccountService;
  fs: VaultFileSystem;
  links: VaultLinks;
  diagnostics: VaultDiagnostics;
  recorder: PreviewRecorder;
  /** Runs a command of the area for a document (convert, toggle, diff). */
  runCommand(command: 'convertFormat' | 'toggleEnabled' | 'showDiff', uri: vscode.Uri, arg?: unknown): Promise<unknown>;
}

export class VaultPreviewSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly throttle: UpdateThrottle;
  private lastGood: LastGoodPreview | undefined;
  private lastRendered = -1;
  /** Text of the last render (an edit's text is rendered before the document has it, at the same version). */
  private lastRenderedText: string | undefined;
  /** The last render showed an edit's text before the document had it. */
  private lastRenderedAhead = false;
  private loaded: LoadedContext | undefined;
  /** `loaded` parsed and merged once (per context load, not per keystroke). */
  private prepared: PreparedContext | undefined;
  private view: 'vault' | 'all' = 'vault';
  private loading = true;
  private loadSeq = 0;
  private disposed = false;
  /** Document version right after the last edit applied from the webview's source area. */
  private ownEditVersion = -1;
  /** The last render posted to the current page (the next one is sent as a change to it); undefined: send complete. */
  private sent: HeldRender | undefined;
  private seq = 0;
  /** The posted render the page has not acknowledged yet. */
  private awaiting: { version: number; done: () => void } | undefined;
  /**
   * Edits from the source area, applied one after another: an edit is based on the document version the page last
   * saw, which is only comparable once the previous edit has been applied (else a fast typist's second key looks
   * like a change from another editor and is dropped).
   */
  private edits: Promise<void> = Promise.resolve();
  /**
   * The newest source-area edit not yet started. Each edit carries the area's whole text, so one still waiting when
   * a newer one comes is replaced, not applied in turn (a burst of keys is one edit behind the one being applied).
   */
  private nextEdit: { version: number; text: string } | undefined;
  /**
   * Text of the source-area edit being applied. It is rendered at once: the page's keys show in the preview
   * without waiting for the edit's round trip through the workbench to the document.
   */
  private editText: string | undefined;
  /** Validates and handles one raw webview message; resolves once handled. */
  readonly receiveRaw: (raw: unknown) => Promise<void>;

  constructor(readonly document: vscode.TextDocument, readonly panel: vscode.WebviewPanel, private readonly deps: EditorDeps) {
    this.throttle = new UpdateThrottle(() => this.renderAndWait());
    const webview = panel.webview;
    webview.options = webviewOptions(deps.extensionUri);
    webview.html = renderWebviewHtml(webview, deps.extensionUri, 'vault', `Vault: ${this.title()}`);
    const dispatch = validatedHandler(WebviewMessageSchema, (m) => this.onMessage(m), { warn: (s) => outputChannel().warn(s) }, (r) => deps.recorder.rejected.push(r));
    this.receiveRaw = async (raw) => { await dispatch(raw); };
    this.disposables.push(
      deps.diagnostics.claim(document.uri),
      webview.onDidReceiveMessage((raw: unknown) => { void dispatch(raw); }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === document && e.contentChanges.length) this.throttle.request();
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (d === document) void this.reload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reload()),
      deps.accounts.onDidChangeActive(() => void this.reload()),
    );
    if (!this.restricted) void this.reload();
    else this.loading = false;
  }

  get uri(): vscode.Uri {
    return this.document.uri;
  }

  /** No render in flight (posted, not yet shown by the page) or scheduled. */
  get previewIdle(): boolean {
    return !this.throttle.pending;
  }

  get isServer(): boolean {
    return this.document.uri.scheme === VAULT_SCHEME;
  }

  /** Local vault files in an untrusted workspace: text only, nothing read around them. */
  get restricted(): boolean {
    return !this.isServer && !vscode.workspace.isTrusted;
  }

  readOnly(): boolean {
    const e = this.isServer ? this.deps.fs.entry(this.uri) : undefined;
    return !!e && this.deps.fs.isReadonly(e.vault);
  }

  format(): VaultFormatName {
    return documentFormat(this.uri);
  }

  title(): string {
    if (this.isServer) {
      const e = this.deps.fs.entry(this.uri);
      return e ? vaultDisplayName(e.vault) : parseVaultUri(this.uri)?.fileName ?? 'vault';
    }
    return this.uri.path.replace(/^.*\//, '');
  }

  context(): PreviewContext {
    return this.loaded?.context ?? { ...EMPTY_CONTEXT, env: process.env };
  }

  /** Reloads clearml.conf and the server's vaults, then renders. */
  async reload(): Promise<void> {
    if (this.restricted) { this.update(true); return; }
    const seq = ++this.loadSeq;
    this.loading = true;
    try {
      const loaded = await loadPreviewContext(this.uri, this.deps.accounts, this.deps.fs, this.deps.links);
      if (seq !== this.loadSeq || this.disposed) return;
      this.loaded = loaded;
      this.prepared = undefined;
    } catch (e) {
      logError('Loading the vault preview context', e);
    } finally {
      if (seq === this.loadSeq) this.loading = false;
    }
    if (!this.disposed) this.update(true);
  }

  /**
   * A throttled render: resolves once the page has shown it (its `rendered` acknowledgement), so the next render
   * never queues behind one the page is still drawing. A hidden page (no acknowledgement comes) or a page that does
   * not answer within a second does not hold later renders back; `false` when nothing new was posted for the page to
   * draw (already rendered, or the document catching up with an edit's text), so the throttle's interval ignores it.
   */
  private renderAndWait(): Promise<void> | false | undefined {
    if (!this.update()) return false;
    if (!this.panel.visible) return undefined;
    this.awaiting?.done();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => done(), 1000);
      const done = () => { clearTimeout(timer); if (this.awaiting?.done === done) this.awaiting = undefined; resolve(); };
      this.awaiting = { version: this.lastRendered, done };
    });
  }

  /**
   * Renders the current document version, or the text of the source-area edit being applied (skipped when already
   * rendered, unless forced). True when it posted something new for the page to show; the document catching up with
   * an edit's text the page already shows posts only the new version, which no later render needs to wait for.
   */
  update(force = false): boolean {
    if (this.disposed) return false;
    const version = this.document.version;
    const documentText = this.document.getText();
    const text = this.editText ?? documentText;
    /** The edit's text, not yet the document's. */
    const ahead = text !== documentText;
    if (!force && version === this.lastRendered && text === this.lastRenderedText) return false;
    const caughtUp = !force && !ahead && this.lastRenderedAhead && text === this.lastRenderedText;
    this.lastRendered = version;
    this.lastRenderedText = text;
    this.lastRenderedAhead = ahead;
    let enabled: boolean | undefined;
    if (this.isServer) enabled = this.deps.fs.entry(this.uri)?.vault.enabled ?? this.loaded?.vault?.enabled;
    const out = renderVaultPreview({
      version,
      self: { name: this.title(), text, format: this.format(), enabled },
      prepared: this.preparedContext(),
      view: this.view,
      loading: this.loading,
      document: {
        title: this.title(),
        kind: this.isServer ? 'server' : 'local',
        format: this.format(),
        enabled,
        position: this.loaded?.position ?? '',
        restricted: this.restricted,
        readOnly: this.readOnly() || undefined,
        dirty: this.document.isDirty || ahead,
        draft: this.isServer ? !!this.deps.fs.drafts.get(this.uri) || undefined : undefined,
      },
    }, this.lastGood);
    this.lastGood = out.lastGood;
    if (this.loaded?.note && out.message.preview && !out.message.stale) {
      out.message.preview = { ...out.message.preview, warnings: [...out.message.preview.warnings, { level: 'info', code: 'no-server-vaults', message: this.loaded.note }] };
    }
    // The page first: the diagnostics' round trip through the workbench would otherwise delay the preview.
    this.post(out.message);
    const status = out.message.status;
    // Diagnostics belong to the document's text: an edit's text still on its way gets them with the document's render.
    if (!this.restricted && !ahead) this.deps.diagnostics.set(this.document, out.message.problems, out.secrets, status === 'empty' || status === 'not-an-object' ? status : undefined);
    return !caughtUp;
  }

  private preparedContext(): PreparedContext {
    this.prepared ??= prepareContext(this.context(), this.title());
    return this.prepared;
  }

  /** Posts a render as the change to the previous one (complete after a page load, a resync or a lost message). */
  post(message: RenderMessage): void {
    const seq = ++this.seq;
    const update = renderUpdate(this.sent, message, seq);
    this.sent = { seq, message };
    this.deps.recorder.record(this.uri, message, update);
    // Not delivered (page gone or hidden): whatever the page holds next, the next render is complete.
    const lost = () => { if (this.sent?.seq === seq) this.sent = undefined; };
    void this.panel.webview.postMessage(update).then((delivered) => { if (!delivered) lost(); }, lost);
  }

  notice(level: 'error' | 'warning' | 'info', message: string): void {
    void this.panel.webview.postMessage({ type: 'notice', level, message });
  }

  private async onMessage(m: WebviewMessage): Promise<void> {
    try {
      switch (m.type) {
        case 'ready': // the page (re)loaded: hidden webviews are recreated when shown again
        case 'resync':
          // A complete render at once.
          this.sent = undefined;
          this.update(true);
          return;
        case 'rendered':
          if (this.awaiting && m.version >= this.awaiting.version) this.awaiting.done();
          return;
        case 'edit': {
          const waiting = this.nextEdit !== undefined;
          this.nextEdit = { version: m.version, text: m.text };
          if (waiting) {
            await this.edits; // the run already queued applies this newer text
            return;
          }
          const applied = this.edits.then(() => {
            const next = this.nextEdit!;
            this.nextEdit = undefined;
            return this.applyEdit(next.version, next.text);
          });
          this.edits = applied.catch(() => undefined);
          await applied;
          return;
        }
        case 'convert':
          await this.deps.runCommand('convertFormat', this.uri, m.to);
          return;
        case 'reveal':
          await this.reveal(m.line, m.column ?? 1);
          return;
        case 'view':
          this.view = m.view;
          this.update(true);
          return;
        case 'command':
          switch (m.command) {
            case 'convertFormat':
            case 'toggleEnabled':
            case 'showDiff':
              await this.deps.runCommand(m.command, this.uri);
              return;
            case 'openTextBeside':
              await vscode.window.showTextDocument(this.document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
              return;
            case 'reopenAsText':
              await this.reopenAsText();
              return;
            case 'refresh':
              await this.reload();
              return;
            case 'save':
              await this.publish();
              return;
            case 'discardDraft':
              if (await confirmDiscardDraft(this.title())) await this.deps.fs.discardDraft(this.uri);
              return;
          }
      }
    } catch (e) {
      this.notice('error', logError(`Vault editor: ${m.type === 'command' ? m.command : m.type}`, e));
    }
  }

  /**
   * The editor's Save/Publish button: a dirty document saves as Ctrl+S does; a clean one holding a draft (kept by an
   * automatic save) publishes that text, which a plain save of an unchanged document would skip.
   */
  private async publish(): Promise<void> {
    if (this.document.isDirty || !this.isServer || !this.deps.fs.drafts.get(this.uri)) {
      await this.document.save();
      return;
    }
    try {
      await this.deps.fs.publish(this.uri, this.document.getText());
    } catch (e) {
      this.notice('error', e instanceof Error ? e.message : String(e));
    }
  }

  /**
   * Applies the source area's text as the smallest replacement (one undo step, cursors elsewhere kept). Edits based
   * on an older version are applied only when every change since was the area's own; otherwise the area resyncs.
   */
  private async applyEdit(baseVersion: number, text: string): Promise<void> {
    if ((this.restricted && !this.isServer) || this.readOnly()) return;
    const doc = this.document;
    if (baseVersion !== doc.version && doc.version !== this.ownEditVersion) {
      this.notice('warning', 'The document changed in another editor; the source area was refreshed. Type again.');
      this.update(true);
      return;
    }
    const current = doc.getText();
    if (current === text) return;
    const s = textSplice(current, text);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end)), s.insert);
    this.editText = text;
    this.throttle.request();
    let applied = false;
    try {
      applied = await vscode.workspace.applyEdit(edit);
      if (applied) this.ownEditVersion = doc.version;
    } finally {
      this.editText = undefined;
      // Refused by the workbench: the preview shows the edit's text, the document does not have it.
      if (!applied) this.throttle.request();
    }
  }

  /**
   * Text editor in this editor's place, then this editor closes. The built-in workbench.action.reopenTextEditor
   * reverts a dirty custom text editor's document in VS Code 1.100 (unsaved edits lost); opening the text editor
   * first keeps the document alive, so nothing is lost.
   */
  async reopenAsText(): Promise<void> {
    await vscode.window.showTextDocument(this.document, { viewColumn: this.panel.viewColumn ?? vscode.ViewColumn.Active, preview: false });
    this.panel.dispose();
  }

  private async reveal(line: number, column: number): Promise<void> {
    const pos = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    await vscode.window.showTextDocument(this.document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.Beside, selection: new vscode.Range(pos, pos), preview: false });
  }

  dispose(): void {
    this.disposed = true;
    this.throttle.dispose();
    this.awaiting?.done();
    for (const d of this.disposables) d.dispose();
  }
}

export class VaultEditorProvider implements vscode.CustomTextEditorProvider {
  readonly sessions = new Set<VaultPreviewSession>();

  constructor(private readonly deps: EditorDeps) {}

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const session = new VaultPreviewSession(document, panel, this.deps);
    this.sessions.add(session);
    panel.onDidDispose(() => {
      this.sessions.delete(session);
      session.dispose();
    });
  }

  forUri(uri: vscode.Uri): VaultPreviewSession[] {
    return [...this.sessions].filter((s) => s.uri.toString() === uri.toString());
  }

  /** The session of the focused vault editor, if a vault editor is focused. */
  active(): VaultPreviewSession | undefined {
    return [...this.sessions].find((s) => s.panel.active);
  }

  dispose(): void {
    for (const s of this.sessions) s.dispose();
    this.sessions.clear();
  }
}
