/**
 * Hosted-only operations (app.clear.ml): switch/leave/rename workspace, invites, AI gateway tokens. The endpoint
 * names are ASSUMPTIONS listed in one table, HOSTED_ENDPOINTS (./hosted-endpoints.ts); every call is guarded so a
 * server without the endpoint (404/0) or with feature_set "basic" yields FeatureUnavailableError.
 *
 * Workspace semantics the UI must follow:
 *  - On hosted, API credentials belong to ONE workspace: a key created while workspace B is active only works
 *    in B, and the token's `identity.company` is the workspace of the key that logged in.
 *  - Switching to workspace B therefore means: (1) if the profile has credentials for B, build a client with
 *    them (its token is already scoped to B) and call `hosted.switchWorkspace(B)` so the web UI opens in B too;
 *    (2) if it has none, call `switchWorkspace(B)` on the current client — the server answers with a token
 *    re-scoped to B, which this client adopts — then `createCredentials()` (now created in B), store those for B,
 *    and rebuild the client with them. Until rebuilt, a re-login with the old key returns to the old workspace.
 *  - Leaving a workspace revokes the caller's keys there: the UI must confirm (modal), must not offer it for the
 *    caller's own workspace (`Workspace.isOwn`), and afterwards drop the stored credentials for it.
 *  - Renaming is allowed only for the owner (`isOwn`). Invites return a link the UI can copy.
 *  - Gateway tokens are shown once (`generateGatewayToken().token`); lists carry only metadata.
 *  - None of these calls is retried automatically except rename/switch/revoke (idempotent).
 */
import type { ClientCore } from './client';
import type { CallOptions, GatewayToken, HostedApi, Invite } from './index';
import { HOSTED_ENDPOINTS as H } from './hosted-endpoints';

export { HOSTED_ENDPOINTS } from './hosted-endpoints';

interface RawInvite { id: string; emails?: string[]; created?: string; expires?: string; link?: string; company_name?: string }
interface RawToken { id: string; label?: string; created?: string; expires?: string }

function toInvite(r: RawInvite): Invite {
  const out: Invite = { id: r.id, emails: r.emails ?? [] };
  if (r.created) out.created = r.created;
  if (r.expires) out.expires = r.expires;
  if (r.link) out.link = r.link;
  if (r.company_name) out.companyName = r.company_name;
  return out;
}

function toToken(r: RawToken): GatewayToken {
  const out: GatewayToken = { id: r.id };
  if (r.label) out.label = r.label;
  if (r.created) out.created = r.created;
  if (r.expires) out.expires = r.expires;
  return out;
}

export class HostedClient implements HostedApi {
  constructor(private readonly core: ClientCore) {}

  switchWorkspace(workspaceId: string, opts?: CallOptions): Promise<void> {
    return this.core.guard('workspaces', H.switchWorkspace, async () => {
      const data = await this.core.request<{ token?: string }>(H.switchWorkspace, { company: workspaceId }, opts);
      if (data?.token) this.core.adoptToken(data.token);
    }, opts);
  }

  leaveWorkspace(workspaceId: string, opts?: CallOptions): Promise<void> {
    return this.core.guard('workspaces', H.leaveWorkspace, async () => {
      await this.core.request(H.leaveWorkspace, { company: workspaceId }, opts);
    }, opts);
  }

  renameWorkspace(workspaceId: string, name: string, opts?: CallOptions): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) return Promise.reject(new Error('The workspace name cannot be empty'));
    return this.core.guard('workspaces', H.renameWorkspace, async () => {
      await this.core.request(H.renameWorkspace, { company: workspaceId, name: trimmed }, opts);
    }, opts);
  }

  inviteUsers(emails: string[], opts?: CallOptions): Promise<Invite> {
    const list = emails.map((e) => e.trim()).filter(Boolean);
    if (!list.length) return Promise.reject(new Error('Enter at least one e-mail address to invite'));
    return this.core.guard('invites', H.inviteUsers, async () => {
      const data = await this.core.request<{ invite: RawInvite }>(H.inviteUsers, { emails: list }, opts);
      return toInvite(data.invite);
    }, opts);
  }

  getPendingInvites(opts?: CallOptions): Promise<Invite[]> {
    return this.core.guard('invites', H.getInvites, async () => {
      const data = await this.core.request<{ invites?: RawInvite[] }>(H.getInvites, {}, opts);
      return (data.invites ?? []).map(toInvite);
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
