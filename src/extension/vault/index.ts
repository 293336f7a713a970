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
import type { AccountService, CommandTable } from '../services';
import { setBaseHost, type BaseHost } from './baseConfig';
import { createVaultCommands, type LastDiff } from './commands';
import { VaultDiagnostics } from './diagnostics';
import { VaultDrafts, type VaultDraft } from './drafts';
import { FILE_VIEW_TYPE, PreviewRecorder, VaultEditorProvider, VIEW_TYPE, type PostedMessage } from './editor';
import { VaultFileSystem } from './fileSystem';
import { VaultLinks } from './links';
import { DIFF_SCHEME, VAULT_SCHEME } from './uri';
import { VirtualDocs } from './virtualDocs';

export interface VaultTesting {
  /** Starts/stops recording the render messages posted to vault previews (off by default: they hold the text). */
  record(on: boolean): void;
  /** Render messages posted to vault preview webviews while recording, oldest first. */
  posted(uri?: vscode.Uri): readonly PostedMessage[];
  onDidPost: vscode.Event<PostedMessage>;
  /** Webview messages the channel rejected. */
  rejected(): readonly string[];
  /** Open preview sessions (document URIs). */
  sessions(): string[];
  /** Point clearml.conf discovery at a fixture (undefined = the real environment). */
  setBaseHost(host: BaseHost | undefined): void;
  /** The most recent effective-configuration diff. */
  lastDiff(): LastDiff | undefined;
  /** Remembered server content version of a clearml-vault: document. */
  knownVersion(uri: vscode.Uri): string | undefined;
  /** What the webview's "Reopen as Text" button does, for the vault editor of `uri`. */
  reopenAsText(uri: vscode.Uri): Promise<void>;
  /** The unpublished draft of a clearml-vault: document (text kept by an automatic save). */
  draft(uri: vscode.Uri): VaultDraft | undefined;
  discardDraft(uri: vscode.Uri): Promise<void>;
  /** will-save / write events of clearml-vault: documents. */
  saveLog(): readonly string[];
  /** Delivers a raw message to the vault editor of `uri` as if its webview had sent it; resolves once handled. */
  receive(uri: vscode.Uri, raw: unknown): Promise<void>;
  /** Re-renders every open preview (after changing the base host). */
  reloadAll(): Promise<void>;
}

export function activateVaults(context: vscode.ExtensionContext, accounts: AccountService): { commands: CommandTable; testing: VaultTesting } {
  const virtualDocs = new VirtualDocs();
  const drafts = new VaultDrafts(context.globalState);
  const fileSystem = new VaultFileSystem(accounts, {
    async showServerVersion(uri, serverText) {
      const name = uri.path.replace(/^.*\//, '');
      const server = virtualDocs.create('server', name, serverText);
      await vscode.commands.executeCommand('vscode.diff', server, uri, `${name}: server version ↔ yours`);
    },
  }, drafts);
  const diagnostics = new VaultDiagnostics();
  const links = new VaultLinks(context.workspaceState);
  const recorder = new PreviewRecorder();
  let runCommand: (name: 'convertFormat' | 'toggleEnabled' | 'showDiff', uri: vscode.Uri, arg?: unknown) => Promise<unknown> = async () => undefined;
  const editors = new VaultEditorProvider({
    extensionUri: context.extensionUri,
    accounts,
    fs: fileSystem,
    links,
    diagnostics,
    recorder,
    runCommand: (name, uri, arg) => runCommand(name, uri, arg),
  });
  const { commands, lastDiff } = createVaultCommands({ accounts, fs: fileSystem, links, editors, virtualDocs });
  runCommand = (name, uri, arg) => Promise.resolve(commands[`clearml.vault.${name}`](uri, arg));

  context.subscriptions.push(
    vscode.workspace.registerFileSystemProvider(VAULT_SCHEME, fileSystem, { isCaseSensitive: true }),
    vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, virtualDocs),
    vscode.window.registerCustomEditorProvider(VIEW_TYPE, editors, { webviewOptions: { retainContextWhenHidden: false }, supportsMultipleEditorsPerDocument: true }),
    vscode.window.registerCustomEditorProvider(FILE_VIEW_TYPE, editors, { webviewOptions: { retainContextWhenHidden: false }, supportsMultipleEditorsPerDocument: true }),
    fileSystem.onDidWriteVault((uri) => {
      for (const s of editors.forUri(uri)) void s.reload();
      // The explorer's vault node shows the format, which a published conversion changes.
      void vscode.commands.executeCommand('clearml.refresh');
    }),
    vscode.window.registerFileDecorationProvider(drafts),
    drafts.onDidChange((uri) => { for (const s of editors.forUri(uri)) s.update(true); }),
    drafts,
    vscode.workspace.onWillSaveTextDocument((e) => { if (e.document.uri.scheme === VAULT_SCHEME) fileSystem.noteSaveReason(e.document.uri, e.reason); }),
    fileSystem,
    diagnostics,
    virtualDocs,
    editors,
  );

  const testing: VaultTesting = {
    record: (on) => { recorder.recording = on; if (!on) recorder.posted.length = 0; },
    posted: (uri) => (uri ? recorder.posted.filter((p) => p.uri === uri.toString()) : recorder.posted),
    onDidPost: recorder.onDidPost,
    rejected: () => recorder.rejected,
    sessions: () => [...editors.sessions].map((s) => s.uri.toString()),
    setBaseHost,
    lastDiff,
    knownVersion: (uri) => fileSystem.entry(uri)?.version,
    saveLog: () => fileSystem.saveLog,
    draft: (uri) => drafts.get(uri),
    discardDraft: (uri) => fileSystem.discardDraft(uri),
    reopenAsText: async (uri) => { await editors.forUri(uri)[0]?.reopenAsText(); },
    receive: async (uri, raw) => {
      const session = editors.forUri(uri)[0];
      if (!session) throw new Error(`no vault editor is open for ${uri.toString()}`);
      await session.receiveRaw(raw);
    },
    reloadAll: async () => { await Promise.all([...editors.sessions].map((s) => s.reload())); },
  };
  return { commands, testing };
}
