/**
 * FileSystemProvider of `clearml-vault:` documents. read = the vault's data from users.get_vaults; write =
 * users.add_or_update_vault keeping the vault's format (unless converted), enabled flag, scope and type.
 *
 * Conflict detection: the content version (hash of `data`) seen at the last read or write is remembered. Before
 * writing, the vault is read again; if its data changed on the server meanwhile, a modal asks Overwrite / Show
 * Server Version / Cancel. stat() answers from that memory (no request), so VS Code's own mtime check never fires
 * for server-side changes and this prompt is the one the user sees.
 *
 * Save warnings (plaintext secrets, text the SDK would skip) are modal prompts here, in the write path, because
 * onWillSaveTextDocument participants cannot reliably wait for a modal dialog.
 *
 * Auto save (files.autoSave; on by default in VS Code for the Web) never publishes: an automatic save keeps the text
 * as a draft (drafts.ts) and sends nothing, so half-typed text never reaches every machine and no save error toast
 * appears. readFile answers with the draft while one exists (a reload shows the typed text); an explicit save
 * publishes it.
 */
import * as vscode from 'vscode';
import type { Vault } from '../../core/api';
import type { VaultFormatName } from '../../core/protocol/vault';
import { normalizeServerFormat } from '../../core/vault/format';
import { checkVault } from '../../core/vault/model';
import type { AccountService } from '../services';
import * as ui from '../ui';
import { msg, safeText } from '../safeText';
import { logError } from '../log';
import type { VaultDrafts } from './drafts';
import { clientFor, contentVersion, fetchVault, NotSignedInError } from './serverVaults';
import { documentFormat, parseVaultUri, vaultDisplayName } from './uri';

export interface VaultEntry {
  vault: Vault;
  /** contentVersion of the data last read from or written to the server. */
  version: string;
  mtime: number;
  size: number;
}

export interface ConflictHandler {
  /** Shows the server's current text next to the user's document. */
  showServerVersion(uri: vscode.Uri, serverText: string): Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class VaultFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly entries = new Map<string, VaultEntry>();
  /** Vault ids whose secrets warning the user silenced for this session. */
  private readonly secretsAccepted = new Set<string>();
  private readonly afterWrite = new vscode.EventEmitter<vscode.Uri>();
  /** Why the next write of a document happens (from onWillSaveTextDocument, which fires just before). */
  private readonly saveReasons = new Map<string, vscode.TextDocumentSaveReason>();
  /** Fires after a successful write (the preview reloads its context). */
  readonly onDidWriteVault = this.afterWrite.event;

  constructor(private readonly accounts: AccountService, private readonly conflicts: ConflictHandler, readonly drafts: VaultDrafts) {}

  /** Recent save events (test hook). */
  readonly saveLog: string[] = [];

  noteSaveReason(uri: vscode.Uri, reason: vscode.TextDocumentSaveReason): void {
    this.saveReasons.set(uri.toString(), reason);
    this.saveLog.push(`will-save ${reason}`);
  }

  entry(uri: vscode.Uri): VaultEntry | undefined {
    return this.entries.get(uri.toString());
  }

  /** Remembers a vault fetched elsewhere (the open command) so the editor has its metadata at once. */
  prime(uri: vscode.Uri, vault: Vault): void {
    const known = this.entries.get(uri.toString());
    if (known && known.version !== contentVersion(vault)) return; // the next read brings it up to date
    this.remember(uri, vault);
  }

  /** Metadata changed on the server (enabled toggled): keep the remembered content version. */
  updateMetadata(uri: vscode.Uri, vault: Vault): void {
    const e = this.entries.get(uri.toString());
    if (e) e.vault = { ...vault, data: e.vault.data };
  }

