/**
 * Hosted-service workspace operations (app.clear.ml): leave, rename, invitations, AI gateway tokens. Endpoint names
 * and where each comes from are in hosted-endpoints.ts; every call is guarded so a server without the endpoint
 * (404/0) or with feature_set "basic" yields FeatureUnavailableError.
 *
 * Semantics the UI follows (the web app's): API keys belong to one workspace; switching is choosing that
 * workspace's key (there is no switch endpoint) and remembering it in `users.activeWorkspace`. Leaving revokes the
 * caller's keys there and answers with a token for the user's own workspace, which this client adopts. An
 * invitation is a link (`inviteLink`) valid 24 hours; e-mail addresses are added to the workspace separately.
 */
import { HOSTED_ENDPOINTS as H } from './hosted-endpoints';
import type { CallOptions, ClientCore, CreatedInvite, GatewayToken, HostedApi, Invite, LeftWorkspace } from './types';

interface RawInvite { id: string; user?: string; company?: string; created?: string; expires?: string; emails?: unknown }
interface RawToken { id: string; label?: string; created?: string; expires?: string }

function toInvite(r: RawInvite): Invite {
  const out: Invite = { id: r.id };
  if (r.created) out.created = r.created;
  if (r.expires) out.expires = r.expires;
  if (r.user) out.invitedBy = r.user;
  if (r.company) out.workspaceId = r.company;
  // Server data: only strings are addresses.
  if (Array.isArray(r.emails)) out.emails = r.emails.filter((e): e is string => typeof e === 'string');
  return out;
}

function toToken(r: RawToken): GatewayToken {
  const out: GatewayToken = { id: r.id };
  if (r.label) out.label = r.label;
  if (r.created) out.created = r.created;
  if (r.expires) out.expires = r.expires;
  return out;
}

function cleanEmails(emails: string[]): string[] {
  return emails.map((e) => e.trim()).filter(Boolean);
}

export class HostedClient implements HostedApi {
  constructor(private readonly core: ClientCore) {}

  leaveWorkspace(workspaceId: string, opts?: CallOptions): Promise<LeftWorkspace> {
    return this.core.guard('workspaces', H.leaveWorkspace, async () => {
      // Like the web app: the request names the workspace being left in the body and in the tenant header.
      const data = await this.core.request<{ company_id?: string; company_name?: string; token?: string }>(H.leaveWorkspace, { company_id: workspaceId, return_token: true }, { ...opts, workspaceId });
      if (data.token) this.core.adoptToken(data.token);
      const out: LeftWorkspace = { workspaceId: data.company_id ?? '' };
      if (data.company_name) out.workspaceName = data.company_name;
      if (data.token) out.token = data.token;
      return out;
    }, opts);
  }

  renameWorkspace(workspaceId: string, name: string, opts?: CallOptions): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) return Promise.reject(new Error('The workspace name cannot be empty'));
    return this.core.guard('workspaces', H.renameWorkspace, async () => {
      await this.core.request(H.renameWorkspace, { company: workspaceId, name: trimmed }, { ...opts, workspaceId });
    }, opts);
  }

  createInvite(opts?: CallOptions): Promise<CreatedInvite> {
    return this.core.guard('invites', H.createInvite, async () => {
      const data = await this.core.request<{ id: string; allowed_users?: number; allocated_users?: number }>(H.createInvite, {}, opts);
      const out: CreatedInvite = { id: data.id };
      if (data.allowed_users !== undefined) out.allowedUsers = data.allowed_users;
      if (data.allocated_users !== undefined) out.allocatedUsers = data.allocated_users;
      return out;
    }, opts);
  }

  getInvites(opts?: CallOptions): Promise<Invite[]> {
    return this.core.guard('invites', H.getInvites, async () => {
      const data = await this.core.request<{ invites?: RawInvite[] }>(H.getInvites, { active: true }, opts);
      return (data.invites ?? []).map(toInvite);
    }, opts);
  }

  revokeInvites(ids: string[], opts?: CallOptions): Promise<number> {
    if (!ids.length) return Promise.resolve(0);
    return this.core.guard('invites', H.revokeInvites, async () => {
      const data = await this.core.request<{ revoked?: number }>(H.revokeInvites, { invites: ids }, opts);
      return data.revoked ?? 0;
    }, opts);
  }

  addInviteEmails(emails: string[], opts?: CallOptions): Promise<string[]> {
    const list = cleanEmails(emails);
    if (!list.length) return Promise.reject(new Error('Enter at least one e-mail address to invite'));
    return this.core.guard('invites', H.addInviteEmails, async () => {
      const data = await this.core.request<{ added?: string[] }>(H.addInviteEmails, { emails: list }, opts);
      return data.added ?? [];
    }, opts);
  }

  removeInviteEmails(emails: string[], opts?: CallOptions): Promise<string[]> {
    const list = cleanEmails(emails);
    if (!list.length) return Promise.resolve([]);
    return this.core.guard('invites', H.removeInviteEmails, async () => {
      const data = await this.core.request<{ removed?: string[] }>(H.removeInviteEmails, { emails: list }, opts);
      return data.removed ?? [];
    }, opts);
  }

  generateGatewayToken(label: string, expirationDays: number, opts?: CallOptions): Promise<{ token: string; info: GatewayToken }> {
    if (!Number.isInteger(expirationDays) || expirationDays < 1) return Promise.reject(new Error(`Expiration must be a whole number of days >= 1 (got ${expirationDays})`));
    return this.core.guard('gatewayTokens', H.generateGatewayToken, async () => {
      const data = await this.core.request<RawToken & { token: string }>(H.generateGatewayToken, { label, expiration_days: expirationDays }, opts);
      this.core.rememberSecret(data.token);
      return { token: data.token, info: toToken(data) };
    }, opts);
  }

  listGatewayTokens(opts?: CallOptions): Promise<GatewayToken[]> {
    return this.core.guard('gatewayTokens', H.getGatewayTokens, async () => {
      const data = await this.core.request<{ tokens?: RawToken[] }>(H.getGatewayTokens, {}, opts);
      return (data.tokens ?? []).map(toToken);
    }, opts);
  }

  revokeGatewayToken(id: string, opts?: CallOptions): Promise<void> {
    return this.core.guard('gatewayTokens', H.revokeGatewayToken, async () => {
      await this.core.request(H.revokeGatewayToken, { id }, opts);
    }, opts);
  }
}
