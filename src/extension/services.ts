/**
 * Contracts between the feature areas of the extension. The accounts area implements AccountService; the
 * preferences panel, the vault editor and the setup check consume it.
 */
import type * as vscode from 'vscode';
import type { ClearMLClientApi, CurrentUser } from '../core/api';

export interface Profile {
  /** Stable id: derived from the API server URL and the access key's owner. */
  id: string;
  label: string;
  apiServer: string;
  webServer: string;
  filesServer?: string;
  accessKey: string;
  /** Workspace (company) the credentials belong to, when known. */
  workspaceId?: string;
  workspaceName?: string;
  /** Where the profile came from: 'clearml.conf', 'environment', 'pasted', 'manual'. */
  origin: string;
}

export interface ActiveAccount {
  profile: Profile;
  client: ClearMLClientApi;
  /** Cached; refreshed on refresh/switch. */
  user?: CurrentUser;
}

/** Arguments accepted by `clearml.signIn` to sign in without prompts (tests, links, the paste flow). */
export interface SignInArgs {
  apiServer: string;
  webServer?: string;
  filesServer?: string;
  accessKey: string;
  secretKey: string;
  label?: string;
  origin?: string;
}

export interface AccountService {
  readonly active: ActiveAccount | undefined;
  /** Settles once the profile active at the last session is restored; `active` is undefined until then. */
  readonly ready: Promise<void>;
  readonly onDidChangeActive: vscode.Event<ActiveAccount | undefined>;
  /** Same profile, new names: user name, workspace name or label changed (e.g. after a rename or Refresh). */
  readonly onDidUpdateActiveProfile: vscode.Event<ActiveAccount>;
  /** Returns the active account, offering sign-in when there is none; undefined if the user gave up. */
  requireActive(): Promise<ActiveAccount | undefined>;
  profiles(): Profile[];
}

/**
 * Registers work that runs with the profile id on every sign-out, before it completes: an area's data of that
 * profile (vault drafts, which may hold typed secrets) must not outlive the account. Not part of AccountService,
 * which other extensions get: they must not hold up a sign-out.
 */
export type SignOutHook = (cleanup: (profileId: string) => Promise<unknown>) => vscode.Disposable;

/** Every feature area exports its command handlers as a table keyed by the command ids of package.json. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandTable = Record<string, (...args: any[]) => unknown>;
