/** Handlers of the clearml.vault.* commands. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConfigParseError, parseVault, toHocon, toJson, toYaml, writeConfAtomic, type ConfigObject } from '../../core/config';
import type { Vault } from '../../core/api';
import type { VaultFormatName } from '../../core/protocol/vault';
import { FORMAT_LABEL, formatFromFileName, isLocalVaultFileName, localExtension, normalizeServerFormat, renameForFormat, safeFileStem } from '../../core/vault/format';
import { checkVault, formatAsHoconWarning } from '../../core/vault/model';
import { conversionLoss, describeLoss } from '../../core/vault/conversionLoss';
import { effectiveDiff } from '../../core/vault/diff';
import type { AccountService, CommandTable } from '../services';
import * as ui from '../ui';
import { msg } from '../safeText';
import { logError } from '../log';
import type { VaultEditorProvider } from './editor';
import { viewTypeFor } from './editor';
import { VIEW_TYPE } from './viewTypes';
import type { VaultFileSystem } from './fileSystem';
import type { VaultLinks } from './links';
import { loadPreviewContext } from './previewContext';
import { clientFor, fetchVault, listConfigVaults } from './serverVaults';
import { documentFormat, isVaultDocumentUri, parseVaultUri, vaultDisplayName, vaultUri, VAULT_SCHEME, withFormat } from './uri';
import type { VirtualDocs } from './virtualDocs';

export interface CommandDeps {
  accounts: AccountService;
  fs: VaultFileSystem;
  links: VaultLinks;
  editors: VaultEditorProvider;
  virtualDocs: VirtualDocs;
}

export interface LastDiff { before: vscode.Uri; after: vscode.Uri; beforeText: string; afterText: string; changed: number }

/** Vault id from what a caller hands in: an id, a tree node ({ vaultId } / { vault: { id } } / { id }), or a clearml-vault: URI. */
export function vaultIdFrom(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.trim()) return arg.trim();
  if (arg instanceof vscode.Uri) return parseVaultUri(arg)?.vaultId;
  if (arg && typeof arg === 'object') {
    const o = arg as { vaultId?: unknown; vault?: { id?: unknown }; id?: unknown; resourceUri?: unknown };
    if (typeof o.vaultId === 'string') return o.vaultId;
    if (o.vault && typeof o.vault.id === 'string') return o.vault.id;
    if (o.resourceUri instanceof vscode.Uri) return parseVaultUri(o.resourceUri)?.vaultId;
    if (typeof o.id === 'string') return o.id;
  }
  return undefined;
}

function vaultItem(v: Vault): vscode.QuickPickItem & { vault: Vault } {
  const scope = v.scope === 'user' ? 'personal' : v.scope || 'vault';
  return { label: vaultDisplayName(v), description: `${scope} · ${FORMAT_LABEL[normalizeServerFormat(v.format)]} · ${v.enabled ? 'enabled' : 'disabled'}`, detail: v.id, vault: v };
}

function serialize(tree: ConfigObject, format: VaultFormatName): string {
  const text = format === 'hocon' ? toHocon(tree) : format === 'json' ? toJson(tree) : toYaml(tree);
  return text.endsWith('\n') ? text : text + '\n';
}

/** The document a tab shows (text and custom editors). */
function tabUri(tab: vscode.Tab): vscode.Uri | undefined {
  return tab.input instanceof vscode.TabInputText || tab.input instanceof vscode.TabInputCustom ? tab.input.uri : undefined;
}

