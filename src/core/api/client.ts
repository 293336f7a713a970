/**
 * ClearMLClient: typed services over the ClearML REST API (contract in ./index.ts). Composition:
 * Transport (one HTTP attempt) → retry policy (safe calls only) → Session (login, refresh, re-login on 401/30)
 * → services. Every log line and error message passes through one Redactor.
 */
import { randomBytes } from 'node:crypto';
import { ClearMLApiError, FeatureUnavailableError, type Feature } from './errors';
import { asFeatureError, checkFeatureByClaims } from './features';
import { HostedClient } from './hosted';
import type {
  CallOptions, ClearMLClientApi, ClientCore, ClientOptions, CredentialInfo, CredentialListing, CurrentUser, HostedApi, Logger, Member,
  NewCredentials, Preferences, RequestOptions, StatsOption, TokenClaims, Vault, Workspace,
} from './types';
import { Redactor } from './redact';
import { backoffDelay, isRetryableFailure, isSafeToRetry, sleep, type RetryPolicy } from './retry';
import { Session } from './session';
import { Transport } from './transport';

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Calls the web app sends without a tenant header (webapp-interceptor.ts): they are about the user, not one
 * workspace. Every other authenticated call names the workspace it acts in.
 */
const USER_SCOPED = new Set(['auth.login', 'users.get_current_user', 'users.set_preferences', 'auth.get_credentials', 'organization.get_user_companies', 'organization.create_invite']);

interface RawCredential { access_key: string; label?: string; last_used?: string; last_used_from?: string; expire?: string }

function toCredential(c: RawCredential): CredentialInfo {
  const out: CredentialInfo = { accessKey: c.access_key };
  if (c.label) out.label = c.label;
  if (c.last_used) out.lastUsed = c.last_used;
  if (c.last_used_from) out.lastUsedFrom = c.last_used_from;
  if (c.expire && c.expire !== 'Never') out.expires = c.expire;
  return out;
}

interface RawUser { id: string; name?: string; given_name?: string; family_name?: string; email?: string; role?: string; company?: { id: string; name?: string } | string; created?: string }
interface RawVault { id: string; data?: string; description?: string; enabled?: boolean; format?: string; scope?: string; type?: string; last_update?: string }

/** Carries a sign-in failure through the call's retry loop untouched. */
class SignInFailed {
  constructor(readonly cause: unknown) {}
}

const DOT = '--DOT--';

/** The web app stores '.' inside nested keys as "--DOT--" (servers reject dots in nested keys); mirror it. */
function encodeNestedKeys(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((v) => encodeNestedKeys(v, depth + 1));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[depth > 0 ? k.split('.').join(DOT) : k] = encodeNestedKeys(v, depth + 1);
  return out;
}
function decodeNestedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeNestedKeys);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k.split(DOT).join('.')] = decodeNestedKeys(v);
  return out;
}

function toVault(v: RawVault): Vault {
  const out: Vault = { id: v.id, data: v.data ?? '', enabled: v.enabled ?? true, format: v.format ?? 'hocon', scope: v.scope ?? 'user', type: v.type ?? 'config' };
  if (v.description !== undefined) out.description = v.description;
  if (v.last_update !== undefined) out.lastUpdate = v.last_update;
  return out;
}

/** CLEARML_API_HOST_VERIFY_CERT as the SDK reads it (false for 0/false/no/off); default true. */
function verifyFromEnvironment(): boolean {
  const v = process.env.CLEARML_API_HOST_VERIFY_CERT;
  return v === undefined || v.trim() === '' || !/^(0|false|no|off|n|f)$/i.test(v.trim());
}

export class ClearMLClient implements ClearMLClientApi, ClientCore {
  readonly apiServer: string;
  readonly hosted: HostedApi;
  /** Exposed for diagnostics and tests (e.g. how many logins this client performed). */
  readonly session: Session;
  private readonly transport: Transport;
  private readonly redactor = new Redactor();
  private readonly logger?: Logger;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly basicAuth: string;
  private readonly fixedWorkspace: string | undefined;

