/**
 * Configuration-vault editor: `clearml-vault:` file system, the custom text editor with the live merged
 * preview, diagnostics, and the clearml.vault.* commands.
 *
 * Two view types share one provider: a customEditors contribution has a single priority, so `clearml.vaultEditor`
 * (priority default) covers server vaults and `clearml.vaultFileEditor` (priority option) local files.
 * Custom editor selectors: VS Code matches a `filenamePattern` that contains a `/` against `<scheme>:<path>` of the
 * resource, and one without `/` against the base name. So `clearml-vault:/**` (priority default) matches every
 * server vault document and nothing else, while `*.vault.conf` etc. (priority option) match local files by name.
 * Server documents are named `<description>.hocon|.json|.yaml` (never `.vault.*`), so the two never overlap.
 *
 * Save warnings: server vaults get modal prompts (plaintext secrets, text the SDK would skip, server-side change)
 * in the FileSystemProvider's write path, before anything is sent. Local files are not blocked on save (a save
 * participant cannot wait for a modal): the preview shows the same warnings as banners, the Problems panel lists
 * parse errors and plaintext secrets, and `clearml.vault.push` — the moment a local file reaches the server —
 * asks modally.
 *
 * Untrusted workspaces: local vault files open as text (the editor's priority is `option`); opened in the vault
 * editor anyway, they show the text without the preview (nothing around them is read) until the workspace is
 * trusted.
 */
import * as vscode from 'vscode';
import { lazyCommands, once } from '../lazy';
import type { AccountService, CommandTable, SignOutHook } from '../services';
import type { VaultArea, VaultTesting } from './area';
import { VaultDrafts } from './drafts';
import { DIFF_SCHEME, isVaultDocumentUri, VAULT_SCHEME } from './uri';
import { FILE_VIEW_TYPE, VIEW_TYPE } from './viewTypes';

export type { VaultTesting } from './area';

/** The ids of ./commands' handlers (the integration tests check that the two agree). */
export const VAULT_COMMAND_IDS = [
  'clearml.vault.open', 'clearml.vault.openPreview', 'clearml.vault.convertFormat', 'clearml.vault.toggleEnabled',
  'clearml.vault.showDiff', 'clearml.vault.push', 'clearml.vault.pull',
] as const;

const isLocalVaultDocument = (d: vscode.TextDocument) => d.uri.scheme !== VAULT_SCHEME && isVaultDocumentUri(d.uri);

/**
 * Registers the vault area's file system, documents, editors and commands; the code behind them (the API calls,
 * the config engine, the preview) loads the first time one of them is used.
 */
export function activateVaults(context: vscode.ExtensionContext, accounts: AccountService, onSignOut?: SignOutHook): { commands: CommandTable; testing: () => Promise<VaultTesting> } {
  const drafts = new VaultDrafts(context.globalState);
  let loaded: VaultArea | undefined;
  const area = once(async () => {
    const { createVaultArea } = await import('./area');
    loaded = createVaultArea(context, accounts, drafts);
    loaded.fileSystem.onDidChangeFile((e) => fileChanged.fire(e));
    loaded.virtualDocs.onDidChange((uri) => virtualDocChanged.fire(uri));
    return loaded;
  });
  const fileChanged = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  const virtualDocChanged = new vscode.EventEmitter<vscode.Uri>();
  const fileSystem: vscode.FileSystemProvider = {
    onDidChangeFile: fileChanged.event,
    // No server push channel: documents refresh on open, on save and on the Refresh command.
    watch: () => new vscode.Disposable(() => undefined),
    stat: async (uri) => (await area()).fileSystem.stat(uri),
    readDirectory: async () => (await area()).fileSystem.readDirectory(),
    createDirectory: async (uri) => (await area()).fileSystem.createDirectory(uri),
    readFile: async (uri) => (await area()).fileSystem.readFile(uri),
    writeFile: async (uri, content) => (await area()).fileSystem.writeFile(uri, content),
    delete: async (uri) => (await area()).fileSystem.delete(uri),
    rename: async (oldUri) => (await area()).fileSystem.rename(oldUri),
  };
  const editors: vscode.CustomTextEditorProvider = {
    resolveCustomTextEditor: async (document, panel) => (await area()).editors.resolveCustomTextEditor(document, panel),
  };
  context.subscriptions.push(
    fileChanged,
    virtualDocChanged,
    vscode.workspace.registerFileSystemProvider(VAULT_SCHEME, fileSystem, { isCaseSensitive: true }),
    vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, {
      onDidChange: virtualDocChanged.event,
      provideTextDocumentContent: async (uri) => (await area()).virtualDocs.provideTextDocumentContent(uri),
    }),
    vscode.window.registerCustomEditorProvider(VIEW_TYPE, editors, { webviewOptions: { retainContextWhenHidden: false }, supportsMultipleEditorsPerDocument: true }),
    vscode.window.registerCustomEditorProvider(FILE_VIEW_TYPE, editors, { webviewOptions: { retainContextWhenHidden: false }, supportsMultipleEditorsPerDocument: true }),
    vscode.window.registerFileDecorationProvider(drafts),
    drafts,
    // Drafts may hold typed secrets: they go with the account.
    onSignOut?.((profileId) => drafts.deleteForProfile(profileId)) ?? new vscode.Disposable(() => undefined),
    // A local vault file opened as text gets its Problems entries (parse errors, plaintext secrets) from this area's
    // diagnostics, and the language area (src/extension/language) leaves those to it: the area loads with the file.
    vscode.workspace.onDidOpenTextDocument((d) => { if (isLocalVaultDocument(d)) void area().catch(() => undefined); }),
    // A clearml-vault: document exists only after the file system read it, so the area is loaded by then.
    vscode.workspace.onWillSaveTextDocument((e) => { if (e.document.uri.scheme === VAULT_SCHEME) loaded?.fileSystem.noteSaveReason(e.document.uri, e.reason); }),
  );
  if (vscode.workspace.textDocuments.some(isLocalVaultDocument)) void area().catch(() => undefined);
  return {
    commands: lazyCommands(VAULT_COMMAND_IDS, async () => (await area()).commands),
    testing: async () => (await area()).testing,
  };
}
