/** The vault area's implementation, loaded on first use (see ./index for what activation registers). */
import * as vscode from 'vscode';
import type { AccountService, CommandTable } from '../services';
import { setBaseHost, type BaseHost } from './baseConfig';
import { createVaultCommands, type LastDiff } from './commands';
import { VaultDiagnostics } from './diagnostics';
import { ConvertToHoconAction } from './convertToHocon';
import { VAULT_SCHEME } from './uri';
import type { VaultDraft, VaultDrafts } from './drafts';
import { PreviewRecorder, VaultEditorProvider, type PostedMessage } from './editor';
import { VaultFileSystem } from './fileSystem';
import { VaultLinks } from './links';
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
  /** No render of the previews of `uri` is in flight (posted, not yet shown by the page) or scheduled. */
  previewIdle(uri: vscode.Uri): boolean;
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

export interface VaultArea {
  fileSystem: VaultFileSystem;
  virtualDocs: VirtualDocs;
  editors: VaultEditorProvider;
  commands: CommandTable;
  testing: VaultTesting;
}

/** Everything but the registrations, which ./index makes at activation and forwards here. */
export function createVaultArea(context: vscode.ExtensionContext, accounts: AccountService, drafts: VaultDrafts): VaultArea {
  const virtualDocs = new VirtualDocs();
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
    fileSystem.onDidWriteVault((uri) => {
      for (const s of editors.forUri(uri)) void s.reload();
      // The explorer's vault node shows the format, which a published conversion changes.
      void vscode.commands.executeCommand('clearml.refresh');
    }),
    drafts.onDidChange((uri) => { for (const s of editors.forUri(uri)) s.update(true); }),
    fileSystem,
    diagnostics,
    virtualDocs,
    editors,
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: VAULT_SCHEME }], new ConvertToHoconAction(), ConvertToHoconAction.metadata),
  );

  const testing: VaultTesting = {
    record: (on) => { recorder.recording = on; if (!on) recorder.posted.length = 0; },
    posted: (uri) => (uri ? recorder.posted.filter((p) => p.uri === uri.toString()) : recorder.posted),
    onDidPost: recorder.onDidPost,
    rejected: () => recorder.rejected,
    sessions: () => [...editors.sessions].map((s) => s.uri.toString()),
    previewIdle: (uri) => [...editors.sessions].every((s) => s.uri.toString() !== uri.toString() || s.previewIdle),
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
  return { fileSystem, virtualDocs, editors, commands, testing };
}
