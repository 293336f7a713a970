/**
 * Endpoint implementations. Each follows the open-source implementation (apiserver/services/*.py and
 * apimodels/*.py) where one exists; hosted/enterprise-only endpoints follow the assumed shapes documented in
 * src/core/api/hosted-endpoints.ts.
 */
import { HOSTED_ENDPOINTS } from '../src/core/api/hosted-endpoints';
import { ApiFailure, apiError, errors } from './errors';
import { isoNow, newAccessKey, newId, newSecretKey } from './ids';
import type { Identity } from './jwt';
import type { CredentialRecord, Edition, UserRecord, VaultRecord } from './model';
import { matchNames } from './nameFilter';
import { forbiddenKeyError, forbiddenSegment } from './safeKeys';
import type { ServerState } from './state';

export const SERVER_VERSION = '2.3.0';
export const API_VERSION = '2.34';
export const MAX_EXPIRATION_SEC = 31_536_000;
export const DEFAULT_EXPIRATION_SEC = 2_592_000;

export interface CallContext {
  state: ServerState;
  edition: Edition;
  body: Record<string, unknown>;
  /** Undefined only on endpoints with optional/no authorization. */
  identity?: Identity;
  /** 'Basic' | 'Bearer' when authenticated. */
  authType?: 'Basic' | 'Bearer';
  sessionId?: string;
  /** Issues a token for an identity (auth.login, switch). */
  issueToken(identity: Identity, expirationSec?: number): string;
  revokeSession(sessionId: string): void;
}

export interface EndpointDef {
  /** Minimal API version (from the schema files); a lower requested version gets 404/0 like the real server. */
  minVersion: string;
  /** true: must authenticate; false: never checked; null: optional (login.supported_modes). */
  authorize: boolean | null;
  editions: Edition[];
  /** Whether the call changes persisted state (triggers a save). */
  mutates?: boolean;
  handler(ctx: CallContext): unknown;
}

const ALL: Edition[] = ['opensource', 'enterprise', 'hosted'];
const PAID: Edition[] = ['enterprise', 'hosted'];
/** Roles that may change other users' records (apiserver/database/model/auth.py Role). */
const ADMIN_ROLES = new Set(['admin', 'root', 'system']);

// ---- request-model helpers (pydantic/jsonmodels-style validation, 400/12) ------------------------------------

function reqString(body: Record<string, unknown>, field: string): string {
  const v = body[field];
  if (v === undefined || v === null) throw errors.missingField(field);
  if (typeof v !== 'string') throw errors.badType(field, 'a string');
  return v;
}
function reqObject(body: Record<string, unknown>, field: string): Record<string, unknown> {
  const v = body[field];
  if (v === undefined || v === null) throw errors.missingField(field);
  if (typeof v !== 'object' || Array.isArray(v)) throw errors.badType(field, 'an object');
  return v as Record<string, unknown>;
}
function optString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw errors.badType(field, 'a string');
  return v;
}
function optBool(body: Record<string, unknown>, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw errors.badType(field, 'a boolean');
  return v;
}
function optInt(body: Record<string, unknown>, field: string, min?: number): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw errors.badType(field, 'an integer');
  if (min !== undefined && v < min) throw apiError(400, 12, `error for field '${field}'. value must be >= ${min}`);
  return v;
}
function optStringList(body: Record<string, unknown>, field: string): string[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x) => typeof x === 'string')) throw errors.badType(field, 'a list of strings');
  return list as string[];
}

function who(ctx: CallContext): Identity {
  if (!ctx.identity) throw errors.noCredentials();
  return ctx.identity;
}

function currentUser(ctx: CallContext): UserRecord {
  const id = who(ctx);
  const user = ctx.state.user(id.user);
  if (!user) throw apiError(400, 300, 'failed loading user', { user: id.user });
  return user;
}

function credentialView(c: CredentialRecord, edition: Edition): Record<string, unknown> {
  const out: Record<string, unknown> = { access_key: c.accessKey };
  if (c.label !== undefined) out.label = c.label;
  if (c.lastUsed) out.last_used = c.lastUsed;
  if (c.lastUsedFrom) out.last_used_from = c.lastUsedFrom;
  if (edition !== 'opensource' && c.expires) out.expire = c.expires;
  return out;
}

function vaultView(v: VaultRecord): Record<string, unknown> {
  return { id: v.id, data: v.data, description: v.description, enabled: v.enabled, format: v.format, scope: v.scope, type: v.type, last_update: v.lastUpdate };
}

