/**
 * The AccountService implementation: which profile is active, its API client, and the transitions between
 * profiles and workspaces. Prompts live in signInFlow.ts; storage in profileStore.ts.
 */
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import type { ClearMLClientApi, CurrentUser, TokenClaims } from '../../core/api';
import type { AccountService, ActiveAccount, Profile, SignInArgs } from '../services';
import { logger } from '../log';
import type { ProfileStore, StoredProfile } from './profileStore';
import { deriveWebServer, normalizeServerUrl } from './urls';

export interface ActiveProfileAccount extends ActiveAccount { profile: StoredProfile }

export interface SignInResult { profileId: string; userId: string; workspaceId: string; workspaceName?: string }

export type ClientFactory = (profile: StoredProfile, secretKey: string) => Promise<ClearMLClientApi>;

export function isApiError(e: unknown): e is Error & { endpoint: string; code: number; subcode: number; serverMessage: string; kind: string } {
  return e instanceof Error && e.name === 'ClearMLApiError';
}

export function isFeatureUnavailable(e: unknown): e is Error & { feature: string; endpoint: string; reason: string } {
  return e instanceof Error && e.name === 'FeatureUnavailableError';
}

/** 401/22: the key or secret is wrong (or revoked). Expired tokens (401/30) are renewed by the client itself. */
export function isInvalidCredentials(e: unknown): boolean {
  return isApiError(e) && e.code === 401 && (e.subcode === 22 || e.subcode === 21 || e.subcode === 20);
}

/** The label a profile gets when the user names none; it follows the user name while it is still this. */
export function defaultProfileLabel(userName: string | undefined, apiServer: string): string {
  return `${userName ?? 'ClearML'} @ ${new URL(apiServer).host}`;
}

export function profileIdFor(apiServer: string, userId: string): string {
  return createHash('sha256').update(`${normalizeServerUrl(apiServer)}\n${userId}`).digest('hex').slice(0, 16);
}

/** The CA bundle python-requests (so the SDK) uses instead of its default roots, when the file is there. */
export function caBundleFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = env.REQUESTS_CA_BUNDLE || env.CURL_CA_BUNDLE;
  return file && existsSync(file) ? file : undefined;
}

/**
 * That bundle's text, read asynchronously and bounded (a FIFO or device there is refused, never waited on: see
 * readBoundedRegularFile). An unreadable bundle is an error naming it, as the SDK's verified calls fail with it.
 */
async function caBundleText(): Promise<string | undefined> {
  const file = caBundleFromEnvironment();
  if (!file) return undefined;
  const { BoundedReadError, MAX_CONFIG_FILE_BYTES, readBoundedRegularFile } = await import('../../core/config/bounded-read');
  try {
    return (await readBoundedRegularFile(file, MAX_CONFIG_FILE_BYTES)).toString('utf8');
  } catch (e) {
    throw new Error(`Cannot read the CA bundle ${file}: ${e instanceof BoundedReadError ? e.reason : (e as Error).message}`);
  }
}

/** The API client (and with it axios) loads with the first account, not at activation. */
export async function defaultClientFactory(profile: StoredProfile, secretKey: string): Promise<ClearMLClientApi> {
  const { ClearMLClient } = await import('../../core/api/client');
  const seconds = vscode.workspace.getConfiguration('clearml').get<number>('requestTimeoutSeconds', 30);
  return new ClearMLClient({
    apiServer: profile.apiServer,
    accessKey: profile.accessKey,
    secretKey,
    timeoutMs: Math.max(1, seconds) * 1000,
    // Unset: the client reads CLEARML_API_HOST_VERIFY_CERT as the SDK does.
    verifyCertificate: profile.verifyCertificate,
    caBundle: await caBundleText(),
    logger,
    workerId: hostname(),
    clientName: 'clearml-vscode-settings',
  });
}

/**
 * Wraps a client so that every call reports whether the credentials were rejected. The status bar uses this to
 * turn red only for invalid credentials, whichever area made the failing call.
 */
