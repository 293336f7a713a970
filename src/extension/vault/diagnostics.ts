/**
 * Problems panel entries of vault documents: parse errors (line and column), YAML the SDK would mis-read, and
 * plaintext secrets (information). Documents open in the preview get them from its pipeline; documents open only
 * as text are checked here on the same throttle.
 */
import * as vscode from 'vscode';
import type { Problem } from '../../core/protocol/vault';
import { checkVault } from '../../core/vault/model';
import { UpdateThrottle } from '../../core/vault/throttle';
import { shownDocumentUris } from '../shownTabs';
import { documentFormat, isVaultDocumentUri, VAULT_SCHEME } from './uri';

export interface SecretHit { path: string; line: number }

const SEVERITY: Record<Problem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class VaultDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('clearml-vault');
  private readonly throttles = new Map<string, UpdateThrottle>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** What was last set per document, to skip setting the same list again (each set is a round of workbench work). */
  private readonly lastSet = new Map<string, string>();
  /** Documents whose diagnostics a preview session owns. */
  private readonly owned = new Map<string, number>();

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.request(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.request(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.throttles.get(d.uri.toString())?.dispose();
        this.throttles.delete(d.uri.toString());
        this.collection.delete(d.uri);
        this.lastSet.delete(d.uri.toString());
      }),
      vscode.window.tabGroups.onDidChangeTabs(() => this.followTabs()),
    );
    for (const d of vscode.workspace.textDocuments) this.request(d);
  }

  formatOf(document: vscode.TextDocument) {
    return documentFormat(document.uri);
  }

  claim(uri: vscode.Uri): vscode.Disposable {
    const key = uri.toString();
    this.owned.set(key, (this.owned.get(key) ?? 0) + 1);
    return new vscode.Disposable(() => {
      const n = (this.owned.get(key) ?? 1) - 1;
      if (n > 0) this.owned.set(key, n);
      else this.owned.delete(key);
    });
  }

  /**
   * A server vault's document outlives its tab (VS Code closes documents minutes later, if at all), and converting a
   * vault's format replaces its document with one of another name: without this, Problems kept the entries of
   * "Personal vault.json" after converting back to HOCON. Entries of server vaults no tab shows are dropped; a vault
   * shown again is checked again.
   */
  private followTabs(): void {
    const shown = shownDocumentUris();
    const dropped: vscode.Uri[] = [];
    this.collection.forEach((uri) => { if (uri.scheme === VAULT_SCHEME && !shown.has(uri.toString())) dropped.push(uri); });
    for (const uri of dropped) {
      this.collection.delete(uri);
      this.lastSet.delete(uri.toString());
    }
    for (const d of vscode.workspace.textDocuments) {
      if (d.uri.scheme === VAULT_SCHEME && shown.has(d.uri.toString()) && !this.collection.has(d.uri)) this.request(d);
    }
  }

  private request(document: vscode.TextDocument): void {
    if (!isVaultDocumentUri(document.uri) || this.owned.has(document.uri.toString())) return;
    const key = document.uri.toString();
    let t = this.throttles.get(key);
    if (!t) {
      t = new UpdateThrottle(() => this.check(document));
      this.throttles.set(key, t);
    }
    t.request();
  }

  private check(document: vscode.TextDocument): void {
    if (document.isClosed || this.owned.has(document.uri.toString())) return;
    const format = this.formatOf(document);
    const r = checkVault(document.getText(), format, process.env);
    const problems = [...r.problems];
    if (r.yamlWarning?.level === 'error') problems.push({ message: r.yamlWarning.message, line: r.yamlWarning.line ?? 1, column: 1, severity: 'warning' });
    this.set(document, problems, r.secrets, r.status === 'empty' || r.status === 'not-an-object' ? r.status : undefined);
  }

  set(document: vscode.TextDocument, problems: readonly Problem[], secrets: readonly SecretHit[], skipped?: 'empty' | 'not-an-object'): void {
    const list: vscode.Diagnostic[] = [];
    const lineRange = (line: number, column = 1) => {
      const l = Math.min(Math.max(line - 1, 0), Math.max(document.lineCount - 1, 0));
      const text = document.lineAt(l).text;
      const c = Math.min(Math.max(column - 1, 0), text.length);
      // A zero-width range is hard to see: underline from the column to the end of the token/line.
      const end = c < text.length ? Math.max(c + 1, text.slice(c).search(/\s|$/) + c) : c;
      return new vscode.Range(l, c, l, end);
    };
    for (const p of problems) {
      const d = new vscode.Diagnostic(lineRange(p.line, p.column), p.message, SEVERITY[p.severity]);
      d.source = 'ClearML vault';
      d.code = p.severity === 'error' ? 'parse-error' : 'sdk-format';
      list.push(d);
    }
    if (skipped) {
      const d = new vscode.Diagnostic(lineRange(1), skipped === 'empty' ? 'The SDK skips an empty vault.' : 'The SDK skips a vault whose text is not an object.', vscode.DiagnosticSeverity.Warning);
      d.source = 'ClearML vault';
      d.code = 'sdk-skips';
      list.push(d);
    }
    for (const s of secrets) {
      const d = new vscode.Diagnostic(lineRange(s.line), `Plaintext secret (${s.path}): everyone who can read the vault sees it; consider a \${ENV_VAR} reference.`, vscode.DiagnosticSeverity.Information);
      d.source = 'ClearML vault';
      d.code = 'plaintext-secret';
      list.push(d);
    }
    // A key typed inside a line leaves every diagnostic as it was: the workbench need not hear about it again.
    const key = document.uri.toString();
    const signature = JSON.stringify(list.map((d) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.severity, d.code, d.message]));
    if (this.lastSet.get(key) === signature && (signature === '[]' || this.collection.has(document.uri))) return;
    this.lastSet.set(key, signature);
    this.collection.set(document.uri, list);
  }

  dispose(): void {
    for (const t of this.throttles.values()) t.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}