// ---- preferences (users.py set_preferences) ---------------------------------------------------------------------

function checkPreferenceKeys(prefs: Record<string, unknown>): void {
  const visit = (obj: Record<string, unknown>, topLevel: boolean): void => {
    for (const [key, value] of Object.entries(obj)) {
      if (key.startsWith('$') || (!topLevel && key.includes('.'))) throw invalidPreferenceKey(key);
      if (value && typeof value === 'object' && !Array.isArray(value)) visit(value as Record<string, unknown>, false);
    }
  };
  visit(prefs, true);
}

/** users.py set_preferences `invalid_key` (message text as in the server source). */
export function invalidPreferenceKey(key: string): ApiFailure {
  return apiError(400, 16, `Key ${key} is invalid. Keys cannot start with '$' or contain '.'.`);
}

/** dpath.new: places `value` at the dotted path, creating objects; a non-object on the way is 400/305. */
function setAtPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const fail = (): ApiFailure => apiError(400, 305, undefined, { key: path, value: typeof value === 'string' ? value : JSON.stringify(value) });
  if (forbiddenSegment(path)) throw forbiddenKeyError(path);
  const parts = path.split('.');
  let node: Record<string, unknown> = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = node[parts[i]];
    if (next === undefined) {
      node[parts[i]] = {};
    } else if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      throw fail();
    }
    node = node[parts[i]] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

// ---- endpoint table -----------------------------------------------------------------------------------------------