function watchCredentialFailures<T extends object>(target: T, onOutcome: (error: unknown | undefined) => void): T {
  return new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown;
      if (typeof value === 'function') {
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(t, args);
          if (result && typeof (result as Promise<unknown>).then === 'function') {
            return (result as Promise<unknown>).then((ok) => { onOutcome(undefined); return ok; }, (e: unknown) => { onOutcome(e); throw e; });
          }
          return result;
        };
      }
      if (prop === 'hosted' && value && typeof value === 'object') return watchCredentialFailures(value as object, onOutcome);
      return value;
    },
  });
}

export class AccountManager implements AccountService, vscode.Disposable {
  private current: ActiveProfileAccount | undefined;
  /** The secret the current client uses, kept in memory only to tell our own SecretStorage writes from others'. */
  private currentSecret: string | undefined;
  private invalid = false;
  private readonly activeEmitter = new vscode.EventEmitter<ActiveAccount | undefined>();
  private readonly statusEmitter = new vscode.EventEmitter<void>();
  private readonly profilesEmitter = new vscode.EventEmitter<void>();
  private readonly updatedEmitter = new vscode.EventEmitter<ActiveProfileAccount>();
  readonly onDidChangeActive = this.activeEmitter.event;
  /** Credential validity changed (status bar colour). */
  readonly onDidChangeStatus = this.statusEmitter.event;
  /** The set of profiles changed (authentication provider sessions). */
  readonly onDidChangeProfiles = this.profilesEmitter.event;
  /** The active profile stayed, but what it shows changed: user name, workspace name or label. */
  readonly onDidUpdateActiveProfile = this.updatedEmitter.event;
  /**
   * Clients of inactive profiles that handed a token to VS Code's Accounts (another extension asked for that
   * account): kept so the token is reused and can be logged out when the profile signs out.
   */
  private readonly sessionClients = new Map<string, { accessKey: string; client: ClearMLClientApi }>();
  /** Set by the sign-in flow; used by requireActive(). */
  promptSignIn: () => Promise<unknown> = async () => undefined;

  constructor(private readonly store: ProfileStore, private readonly makeClient: ClientFactory = defaultClientFactory) {}

  dispose(): void {
    this.activeEmitter.dispose();
    this.statusEmitter.dispose();
    this.profilesEmitter.dispose();
    this.updatedEmitter.dispose();
  }

  get active(): ActiveProfileAccount | undefined { return this.current; }
  get credentialsInvalid(): boolean { return this.invalid; }
  profiles(): StoredProfile[] { return this.store.list(); }

  /**
   * Settles once the profile that was active when VS Code last closed is back (or known to be gone). Activation
   * does not wait for it (a secret read is a round trip to the workbench); whatever needs the account does.
   */
  get ready(): Promise<void> { return this.restoring; }
  private restoring: Promise<void> = Promise.resolve();

  /**
   * Runs `first` and then restore() after activation has returned; a failure is logged and leaves the user signed
   * out. `first` is for what must be known before the restored account fires onDidChangeActive.
   */
  restoreInBackground(first: () => unknown = () => undefined): Promise<void> {
    this.restoring = Promise.resolve().then(first).then(() => this.restore()).catch((e: unknown) => logger.log('error', `Restoring the signed-in profile failed: ${(e as Error).message}`));
    return this.restoring;
  }

  async requireActive(): Promise<ActiveAccount | undefined> {
    await this.restoring;
    if (this.current) return this.current;
    await this.promptSignIn();
    return this.current;
  }

  /** Loads (or reloads) the active profile from storage without touching the network. */
  async restore(): Promise<void> {
    const id = this.store.activeId;
    const profile = id ? this.store.get(id) : undefined;
    const secret = profile ? await this.store.secret(profile) : undefined;
    if (!profile || secret === undefined) {
      if (this.current) this.setCurrent(undefined);
      return;
    }
    const unchanged = this.current && this.current.profile.id === profile.id && this.current.profile.accessKey === profile.accessKey;
    if (unchanged) {
      this.current = { ...this.current!, profile };
      return;
    }
    this.setCurrent({ profile, client: this.wrap(await this.makeClient(profile, secret)) }, secret);
  }