  /** Tells VS Code the vault's content changed on the server (after a push): clean editors reload it. */
  notifyChanged(uri: vscode.Uri, vault?: Vault): void {
    if (vault) this.remember(uri, vault, true);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  /**
   * mtime moves only when we change the vault (write, push) — never on a read. VS Code stats, then reads; a read
   * that moved mtime past the stat it just took would make its next save fail as "file is newer".
   */
  private remember(uri: vscode.Uri, vault: Vault, bump = false): VaultEntry {
    const prev = this.entries.get(uri.toString());
    const version = contentVersion(vault);
    const mtime = prev ? (bump ? Math.max(Date.now(), prev.mtime + 1) : prev.mtime) : Date.parse(vault.lastUpdate ?? '') || Date.now();
    const e: VaultEntry = { vault, version, mtime, size: encoder.encode(vault.data ?? '').byteLength };
    this.entries.set(uri.toString(), e);
    return e;
  }

  watch(): vscode.Disposable {
    // No server push channel; documents refresh on open, on save and on the Refresh command.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const parts = parseVaultUri(uri);
    if (!parts) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const draft = this.drafts.get(uri);
    let e = this.entries.get(uri.toString());
    if (!e) {
      try {
        e = await this.load(uri);
      } catch (err) {
        // Signed out or offline: a draft still opens (nothing typed is lost); it publishes once signed in again.
        if (!draft) throw err;
        return { type: vscode.FileType.File, ctime: draft.savedAt, mtime: draft.savedAt, size: encoder.encode(draft.text).byteLength };
      }
    }
    const size = draft ? encoder.encode(draft.text).byteLength : e.size;
    const stat: vscode.FileStat = { type: vscode.FileType.File, ctime: e.mtime, mtime: e.mtime, size };
    if (this.isReadonly(e.vault)) stat.permissions = vscode.FilePermission.Readonly;
    return stat;
  }

  /** Group vaults are the administrators' (the server answers 403 to others): read-only when our role says so. */
  isReadonly(vault: Vault): boolean {
    const role = this.accounts.active?.user?.role;
    return vault.scope !== 'user' && !!role && !['admin', 'root', 'system'].includes(role);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const draft = this.drafts.get(uri);
    try {
      const e = await this.load(uri);
      return encoder.encode(draft?.text ?? e.vault.data ?? '');
    } catch (err) {
      if (draft) return encoder.encode(draft.text);
      throw err;
    }
  }

  private async load(uri: vscode.Uri): Promise<VaultEntry> {
    const parts = parseVaultUri(uri);
    if (!parts) throw vscode.FileSystemError.FileNotFound(uri);
    let vault: Vault | undefined;
    await this.accounts.ready; // a vault tab restored with the window may be read before the profile is back
    try {
      const { client } = clientFor(this.accounts, parts.profileId);
      vault = await fetchVault(client, parts.vaultId);
    } catch (e) {
      if (e instanceof NotSignedInError) throw vscode.FileSystemError.Unavailable(e.message);
      throw vscode.FileSystemError.Unavailable(logError(`Reading vault ${parts.vaultId}`, e));
    }
    if (!vault) throw vscode.FileSystemError.FileNotFound(`The vault ${parts.vaultId} no longer exists on the server.`);
    return this.remember(uri, vault);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const parts = parseVaultUri(uri);
    if (!parts) throw vscode.FileSystemError.NoPermissions(uri);
    const text = decoder.decode(content);
    const reason = this.saveReasons.get(uri.toString()) ?? vscode.TextDocumentSaveReason.Manual;
    this.saveReasons.delete(uri.toString());
    if (reason !== vscode.TextDocumentSaveReason.Manual) {
      this.saveLog.push('write auto: draft');
      await this.keepDraft(uri, text);
      return;
    }
    this.saveLog.push('write manual');
    await this.publish(uri, text);
  }

  /** An automatic save: the text stays in VS Code as the vault's draft; nothing is sent. */
  private async keepDraft(uri: vscode.Uri, text: string): Promise<void> {
    const known = this.entries.get(uri.toString());
    if (known && this.isReadonly(known.vault)) throw vscode.FileSystemError.NoPermissions(uri);
    const format = documentFormat(uri);
    if (known && text === (known.vault.data ?? '') && format === normalizeServerFormat(known.vault.format)) {
      await this.drafts.delete(uri);
    } else {
      await this.drafts.set(uri, { text, baseVersion: this.drafts.get(uri)?.baseVersion ?? known?.version ?? '', format, savedAt: Date.now() });
    }
    // VS Code stats the file right after writing it: a later mtime than the one the document knows.
    if (known) known.mtime = Math.max(Date.now(), known.mtime + 1);
  }

  /** Publishes the vault text (an explicit save, or "Publish" of a draft): checks, confirmations, then the server. */
  async publish(uri: vscode.Uri, text: string): Promise<void> {
    const parts = parseVaultUri(uri);
    if (!parts) throw vscode.FileSystemError.NoPermissions(uri);
    let clientInfo;
    await this.accounts.ready;
    try {
      clientInfo = clientFor(this.accounts, parts.profileId);
    } catch (e) {
      throw vscode.FileSystemError.Unavailable(e instanceof Error ? e.message : String(e));
    }
    const { client } = clientInfo;
    const known = this.entries.get(uri.toString());
    const baseVersion = this.drafts.get(uri)?.baseVersion ?? known?.version;

    let server: Vault | undefined;
    try {
      server = await fetchVault(client, parts.vaultId);
    } catch (e) {
      throw vscode.FileSystemError.Unavailable(logError(`Reading vault ${parts.vaultId} before saving`, e));
    }
    if (!server) throw vscode.FileSystemError.FileNotFound(`The vault ${parts.vaultId} was deleted on the server; copy your text and create it again.`);
    const name = vaultDisplayName(server);

    if (baseVersion && contentVersion(server) !== baseVersion && server.data !== text) {
      const choice = await ui.confirm(
        msg`The vault "${name}" changed on the server since you opened it.`,
        msg`Saving now replaces the server's version with yours. Show Server Version opens the two side by side (your document stays unsaved).`,
        'Overwrite',
        'Show Server Version',
      );
      if (choice === 'Show Server Version') {
        await this.conflicts.showServerVersion(uri, server.data ?? '');
        throw new vscode.FileSystemError(`Not saved: "${name}" changed on the server. Compare, then save again to overwrite.`);
      }
      if (choice !== 'Overwrite') throw new vscode.FileSystemError(`Not saved: "${name}" changed on the server (save cancelled).`);
    }

    const format = documentFormat(uri);
    if (!(await this.confirmContent(uri, server, name, text, format))) return;

    const update: Partial<Vault> & { data: string; format: string; enabled: boolean } = {
      id: server.id,
      data: text,
      // The document's format (a converted vault changes it here, at the explicit save); the server's own spelling otherwise.
      format: format === normalizeServerFormat(server.format) && server.format ? server.format : format,
      enabled: server.enabled,
      scope: server.scope,
      type: server.type || 'config',
    };
    if (server.description !== undefined) update.description = server.description;
    try {
      await ui.withProgress(msg`Saving vault "${name}" to the server…`, (signal) => client.addOrUpdateVault(update, { signal }), vscode.ProgressLocation.Window);
    } catch (e) {
      throw vscode.FileSystemError.Unavailable(logError(`Saving vault "${name}"`, e));
    }
    // Read back what the server stored (lastUpdate, normalised fields); fall back to what we sent.
    let stored: Vault = { ...server, ...update, data: text } as Vault;
    try {
      const fresh = await fetchVault(client, server.id);
      if (fresh && fresh.data === text) stored = fresh;
    } catch {
      // The save itself succeeded; metadata refreshes on the next read.
    }
    this.remember(uri, stored, true);
    await this.drafts.delete(uri);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    this.afterWrite.fire(uri);
  }

  /** Drops the draft; a clean document then reloads the server's text. */
  async discardDraft(uri: vscode.Uri): Promise<void> {
    await this.drafts.delete(uri);
    const e = this.entries.get(uri.toString());
    if (e) e.mtime = Math.max(Date.now(), e.mtime + 1);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  /**
   * Asks before a vault the SDK would skip, mis-read YAML or plaintext secrets reach the server. A "no" is not an
   * error: the text stays, as the vault's draft (VS Code shows a thrown save error as a toast with Revert), and false
   * tells the caller not to publish.
   */
  private async confirmContent(uri: vscode.Uri, server: Vault, name: string, text: string, format: VaultFormatName): Promise<boolean> {
    const keepAsDraft = async (): Promise<false> => { await this.keepDraft(uri, text); return false; };
    const check = checkVault(text, format, process.env);
    if (check.status !== 'applied') {
      const why = check.status === 'parse-error' && check.problems[0]
        ? `its text does not parse (line ${check.problems[0].line}, column ${check.problems[0].column}: ${check.problems[0].message})`
        : check.status === 'empty' ? 'it is empty' : 'its text is not an object';
      const choice = await ui.confirm(msg`The SDK and the agent would skip the vault "${name}": ${why}.`, msg`Every machine using this vault would run with clearml.conf alone. Save anyway?`, 'Save Anyway');
      if (choice !== 'Save Anyway') return keepAsDraft();
    } else if (check.yamlWarning?.level === 'error') {
      const choice = await ui.confirm(msg`The SDK may not read the YAML vault "${name}" correctly.`, safeText(check.yamlWarning.message), 'Save Anyway');
      if (choice !== 'Save Anyway') return keepAsDraft();
    }
    if (check.secrets.length && !this.secretsAccepted.has(server.id)) {
      const list = check.secrets.slice(0, 5).map((s) => `${s.path} (line ${s.line})`).join(', ');
      const choice = await ui.confirm(
        msg`The vault "${name}" contains plaintext secrets: ${list}${check.secrets.length > 5 ? ', …' : ''}.`,
        msg`Everyone who can read this vault (and every machine that loads it) sees these values. \${ENV_VAR} references keep them out of the vault.`,
        'Save',
        'Save and Don\'t Ask Again for This Vault',
      );
      if (choice === 'Save and Don\'t Ask Again for This Vault') this.secretsAccepted.add(server.id);
      else if (choice !== 'Save') return keepAsDraft();
    }
    return true;
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(oldUri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(oldUri);
  }

  dispose(): void {
    this.changed.dispose();
    this.afterWrite.dispose();
  }
}
