import type { Feature } from './errors';

/**
 * Types of the ClearML API client: options, results and the client contract. Every module of the client imports
 * its types from here; index.ts re-exports them. No `vscode` import.
 */

export interface Logger {
  /** Lines must already be redacted by the client; the logger never sees a secret. */
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
}

export interface ClientOptions {
  apiServer: string;
  accessKey: string;
  secretKey: string;
  /** Per-call timeout, default 30 s. */
  timeoutMs?: number;
  /** api.verify_certificate / CLEARML_API_HOST_VERIFY_CERT; default true. */
  verifyCertificate?: boolean;
  /** CA bundle file, read (bounded) at construction; `caBundle` wins when given. */
  caBundlePath?: string;
  /** CA bundle text (PEM) already read, e.g. asynchronously by the caller. */
  caBundle?: string;
  /**
   * http(s)://[user:pass@]host:port. Unset: chosen from the environment as python-requests does (HTTP(S)_PROXY
   * unless NO_PROXY excludes the API server); null: no proxy.
   */
  proxy?: string | null;
  /** Environment the proxy choice reads; default process.env. */
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** Sent as X-Clearml-Worker (shows as "last used from"). */
  workerId?: string;
  /** Sent as X-Clearml-Client. */
  clientName?: string;
  retry?: { retries?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Largest response or request body, bytes; default 32 MB. A larger answer fails with kind 'too-large'. */
  maxMessageBytes?: number;
  /**
   * The workspace (company id) calls act in, sent as the X-Clearml-Tenant header on workspace-scoped calls.
   * Default: the workspace of the signed-in key (the token's identity.company).
   */
  workspaceId?: string;
  /** Milliseconds since the epoch; default Date.now. Lets tests move time to exercise token refresh. */
  clock?: () => number;
}


export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Act in this workspace for this one call (tenant header), e.g. create a key in a workspace before switching to it. */
  workspaceId?: string;
}

export interface TokenClaims {
  userId: string;
  userName?: string;
  companyId: string;
  companyName?: string;
  role?: string;
  exp: number;
  iat?: number;
  apiVersion?: string;
  serverVersion?: string;
  featureSet?: string;
}

export interface CurrentUser {
  id: string;
  name: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  role?: string;
  company: { id: string; name: string };
  created?: string;
}

export interface CredentialInfo {
  accessKey: string;
  label?: string;
  lastUsed?: string;
  lastUsedFrom?: string;
  expires?: string;
}

export interface NewCredentials { accessKey: string; secretKey: string; label?: string }

/** auth.get_credentials in full: this workspace's keys, the user's keys in other workspaces, and the per-user limit. */
export interface CredentialListing {
  /** The workspace `credentials` belong to (the token's). */
  workspaceId: string;
  credentials: CredentialInfo[];
  /** Hosted: workspace id -> the user's keys there (`additional_credentials`). */
  otherWorkspaces: Record<string, CredentialInfo[]>;
  /** Hosted: how many keys the user may hold (`max_credentials`); undefined = no limit announced. */
  maxCredentials?: number;
}

export interface Workspace {
  id: string;
  name: string;
  /** Number of members when known. */
  allocated?: number;
  owners: { id: string; name: string }[];
  /** True when the caller owns it (only then rename is allowed and leave is not). */
  isOwn?: boolean;
  active?: boolean;
}

export interface Member { id: string; name: string; email?: string; role?: string; created?: string }

/** A pending invitation link of the workspace (organization.get_invites). */
/** `emails`: the addresses invited with this link (the web model's invite item, `emails[]`). */
export interface Invite { id: string; created?: string; expires?: string; invitedBy?: string; workspaceId?: string; emails?: string[] }

/** organization.create_invite: the new link's id and the workspace's seats. */
export interface CreatedInvite { id: string; allowedUsers?: number; allocatedUsers?: number }

export interface LeftWorkspace { workspaceId: string; workspaceName?: string; token?: string }

export interface GatewayToken { id: string; label?: string; created?: string; expires?: string }

export interface Vault {
  id: string;
  data: string;
  description?: string;
  enabled: boolean;
  format: string;
  scope: string;
  type: string;
  /** Server-side modification marker used for conflict detection, when the server gives one. */
  lastUpdate?: string;
}

export interface StatsOption { supported: boolean; enabled?: boolean; enabledTime?: string; currentVersion?: string }

export type Preferences = Record<string, unknown>;

/** The client. Construct with `new ClearMLClient(options)` (implemented in client.ts and re-exported here). */
export interface ClearMLClientApi {
  readonly apiServer: string;
  /** Logs in if needed; returns the current token claims. */
  claims(opts?: CallOptions): Promise<TokenClaims>;
  /** Logs in if needed; returns the bearer token the client currently uses (for handing to VS Code's Accounts). */
  accessToken(opts?: CallOptions): Promise<string>;
  /** Generic call: POST <api>/<endpoint>; returns `data`. */
  call<T = unknown>(endpoint: string, body?: object, opts?: CallOptions & { idempotent?: boolean }): Promise<T>;

