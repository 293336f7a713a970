/** Read-only virtual documents (`clearml-vault-diff:`) for the effective-configuration diff and the server version in a conflict. */
import * as vscode from 'vscode';
import { DIFF_SCHEME } from './uri';

export class VirtualDocs implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** A new read-only document with `text`; `fileName` decides its language. */
  create(kind: string, fileName: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${++this.counter}/${kind}/${fileName}` });
    this.texts.set(uri.toString(), text);
    // Keep memory bounded: old diff documents are closed by then or show empty.
    if (this.texts.size > 40) this.texts.delete(this.texts.keys().next().value as string);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