  /** Another window changed profiles or secrets: follow it. */
  async syncFromOtherWindow(): Promise<boolean> {
    const before = this.current ? `${this.current.profile.id}/${this.current.profile.accessKey}` : '';
    await this.restore();
    const after = this.current ? `${this.current.profile.id}/${this.current.profile.accessKey}` : '';
    this.profilesEmitter.fire();
    return before !== after;
  }

  /** Secret changed in another window: rebuild the client with the new secret (or drop it if deleted). */
  async reloadSecret(profileId: string): Promise<void> {
    if (this.current?.profile.id !== profileId) { this.profilesEmitter.fire(); return; }
    const secret = await this.store.secret(this.current.profile);
    if (secret === this.currentSecret) return;
    if (secret === undefined) { this.setCurrent(undefined); return; }
    this.setCurrent({ profile: this.current.profile, client: this.wrap(await this.makeClient(this.current.profile, secret)) }, secret);
  }

  /** Validates by logging in, then stores and activates the profile. Throws the API error on failure. */
  async signIn(args: SignInArgs, signal?: AbortSignal): Promise<SignInResult> {
    const apiServer = normalizeServerUrl(args.apiServer);
    const draft: StoredProfile = {
      id: 'pending', label: '', apiServer, webServer: args.webServer ? normalizeServerUrl(args.webServer) : deriveWebServer(apiServer),
      filesServer: args.filesServer ? normalizeServerUrl(args.filesServer) : undefined,
      accessKey: args.accessKey.trim(), origin: args.origin ?? 'manual', userId: '', workspaceKeys: {},
    };
    const client = await this.makeClient(draft, args.secretKey.trim());
    const claims: TokenClaims = await client.claims({ signal });
    let user: CurrentUser | undefined;
    try { user = await client.getCurrentUser({ signal }); } catch (e) { logger.log('warn', `users.get_current_user after sign-in failed: ${(e as Error).message}`); }
    const id = profileIdFor(apiServer, claims.userId);
    const existing = this.store.get(id);
    const workspaceId = user?.company.id ?? claims.companyId;
    const workspaceName = user?.company.name ?? claims.companyName;
    const profile: StoredProfile = {
      ...draft,
      ...(existing ? { verifyCertificate: existing.verifyCertificate } : {}),
      id,
      label: args.label ?? existing?.label ?? defaultProfileLabel(user?.name ?? claims.userName, apiServer),
      userId: claims.userId,
      userName: user?.name ?? claims.userName,
      workspaceId,
      workspaceName,
      workspaceKeys: { ...(existing?.workspaceKeys ?? {}), [workspaceId]: { accessKey: draft.accessKey, workspaceName } },
    };
    await this.store.save(profile, args.secretKey.trim());
    await this.store.setActive(id);
    this.setCurrent({ profile, client: this.wrap(client), user }, args.secretKey.trim());
    this.profilesEmitter.fire();
    logger.log('info', `Signed in to ${apiServer} as ${profile.userName ?? claims.userId} (workspace ${workspaceName ?? workspaceId}, access key ${profile.accessKey}, from ${profile.origin})`);
    return { profileId: id, userId: claims.userId, workspaceId, workspaceName };
  }

  async activateProfile(id: string): Promise<boolean> {
    const profile = this.store.get(id);
    if (!profile) return false;
    const secret = await this.store.secret(profile);
    if (secret === undefined) return false;
    await this.store.setActive(id);
    this.setCurrent({ profile, client: this.wrap(await this.makeClient(profile, secret)) }, secret);
    return true;
  }

