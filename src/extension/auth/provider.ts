/**
 * AuthenticationProvider `clearml`: every stored profile is a session, so accounts show in VS Code's Accounts
 * menu. A session's accessToken is a ClearML bearer token (JWT, usable as `Authorization: Bearer`), never the
 * secret key. Signing out there (removeSession) logs out the tokens and deletes the profile's secrets.
 */
import * as vscode from 'vscode';
import type { AccountManager } from '../accounts/service';
import type { StoredProfile } from '../accounts/profileStore';
import { logger } from '../log';

export const AUTH_PROVIDER_ID = 'clearml';

/** The Accounts menu must not hang on an unreachable server. */
const TOKEN_TIMEOUT_MS = 5000;

function toSession(profile: StoredProfile, accessToken: string): vscode.AuthenticationSession {
  return { id: profile.id, accessToken, account: { id: profile.id, label: profile.label }, scopes: [] };
}

export class ClearMLAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.emitter.event;
  private known = new Map<string, vscode.AuthenticationSession>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly accounts: AccountManager, private readonly signIn: () => Promise<{ profileId: string } | undefined>) {
    this.known = new Map(accounts.profiles().map((p) => [p.id, toSession(p, '')]));
    this.subscription = accounts.onDidChangeProfiles(() => this.publishChanges());
  }

  /**
   * Token changes (refresh, another key) are not announced: consumers ask getSession again. Added, removed and
   * relabelled accounts are. A relabelled account (Edit User Name) goes out as the old session removed and the new
   * one added: the workbench's Accounts menu matches a `changed` account by its label, so a new label alone showed
   * the old and the new name as two accounts until a reload (it removes by account id, and does so first).
   */
  private publishChanges(): void {
    const now = new Map(this.accounts.profiles().map((p) => [p.id, toSession(p, '')]));
    const relabelled = [...now.values()].filter((s) => {
      const before = this.known.get(s.id);
      return before && before.account.label !== s.account.label;
    });
    const added = [...now.values()].filter((s) => !this.known.has(s.id)).concat(relabelled);
    const removed = [...this.known.values()].filter((s) => !now.has(s.id) || relabelled.some((r) => r.id === s.id));
    this.known = now;
    if (added.length || removed.length) this.emitter.fire({ added, removed, changed: [] });
  }

  /**
   * The active profile first: callers that take sessions[0] get the one the user is working with. Only the
   * active profile (or the account asked for) gets a token without asking: listing the Accounts menu must not
   * log in to every server. A session whose token cannot be had now (server down, key revoked) carries ''.
   */
  async getSessions(_scopes?: readonly string[], options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession[]> {
    const activeId = this.accounts.active?.profile.id;
    const wanted = options?.account?.id;
    const profiles = this.accounts.profiles()
      .filter((p) => !wanted || p.id === wanted)
      .sort((a, b) => Number(b.id === activeId) - Number(a.id === activeId));
    return Promise.all(profiles.map(async (p) => toSession(p, p.id === activeId || p.id === wanted ? await this.token(p) : '')));
  }

  private async token(profile: StoredProfile): Promise<string> {
    try {
      return await this.accounts.sessionToken(profile.id, AbortSignal.timeout(TOKEN_TIMEOUT_MS));
    } catch (e) {
      logger.log('warn', `No token for the Accounts session of ${profile.label}: ${(e as Error).message}`);
      return '';
    }
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    const result = await this.signIn();
    const profile = result && this.accounts.profiles().find((p) => p.id === result.profileId);
    if (!profile) throw new Error('Sign-in to ClearML was cancelled');
    return toSession(profile, await this.token(profile));
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.accounts.signOut(sessionId);
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
