/**
 * ASSUMED endpoint names for hosted/enterprise-only operations. None of these are published: the hosted service
 * (app.clear.ml) and the Enterprise server are closed source (contract §2.6, §2.7, §7 gap 1). Only
 * `users.get_invites` has a public trace (the response model usersGetInvitesResponseInvites.ts in clearml-web).
 * The names follow the open-source naming style (`<service>.<verb>_<noun>`). If a real server answers 404/0
 * "Unable to find endpoint", the client reports FeatureUnavailableError instead of failing, so a wrong guess
 * degrades to "not available on this server". Change a name here and both the client and the local server
 * follow (the local server imports this table).
 *
 * Request/response shapes (also assumptions, implemented by the local server):
 *   switchWorkspace  {company}                      -> {company: {id, name}, token?}   token re-scoped to `company`
 *   leaveWorkspace   {company}                      -> {left: 1}                       revokes the caller's keys there
 *   renameWorkspace  {company, name}                -> {updated: 1}                    owner only
 *   inviteUsers      {emails: string[]}             -> {invite: {id, company, company_name, created, expires, emails, link}}
 *   getInvites       {}                             -> {invites: [{id, company, company_name, created, expires, emails}]}
 *   generateGatewayToken {label, expiration_days}   -> {token, id, label, created, expires}   token shown once
 *   getGatewayTokens {}                             -> {tokens: [{id, label, created, expires}]}
 *   revokeGatewayToken {id}                         -> {revoked: 1}
 */
export const HOSTED_ENDPOINTS = {
  switchWorkspace: 'organization.switch_company',
  leaveWorkspace: 'organization.leave_company',
  renameWorkspace: 'organization.rename_company',
  inviteUsers: 'organization.invite_users',
  getInvites: 'users.get_invites',
  generateGatewayToken: 'gateway.generate_token',
  getGatewayTokens: 'gateway.get_tokens',
  revokeGatewayToken: 'gateway.revoke_token',
} as const;

export type HostedOperation = keyof typeof HOSTED_ENDPOINTS;
