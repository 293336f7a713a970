/**
 * Status-bar item: "<server> · <workspace>" of the active profile; clicking opens the workspace switcher.
 * Its background turns to the error colour only when the server rejected the credentials (401/22).
 */
import * as vscode from 'vscode';
import type { AccountManager } from './accounts/service';
import { hostOf } from './accounts/urls';
import { msg, safeText } from './safeText';
import { setStatusBarText, statusBarItem } from './surfaces';

export interface StatusSnapshot { text: string; tooltip: string; command: string | undefined; error: boolean; visible: boolean }

export class AccountStatusBar implements vscode.Disposable {
  private readonly item = statusBarItem('clearml.account', vscode.StatusBarAlignment.Left, 20);
  private readonly subscriptions: vscode.Disposable[] = [];
  private last: StatusSnapshot = { text: '', tooltip: '', command: undefined, error: false, visible: false };

  constructor(private readonly accounts: AccountManager) {
    this.item.name = 'ClearML Account';
    this.subscriptions.push(accounts.onDidChangeActive(() => this.update()), accounts.onDidChangeStatus(() => this.update()), accounts.onDidUpdateActiveProfile(() => this.update()));
    this.update();
  }

  snapshot(): StatusSnapshot { return { ...this.last }; }

  update(): void {
    const account = this.accounts.active;
    if (!account) {
      this.last = { ...setStatusBarText(this.item, { icon: 'cloud', text: msg`ClearML: Sign In`, tooltip: msg`Not signed in to a ClearML server. Click to sign in.` }), command: 'clearml.signIn', error: false, visible: true };
    } else {
      const { profile } = account;
      const workspace = profile.workspaceName ?? profile.workspaceId ?? 'workspace';
      const error = this.accounts.credentialsInvalid;
      const tooltip = error
        ? msg`ClearML: the server rejected the credentials of ${profile.label} (access key ${profile.accessKey}). Click to switch workspace, or sign in again.`
        : msg`ClearML: ${profile.userName ?? profile.label} on ${profile.apiServer}, workspace "${workspace}". Click to switch workspace.`;
      // Status-bar text renders $(icon) syntax: the server's workspace name must not add icons (the seam defuses it).
      const text = safeText(`${hostOf(profile.apiServer)} · ${workspace}`);
      this.last = { ...setStatusBarText(this.item, { icon: error ? 'error' : 'cloud', text, tooltip }), command: 'clearml.switchWorkspace', error, visible: true };
    }
    this.item.command = this.last.command;
    this.item.backgroundColor = this.last.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