  /** Secret of the active profile for one of its workspaces (undefined when none is stored). */
  async storedWorkspaceSecret(workspaceId: string): Promise<{ accessKey: string; secretKey: string } | undefined> {
    const profile = this.current?.profile;
    const key = profile?.workspaceKeys[workspaceId];
    if (!profile || !key) return undefined;
    const secretKey = await this.store.secret(profile, key.accessKey);
    return secretKey === undefined ? undefined : { accessKey: key.accessKey, secretKey };
  }

  /**
   * Makes the active profile use the given credentials of another workspace. Validates them first (the login must
   * land in that workspace); throws on failure and leaves the current state untouched.
   */
  async useWorkspaceCredentials(workspaceId: string, workspaceName: string | undefined, accessKey: string, secretKey: string, signal?: AbortSignal): Promise<void> {
    const base = this.current?.profile;
    if (!base) throw new Error('No active ClearML profile');
    const next: StoredProfile = { ...base, accessKey, workspaceId, workspaceName, workspaceKeys: { ...base.workspaceKeys, [workspaceId]: { accessKey, workspaceName } } };
    const client = await this.makeClient(next, secretKey);
    const claims = await client.claims({ signal });
    if (claims.userId !== base.userId) throw new Error(`These credentials belong to another user (${claims.userName ?? claims.userId}); sign in with them as a separate profile instead.`);
    if (claims.companyId !== workspaceId) throw new Error(`These credentials belong to workspace ${claims.companyName ?? claims.companyId}, not ${workspaceName ?? workspaceId}.`);
    await this.store.save(next, secretKey);
    this.setCurrent({ profile: next, client: this.wrap(client) }, secretKey);
    logger.log('info', `Switched to workspace ${workspaceName ?? workspaceId} with access key ${accessKey}`);
  }

  /** Forget a workspace's stored key (after leaving it or revoking the key). */
  async forgetWorkspaceKey(workspaceId: string): Promise<void> {
    const profile = this.current?.profile;
    const key = profile?.workspaceKeys[workspaceId];
    if (!profile || !key) return;
    const workspaceKeys = { ...profile.workspaceKeys };
    delete workspaceKeys[workspaceId];
    const next = { ...profile, workspaceKeys };
    if (key.accessKey !== profile.accessKey) await this.store.forgetKey(profile, key.accessKey);
    await this.store.save(next);
    this.current = { ...this.current!, profile: next };
  }

  /**
   * Updates non-secret fields of the active profile (the user name after an edit, the workspace name after a
   * rename) and tells everything that shows them: status bar, tree, Accounts menu, preferences header.
   */
  async updateActiveProfile(patch: Partial<Pick<StoredProfile, 'userName' | 'workspaceName' | 'label'>>): Promise<void> {
    const current = this.current;
    if (!current) return;
    const before = current.profile;
    const next: StoredProfile = { ...before, ...patch };
    if (patch.userName !== undefined && patch.label === undefined && before.label === defaultProfileLabel(before.userName, before.apiServer)) {
      next.label = defaultProfileLabel(patch.userName, before.apiServer);
    }
    const key = next.workspaceId ? before.workspaceKeys[next.workspaceId] : undefined;
    if (key && next.workspaceName !== key.workspaceName) next.workspaceKeys = { ...before.workspaceKeys, [next.workspaceId!]: { ...key, workspaceName: next.workspaceName } };
    if (next.userName === before.userName && next.workspaceName === before.workspaceName && next.label === before.label) return;
    await this.store.save(next);
    if (this.current?.profile.id !== before.id) return;
    const user = current.user && {
      ...current.user,
      name: next.userName ?? current.user.name,
      company: current.user.company.id === next.workspaceId && next.workspaceName ? { ...current.user.company, name: next.workspaceName } : current.user.company,
    };
    this.current = { ...this.current, profile: next, user };
    this.profilesEmitter.fire();
    this.updatedEmitter.fire(this.current);
  }

