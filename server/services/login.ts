/**
 * login.* (apiserver/services/login/__init__.py) plus the hosted calls the web app's source shows:
 * `login.leave_company` (leave a workspace, get a token for the user's own one) and `login.add_invites` /
 * `login.remove_invites` (the e-mail addresses invited to the workspace).
 */
import { HOSTED_ENDPOINTS as H } from '../../src/core/api/hosted-endpoints';
import { apiError } from '../errors';
import { isoNow } from '../ids';
import { logout } from './auth';
import { ALL, HOSTED, currentUser, requireMember, who, type EndpointTable } from './context';
import { optBool, optStringList, reqString } from './validate';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function emailsOf(body: Record<string, unknown>): string[] {
  const emails = (optStringList(body, 'emails') ?? []).map((e) => e.trim().toLowerCase());
  const bad = emails.find((e) => !EMAIL.test(e));
  if (bad) throw apiError(400, 12, `error for field 'emails'. invalid e-mail address`, { email: bad });
  return [...new Set(emails)];
}

export const loginEndpoints: EndpointTable = {
  'login.supported_modes': {
    minVersion: '2.9', authorize: null, editions: ALL,
    handler: (ctx) => ({
      basic: { enabled: false, guest: { enabled: false } },
      sso: {},
      sso_providers: [],
      server_errors: { missed_es_upgrade: false, es_connection_error: false },
      authenticated: !!ctx.identity,
    }),
  },

  'login.logout': { minVersion: '2.13', authorize: null, editions: ALL, mutates: true, handler: logout },

  [H.leaveWorkspace]: {
    minVersion: '2.1', authorize: true, editions: HOSTED, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const user = currentUser(ctx);
      const companyId = reqString(ctx.body, 'company_id');
      const returnToken = optBool(ctx.body, 'return_token') ?? true;
      requireMember(ctx, companyId);
      if (companyId === user.company || ctx.state.company(companyId)?.ownerId === id.user) {
        throw apiError(400, 0, 'cannot leave your own workspace', { company: companyId });
      }
      const d = ctx.state.data;
      d.memberships = d.memberships.filter((m) => !(m.userId === id.user && m.companyId === companyId));
      d.credentials = d.credentials.filter((c) => !(c.userId === id.user && c.companyId === companyId));
      d.gatewayTokens = d.gatewayTokens.filter((t) => !(t.userId === id.user && t.companyId === companyId));
      if (user.activeCompany === companyId) delete user.activeCompany;
      const own = ctx.state.company(user.company);
      const out: Record<string, unknown> = { company_id: user.company, company_name: own?.name ?? '' };
      if (returnToken) out.token = ctx.issueToken(ctx.identityFor(id.user, user.company));
      return out;
    },
  },

  [H.addInviteEmails]: {
    minVersion: '2.1', authorize: true, editions: HOSTED, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const emails = emailsOf(ctx.body);
      const d = ctx.state.data;
      d.invitedEmails ??= [];
      const members = new Set(ctx.state.membersOf(id.company).map((u) => u.email?.toLowerCase()));
      const added = emails.filter((e) => !members.has(e) && !d.invitedEmails!.some((x) => x.companyId === id.company && x.email === e));
      // The e-mails go with the inviter's newest link (Invite Users creates the link, then adds the addresses).
      const link = d.invites.filter((i) => i.companyId === id.company && i.invitedBy === id.user && !i.revoked).at(-1);
      for (const email of added) d.invitedEmails.push({ email, companyId: id.company, invitedBy: id.user, invited: isoNow(), ...(link ? { inviteId: link.id } : {}) });
      return { added };
    },
  },

  [H.removeInviteEmails]: {
    minVersion: '2.1', authorize: true, editions: HOSTED, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const emails = new Set(emailsOf(ctx.body));
      const d = ctx.state.data;
      const removed = (d.invitedEmails ?? []).filter((x) => x.companyId === id.company && emails.has(x.email)).map((x) => x.email);
      d.invitedEmails = (d.invitedEmails ?? []).filter((x) => !(x.companyId === id.company && emails.has(x.email)));
      return { removed };
    },
  },
};
