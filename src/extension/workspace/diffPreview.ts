/**
 * Read-only in-memory documents for "preview the change" diffs (old and new clearml.conf text). Nothing is written
 * to disk until the user confirms; the texts are dropped when the preview is closed or replaced.
 */
import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'clearml-preview';

/** An open diff editor: its proposed side and a way to close it. */
export interface OpenDiff { modified: vscode.Uri; close(): Promise<void> }

/** Resolves when no tab shows a diff whose proposed side is `modified` any more (the user closed it). */
export function whenDiffClosed(modified: vscode.Uri): { closed: Promise<void>; dispose(): void } {
  const key = modified.toString();
  const isOpen = () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === key));
  let listener: vscode.Disposable | undefined;
  const closed = new Promise<void>((resolve) => {
    listener = vscode.window.tabGroups.onDidChangeTabs(() => {
      if (!isOpen()) resolve();
    });
  });
  return { closed, dispose: () => listener?.dispose() };
}

export class DiffPreview implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly registration: vscode.Disposable;
  private counter = 0;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Opens a diff editor of `before` → `after`; returns the two URIs (for closing later). */
  async show(fileName: string, before: string, after: string, title: string): Promise<vscode.Uri[]> {
    this.counter++;
    const base = fileName.split(/[\\/]/).pop() ?? fileName;
    const left = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${this.counter}/current/${base}` });
    const right = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${this.counter}/proposed/${base}` });
    this.texts.set(left.toString(), before);
    this.texts.set(right.toString(), after);
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true, preserveFocus: false });
    return [left, right];
  }

  /** Closes the diff tab (if still open) and forgets its texts. */
  async close(uris: vscode.Uri[]): Promise<void> {
    const keys = new Set(uris.map((u) => u.toString()));
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        const input = tab.input;
        if (input instanceof vscode.TabInputTextDiff && (keys.has(input.original.toString()) || keys.has(input.modified.toString()))) {
          await vscode.window.tabGroups.close(tab);
        }
      }
    }
    for (const key of keys) this.texts.delete(key);
  }

  /** Opens the diff and returns it as an OpenDiff (closing it drops the texts). */
  async open(fileName: string, before: string, after: string, title: string): Promise<OpenDiff> {
    const uris = await this.show(fileName, before, after, title);
    return { modified: uris[1], close: () => this.close(uris) };
  }

  /** Texts currently held (tests check the preview showed the right change). */
  snapshot(): { uri: string; text: string }[] {
    return [...this.texts].map(([uri, text]) => ({ uri, text }));
  }

  dispose(): void {
    this.registration.dispose();
    this.emitter.dispose();
    this.texts.clear();
  }
}