  constructor(options: ClientOptions) {
    if (!options.apiServer) throw new Error('ClearMLClient: apiServer is required');
    let parsed: URL;
    try {
      parsed = new URL(options.apiServer);
    } catch {
      throw new Error(`ClearMLClient: api_server "${options.apiServer}" is not a URL (expected e.g. https://api.clear.ml or http://localhost:8008)`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`ClearMLClient: api_server must use http:// or https:// (got ${parsed.protocol})`);
    this.apiServer = options.apiServer.replace(/\/+$/, '');
    this.fixedWorkspace = options.workspaceId;
    this.redactor.addSecret(options.secretKey);
    this.basicAuth = `Basic ${Buffer.from(`${options.accessKey}:${options.secretKey}`).toString('base64')}`;
    this.redactor.addSecret(this.basicAuth.slice(6));
    this.logger = options.logger;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retry = { retries: options.retry?.retries ?? 3, baseDelayMs: options.retry?.baseDelayMs ?? 300, maxDelayMs: options.retry?.maxDelayMs ?? 5_000 };
    this.transport = new Transport({
      apiServer: this.apiServer,
      verifyCertificate: options.verifyCertificate ?? verifyFromEnvironment(),
      caBundlePath: options.caBundlePath,
      caBundle: options.caBundle,
      proxy: options.proxy,
      env: options.env,
      clientName: options.clientName ?? 'clearml-settings-vscode',
      workerId: options.workerId,
      maxMessageBytes: options.maxMessageBytes,
    }, this.redactor);
    const clock = options.clock ?? Date.now;
    this.session = new Session(() => this.login(), () => clock() / 1000);
    this.hosted = new HostedClient(this);
  }

  // ---- plumbing ------------------------------------------------------------------------------------------------

  private log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.logger?.log(level, this.redactor.redact(message));
  }

  /** Registers a secret learned from a response so it can never be logged or echoed. */
  private remember(secret: string | undefined): void {
    this.redactor.addSecret(secret);
  }

  rememberSecret(secret: string | undefined): void {
    this.remember(secret);
  }

  private cancelled(endpoint: string): ClearMLApiError {
    return new ClearMLApiError(`${endpoint} was cancelled`, endpoint, 0, 0, 'cancelled', undefined, 'cancelled');
  }

  private async login(): Promise<string> {
    try {
      const data = await this.request<{ token?: string }>('auth.login', {}, { auth: 'basic' });
      if (!data?.token) throw new ClearMLApiError(`auth.login returned no token from ${this.apiServer}`, 'auth.login', 200, 0, 'no token in response', undefined, 'http');
      this.remember(data.token);
      return data.token;
    } catch (e) {
      if (e instanceof ClearMLApiError && e.code === 401 && (e.subcode === 22 || e.subcode === 21)) {
        throw new ClearMLApiError(
          this.redactor.redact(`Sign-in to ${this.apiServer} failed: the server rejected the access key / secret key (${e.code}/${e.subcode}: ${e.serverMessage}). Check the credentials, or create new ones in the web UI.`),
          e.endpoint, e.code, e.subcode, e.serverMessage, e.trx, e.kind);
      }
      throw e;
    }
  }

  get workspaceId(): string | undefined {
    return this.fixedWorkspace ?? this.session.claims?.companyId;
  }

  adoptToken(token: string): void {
    this.remember(token);
    this.session.adopt(token);
  }

