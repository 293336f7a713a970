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
 * Auto save (files.autoSave; on by default in VS Code for the Web) never prompts: an automatic save that would need
 * a decision (server-side change, text the SDK would skip, plaintext secrets the server copy does not already have)
 * fails with a message asking for a manual save, so half-typed text never silently reaches every machine.
 */
import * as vscode from 'vscode';
import type { Vault } from '../../core/api';
import type { VaultFormatName } from '../../core/protocol/vault';
import { normalizeServerFormat } from '../../core/vault/format';
import { checkVault } from '../../core/vault/model';
import type { AccountService } from '../services';
import * as ui from '../ui';
import { msg } from '../safeText';
import { logError } from '../log';
import { clientFor, contentVersion, fetchVault, NotSignedInError } from './serverVaults';
import { parseVaultUri, vaultDisplayName } from './uri';

export interface VaultEntry {
  vault: Vault;
  /** contentVersion of the data last read from or written to the server. */
  version: string;
  mtime: number;
  size: number;
  /** Set by "Convert format": the next save writes this format. */
  pendingFormat?: VaultFormatName;
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

  constructor(private readonly accounts: AccountService, private readonly conflicts: ConflictHandler) {}

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
    this.remember(uri, vault, known?.pendingFormat);
  }

  setPendingFormat(uri: vscode.Uri, format: VaultFormatName | undefined): void {
    const e = this.entries.get(uri.toString());
    if (e) e.pendingFormat = format === normalizeServerFormat(e.vault.format) ? undefined : format;
  }

  /** Metadata changed on the server (enabled toggled): keep the remembered content version. */
  updateMetadata(uri: vscode.Uri, vault: Vault): void {
    const e = this.entries.get(uri.toString());
    if (e) e.vault = { ...vault, data: e.vault.data };
  }

  /** Tells VS Code the vault's content changed on the server (after a push): clean editors reload it. */
  notifyChanged(uri: vscode.Uri, vault?: Vault): void {
    if (vault) this.remember(uri, vault, this.entries.get(uri.toString())?.pendingFormat, true);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  /**
   * mtime moves only when we change the vault (write, push) — never on a read. VS Code stats, then reads; a read
   * that moved mtime past the stat it just took would make its next save fail as "file is newer".
   */
  private remember(uri: vscode.Uri, vault: Vault, pendingFormat?: VaultFormatName, bump = false): VaultEntry {
    const prev = this.entries.get(uri.toString());
    const version = contentVersion(vault);
    const mtime = prev ? (bump ? Math.max(Date.now(), prev.mtime + 1) : prev.mtime) : Date.parse(vault.lastUpdate ?? '') || Date.now();
    const e: VaultEntry = { vault, version, mtime, size: encoder.encode(vault.data ?? '').byteLength, pendingFormat };
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
    const e = this.entries.get(uri.toString()) ?? (await this.load(uri));
    const stat: vscode.FileStat = { type: vscode.FileType.File, ctime: e.mtime, mtime: e.mtime, size: e.size };
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
    const e = await this.load(uri);
    return encoder.encode(e.vault.data ?? '');
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
    return this.remember(uri, vault, this.entries.get(uri.toString())?.pendingFormat);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
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
    const text = decoder.decode(content);
    const known = this.entries.get(uri.toString());
    const reason = this.saveReasons.get(uri.toString()) ?? vscode.TextDocumentSaveReason.Manual;
    this.saveReasons.delete(uri.toString());
    const auto = reason !== vscode.TextDocumentSaveReason.Manual;
    this.saveLog.push(`write ${auto ? 'auto' : 'manual'}`);

    let server: Vault | undefined;
    try {
      server = await fetchVault(client, parts.vaultId);
    } catch (e) {
      throw vscode.FileSystemError.Unavailable(logError(`Reading vault ${parts.vaultId} before saving`, e));
    }
    if (!server) throw vscode.FileSystemError.FileNotFound(`The vault ${parts.vaultId} was deleted on the server; copy your text and create it again.`);
    const name = vaultDisplayName(server);

    if (known && contentVersion(server) !== known.version && server.data !== text) {
      if (auto) throw new vscode.FileSystemError(`Not saved automatically: "${name}" changed on the server since you opened it. Save manually (Ctrl+S) to compare or overwrite.`);
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

    const format = known?.pendingFormat ?? normalizeServerFormat(server.format);
    await this.confirmContent(server, name, text, format, auto);

    const update: Partial<Vault> & { data: string; format: string; enabled: boolean } = {
      id: server.id,
      data: text,
      format: known?.pendingFormat ?? server.format ?? format,
      enabled: server.enabled,
      scope: server.scope,
      type: server.type || 'config',
    };
    if (server.description !== undefined) update.description = server.description;
    try {
      await ui.withProgress(`Saving vault "${name}" to the server…`, (signal) => client.addOrUpdateVault(update, { signal }), vscode.ProgressLocation.Window);
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
    this.remember(uri, stored, undefined, true);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    this.afterWrite.fire(uri);
  }

  /** Modal warning before the server receives a vault the SDK would skip or that holds plaintext secrets. */
  private async confirmContent(server: Vault, name: string, text: string, format: VaultFormatName, auto: boolean): Promise<void> {
    const check = checkVault(text, format, process.env);
    if (check.status !== 'applied') {
      const why = check.status === 'parse-error' && check.problems[0]
        ? `its text does not parse (line ${check.problems[0].line}, column ${check.problems[0].column}: ${check.problems[0].message})`
        : check.status === 'empty' ? 'it is empty' : 'its text is not an object';
      if (auto) throw new vscode.FileSystemError(`Not saved automatically: the SDK would skip "${name}" (${why}).`);
      const choice = await ui.confirm(msg`The SDK and the agent would skip the vault "${name}": ${why}.`, msg`Every machine using this vault would run with clearml.conf alone. Save anyway?`, 'Save Anyway');
      if (choice !== 'Save Anyway') throw new vscode.FileSystemError(`Not saved: the SDK would skip "${name}" (${why}).`);
    } else if (check.yamlWarning?.level === 'error') {
      if (auto) throw new vscode.FileSystemError(`Not saved automatically: the SDK may mis-read the YAML vault "${name}". Save manually (Ctrl+S) to confirm.`);
      const choice = await ui.confirm(msg`The SDK may not read the YAML vault "${name}" correctly.`, msg`${check.yamlWarning.message}`, 'Save Anyway');
      if (choice !== 'Save Anyway') throw new vscode.FileSystemError(`Not saved: "${name}" is YAML the SDK would mis-read.`);
    }
    if (check.secrets.length && !this.secretsAccepted.has(server.id)) {
      if (auto) {
        // Secrets the server copy already holds were accepted before; only new ones need a manual save.
        const onServer = new Set(checkVault(server.data ?? '', normalizeServerFormat(server.format), process.env).secrets.map((s) => s.path));
        const added = check.secrets.filter((s) => !onServer.has(s.path));
        if (!added.length) return;
        throw new vscode.FileSystemError(`Not saved automatically: "${name}" gets a new plaintext secret (${added[0].path}, line ${added[0].line}). Save manually (Ctrl+S) to confirm.`);
      }
      const list = check.secrets.slice(0, 5).map((s) => `${s.path} (line ${s.line})`).join(', ');
      const choice = await ui.confirm(
        msg`The vault "${name}" contains plaintext secrets: ${list}${check.secrets.length > 5 ? ', …' : ''}.`,
        msg`Everyone who can read this vault (and every machine that loads it) sees these values. \${ENV_VAR} references keep them out of the vault.`,
        'Save',
        'Save and Don\'t Ask Again for This Vault',
      );
      if (choice === 'Save and Don\'t Ask Again for This Vault') this.secretsAccepted.add(server.id);
      else if (choice !== 'Save') throw new vscode.FileSystemError(`Not saved: "${name}" contains plaintext secrets (save cancelled).`);
    }
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
