/**
 * One webview panel of a kind, with the message discipline every panel of this extension keeps: messages are
 * validated on receipt, handled one at a time in order (a save never races a draft update), a failure is logged and
 * shown in the panel, and the last messages sent are kept for tests. Tests can also play the webview's part through
 * the same validation path (`receiveRaw`).
 */
import * as vscode from 'vscode';
import type * as v from 'valibot';
import { logError, logger } from '../log';
import type { SafeText } from '../safeText';
import { setPanelTitle, webviewPanel } from '../surfaces';
import { onValidatedMessage } from './channel';
import { renderWebviewHtml, webviewOptions } from './html';

const channelLog = { warn: (message: string) => logger.log('warn', message) };

export interface PanelSpec<TSchema extends v.GenericSchema> {
  viewType: string;
  title: SafeText;
  /** The webview-ui/<bundle> script. */
  bundle: string;
  schema: TSchema;
  /** Prefix of logged failures ("Preferences: …"). */
  errorLabel: string;
}

type PanelMessage = { type: 'busy'; busy: boolean } | { type: 'error'; message: string };

export abstract class SingletonPanel<TSchema extends v.GenericSchema, Out extends { type: string }> implements vscode.Disposable {
  protected panel: vscode.WebviewPanel | undefined;
  protected readonly disposables: vscode.Disposable[] = [];
  private panelDisposables: vscode.Disposable[] = [];
  private chain: Promise<void> = Promise.resolve();
  private testListener: ((raw: unknown) => void) | undefined;

  readonly sent: Out[] = [];
  readonly rejected: string[] = [];

  constructor(protected readonly extensionUri: vscode.Uri, private readonly spec: PanelSpec<TSchema>) {
    const testWebview = { onDidReceiveMessage: (listener: (raw: unknown) => void) => { this.testListener = listener; return { dispose: () => undefined }; } } as unknown as vscode.Webview;
    this.disposables.push(this.listen(testWebview));
  }

  protected abstract handle(message: v.InferOutput<TSchema>): Promise<void>;
  /** Extra subscriptions for a panel's lifetime. */
  protected panelSubscriptions(_panel: vscode.WebviewPanel): vscode.Disposable[] { return []; }
  /** After the panel closed (not when the extension deactivates). */
  protected onPanelClosed(): void {}

  get currentPanel(): vscode.WebviewPanel | undefined { return this.panel; }

  /** Test hook: delivers a raw message as if the webview had sent it and waits until it was handled. */
  async receiveRaw(raw: unknown): Promise<void> {
    this.testListener?.(raw);
    await this.idle();
  }

  async idle(): Promise<void> {
    let seen: Promise<void>;
    do { seen = this.chain; await seen; } while (seen !== this.chain);
  }

  open(): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.reveal();
      return this.panel;
    }
    const panel = webviewPanel(this.spec.viewType, this.spec.title, vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
    this.adopt(panel);
    return panel;
  }

  /** Used for new panels and by the serializer after a window reload. */
  adopt(panel: vscode.WebviewPanel): void {
    if (this.panel && this.panel !== panel) {
      panel.dispose();
      this.panel.reveal();
      return;
    }
    this.panel = panel;
    setPanelTitle(panel, this.spec.title);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'clearml.svg');
    panel.webview.options = webviewOptions(this.extensionUri);
    this.panelDisposables.push(
      this.listen(panel.webview),
      panel.onDidDispose(() => {
        for (const d of this.panelDisposables.splice(0)) d.dispose();
        if (this.panel === panel) this.panel = undefined;
        this.onPanelClosed();
      }),
      ...this.panelSubscriptions(panel),
    );
    panel.webview.html = renderWebviewHtml(panel.webview, this.extensionUri, this.spec.bundle, this.spec.title);
  }

  protected enqueue(task: () => Promise<void>): void {
    this.chain = this.chain.then(task).catch((e) => {
      const message = logError(this.spec.errorLabel, e);
      this.post({ type: 'busy', busy: false } satisfies PanelMessage as unknown as Out);
      this.post({ type: 'error', message: message.replace(`${this.spec.errorLabel}: `, '') } satisfies PanelMessage as unknown as Out);
    });
  }

  protected post(message: Out): void {
    this.sent.push(message);
    if (this.sent.length > 200) this.sent.splice(0, this.sent.length - 200);
    void this.panel?.webview.postMessage(message);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private listen(webview: vscode.Webview): vscode.Disposable {
    return onValidatedMessage(webview, this.spec.schema, (m) => this.enqueue(() => this.handle(m)), channelLog, (r) => this.rejected.push(r));
  }
}
