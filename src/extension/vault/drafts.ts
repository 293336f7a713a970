/**
 * Unpublished text of server vaults. Auto save (files.autoSave, on by default in VS Code for the Web) must never
 * publish a vault: a server vault is live configuration for every SDK and agent of the user. Automatic saves land
 * here instead (global state, so a window reload restores them), the tab carries a "draft" decoration, and only an
 * explicit save publishes the text and drops the draft.
 *
 * Drafts are keyed by profile and vault id, not by URI: the URI's file name carries the format, which a conversion
 * changes while the vault stays the same.
 */
import * as vscode from 'vscode';
import type { VaultFormatName } from '../../core/protocol/vault';
import { parseVaultUri } from './uri';

export interface VaultDraft {
  text: string;
  /** Content version of the server copy the draft was started from (the conflict check of the publish uses it). */
  baseVersion: string;
  format: VaultFormatName;
  savedAt: number;
}

const PREFIX = 'clearml.vault.draft/';

export class VaultDrafts implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires with the document URI whose draft was stored or dropped. */
  readonly onDidChange = this.changed.event;
  readonly onDidChangeFileDecorations = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  private key(uri: vscode.Uri): string | undefined {
    const parts = parseVaultUri(uri);
    return parts && `${PREFIX}${parts.profileId}/${parts.vaultId}`;
  }

  get(uri: vscode.Uri): VaultDraft | undefined {
    const key = this.key(uri);
    return key ? this.state.get<VaultDraft>(key) : undefined;
  }

  /** The draft of a vault by ids (to reopen it under the file name of the draft's format). */
  byId(profileId: string, vaultId: string): VaultDraft | undefined {
    return this.state.get<VaultDraft>(`${PREFIX}${profileId}/${vaultId}`);
  }

  async set(uri: vscode.Uri, draft: VaultDraft): Promise<void> {
    const key = this.key(uri);
    if (!key) return;
    await this.state.update(key, draft);
    this.changed.fire(uri);
  }

  async delete(uri: vscode.Uri): Promise<void> {
    const key = this.key(uri);
    if (!key || this.state.get(key) === undefined) return;
    await this.state.update(key, undefined);
    this.changed.fire(uri);
  }

  /**
   * Drops every draft of a profile (sign-out: a draft may hold typed secrets and must not outlive the account).
   * Open documents of that profile get their decoration refreshed. Returns how many drafts were dropped.
   */
  async deleteForProfile(profileId: string): Promise<number> {
    const keys = this.state.keys().filter((k) => k.startsWith(`${PREFIX}${profileId}/`));
    for (const key of keys) await this.state.update(key, undefined);
    for (const d of vscode.workspace.textDocuments) if (parseVaultUri(d.uri)?.profileId === profileId) this.changed.fire(d.uri);
    return keys.length;
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (!this.get(uri)) return undefined;
    const d = new vscode.FileDecoration('D', 'Draft: kept in VS Code, not published to the server. Save (Ctrl+S) publishes it.', new vscode.ThemeColor('gitDecoration.modifiedResourceForeground'));
    d.propagate = false;
    return d;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