  async request<T>(endpoint: string, body: object = {}, opts: RequestOptions = {}): Promise<T> {
    const auth = opts.auth ?? 'session';
    const retryable = isSafeToRetry(endpoint, opts.idempotent);
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const trx = `vscode-${randomBytes(8).toString('hex')}`;
    let attempt = 0;
    let reloggedIn = false;
    for (;;) {
      let usedToken: string | undefined;
      const started = Date.now();
      try {
        let authorization: string | undefined;
        if (auth === 'basic') authorization = this.basicAuth;
        else if (auth === 'session') {
          usedToken = await this.signIn(opts.signal, endpoint);
          authorization = `Bearer ${usedToken}`;
        } else if (auth === 'optional' && this.session.current) {
          usedToken = this.session.current;
          authorization = `Bearer ${usedToken}`;
        }
        const tenant = auth === 'session' || auth === 'optional' ? this.tenantFor(endpoint, opts.workspaceId) : undefined;
        const res = await this.transport.attempt<T>(endpoint, body, { authorization, signal: opts.signal, timeoutMs, trx, tenant });
        this.log('debug', `${endpoint} 200 in ${Date.now() - started} ms`);
        return res.data;
      } catch (e) {
        if (e instanceof SignInFailed) throw e.cause;
        const err = e as ClearMLApiError;
        if (err instanceof ClearMLApiError && err.kind === 'http' && err.code === 401 && err.subcode === 30 && usedToken && !reloggedIn && auth !== 'basic') {
          // Expired/revoked token: log in again once and repeat the call (the call never reached the handler).
          reloggedIn = true;
          this.log('info', `${endpoint}: token rejected (${err.serverMessage}); signing in again`);
          this.session.invalidate(usedToken);
          if (auth === 'optional') return this.request<T>(endpoint, body, { ...opts, auth: 'session' });
          continue;
        }
        if (retryable && attempt < this.retry.retries && isRetryableFailure(err) && !opts.signal?.aborted) {
          const delay = backoffDelay(this.retry, attempt, (err as ClearMLApiError & { retryAfterMs?: number }).retryAfterMs);
          attempt++;
          this.log('warn', `${endpoint} failed (${err.code ? `${err.code}/${err.subcode}` : err.kind}: ${err.serverMessage}); retry ${attempt}/${this.retry.retries} in ${Math.round(delay)} ms`);
          await sleep(delay, opts.signal, () => this.cancelled(endpoint));
          continue;
        }
        if (err instanceof ClearMLApiError) this.log(err.kind === 'cancelled' ? 'debug' : 'warn', err.message);
        throw err;
      }
    }
  }

  private tenantFor(endpoint: string, override: string | undefined): string | undefined {
    if (override) return override;
    return USER_SCOPED.has(endpoint) ? undefined : this.workspaceId;
  }

  /**
   * The session token, logging in when needed. auth.login already ran its own retries, so its failure is final
   * for this call too: retrying here would multiply the logins (retries × retries against a failing proxy).
   */
  private async signIn(signal: AbortSignal | undefined, endpoint: string): Promise<string> {
    try {
      return await this.session.ensure(signal, () => this.cancelled(endpoint));
    } catch (e) {
      throw new SignInFailed(e);
    }
  }

  async guard<T>(feature: Feature, endpoint: string, run: () => Promise<T>, opts?: CallOptions): Promise<T> {
    checkFeatureByClaims(feature, endpoint, await this.claims(opts));
    try {
      return await run();
    } catch (e) {
      const converted = asFeatureError(feature, endpoint, e);
      if (converted instanceof FeatureUnavailableError) this.log('info', converted.message);
      throw converted;
    }
  }

  // ---- contract ---------------------------------------------------------------------------------------------------

  async claims(opts?: CallOptions): Promise<TokenClaims> {
    await this.session.ensure(opts?.signal, () => this.cancelled('auth.login'));
    return this.session.claims as TokenClaims;
  }

  accessToken(opts?: CallOptions): Promise<string> {
    return this.session.ensure(opts?.signal, () => this.cancelled('auth.login'));
  }

  call<T = unknown>(endpoint: string, body: object = {}, opts: CallOptions & { idempotent?: boolean } = {}): Promise<T> {
    return this.request<T>(endpoint, body, opts);
  }

  debugPing(opts?: CallOptions): Promise<{ msg: string }> {
    return this.request('debug.ping', {}, { ...opts, auth: 'none' });
  }

  supportedLoginModes(opts?: CallOptions): Promise<{ authenticated?: boolean; basic?: unknown; sso?: unknown }> {
    return this.request('login.supported_modes', {}, { ...opts, auth: 'optional' });
  }

