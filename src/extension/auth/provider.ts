/**
 * AuthenticationProvider `clearml`: every stored profile is a session, so accounts show in VS Code's Accounts
 * menu. Signing out there (removeSession) logs out the token and deletes the profile's secrets.
 */
import * as vscode from 'vscode';
import type { AccountManager } from '../accounts/service';
import type { StoredProfile } from '../accounts/profileStore';

export const AUTH_PROVIDER_ID = 'clearml';

function toSession(profile: StoredProfile): vscode.AuthenticationSession {
  return {
    id: profile.id,
    // The secret never leaves SecretStorage; other extensions get the (non-secret) access key as an identifier.
    accessToken: profile.accessKey,
    account: { id: profile.id, label: profile.label },
    scopes: [],
  };
}

export class ClearMLAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.emitter.event;
  private known = new Map<string, vscode.AuthenticationSession>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly accounts: AccountManager, private readonly signIn: () => Promise<{ profileId: string } | undefined>) {
    this.known = new Map(accounts.profiles().map((p) => [p.id, toSession(p)]));
    this.subscription = accounts.onDidChangeProfiles(() => this.publishChanges());
  }

  private publishChanges(): void {
    const now = new Map(this.accounts.profiles().map((p) => [p.id, toSession(p)]));
    const added = [...now.values()].filter((s) => !this.known.has(s.id));
    const removed = [...this.known.values()].filter((s) => !now.has(s.id));
    const changed = [...now.values()].filter((s) => {
      const before = this.known.get(s.id);
      return before && (before.account.label !== s.account.label || before.accessToken !== s.accessToken);
    });
    this.known = now;
    if (added.length || removed.length || changed.length) this.emitter.fire({ added, removed, changed });
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    const activeId = this.accounts.active?.profile.id;
    // The active profile first: callers that take sessions[0] get the one the user is working with.
    return this.accounts.profiles().sort((a, b) => Number(b.id === activeId) - Number(a.id === activeId)).map(toSession);
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    const result = await this.signIn();
    const profile = result && this.accounts.profiles().find((p) => p.id === result.profileId);
    if (!profile) throw new Error('Sign-in to ClearML was cancelled');
    return toSession(profile);
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.accounts.signOut(sessionId);
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
