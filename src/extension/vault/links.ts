/**
 * Which server vault a local vault file was pulled from or pushed to (workspace state). The preview puts a linked
 * file at that vault's place in the server order; unlinked files are merged last, as a newly pushed vault would be.
 */
import type * as vscode from 'vscode';

const KEY = 'clearml.vault.links';

export class VaultLinks {
  constructor(private readonly state: vscode.Memento) {}

  get(uri: vscode.Uri): string | undefined {
    return this.state.get<Record<string, string>>(KEY, {})[uri.toString()];
  }

  async set(uri: vscode.Uri, vaultId: string): Promise<void> {
    const all = { ...this.state.get<Record<string, string>>(KEY, {}) };
    all[uri.toString()] = vaultId;
    await this.state.update(KEY, all);
  }

  async move(from: vscode.Uri, to: vscode.Uri): Promise<void> {
    const id = this.get(from);
    if (id) await this.set(to, id);
  }
}