export function buildEndpoints(): Record<string, EndpointDef> {
  const E: Record<string, EndpointDef> = {};

  E['debug.ping'] = {
    minVersion: '2.9', authorize: false, editions: ALL,
    handler: (ctx) => ({ ...ctx.body, msg: 'ClearML server' }),
  };

  E['server.info'] = {
    minVersion: '2.1', authorize: true, editions: ALL,
    handler: () => ({ version: SERVER_VERSION, build: 'local', commit: 'local', uid: 'local-clearml-settings-server', api_version: API_VERSION }),
  };

  E['login.supported_modes'] = {
    minVersion: '2.9', authorize: null, editions: ALL,
    handler: (ctx) => ({
      basic: { enabled: false, guest: { enabled: false } },
      sso: {},
      sso_providers: [],
      server_errors: { missed_es_upgrade: false, es_connection_error: false },
      authenticated: !!ctx.identity,
    }),
  };

  E['auth.login'] = {
    minVersion: '2.1', authorize: true, editions: ALL,
    handler: (ctx) => {
      const requested = optInt(ctx.body, 'expiration_sec');
      if (requested !== undefined && requested > MAX_EXPIRATION_SEC) {
        throw apiError(400, 12, `error for field 'expiration_sec'. value must be <= ${MAX_EXPIRATION_SEC}`);
      }
      ctx.state.counters.logins++;
      return { token: ctx.issueToken(who(ctx), requested) };
    },
  };

  E['auth.logout'] = {
    minVersion: '2.2', authorize: true, editions: ALL, mutates: true,
    handler: (ctx) => {
      if (ctx.sessionId) ctx.revokeSession(ctx.sessionId);
      return {};
    },
  };

  E['login.logout'] = {
    minVersion: '2.13', authorize: null, editions: ALL, mutates: true,
    handler: (ctx) => {
      if (ctx.sessionId) ctx.revokeSession(ctx.sessionId);
      return {};
    },
  };

  E['auth.fixed_users_mode'] = {
    minVersion: '2.1', authorize: false, editions: ALL,
    handler: () => ({ enabled: false, guest: { enabled: false }, server_errors: { missed_es_upgrade: false, es_connection_error: false } }),
  };

  E['auth.create_credentials'] = {
    minVersion: '2.1', authorize: true, editions: ALL, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const label = optString(ctx.body, 'label');
      const rec: CredentialRecord = { accessKey: newAccessKey(), secretKey: newSecretKey(), userId: id.user, companyId: id.company, created: isoNow() };
      if (label !== undefined) rec.label = label;
      ctx.state.data.credentials.push(rec);
      const credentials: Record<string, unknown> = { access_key: rec.accessKey, secret_key: rec.secretKey };
      if (label !== undefined) credentials.label = label;
      return { credentials };
    },
  };

  E['auth.get_credentials'] = {
    minVersion: '2.1', authorize: true, editions: ALL,
    handler: (ctx) => {
      const id = who(ctx);
      const mine = ctx.state.data.credentials.filter((c) => c.userId === id.user);
      const out: Record<string, unknown> = {
        credentials: mine.filter((c) => c.companyId === id.company).map((c) => credentialView(c, ctx.edition)),
      };
      if (ctx.edition === 'hosted') {
        // Seen in the web model authGetCredentialsResponse.ts: keys the user holds in other workspaces.
        const additional: Record<string, unknown[]> = {};
        for (const c of mine) {
          if (c.companyId !== id.company) (additional[c.companyId] ??= []).push(credentialView(c, ctx.edition));
        }
        out.additional_credentials = additional;
      }
      return out;
    },
  };

  E['auth.edit_credentials'] = {
    minVersion: '2.19', authorize: true, editions: ALL, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const key = reqString(ctx.body, 'access_key');
      const label = optString(ctx.body, 'label');
      const rec = ctx.state.data.credentials.find((c) => c.accessKey === key && c.userId === id.user && c.companyId === id.company);
      // Same extra text and kwargs as apiserver/services/auth.py edit_credentials.
      if (!rec) throw apiError(400, 75, 'invalid user or invalid access key', { user: id.user, access_key: key, company: id.company });
      if (label === undefined) delete rec.label;
      else rec.label = label;
      return { updated: 1 };
    },
  };

  E['auth.revoke_credentials'] = {
    minVersion: '2.1', authorize: true, editions: ALL, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const key = reqString(ctx.body, 'access_key');
      const list = ctx.state.data.credentials;
      const idx = list.findIndex((c) => c.accessKey === key && c.userId === id.user && c.companyId === id.company);
      // Same extra text and kwargs (the Mongo query) as apiserver/services/auth.py revoke_credentials.
      if (idx < 0) throw apiError(400, 300, 'invalid user or invalid access key', { id: id.user, company: id.company, credentials__key: key });
      list.splice(idx, 1);
      return { revoked: 1 };
    },
  };

  E['users.get_current_user'] = {
    minVersion: '2.1', authorize: true, editions: ALL,
    handler: (ctx) => {
      const id = who(ctx);
      const user = currentUser(ctx);
      const company = ctx.state.company(id.company);
      const out: Record<string, unknown> = {
        id: user.id,
        name: user.name,
        given_name: user.givenName,
        family_name: user.familyName,
        avatar: user.avatar ?? null,
        company: { id: id.company, name: company?.name ?? id.company_name },
        role: id.role,
        created: user.created,
        created_in_version: user.createdInVersion,
      };
      // The open-source server has no e-mail on the user document; hosted shows it (web profile-name component).
      if (ctx.edition !== 'opensource' && user.email) out.email = user.email;
      for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
      return {
        user: out,
        getting_started: { agentName: 'clearml', configure: 'clearml-init', install: 'pip install clearml', packageName: 'clearml' },
        settings: { max_download_items: 1000 },
      };
    },
  };

  E['users.update'] = {
    minVersion: '2.1', authorize: true, editions: ALL, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const userId = reqString(ctx.body, 'user');
      const target = ctx.state.user(userId);
      if (!target || !ctx.state.membership(userId, id.company)) throw apiError(400, 301, undefined, { id: userId });
      if (userId !== id.user && !ADMIN_ROLES.has(id.role)) throw apiError(403, 21, 'only administrators can update other users', { user: userId });
      const fields: Record<string, string> = {};
      const apply = (field: string, prop: 'name' | 'givenName' | 'familyName'): void => {
        const v = optString(ctx.body, field);
        if (v !== undefined && v !== target[prop]) {
          target[prop] = v;
          fields[field] = v;
        }
      };
      apply('name', 'name');
      apply('given_name', 'givenName');
      apply('family_name', 'familyName');
      return { updated: Object.keys(fields).length ? 1 : 0, fields };
    },
  };

  E['users.get_preferences'] = {
    minVersion: '2.1', authorize: true, editions: ALL,
    handler: (ctx) => ({ preferences: currentUser(ctx).preferences ?? {} }),
  };

  E['users.set_preferences'] = {
    minVersion: '2.1', authorize: true, editions: ALL, mutates: true,
    handler: (ctx) => {
      const user = currentUser(ctx);
      const prefs = reqObject(ctx.body, 'preferences');
      const returnUpdated = optBool(ctx.body, 'return_updated') ?? true;
      checkPreferenceKeys(prefs);
      const next = structuredClone(user.preferences ?? {});
      for (const [key, value] of Object.entries(prefs)) setAtPath(next, key, value);
      const changed = JSON.stringify(next) !== JSON.stringify(user.preferences ?? {});
      if (changed) user.preferences = next;
      return { updated: changed ? 1 : 0, fields: changed && returnUpdated ? { preferences: next } : {} };
    },
  };

  const listUsers = (ctx: CallContext, joinCompany: boolean): unknown => {
    const id = who(ctx);
    const b = ctx.body;
    const nameRe = optString(b, 'name');
    const ids = optStringList(b, 'id');
    const page = optInt(b, 'page', 0);
    const pageSize = optInt(b, 'page_size', 1);
    const orderBy = optStringList(b, 'order_by') ?? [];
    const onlyFields = optStringList(b, 'only_fields');
    let users = ctx.state.membersOf(id.company);
    if (nameRe !== undefined) {
      const matches = matchNames(nameRe, users.map((u) => u.name));
      users = users.filter((_, i) => matches[i]);
    }
    if (ids) users = users.filter((u) => ids.includes(u.id));
    for (const field of [...orderBy].reverse()) {
      const desc = field.startsWith('-');
      const f = (desc ? field.slice(1) : field) as 'name' | 'created' | 'id';
      users = [...users].sort((a, b2) => String(a[f] ?? '').localeCompare(String(b2[f] ?? '')) * (desc ? -1 : 1));
    }
    if (page !== undefined || pageSize !== undefined) {
      const size = pageSize ?? 500;
      users = users.slice((page ?? 0) * size, (page ?? 0) * size + size);
    }
    const company = ctx.state.company(id.company);
    const rows = users.map((u) => {
      const row: Record<string, unknown> = {
        id: u.id, name: u.name, given_name: u.givenName, family_name: u.familyName, avatar: u.avatar ?? null,
        company: joinCompany ? { id: id.company, name: company?.name } : id.company, created: u.created,
      };
      if (ctx.edition !== 'opensource') {
        row.email = u.email;
        row.role = ctx.state.membership(u.id, id.company)?.role;
      }
      for (const k of Object.keys(row)) if (row[k] === undefined) delete row[k];
      if (onlyFields) {
        const keep = new Set(onlyFields.map((f) => f.split('.')[0]).concat('id'));
        for (const k of Object.keys(row)) if (!keep.has(k)) delete row[k];
      }
      return row;
    });
    return { users: rows };
  };
  E['users.get_all_ex'] = { minVersion: '2.1', authorize: true, editions: ALL, handler: (ctx) => listUsers(ctx, true) };
  E['users.get_all'] = { minVersion: '2.1', authorize: true, editions: ALL, handler: (ctx) => listUsers(ctx, false) };

  E['organization.get_user_companies'] = {
    minVersion: '2.12', authorize: true, editions: ALL,
    handler: (ctx) => {
      const id = who(ctx);
      const describe = (companyId: string, ownersOnly: boolean): Record<string, unknown> => {
        const c = ctx.state.company(companyId);
        const members = ctx.state.membersOf(companyId);
        const owners = ownersOnly ? members.filter((u) => u.id === c?.ownerId) : members;
        return {
          id: companyId, name: c?.name ?? companyId, allocated: members.length,
          owners: owners.map((u) => ({ id: u.id, name: u.name, avatar: u.avatar ?? null })),
        };
      };
      if (ctx.edition !== 'hosted') return { companies: [describe(id.company, false)] };
      const user = currentUser(ctx);
      const mine = ctx.state.data.memberships.filter((m) => m.userId === id.user).map((m) => m.companyId);
      mine.sort((a, b) => (a === user.company ? -1 : b === user.company ? 1 : 0));
      return { companies: mine.map((c) => describe(c, true)) };
    },
  };

  E['server.report_stats_option'] = {
    minVersion: '2.4', authorize: true, editions: ['opensource'],
    handler: (ctx) => {
      const id = who(ctx);
      const company = ctx.state.company(id.company);
      const enabled = optBool(ctx.body, 'enabled');
      if (company && enabled !== undefined) {
        company.statsOption = enabled
          ? { enabled: true, enabledTime: isoNow(), enabledVersion: SERVER_VERSION, enabledUser: id.user }
          : { enabled: false };
        ctx.state.markDirty();
      }
      const opt = company?.statsOption;
      const out: Record<string, unknown> = { supported: true, enabled: opt?.enabled ?? false, current_version: SERVER_VERSION };
      if (opt?.enabled) Object.assign(out, { enabled_time: opt.enabledTime, enabled_version: opt.enabledVersion, enabled_user: opt.enabledUser });
      return out;
    },
  };

  // ---- vaults (enterprise; documented in clearml-docs admin_vaults.md) ---------------------------------------

  const visibleVaults = (ctx: CallContext): VaultRecord[] => {
    const id = who(ctx);
    return ctx.state.data.vaults.filter((v) => v.companyId === id.company && (v.scope !== 'user' || v.userId === id.user));
  };
  const canWrite = (ctx: CallContext, v: { scope: string; userId?: string }): boolean => {
    const id = who(ctx);
    return v.scope === 'user' ? v.userId === undefined || v.userId === id.user : id.role === 'admin';
  };

  E['users.get_vaults'] = {
    minVersion: '2.15', authorize: true, editions: PAID,
    handler: (ctx) => {
      const enabled = optBool(ctx.body, 'enabled');
      const types = optStringList(ctx.body, 'types');
      let list = visibleVaults(ctx);
      if (enabled !== undefined) list = list.filter((v) => v.enabled === enabled);
      if (types && types.length) list = list.filter((v) => types.includes(v.type));
      return { vaults: list.map(vaultView) };
    },
  };

  E['users.add_or_update_vault'] = {
    minVersion: '2.15', authorize: true, editions: PAID, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const v = reqObject(ctx.body, 'vault');
      const vaultId = optString(v, 'id');
      const scope = optString(v, 'scope') ?? 'user';
      const format = optString(v, 'format') ?? 'hocon';
      if (!['hocon', 'json', 'yaml'].includes(format)) throw apiError(400, 12, `error for field 'format'. value must be one of hocon, json, yaml`);
      const data = optString(v, 'data') ?? '';
      const enabled = optBool(v, 'enabled');
      const type = optString(v, 'type') ?? 'config';
      const description = optString(v, 'description');
      if (vaultId) {
        const rec = visibleVaults(ctx).find((x) => x.id === vaultId);
        if (!rec) throw apiError(400, 10, 'vault not found', { id: vaultId });
        if (!canWrite(ctx, rec)) throw apiError(403, 21, 'only administrators can change group vaults');
        Object.assign(rec, { data, format, type, lastUpdate: isoNow() });
        if (enabled !== undefined) rec.enabled = enabled;
        if (description !== undefined) rec.description = description;
        return { vault: rec.id };
      }
      if (!canWrite(ctx, { scope })) throw apiError(403, 21, 'only administrators can change group vaults');
      const rec: VaultRecord = {
        id: newId(), companyId: id.company, scope, type, format, enabled: enabled ?? true, data, description: description ?? '', lastUpdate: isoNow(),
      };
      if (scope === 'user') rec.userId = id.user;
      else rec.group = optString(ctx.body, 'group');
      ctx.state.data.vaults.push(rec);
      return { vault: rec.id };
    },
  };

  E['users.delete_vaults'] = {
    minVersion: '2.15', authorize: true, editions: PAID, mutates: true,
    handler: (ctx) => {
      const ids = optStringList(ctx.body, 'vaults');
      if (!ids) throw errors.missingField('vaults');
      const visible = visibleVaults(ctx).filter((v) => ids.includes(v.id));
      const denied = visible.find((v) => !canWrite(ctx, v));
      if (denied) throw apiError(403, 21, 'only administrators can change group vaults', { id: denied.id });
      const doomed = new Set(visible.map((v) => v.id));
      ctx.state.data.vaults = ctx.state.data.vaults.filter((v) => !doomed.has(v.id));
      return { deleted: doomed.size };
    },
  };

  // ---- hosted-only (assumed names, see src/core/api/hosted-endpoints.ts) ----------------------------------------

  const H = HOSTED_ENDPOINTS;
  const requireMember = (ctx: CallContext, companyId: string): void => {
    if (!ctx.state.membership(who(ctx).user, companyId)) throw apiError(400, 10, 'not a member of this workspace', { company: companyId });
  };

  E[H.switchWorkspace] = {
    minVersion: '2.1', authorize: true, editions: ['hosted'], mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const companyId = reqString(ctx.body, 'company');
      requireMember(ctx, companyId);
      const company = ctx.state.company(companyId);
      const user = currentUser(ctx);
      user.activeCompany = companyId;
      const membership = ctx.state.membership(id.user, companyId);
      const token = ctx.issueToken({ ...id, company: companyId, company_name: company?.name ?? '', role: membership?.role ?? 'user' });
      return { company: { id: companyId, name: company?.name }, token };
    },
  };

  E[H.leaveWorkspace] = {
    minVersion: '2.1', authorize: true, editions: ['hosted'], mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const companyId = reqString(ctx.body, 'company');
      requireMember(ctx, companyId);
      const company = ctx.state.company(companyId);
      if (company?.ownerId === id.user) throw apiError(403, 21, 'you cannot leave your own workspace', { company: companyId });
      const d = ctx.state.data;
      d.memberships = d.memberships.filter((m) => !(m.userId === id.user && m.companyId === companyId));
      d.credentials = d.credentials.filter((c) => !(c.userId === id.user && c.companyId === companyId));
      d.gatewayTokens = d.gatewayTokens.filter((t) => !(t.userId === id.user && t.companyId === companyId));
      return { left: 1 };
    },
  };

  E[H.renameWorkspace] = {
    minVersion: '2.1', authorize: true, editions: ['hosted'], mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const companyId = reqString(ctx.body, 'company');
      const name = reqString(ctx.body, 'name').trim();
      if (!name) throw apiError(400, 12, `error for field 'name'. value must not be empty`);
      requireMember(ctx, companyId);
      const company = ctx.state.company(companyId);
      if (!company || company.ownerId !== id.user) throw apiError(403, 21, 'only the owner can rename a workspace', { company: companyId });
      const changed = company.name !== name;
      company.name = name;
      return { updated: changed ? 1 : 0 };
    },
  };

  const inviteView = (ctx: CallContext, inv: { id: string; companyId: string; created: string; expires: string; emails: string[] }): Record<string, unknown> => ({
    id: inv.id, company: inv.companyId, company_name: ctx.state.company(inv.companyId)?.name, created: inv.created, expires: inv.expires, emails: inv.emails,
  });

  E[H.inviteUsers] = {
    minVersion: '2.1', authorize: true, editions: ['hosted'], mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const emails = optStringList(ctx.body, 'emails');
      if (!emails || !emails.length) throw errors.missingField('emails');
      const bad = emails.find((e) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e));
      if (bad) throw apiError(400, 12, `error for field 'emails'. invalid e-mail address`, { email: bad });
      const created = new Date();
      const inv = { id: newId(), companyId: id.company, invitedBy: id.user, emails, created: isoNow(created), expires: isoNow(new Date(created.getTime() + 30 * 86400_000)) };
      ctx.state.data.invites.push(inv);
      return { invite: { ...inviteView(ctx, inv), link: `https://app.clear.ml/login?invite=${inv.id}` } };
    },
  };

  E[H.getInvites] = {
    minVersion: '2.1', authorize: true, editions: ['hosted'],
    handler: (ctx) => {
      const id = who(ctx);
      return { invites: ctx.state.data.invites.filter((i) => i.companyId === id.company).map((i) => inviteView(ctx, i)) };
    },
  };

  const tokenView = (t: { id: string; label?: string; created: string; expires: string }): Record<string, unknown> => ({ id: t.id, label: t.label, created: t.created, expires: t.expires });

  E[H.generateGatewayToken] = {
    minVersion: '2.1', authorize: true, editions: PAID, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const label = optString(ctx.body, 'label');
      const days = optInt(ctx.body, 'expiration_days', 1);
      if (days === undefined) throw errors.missingField('expiration_days');
      if (days > 365) throw apiError(400, 12, `error for field 'expiration_days'. value must be <= 365`);
      const created = new Date();
      const rec = { id: newId(), userId: id.user, companyId: id.company, label, token: `gw_${newSecretKey()}`, created: isoNow(created), expires: isoNow(new Date(created.getTime() + days * 86400_000)) };
      ctx.state.data.gatewayTokens.push(rec);
      return { token: rec.token, ...tokenView(rec) };
    },
  };

  E[H.getGatewayTokens] = {
    minVersion: '2.1', authorize: true, editions: PAID,
    handler: (ctx) => {
      const id = who(ctx);
      return { tokens: ctx.state.data.gatewayTokens.filter((t) => t.userId === id.user && t.companyId === id.company).map(tokenView) };
    },
  };

  E[H.revokeGatewayToken] = {
    minVersion: '2.1', authorize: true, editions: PAID, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const tokenId = reqString(ctx.body, 'id');
      const list = ctx.state.data.gatewayTokens;
      const idx = list.findIndex((t) => t.id === tokenId && t.userId === id.user && t.companyId === id.company);
      if (idx < 0) throw apiError(400, 10, 'gateway token not found', { id: tokenId });
      list.splice(idx, 1);
      return { revoked: 1 };
    },
  };

  return E;
}

export { ApiFailure };