export function createVaultCommands(deps: CommandDeps): { commands: CommandTable; lastDiff(): LastDiff | undefined } {
  let lastDiff: LastDiff | undefined;

  /** The document a command acts on: the argument, the focused vault editor, or the active text editor. */
  async function targetDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
    let uri: vscode.Uri | undefined;
    if (arg instanceof vscode.Uri) uri = arg;
    else if (arg && typeof arg === 'object' && (arg as { resourceUri?: unknown }).resourceUri instanceof vscode.Uri) uri = (arg as { resourceUri: vscode.Uri }).resourceUri;
    else if (vaultIdFrom(arg)) {
      // A tree node or a vault id: the server vault's document (opened in the background, not shown).
      if (!(await deps.accounts.requireActive())) return undefined;
      const vault = await findVault(vaultIdFrom(arg)!);
      const profileId = clientFor(deps.accounts).profileId;
      uri = vaultUri(profileId, vault, deps.fs.drafts.byId(profileId, vault.id)?.format);
      deps.fs.prime(uri, vault);
    }
    uri ??= deps.editors.active()?.uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!uri || !isVaultDocumentUri(uri)) {
      await ui.error(msg`Open a configuration vault (a server vault or a *.vault.conf/.hocon/.json/.yaml file) first.`);
      return undefined;
    }
    return vscode.workspace.openTextDocument(uri);
  }

  async function pickVault(title: ui.SafeText, extra: (vscode.QuickPickItem & { vault?: Vault; create?: boolean })[] = []): Promise<{ vault?: Vault; create?: boolean } | undefined> {
    const active = await deps.accounts.requireActive();
    if (!active) return undefined;
    const vaults = await ui.withProgress(msg`Loading configuration vaults…`, (signal) => listConfigVaults(active.client, signal));
    const items = [...vaults.map(vaultItem), ...extra];
    if (!items.length) {
      await ui.info(msg`This account has no configuration vaults yet. Push a local *.vault.conf file to create your personal vault.`);
      return undefined;
    }
    return ui.pickOne(items, { title, placeHolder: msg`Vaults in the order the SDK merges them`, matchOnDescription: true });
  }

  async function findVault(id: string): Promise<Vault> {
    const { client } = clientFor(deps.accounts);
    const v = await ui.withProgress(msg`Loading the vault…`, (signal) => fetchVault(client, id, signal));
    if (!v) throw new Error(`No configuration vault with id ${id} on this server.`);
    return v;
  }

  async function open(arg?: unknown): Promise<vscode.Uri | undefined> {
    try {
      const id = vaultIdFrom(arg);
      let vault: Vault | undefined;
      if (id) {
        if (!(await deps.accounts.requireActive())) return undefined;
        vault = await findVault(id);
      } else {
        vault = (await pickVault(msg`Open Configuration Vault`))?.vault;
      }
      if (!vault) return undefined;
      const profileId = clientFor(deps.accounts).profileId;
      // A draft in another format (converted, auto-saved, not published) reopens under its own file name.
      const uri = vaultUri(profileId, vault, deps.fs.drafts.byId(profileId, vault.id)?.format);
      deps.fs.prime(uri, vault);
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
      return uri;
    } catch (e) {
      await ui.error(logError('Opening the configuration vault', e));
      return undefined;
    }
  }

  async function openPreview(arg?: unknown): Promise<void> {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri || !isVaultDocumentUri(uri)) {
      await ui.error(msg`Open a configuration vault in a text editor first.`);
      return;
    }
    await vscode.commands.executeCommand('vscode.openWith', uri, viewTypeFor(uri), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
  }

  /**
   * Serialises the parsed vault in another format, after a modal that says what the conversion drops (comments,
   * substitutions, includes). Nothing is saved: a local file gets the text as one undoable edit (then the offer to
   * rename it); a server vault's text moves to the document named after its new format (`Personal vault.json`) as
   * unsaved edits, and the server's format changes when that document is saved.
   */
  async function convertFormat(arg?: unknown, toArg?: unknown): Promise<vscode.Uri | undefined> {
    const doc = await targetDocument(arg);
    if (!doc) return undefined;
    const isServer = doc.uri.scheme === VAULT_SCHEME;
    const from = documentFormat(doc.uri);
    let to = typeof toArg === 'string' && ['hocon', 'json', 'yaml'].includes(toArg) ? (toArg as VaultFormatName) : undefined;
    if (!to) {
      const items = (['hocon', 'json', 'yaml'] as const).filter((f) => f !== from).map((f) => ({ label: FORMAT_LABEL[f], format: f }));
      to = (await ui.pickOne(items, { title: msg`Convert vault from ${FORMAT_LABEL[from]}`, placeHolder: msg`Target format` }))?.format;
    }
    if (!to || to === from) return undefined;
    const name = isServer ? (deps.editors.forUri(doc.uri)[0]?.title() ?? path.basename(doc.uri.path)) : path.basename(doc.uri.path);
    let tree: ConfigObject;
    try {
      // No environment: ${VAR} values must not be baked into the converted text (they may be secrets).
      tree = parseVault(doc.getText(), from, { env: {}, filename: path.basename(doc.uri.path) });
    } catch (e) {
      const why = e instanceof ConfigParseError ? `line ${e.line}, column ${e.column}: ${e.reason}` : String(e);
      await ui.error(msg`Cannot convert ${path.basename(doc.uri.path)} to ${FORMAT_LABEL[to]}: ${why}. (JSON and YAML have no \${...} substitutions, so environment references must be resolved by hand.)`);
      return undefined;
    }
    const lost = describeLoss(conversionLoss(doc.getText(), from));
    // The server's format, not the document's: a draft converted earlier (HOCON → YAML → back) is still HOCON there.
    const stored = isServer ? deps.fs.entry(doc.uri)?.vault.format : undefined;
    const serverFormat = stored === undefined ? from : normalizeServerFormat(stored);
    const where = isServer ? `The converted text opens as unsaved changes; the server keeps the ${FORMAT_LABEL[serverFormat]} vault until you save.` : 'The converted text replaces the file\'s text as an unsaved edit you can undo.';
    const converted = serialize(tree, to);
    // Said before, not after: the SDK parses every vault as HOCON whatever its format (Session._read_vaults), so most
    // YAML it would read as other values or skip, which the editor reports only once the conversion is done.
    const sdkReading = formatAsHoconWarning(converted, to, {});
    const misread = sdkReading?.level === 'error'
      ? ` Careful: SDKs and agents read every vault as HOCON, whatever its format, and this ${FORMAT_LABEL[to]} does not read the same as HOCON: they would use other values or skip the vault. Keep HOCON or JSON for a vault they load.`
      : '';
    const ok = await ui.confirm(
      msg`Convert "${name}" from ${FORMAT_LABEL[from]} to ${FORMAT_LABEL[to]}?`,
      msg`${lost ? `The converted text loses ${lost}: it keeps only the values.` : 'No comments, substitutions or includes to lose; the layout is rewritten.'} ${where}${misread}`,
      'Convert',
    );
    if (ok !== 'Convert') return undefined;
    if (isServer) return moveToFormat(doc, to, converted);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), converted);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit.');
    // Local files: the format lives in the file name.
    const renamed = vscode.Uri.file(renameForFormat(doc.uri.fsPath, to));
    const choice = await ui.confirm(
      msg`Rename ${path.basename(doc.uri.fsPath)} to ${path.basename(renamed.fsPath)}?`,
      msg`The text is now ${FORMAT_LABEL[to]}; the vault format of a local file comes from its extension.`,
      'Rename',
      'Save As…',
    );
    if (choice === 'Rename') {
      if (fs.existsSync(renamed.fsPath)) {
        await ui.error(msg`${path.basename(renamed.fsPath)} already exists; use Save As instead.`);
        return doc.uri;
      }
      const we = new vscode.WorkspaceEdit();
      we.renameFile(doc.uri, renamed, { overwrite: false });
      if (await vscode.workspace.applyEdit(we)) {
        await deps.links.move(doc.uri, renamed);
        return renamed;
      }
      await ui.error(msg`Could not rename ${path.basename(doc.uri.fsPath)}.`);
    } else if (choice === 'Save As…') {
      const target = await vscode.window.showSaveDialog({ defaultUri: renamed, filters: { 'ClearML vault': [localExtension(to).slice(1)] } });
      if (target) {
        await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(doc.getText()));
        await vscode.commands.executeCommand('vscode.open', target);
        return target;
      }
    }
    return doc.uri;
  }

  /**
   * The server vault's document in format `to`, holding `converted` as unsaved edits: first the old document's text
   * (unsaved edits included), then the converted text, so one undo shows what was converted. The old document's
   * editors are reverted and closed; its text lives on in the new one.
   */
  async function moveToFormat(old: vscode.TextDocument, to: VaultFormatName, converted: string): Promise<vscode.Uri> {
    const target = withFormat(old.uri, to);
    const entry = deps.fs.entry(old.uri);
    if (entry) deps.fs.prime(target, entry.vault);
    const doc = await vscode.workspace.openTextDocument(target);
    for (const text of [old.getText(), converted]) {
      if (doc.getText() === text) continue;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(target, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit.');
    }
    const oldTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => tabUri(t)?.toString() === old.uri.toString());
    const column = oldTabs()[0]?.group.viewColumn ?? vscode.ViewColumn.Active;
    await vscode.commands.executeCommand('vscode.openWith', target, VIEW_TYPE, { viewColumn: column, preview: false });
    if (old.isDirty) {
      await vscode.commands.executeCommand('vscode.openWith', old.uri, VIEW_TYPE, { viewColumn: column, preserveFocus: false });
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.window.tabGroups.close(oldTabs());
    await vscode.commands.executeCommand('vscode.openWith', target, VIEW_TYPE, { viewColumn: column, preview: false });
    return target;
  }

  async function toggleEnabled(arg?: unknown): Promise<boolean | undefined> {
    const doc = await targetDocument(arg);
    if (!doc) return undefined;
    const parts = parseVaultUri(doc.uri);
    if (!parts) {
      await ui.error(msg`Only server vaults have an enabled flag; push this file to a server vault first.`);
      return undefined;
    }
    try {
      const { client } = clientFor(deps.accounts, parts.profileId);
      const fresh = await fetchVault(client, parts.vaultId);
      if (!fresh) throw new Error(`the vault ${parts.vaultId} no longer exists on the server`);
      const enabled = !fresh.enabled;
      const update: Partial<Vault> & { data: string; format: string; enabled: boolean } = { id: fresh.id, data: fresh.data ?? '', format: fresh.format, enabled, scope: fresh.scope, type: fresh.type || 'config' };
      if (fresh.description !== undefined) update.description = fresh.description;
      await ui.withProgress(msg`${enabled ? 'Enabling' : 'Disabling'} vault "${vaultDisplayName(fresh)}"…`, (signal) => client.addOrUpdateVault(update, { signal }), vscode.ProgressLocation.Window);
      const after = (await fetchVault(client, fresh.id)) ?? { ...fresh, enabled };
      deps.fs.updateMetadata(doc.uri, after);
      for (const s of deps.editors.forUri(doc.uri)) void s.reload();
      // The explorer's vault node shows the enabled flag.
      void vscode.commands.executeCommand('clearml.refresh');
      return after.enabled;
    } catch (e) {
      await ui.error(logError('Changing the vault\'s enabled flag', e));
      return undefined;
    }
  }

  async function showDiff(arg?: unknown): Promise<LastDiff | undefined> {
    const doc = await targetDocument(arg);
    if (!doc) return undefined;
    const session = deps.editors.forUri(doc.uri)[0];
    const context = session ? session.context() : (await loadPreviewContext(doc.uri, deps.accounts, deps.fs, deps.links)).context;
    const name = session?.title() ?? path.basename(doc.uri.path);
    const format = documentFormat(doc.uri);
    const check = checkVault(doc.getText(), format, context.env);
    if (check.status === 'parse-error') {
      const p = check.problems[0];
      await ui.error(msg`The vault does not parse (line ${p?.line}, column ${p?.column}: ${p?.message}); the SDK would skip it, so there is no "after" to compare.`);
      return undefined;
    }
    const d = effectiveDiff(context, { name, text: doc.getText(), format, enabled: true });
    const stem = safeFileStem(name);
    const before = deps.virtualDocs.create('without', `${stem} (without).hocon`, d.before);
    const after = deps.virtualDocs.create('with', `${stem} (with).hocon`, d.after);
    await vscode.commands.executeCommand('vscode.diff', before, after, `Effective configuration: without ↔ with ${name} (${d.changed} change${d.changed === 1 ? '' : 's'})`, { viewColumn: vscode.ViewColumn.Beside });
    lastDiff = { before, after, beforeText: d.before, afterText: d.after, changed: d.changed };
    return lastDiff;
  }

  async function push(arg?: unknown): Promise<string | undefined> {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri ?? deps.editors.active()?.uri;
    if (!uri || uri.scheme === VAULT_SCHEME || !isLocalVaultFileName(uri.path)) {
      await ui.error(msg`Push works on a local vault file (*.vault.conf, .hocon, .json, .yaml).`);
      return undefined;
    }
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const text = doc.getText();
      const format = formatFromFileName(uri.path) ?? 'hocon';
      const name = path.basename(uri.path);
      const check = checkVault(text, format, process.env);
      if (check.status !== 'applied') {
        const p = check.problems[0];
        const why = check.status === 'parse-error' && p ? `it does not parse (line ${p.line}, column ${p.column}: ${p.message})` : check.status === 'empty' ? 'it is empty' : 'its text is not an object';
        if ((await ui.confirm(msg`The SDK would skip ${name}: ${why}.`, msg`Pushing it makes the server vault useless until it is fixed.`, 'Push Anyway')) !== 'Push Anyway') return undefined;
      }
      if (check.secrets.length) {
        const list = check.secrets.slice(0, 5).map((s) => `${s.path} (line ${s.line})`).join(', ');
        if ((await ui.confirm(msg`${name} contains plaintext secrets: ${list}.`, msg`Everyone who can read the server vault sees them.`, 'Push')) !== 'Push') return undefined;
      }
      const active = await deps.accounts.requireActive();
      if (!active) return undefined;
      const vaults = await ui.withProgress(msg`Loading configuration vaults…`, (signal) => listConfigVaults(active.client, signal));
      const linked = deps.links.get(uri);
      const items: (vscode.QuickPickItem & { vault?: Vault; create?: boolean })[] = vaults.map(vaultItem);
      items.sort((a, b) => Number(b.vault?.id === linked) - Number(a.vault?.id === linked));
      if (!vaults.some((v) => v.scope === 'user')) items.unshift({ label: 'Create my personal vault', description: `new · ${FORMAT_LABEL[format]} · enabled`, create: true });
      const picked = await ui.pickOne(items, { title: msg`Push ${name} to`, placeHolder: msg`Server vault to replace` });
      if (!picked) return undefined;
      let id: string;
      if (picked.create) {
        id = await ui.withProgress(msg`Creating your personal vault…`, (signal) => active.client.addOrUpdateVault({ data: text, format, enabled: true, scope: 'user', type: 'config', description: 'Personal vault' }, { signal }));
      } else {
        const target = picked.vault!;
        const confirmed = await ui.confirm(
          msg`Replace the server vault "${vaultDisplayName(target)}" with ${name}?`,
          msg`The server keeps no history of vault contents; every machine using this vault gets the new text on its next run.`,
          'Replace',
        );
        if (confirmed !== 'Replace') return undefined;
        const update: Partial<Vault> & { data: string; format: string; enabled: boolean } = { id: target.id, data: text, format, enabled: target.enabled, scope: target.scope, type: target.type || 'config' };
        if (target.description !== undefined) update.description = target.description;
        id = await ui.withProgress(msg`Pushing ${name}…`, (signal) => active.client.addOrUpdateVault(update, { signal }));
        id ||= target.id;
      }
      await deps.links.set(uri, id);
      // Open server documents of that vault reload (VS Code re-reads clean documents on a change event).
      const pushed = (await listConfigVaults(active.client)).find((v) => v.id === id);
      for (const d of vscode.workspace.textDocuments) if (parseVaultUri(d.uri)?.vaultId === id) deps.fs.notifyChanged(d.uri, pushed);
      for (const s of deps.editors.forUri(uri)) void s.reload();
      void ui.info(msg`Pushed ${name} to the server vault.`);
      return id;
    } catch (e) {
      await ui.error(logError('Pushing the vault file', e));
      return undefined;
    }
  }

  async function pull(arg?: unknown, targetArg?: unknown): Promise<vscode.Uri | undefined> {
    try {
      let folder: vscode.Uri | undefined;
      let id = vaultIdFrom(arg instanceof vscode.Uri && arg.scheme !== VAULT_SCHEME ? undefined : arg);
      if (arg instanceof vscode.Uri && arg.scheme !== VAULT_SCHEME) {
        // From the explorer: a folder (pull into it) or a vault file (pull its linked vault into it).
        const stat = await vscode.workspace.fs.stat(arg).then((s) => s, () => undefined);
        if (stat?.type === vscode.FileType.Directory) folder = arg;
        else if (isLocalVaultFileName(arg.path)) {
          id = deps.links.get(arg);
          folder = vscode.Uri.joinPath(arg, '..');
        }
      }
      let vault: Vault | undefined;
      if (id) {
        if (!(await deps.accounts.requireActive())) return undefined;
        vault = await findVault(id);
      } else vault = (await pickVault(msg`Pull Server Vault into File`))?.vault;
      if (!vault) return undefined;
      const format = normalizeServerFormat(vault.format);
      const fileName = safeFileStem(vaultDisplayName(vault)).replace(/\s+/g, '-').toLowerCase() + localExtension(format);

      let target: vscode.Uri | undefined = targetArg instanceof vscode.Uri ? targetArg : undefined;
      if (!target) {
        folder ??= vscode.workspace.workspaceFolders?.[0]?.uri;
        const suggested = folder ? vscode.Uri.joinPath(folder, fileName) : undefined;
        const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = [];
        if (suggested) items.push({ label: `Save as ${vscode.workspace.asRelativePath(suggested)}`, uri: suggested });
        items.push({ label: 'Choose Location…' });
        const picked = await ui.pickOne(items, { title: msg`Pull "${vaultDisplayName(vault)}" into a file` });
        if (!picked) return undefined;
        target = picked.uri ?? (await vscode.window.showSaveDialog({ defaultUri: suggested, filters: { 'ClearML vault': [localExtension(format).slice(1)] } }));
        if (!target) return undefined;
      }
      const exists = await vscode.workspace.fs.stat(target).then(() => true, () => false);
      if (exists) {
        const ok = await ui.confirm(msg`Overwrite ${vscode.workspace.asRelativePath(target)}?`, msg`Its text is replaced by the server vault "${vaultDisplayName(vault)}" (a .bak copy of the old file is kept).`, 'Overwrite');
        if (ok !== 'Overwrite') return undefined;
      }
      const targetFormat = formatFromFileName(target.path);
      if (targetFormat && targetFormat !== format) {
        await ui.warn(msg`The server vault is ${FORMAT_LABEL[format]} but ${path.basename(target.path)} says ${FORMAT_LABEL[targetFormat]}; the file gets the server's text unchanged.`);
      }
      const text = vault.data ?? '';
      if (target.scheme === 'file') {
        fs.mkdirSync(path.dirname(target.fsPath), { recursive: true });
        await writeConfAtomic(target.fsPath, text);
      } else {
        await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      }
      await deps.links.set(target, vault.id);
      await vscode.window.showTextDocument(target, { preview: false });
      return target;
    } catch (e) {
      await ui.error(logError('Pulling the server vault', e));
      return undefined;
    }
  }

  const commands: CommandTable = {
    'clearml.vault.open': open,
    'clearml.vault.openPreview': openPreview,
    'clearml.vault.push': push,
    'clearml.vault.pull': pull,
    'clearml.vault.convertFormat': convertFormat,
    'clearml.vault.toggleEnabled': toggleEnabled,
    'clearml.vault.showDiff': showDiff,
  };
  return { commands, lastDiff: () => lastDiff };
}
