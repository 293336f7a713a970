/**
 * Problems panel entries and squiggles of clearml.conf and vault documents, from lintConf (the same code path as
 * the Setup Check and the storage rules). A document is linted when it opens and again DEBOUNCE_MS after the last
 * edit of a burst of typing; lintConf takes < 15 ms on a 61 KB file, so squiggles follow the last key within 300 ms.
 *
 * One source per finding: vault documents already get their parse errors (an unset `${VAR}` included), the YAML the SDK mis-reads and
 * plaintext secrets from the vault area (src/extension/vault/diagnostics.ts, or the preview's pipeline while the
 * vault editor is open, which reads the text exactly as the preview merges it). For vaults this collection drops
 * those codes and adds only what the vault area does not know: the key, type and value checks. Like the vault area,
 * it drops the entries of a server vault no tab shows (its document outlives the tab, and a format conversion leaves
 * the document of the old name behind), and checks it again when a tab shows it.
 */
import * as vscode from 'vscode';
import { logError } from '../log';
import { VAULT_SCHEME } from '../vault/uri';
import { shownDocumentUris } from '../shownTabs';
import { lintConf, type ConfDiagnostic } from '../../core/conf-language';
import { toDiagnostic } from './convert';
import type { ConfDocumentKind } from './documents';

/** Quiet time after the last edit before linting (plus < 15 ms of linting: well within 300 ms of the last key). */
export const DEBOUNCE_MS = 150;

/** Codes the vault area reports for vault documents (see the header). */
const VAULT_AREA_CODES = new Set(['parse-error', 'unset-variable', 'plaintext-secret', 'sdk-format', 'sdk-skips']);

interface Linted { version: number; findings: ConfDiagnostic[] }

export class ConfDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('clearml-conf');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly linted = new Map<string, Linted>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly kindOf: (uri: vscode.Uri) => ConfDocumentKind | undefined) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => this.lintNow(d)),
      vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length) this.schedule(e.document); }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.window.tabGroups.onDidChangeTabs(() => this.followTabs()),
    ];
    for (const d of vscode.workspace.textDocuments) this.lintNow(d);
  }

  /** The findings of the document's current text (linted now if the last lint is older than the text). */
  findings(document: vscode.TextDocument): ConfDiagnostic[] {
    const last = this.linted.get(document.uri.toString());
    if (last?.version === document.version) return last.findings;
    return this.lintNow(document);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!this.kindOf(document.uri)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (!document.isClosed) this.lintNow(document);
    }, DEBOUNCE_MS));
  }

  private lintNow(document: vscode.TextDocument): ConfDiagnostic[] {
    const kind = this.kindOf(document.uri);
    if (!kind) return [];
    let findings: ConfDiagnostic[];
    try {
      findings = lintConf(document.getText(), kind);
    } catch (e) {
      logError(`Checking ${document.uri.path.split('/').pop() ?? 'the file'}`, e);
      findings = [];
    }
    if (kind.role === 'vault') findings = findings.filter((f) => !VAULT_AREA_CODES.has(f.code));
    this.linted.set(document.uri.toString(), { version: document.version, findings });
    this.collection.set(document.uri, findings.map(toDiagnostic));
    return findings;
  }

  private followTabs(): void {
    const shown = shownDocumentUris();
    for (const d of vscode.workspace.textDocuments) {
      if (d.uri.scheme !== VAULT_SCHEME) continue;
      const key = d.uri.toString();
      if (!shown.has(key) && this.linted.has(key)) this.forget(d.uri);
      else if (shown.has(key) && !this.linted.has(key)) this.lintNow(d);
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.linted.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}
