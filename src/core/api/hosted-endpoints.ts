/**
 * Endpoint names of the hosted-service (app.clear.ml) workspace operations, with where each name comes from.
 * The hosted server is closed source; the open-source web app's history shows how it performed these operations
 * (contract §2.6b): no switch endpoint (a tenant header plus the `users.activeWorkspace` preference), leaving via
 * `login.leave_company`, invitations via `organization.*_invite(s)` and `login.*_invites`. Those names come from
 * the web app's 2021 source and may have changed since, so every call is feature-detected: 404/0 "Unable to find
 * endpoint" becomes FeatureUnavailableError.
 *
 * Renaming a workspace and AI gateway tokens have NO public trace at all: their names below are ASSUMPTIONS in the
 * open-source naming style, kept in this one table. The local server (server/) implements every name here, so a
 * change here moves the client and the local server together.
 */

export type EndpointSource = 'web-app source' | 'assumption';

interface HostedEndpoint { readonly name: string; readonly source: EndpointSource; readonly shape: string }

const table = {
  leaveWorkspace: { name: 'login.leave_company', source: 'web-app source', shape: '{company_id, return_token?} -> {company_id, company_name, token}' },
  createInvite: { name: 'organization.create_invite', source: 'web-app source', shape: '{} -> {id, allowed_users, allocated_users}; link <web>/?invite=<id>, valid 24 h' },
  getInvites: { name: 'organization.get_invites', source: 'web-app source', shape: '{active?, id?, page?, page_size?, order_by?} -> {invites: [{id, user, company, created, expires, emails?}]} (emails[] as the web model users.get_invites item)' },
  revokeInvites: { name: 'organization.revoke_invites', source: 'web-app source', shape: '{invites: [id]} -> {revoked}' },
  addInviteEmails: { name: 'login.add_invites', source: 'web-app source', shape: '{emails} -> {added: [email]}' },
  removeInviteEmails: { name: 'login.remove_invites', source: 'web-app source', shape: '{emails} -> {removed: [email]}' },
  renameWorkspace: { name: 'organization.rename_company', source: 'assumption', shape: '{company, name} -> {updated} (owner only)' },
  generateGatewayToken: { name: 'gateway.generate_token', source: 'assumption', shape: '{label, expiration_days} -> {token, id, label, created, expires} (token shown once)' },
  getGatewayTokens: { name: 'gateway.get_tokens', source: 'assumption', shape: '{} -> {tokens: [{id, label, created, expires}]}' },
  revokeGatewayToken: { name: 'gateway.revoke_token', source: 'assumption', shape: '{id} -> {revoked}' },
} as const satisfies Record<string, HostedEndpoint>;

export type HostedOperation = keyof typeof table;

/** Operation -> endpoint name. */
export const HOSTED_ENDPOINTS = Object.fromEntries(Object.entries(table).map(([op, e]) => [op, e.name])) as { readonly [K in HostedOperation]: (typeof table)[K]['name'] };

/** Operation -> where the name comes from and the assumed request/response shape. */
export const HOSTED_ENDPOINT_SOURCES: Readonly<Record<HostedOperation, HostedEndpoint>> = table;

/** The tenant header the web app sends with requests meant for one workspace (2021: X-Allegro-Tenant). */
export const TENANT_HEADER = 'X-Clearml-Tenant';

/** Invitation links are valid this long (the web app's invite dialog says 24 hours). */
export const INVITE_VALIDITY_MS = 24 * 3600_000;

/**
 * The one way to build an invitation link, like the web app's invite dialog: `<web origin>/?invite=<invite id>`,
 * where the id is the server's answer to organization.create_invite.
 */
export function inviteLink(webServer: string, inviteId: string): string {
  let origin: string;
  try {
    origin = new URL(webServer).origin;
  } catch {
    origin = webServer.replace(/\/+$/, '');
  }
  return `${origin}/?invite=${encodeURIComponent(inviteId)}`;
}