  debugPing(opts?: CallOptions): Promise<{ msg: string }>;
  supportedLoginModes(opts?: CallOptions): Promise<{ authenticated?: boolean; basic?: unknown; sso?: unknown }>;
  getCurrentUser(opts?: CallOptions): Promise<CurrentUser>;
  updateUserName(name: string, opts?: CallOptions): Promise<void>;
  getPreferences(opts?: CallOptions): Promise<Preferences>;
  /** Read-modify-write of whole top-level slices: each key of `slices` replaces that top-level preference. */
  setPreferenceSlices(slices: Preferences, opts?: CallOptions): Promise<void>;
  createCredentials(label?: string, opts?: CallOptions): Promise<NewCredentials>;
  getCredentials(opts?: CallOptions): Promise<CredentialInfo[]>;
  /** auth.get_credentials with the other workspaces' keys and the limit (hosted extras are optional). */
  listCredentials(opts?: CallOptions): Promise<CredentialListing>;
  editCredentialLabel(accessKey: string, label: string, opts?: CallOptions): Promise<void>;
  revokeCredentials(accessKey: string, opts?: CallOptions): Promise<void>;
  getUserCompanies(opts?: CallOptions): Promise<Workspace[]>;
  /** users.get_all_ex, page is 0-based. */
  getMembers(page: number, pageSize: number, opts?: CallOptions): Promise<{ members: Member[]; hasMore: boolean }>;
  getStatsOption(opts?: CallOptions): Promise<StatsOption>;
  setStatsOption(enabled: boolean, opts?: CallOptions): Promise<StatsOption>;
  /** Throws FeatureUnavailableError on servers without vaults. */
  getVaults(filter?: { enabled?: boolean; types?: string[] }, opts?: CallOptions): Promise<Vault[]>;
  /** Returns the vault id. Omit `id` to create. */
  addOrUpdateVault(vault: Partial<Vault> & { data: string; format: string; enabled: boolean }, opts?: CallOptions): Promise<string>;
  deleteVaults(ids: string[], opts?: CallOptions): Promise<number>;

  /** The workspace calls act in (tenant header): ClientOptions.workspaceId, else the token's workspace once signed in. */
  readonly workspaceId: string | undefined;
  /** Hosted-only operations; names and their sources in hosted-endpoints.ts. */
  readonly hosted: HostedApi;
  /** Revokes the session token (auth.logout) and forgets it. */
  logout(opts?: CallOptions): Promise<void>;
}

export interface HostedApi {
  /** Throws FeatureUnavailableError when the server lacks the endpoint (404/0) or the token's feature_set says so. */
  leaveWorkspace(workspaceId: string, opts?: CallOptions): Promise<LeftWorkspace>;
  /** Assumed endpoint name (no public trace). */
  renameWorkspace(workspaceId: string, name: string, opts?: CallOptions): Promise<void>;
  createInvite(opts?: CallOptions): Promise<CreatedInvite>;
  getInvites(opts?: CallOptions): Promise<Invite[]>;
  revokeInvites(ids: string[], opts?: CallOptions): Promise<number>;
  /** login.add_invites: returns the e-mails actually added. */
  addInviteEmails(emails: string[], opts?: CallOptions): Promise<string[]>;
  removeInviteEmails(emails: string[], opts?: CallOptions): Promise<string[]>;
  /** Assumed endpoint names (no public trace). */
  generateGatewayToken(label: string, expirationDays: number, opts?: CallOptions): Promise<{ token: string; info: GatewayToken }>;
  listGatewayTokens(opts?: CallOptions): Promise<GatewayToken[]>;
  revokeGatewayToken(id: string, opts?: CallOptions): Promise<void>;
}

/** What hosted.ts needs from the client. */
export interface ClientCore {
  request<T>(endpoint: string, body: object, opts?: RequestOptions): Promise<T>;
  claims(opts?: CallOptions): Promise<TokenClaims>;
  adoptToken(token: string): void;
  /** Registers a secret learned from a response (e.g. a gateway token) with the redactor. */
  rememberSecret(secret: string | undefined): void;
  guard<T>(feature: Feature, endpoint: string, run: () => Promise<T>, opts?: CallOptions): Promise<T>;
}

export type AuthMode = 'session' | 'none' | 'optional' | 'basic';

export interface RequestOptions extends CallOptions {
  auth?: AuthMode;
  /** Overrides the retry classification (still never for NEVER_RETRY endpoints). */
  idempotent?: boolean;
}
