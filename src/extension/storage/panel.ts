/**
 * The "ClearML: Storage Credentials" panel: every S3 / Google Storage / Azure entry the SDK would read, where it is
 * written, what the rules say about it, add / edit / delete (lossless edit, diff, modal confirmation, backup or the
 * vault's conflict check), an access test per entry or URI, and the browser cloud-access entries as their own scope.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import type * as v from 'valibot';
import { ConcurrentChangeError, ConfigParseError, contentHash, decodeConfBytes, encodeConfText, writeConfAtomic } from '../../core/config';
import { checkDraft, FIELDS, SECRET_FIELDS } from '../../core/storage/fields';
import { editStorageText, type EntryFields, type ListEdit } from '../../core/storage/edit';
import { describeEntry, type Provider } from '../../core/storage/model';
import { FromStorageWebviewSchema, type AccessResult, type ToStorageWebview } from '../../core/protocol/storage';
import type { CloudEntryInput } from '../../core/protocol/preferences';
import type { AccountService } from '../services';
import { logger } from '../log';
import * as ui from '../ui';
import { SingletonPanel } from '../webview/singletonPanel';
import { msg } from '../safeText';
import type { CloudAccessStore } from '../preferences/cloudStore';
import { saveCloudEntryInput } from '../preferences/cloudEntrySave';
import { BoundedReadError, MAX_CONFIG_FILE_BYTES, readBoundedRegularFile } from '../../core/config/bounded-read';
import { exportToConf, exportToVault, PreviewDocuments, readFile } from '../preferences/exporter';
import { contentVersion, fetchVault } from '../vault/serverVaults';
import { vaultUri } from '../vault/uri';
import { defaultHost, entriesOf, layerOf, loadState, rawFields, views, type Layer, type Loaded, type StorageHost } from './state';
import { replacedEntriesNote, writeWarning } from '../../core/storage/layers';
import { STORAGE_VIEW_TYPE } from './viewType';

const TITLE = msg`ClearML: Storage Credentials`;

type Message = v.InferOutput<typeof FromStorageWebviewSchema>;
type AccessModule = typeof import('../../core/storage/access');

export class StorageController extends SingletonPanel<typeof FromStorageWebviewSchema, ToStorageWebview> {
  private state: Loaded | undefined;
  private access: AccessModule | undefined;
  private readonly previews = new PreviewDocuments('clearml-storage-preview');

  host: () => StorageHost = defaultHost;
  /** Blob endpoint per Azure account (emulators); undefined = https://<account>.blob.core.windows.net. */
  azureEndpoint: ((account: string) => string | undefined) | undefined;

  constructor(extensionUri: vscode.Uri, private readonly accounts: AccountService, readonly store: CloudAccessStore) {
    super(extensionUri, { viewType: STORAGE_VIEW_TYPE, title: TITLE, bundle: 'storage', schema: FromStorageWebviewSchema, errorLabel: 'Storage credentials' });
    this.disposables.push(this.previews.register());
    this.disposables.push(accounts.onDidChangeActive(() => { if (this.panel) this.enqueue(async () => { await this.refresh(); }); }));
  }

  protected async handle(m: Message): Promise<void> {
    switch (m.type) {
      case 'ready':
      case 'refresh':
        await this.accounts.ready; // a panel restored with the window asks before the stored profile is back
        await this.refresh();
        return;
      case 'saveEntry':
        return this.saveEntry(m);
      case 'deleteEntry':
        return this.deleteEntry(m.provider, m.index);
      case 'testEntry':
        return this.testEntry(m.provider, m.index);
      case 'testUri':
        return this.testUri(m.uri);
      case 'openSource':
        return this.openSource(m.provider, m.index);
      case 'browserSave':
        return this.browserSave(m.entry);
      case 'browserRemove':
        return this.browserRemove(m.id);
      case 'browserExport':
        return this.browserExport(m.target);
    }
  }

  private async refresh(): Promise<Loaded> {
    this.state = await loadState(this.host(), this.accounts.active?.client);
    const profile = this.accounts.active?.profile.id;
    const notes = [...this.state.notes];
    if (!this.accounts.active) notes.push('Not signed in: only clearml.conf is shown; sign in to see your configuration vaults and browser cloud-access entries.');
    this.post({ type: 'state', confFile: this.state.confFile, ...views(this.state), browser: profile ? this.store.list(profile) : undefined, notes });
    return this.state;
  }

  private findEntry(state: Loaded, provider: Provider, index: number) {
    const entry = entriesOf(state.model).find((e) => e.provider === provider && e.index === index);
    if (!entry) throw new Error(`That ${provider} entry is no longer in the configuration; the panel was refreshed.`);
    return entry;
  }

  private async saveEntry(m: Extract<Message, { type: 'saveEntry' }>): Promise<void> {
    const state = await this.refresh();
    const known = new Set(FIELDS[m.provider].map((f) => f.name));
    const layer = m.index !== undefined ? layerOf(state, m.provider) : state.layers.find((l) => l.id === m.layer);
    if (!layer) {
      this.post({ type: 'saveResult', ok: false, errors: {}, general: ['That configuration vault is no longer available; choose clearml.conf or another vault.'] });
      return;
    }
    const before = m.index !== undefined ? rawFields(state, this.findEntry(state, m.provider, m.index)) : {};
    const after: Record<string, string | boolean> = { ...before };
    for (const [k, val] of Object.entries(m.fields)) {
      if (!known.has(k) || SECRET_FIELDS.has(k)) continue;
      if (val === '') delete after[k]; else after[k] = typeof val === 'string' ? val.trim() : val;
    }
    for (const [k, val] of Object.entries(m.secrets)) if (known.has(k) && SECRET_FIELDS.has(k) && val.trim() !== '') after[k] = val.trim();
    const check = checkDraft(m.provider, after);
    if (Object.keys(check.errors).length || (check.general.length && Object.keys(after).length === 0)) {
      this.post({ type: 'saveResult', ok: false, errors: check.errors, general: check.general });
      return;
    }
    let edit: ListEdit;
    if (m.index === undefined) {
      edit = { op: 'add', provider: m.provider, fields: ordered(m.provider, after) };
    } else {
      const changes: EntryFields = {};
      for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) if (before[k] !== after[k]) changes[k] = after[k];
      if (!Object.keys(changes).length) {
        this.post({ type: 'saveResult', ok: true, errors: {}, general: [] });
        this.post({ type: 'notice', message: 'Nothing changed.' });
        return;
      }
      edit = { op: 'update', provider: m.provider, index: m.index, fields: changes };
    }
    const what = m.index === undefined ? `add a ${providerWord(m.provider)} entry` : `change the ${providerWord(m.provider)} entry ${describeEntry(this.findEntry(state, m.provider, m.index))}`;
    // said before writing: an entry added under a layer whose list a later layer replaces does not count
    const warning = m.index === undefined ? writeWarning(state.fates, m.provider, layer, state.layers.map((l) => l.id)) : undefined;
    const written = await this.write(layer, edit, what, m.index === undefined ? 'Add' : 'Save', warning);
    this.post({ type: 'saveResult', ok: written, errors: {}, general: written ? [] : ['Not saved.'] });
    if (written) {
      if (warning) this.post({ type: 'notice', message: `Saved. ${warning}` });
      const warnings = Object.values(check.warnings);
      if (warnings.length) this.post({ type: 'notice', message: `Saved. Still worth a look: ${warnings.join(' ')}` });
      await this.refresh();
    }
  }

  private async deleteEntry(provider: Provider, index: number): Promise<void> {
    const state = await this.refresh();
    const entry = this.findEntry(state, provider, index);
    if (await this.write(layerOf(state, provider), { op: 'remove', provider, index }, `delete the ${providerWord(provider)} entry ${describeEntry(entry)}`, 'Delete')) await this.refresh();
  }

  /** Edits a layer's text, shows the diff, asks, then writes (clearml.conf: atomic with .bak; vault: if unchanged on the server). */
  private async write(layer: Layer, edit: ListEdit, what: string, action: string, warning?: string): Promise<boolean> {
    let after: string;
    try {
      after = editStorageText(layer.text, edit, layer.format, layer.label);
    } catch (e) {
      const where = e instanceof ConfigParseError ? `${layer.label}:${e.line}:${e.column}: ${e.reason}` : `${layer.label}: ${e instanceof Error ? e.message : String(e)}`;
      await ui.error(msg`Cannot ${what}: ${where}`);
      return false;
    }
    // `.hocon`, not `.conf`: VS Code opens `*.conf` as "Properties"
    const name = layer.file ? path.basename(layer.file) : `${layer.label.replace(/[^\w.-]+/g, '_')}.${layer.format}`;
    const { close: closeDiff } = await this.previews.showDiff(name, layer.text, after, `${layer.file ? path.basename(layer.file) : layer.label}: ${what}`);
    let answer: string | undefined;
    try {
      answer = await ui.confirm(
        msg`${action}: ${what} in ${layer.label}?`,
        layer.file
          ? msg`${warning ? `${warning} ` : ''}Only this entry changes; comments and everything else in the file stay as written.${layer.text ? ` The current file is kept as ${path.basename(layer.file)}.bak.` : ' The file is created.'}`
          : msg`${warning ? `${warning} ` : ''}The vault is live configuration: every SDK run and agent that merges it uses the change at its next start.`,
        action,
      );
    } finally {
      await closeDiff();
    }
    if (answer !== action) return false;
    if (layer.file) {
      const changedMeanwhile = () => ui.error(msg`${layer.file} changed on disk while you edited; nothing was written. The panel now shows the current file.`);
      let bytes: Buffer | undefined;
      // bounded, never blocking: a FIFO, device or huge file at the path is named and nothing is written (the write
      // would read it again)
      try {
        bytes = await readBoundedRegularFile(layer.file, MAX_CONFIG_FILE_BYTES);
      } catch (e) {
        if (!(e instanceof BoundedReadError && e.problem === 'missing')) {
          await ui.error(msg`${e instanceof Error ? e.message : String(e)}; nothing was written.`);
          return false;
        }
        bytes = undefined;
      }
      if ((bytes ? decodeConfBytes(bytes) : '') !== layer.text) {
        await changedMeanwhile();
        return false;
      }
      fs.mkdirSync(path.dirname(layer.file), { recursive: true });
      let backupPath: string | undefined;
      try {
        // The same guarantees as every clearml.conf write: no write over a change made since it was read, the
        // user's first version kept as .orig.bak, a symlinked file written through its link.
        ({ backupPath } = await writeConfAtomic(layer.file, encodeConfText(after), { baseHash: contentHash(bytes), keepOriginal: true, followLink: true }));
      } catch (e) {
        if (!(e instanceof ConcurrentChangeError)) throw e;
        await changedMeanwhile();
        return false;
      }
      logger.log('info', `storage credentials: ${what} in ${layer.file}${backupPath ? `; backup ${backupPath}` : ''}`);
      return true;
    }
    const client = this.accounts.active?.client;
    const vault = layer.vault;
    if (!client || !vault) {
      await ui.error(msg`Sign in again to save to the configuration vault.`);
      return false;
    }
    if (!(await this.acceptPlaintextSecrets(layer, after))) return false;
    const current = await ui.withProgress(msg`Checking the vault on the server…`, (signal) => fetchVault(client, vault.id, signal));
    if (!current || contentVersion(current) !== contentVersion(vault)) {
      await ui.error(msg`${layer.label} changed on the server since the panel read it; nothing was saved. The panel now shows the server's version.`);
      return false;
    }
    await ui.withProgress(msg`Saving ${layer.label}…`, (signal) => client.addOrUpdateVault({
      id: vault.id, description: vault.description, scope: vault.scope, type: vault.type, format: vault.format, enabled: vault.enabled, data: after,
    }, { signal }));
    logger.log('info', `storage credentials: ${what} in ${layer.label}`);
    return true;
  }

  /** The vault editor's warning before a save (vault/fileSystem.ts confirmContent): the same words, the same rule. */
  private async acceptPlaintextSecrets(layer: Layer, after: string): Promise<boolean> {
    const { checkVault } = await import('../../core/vault/model');
    const { secrets } = checkVault(after, layer.format, process.env);
    if (!secrets.length) return true;
    const list = secrets.slice(0, 5).map((s) => `${s.path} (line ${s.line})`).join(', ');
    const choice = await ui.confirm(
      msg`The vault "${layer.vault?.description || layer.label}" contains plaintext secrets: ${list}${secrets.length > 5 ? ', …' : ''}.`,
      msg`Everyone who can read this vault (and every machine that loads it) sees these values. \${ENV_VAR} references keep them out of the vault.`,
      'Save',
    );
    return choice === 'Save';
  }

  /** The signing code is a separate bundle, loaded the first time a test runs. */
  private accessModule(): AccessModule {
    this.access ??= createRequire(__filename)(vscode.Uri.joinPath(this.extensionUri, 'dist', 'storage-access.js').fsPath) as AccessModule;
    return this.access;
  }

  private async runTest(subject: string, run: (access: AccessModule, signal: AbortSignal) => Promise<import('../../core/storage/access').AccessReport>): Promise<void> {
    this.post({ type: 'busy', busy: true, message: `Testing ${subject}…` });
    try {
      const report = await ui.withProgress(msg`Testing access to ${subject}…`, (signal) => run(this.accessModule(), signal));
      const result: AccessResult = { subject, outcome: report.outcome, message: report.message, target: report.target, steps: report.steps, ...(report.resolved ? { resolved: report.resolved } : {}) };
      logger.log('info', `storage access test ${subject}: ${report.outcome}`);
      this.post({ type: 'testResult', result });
    } finally {
      this.post({ type: 'busy', busy: false });
    }
  }

  private async testEntry(provider: Provider, index: number): Promise<void> {
    const state = this.state ?? await this.refresh();
    const entry = this.findEntry(state, provider, index);
    await this.runTest(describeEntry(entry), (access, signal) => access.testEntry(state.model, entry, { env: state.env, signal, azureEndpoint: this.azureEndpoint }));
  }

  private async testUri(uri: string): Promise<void> {
    const state = await this.refresh();
    await this.runTest(uri.trim(), async (access, signal) => {
      const report = await access.testUri(state.model, uri.trim(), { env: state.env, signal, azureEndpoint: this.azureEndpoint });
      // An entry for this URI that a later layer's list replaced: say why the test does not use it.
      const note = replacedEntriesNote(state.fates, uri);
      return note ? { ...report, message: `${report.message} ${note}` } : report;
    });
  }

  private async openSource(provider: Provider, index: number): Promise<void> {
    const state = this.state ?? await this.refresh();
    const layer = layerOf(state, provider);
    const view = views(state).entries.find((e) => e.provider === provider && e.index === index);
    const line = Number(/:(\d+)$/.exec(view?.source ?? '')?.[1] ?? 1);
    const profile = this.accounts.active?.profile.id;
    const uri = layer.file ? vscode.Uri.file(layer.file) : layer.vault && profile ? vaultUri(profile, layer.vault) : undefined;
    if (!uri) return;
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(line - 1, 0, line - 1, 0), preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  // ---- the browser's cloud-access entries (same store and format as before) -------------------------------------

  private async browserSave(input: CloudEntryInput): Promise<void> {
    const profileId = this.accounts.active?.profile.id;
    if (!profileId) return;
    const outcome = await saveCloudEntryInput(this.store, profileId, input);
    if (outcome.kind === 'invalid') {
      this.post({ type: 'browserSaved', ok: false, errors: outcome.errors });
      return;
    }
    if (outcome.kind === 'gone') this.post({ type: 'error', message: outcome.message });
    else this.post({ type: 'browserSaved', ok: true, errors: {} });
    await this.refresh();
  }

  private async browserRemove(id: string): Promise<void> {
    const profileId = this.accounts.active?.profile.id;
    const entry = profileId ? this.store.list(profileId).find((e) => e.id === id) : undefined;
    if (!profileId || !entry) return;
    const answer = await ui.confirm(msg`Remove the browser access entry for ${entry.Bucket}?`, msg`Its key, secret and token are deleted from VS Code. The web UI keeps its own copy in its browser; clearml.conf and vaults are not changed.`, 'Remove');
    if (answer !== 'Remove') return;
    await this.store.remove(profileId, id);
    await this.refresh();
  }

  private async browserExport(target: 'clearml.conf' | 'vault'): Promise<void> {
    const account = this.accounts.active;
    if (!account) return;
    const entries = await this.store.all(account.profile.id);
    const host = this.host();
    if (target === 'clearml.conf') await exportToConf(entries, { discoveryHost: () => ({ env: host.env, homedir: host.homedir, readFile }) }, this.previews);
    else await exportToVault(entries, account.client, this.previews);
    await this.refresh();
  }
}

function providerWord(p: Provider): string {
  return p === 's3' ? 'S3' : p === 'gcs' ? 'Google Storage' : 'Azure';
}

/** New entries list their keys in the editor's order. */
function ordered(provider: Provider, fields: Record<string, string | boolean>): EntryFields {
  const out: EntryFields = {};
  for (const f of FIELDS[provider]) if (fields[f.name] !== undefined) out[f.name] = fields[f.name];
  for (const [k, val] of Object.entries(fields)) if (!(k in out)) out[k] = val;
  return out;
}