  async getCurrentUser(opts?: CallOptions): Promise<CurrentUser> {
    // Like the web app: the hosted server adds what this account may use.
    const data = await this.request<{ user: RawUser }>('users.get_current_user', { get_supported_features: true }, opts);
    const u = data.user;
    const company = typeof u.company === 'object' && u.company ? u.company : { id: String(u.company ?? ''), name: '' };
    const out: CurrentUser = { id: u.id, name: u.name ?? '', company: { id: company.id, name: company.name ?? '' } };
    if (u.given_name) out.givenName = u.given_name;
    if (u.family_name) out.familyName = u.family_name;
    if (u.email) out.email = u.email;
    if (u.role) out.role = u.role;
    if (u.created) out.created = u.created;
    return out;
  }

  async updateUserName(name: string, opts?: CallOptions): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) throw new Error('The user name cannot be empty');
    const { userId } = await this.claims(opts);
    await this.request('users.update', { user: userId, name: trimmed }, opts);
  }

  async getPreferences(opts?: CallOptions): Promise<Preferences> {
    const data = await this.request<{ preferences?: Preferences }>('users.get_preferences', {}, opts);
    return (decodeNestedKeys(data.preferences ?? {}) as Preferences);
  }

  async setPreferenceSlices(slices: Preferences, opts?: CallOptions): Promise<void> {
    for (const key of Object.keys(slices)) {
      if (key.includes('.') || key.startsWith('$') || !key) {
        throw new Error(`Preference slice "${key}" is not a top-level key: slices are written whole (no '.' or leading '$'), so servers before 2.2.0 accept them`);
      }
    }
    const current = await this.getPreferences(opts);
    for (const [key, value] of Object.entries(slices)) {
      if (JSON.stringify(current[key]) === JSON.stringify(value)) continue;
      await this.request('users.set_preferences', { preferences: { [key]: encodeNestedKeys(value, 1) }, return_updated: false }, opts);
    }
  }

  async createCredentials(label?: string, opts?: CallOptions): Promise<NewCredentials> {
    const body = label !== undefined && label !== '' ? { label } : {};
    const data = await this.request<{ credentials: { access_key: string; secret_key: string; label?: string } }>('auth.create_credentials', body, opts);
    const c = data.credentials;
    this.remember(c.secret_key);
    const out: NewCredentials = { accessKey: c.access_key, secretKey: c.secret_key };
    if (c.label !== undefined) out.label = c.label;
    return out;
  }

  async getCredentials(opts?: CallOptions): Promise<CredentialInfo[]> {
    return (await this.listCredentials(opts)).credentials;
  }

  async listCredentials(opts?: CallOptions): Promise<CredentialListing> {
    const data = await this.request<{ credentials?: RawCredential[]; additional_credentials?: Record<string, RawCredential[]> | RawCredential[]; max_credentials?: number }>('auth.get_credentials', {}, opts);
    const otherWorkspaces: Record<string, CredentialInfo[]> = {};
    const extra = data.additional_credentials;
    // The web model once typed it as a list; only the map form says which workspace a key belongs to.
    if (extra && typeof extra === 'object' && !Array.isArray(extra)) {
      for (const [workspace, keys] of Object.entries(extra)) if (Array.isArray(keys)) otherWorkspaces[workspace] = keys.map(toCredential);
    }
    const out: CredentialListing = { workspaceId: opts?.workspaceId ?? this.workspaceId ?? '', credentials: (data.credentials ?? []).map(toCredential), otherWorkspaces };
    if (typeof data.max_credentials === 'number') out.maxCredentials = data.max_credentials;
    return out;
  }

  async editCredentialLabel(accessKey: string, label: string, opts?: CallOptions): Promise<void> {
    await this.request('auth.edit_credentials', { access_key: accessKey, label }, opts);
  }

  async revokeCredentials(accessKey: string, opts?: CallOptions): Promise<void> {
    await this.request('auth.revoke_credentials', { access_key: accessKey }, opts);
  }

  async getUserCompanies(opts?: CallOptions): Promise<Workspace[]> {
    const claims = await this.claims(opts);
    const data = await this.request<{ companies?: { id: string; name?: string; allocated?: number; owners?: { id: string; name?: string }[] }[] }>('organization.get_user_companies', {}, opts);
    return (data.companies ?? []).map((c) => {
      const owners = (c.owners ?? []).map((o) => ({ id: o.id, name: o.name ?? '' }));
      // Like the web app: owners[0] is the workspace owner.
      const ws: Workspace = { id: c.id, name: c.name ?? c.id, owners, isOwn: owners[0]?.id === claims.userId, active: c.id === claims.companyId };
      if (c.allocated !== undefined) ws.allocated = c.allocated;
      return ws;
    });
  }

  async getMembers(page: number, pageSize: number, opts?: CallOptions): Promise<{ members: Member[]; hasMore: boolean }> {
    if (!Number.isInteger(page) || page < 0) throw new Error(`getMembers: page must be an integer >= 0 (got ${page})`);
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`getMembers: pageSize must be an integer >= 1 (got ${pageSize})`);
    const data = await this.request<{ users?: RawUser[] }>('users.get_all_ex', { page, page_size: pageSize, order_by: ['name'] }, opts);
    const users = data.users ?? [];
    return {
      members: users.map((u) => {
        const m: Member = { id: u.id, name: u.name ?? '' };
        if (u.email) m.email = u.email;
        if (u.role) m.role = u.role;
        if (u.created) m.created = u.created;
        return m;
      }),
      hasMore: users.length === pageSize,
    };
  }

  private static toStats(d: { supported?: boolean; enabled?: boolean; enabled_time?: string; current_version?: string }): StatsOption {
    const out: StatsOption = { supported: d.supported ?? true };
    if (d.enabled !== undefined) out.enabled = d.enabled;
    if (d.enabled_time) out.enabledTime = d.enabled_time;
    if (d.current_version) out.currentVersion = d.current_version;
    return out;
  }

  async getStatsOption(opts?: CallOptions): Promise<StatsOption> {
    try {
      return ClearMLClient.toStats(await this.request('server.report_stats_option', {}, opts));
    } catch (e) {
      // Hosted/enterprise have no such endpoint: not an error, the option simply does not apply.
      if (asFeatureError('telemetry', 'server.report_stats_option', e) instanceof FeatureUnavailableError) return { supported: false };
      throw e;
    }
  }

  async setStatsOption(enabled: boolean, opts?: CallOptions): Promise<StatsOption> {
    try {
      return ClearMLClient.toStats(await this.request('server.report_stats_option', { enabled }, opts));
    } catch (e) {
      throw asFeatureError('telemetry', 'server.report_stats_option', e);
    }
  }

  getVaults(filter: { enabled?: boolean; types?: string[] } = {}, opts?: CallOptions): Promise<Vault[]> {
    return this.guard('vaults', 'users.get_vaults', async () => {
      const body: Record<string, unknown> = {};
      if (filter.enabled !== undefined) body.enabled = filter.enabled;
      if (filter.types?.length) body.types = filter.types;
      const data = await this.request<{ vaults?: RawVault[] }>('users.get_vaults', body, opts);
      return (data.vaults ?? []).map(toVault);
    }, opts);
  }

  addOrUpdateVault(vault: Partial<Vault> & { data: string; format: string; enabled: boolean }, opts?: CallOptions): Promise<string> {
    return this.guard('vaults', 'users.add_or_update_vault', async () => {
      // Personal vault: scope "user" and no group (the documented group form adds `group`; contract §2.8).
      const v: Record<string, unknown> = { scope: vault.scope ?? 'user', type: vault.type ?? 'config', format: vault.format, enabled: vault.enabled, data: vault.data };
      if (vault.id) v.id = vault.id;
      if (vault.description !== undefined) v.description = vault.description;
      const data = await this.request<{ vault: string }>('users.add_or_update_vault', { vault: v }, { ...opts, idempotent: !!vault.id });
      return data.vault;
    }, opts);
  }

  deleteVaults(ids: string[], opts?: CallOptions): Promise<number> {
    return this.guard('vaults', 'users.delete_vaults', async () => {
      const data = await this.request<{ deleted?: number }>('users.delete_vaults', { vaults: ids }, opts);
      return data.deleted ?? 0;
    }, opts);
  }

  async logout(opts?: CallOptions): Promise<void> {
    const token = this.session.current;
    if (!token) return;
    try {
      await this.request('auth.logout', {}, { ...opts, idempotent: true });
    } finally {
      this.session.clear();
    }
  }
}