  /**
   * A bearer token for the profile (logging in if needed), for the authentication provider. The active profile
   * shares its client's token; another profile logs in with its stored secret only when asked for.
   */
  async sessionToken(profileId: string, signal?: AbortSignal): Promise<string> {
    if (this.current?.profile.id === profileId) return this.current.client.accessToken({ signal });
    const profile = this.store.get(profileId);
    if (!profile) throw new Error(`No ClearML profile ${profileId}`);
    let entry = this.sessionClients.get(profileId);
    if (!entry || entry.accessKey !== profile.accessKey) {
      const secret = await this.store.secret(profile);
      if (secret === undefined) throw new Error(`No stored secret for ${profile.label}`);
      entry = { accessKey: profile.accessKey, client: await this.makeClient(profile, secret) };
      this.sessionClients.set(profileId, entry);
    }
    return entry.client.accessToken({ signal });
  }

  private readonly signOutCleanups = new Set<(profileId: string) => Promise<unknown>>();

  onSignOut(cleanup: (profileId: string) => Promise<unknown>): vscode.Disposable {
    this.signOutCleanups.add(cleanup);
    return new vscode.Disposable(() => this.signOutCleanups.delete(cleanup));
  }

  /**
   * Logs out the session token, deletes the profile's secrets, runs the areas' sign-out cleanups (vault drafts) and
   * forgets it. Activates another profile if any.
   */
  async signOut(id = this.current?.profile.id): Promise<void> {
    if (!id) return;
    const wasActive = this.current?.profile.id === id;
    if (wasActive) {
      // Bounded: signing out must not hang on an unreachable server (the token then simply expires).
      try { await this.current!.client.logout({ signal: AbortSignal.timeout(3000) }); } catch (e) { logger.log('warn', `auth.logout while signing out failed: ${(e as Error).message}`); }
      // Before the secrets go: their deletion events must not find this profile still active.
      this.setCurrent(undefined);
    }
    const side = this.sessionClients.get(id);
    this.sessionClients.delete(id);
    if (side) {
      try { await side.client.logout({ signal: AbortSignal.timeout(3000) }); } catch (e) { logger.log('warn', `auth.logout of the Accounts-menu session failed: ${(e as Error).message}`); }
    }
    await this.store.remove(id);
    for (const cleanup of this.signOutCleanups) {
      try { await cleanup(id); } catch (e) { logger.log('error', `Cleaning up after signing out of profile ${id} failed: ${(e as Error).message}`); }
    }
    logger.log('info', `Signed out of profile ${id}; its stored secrets and vault drafts were deleted and its session tokens logged out`);
    if (wasActive) {
      const next = this.store.list()[0];
      if (next) await this.activateProfile(next.id);
    }
    this.profilesEmitter.fire();
  }

  /** The user as the server reports it now (tree load, refresh): names changed elsewhere reach the profile too. */
  setUser(user: CurrentUser): void {
    const current = this.current;
    if (!current) return;
    current.user = user;
    const patch: Parameters<AccountManager['updateActiveProfile']>[0] = {};
    if (user.name && user.name !== current.profile.userName) patch.userName = user.name;
    if (user.company.id === current.profile.workspaceId && user.company.name && user.company.name !== current.profile.workspaceName) patch.workspaceName = user.company.name;
    if (Object.keys(patch).length) void this.updateActiveProfile(patch);
  }

  private setCurrent(account: ActiveProfileAccount | undefined, secret?: string): void {
    this.current = account;
    this.currentSecret = account ? secret : undefined;
    this.invalid = false;
    void vscode.commands.executeCommand('setContext', 'clearml.signedIn', !!account);
    this.statusEmitter.fire();
    this.activeEmitter.fire(account);
  }

  private wrap(client: ClearMLClientApi): ClearMLClientApi {
    const wrapped = watchCredentialFailures(client, (error) => {
      if (this.current?.client !== wrapped) return;
      const invalid = error === undefined ? false : isInvalidCredentials(error) ? true : this.invalid;
      if (invalid !== this.invalid) { this.invalid = invalid; this.statusEmitter.fire(); }
    });
    return wrapped;
  }
}

export type { Profile };
