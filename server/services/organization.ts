/**
 * organization.* (apiserver/services/organization.py): the user's workspaces, plus the hosted invitation links
 * the web app's source shows (`create_invite`, `get_invites`, `revoke_invites`; a link is valid 24 hours) and the
 * assumed rename call (no public trace; see src/core/api/hosted-endpoints.ts).
 */
import { HOSTED_ENDPOINTS as H, INVITE_VALIDITY_MS } from '../../src/core/api/hosted-endpoints';
import { apiError } from '../errors';
import { isoNow, newId } from '../ids';
import type { InvitedEmailRecord, InviteRecord } from '../model';
import { ADMIN_ROLES, ALL, HOSTED, WORKSPACE_SEATS, currentUser, requireMember, who, type CallContext, type EndpointTable } from './context';
import { optBool, optInt, optStringList, reqString } from './validate';

function describeCompany(ctx: CallContext, companyId: string, ownersOnly: boolean): Record<string, unknown> {
  const c = ctx.state.company(companyId);
  const members = ctx.state.membersOf(companyId);
  const owners = ownersOnly ? members.filter((u) => u.id === c?.ownerId) : members;
  const out: Record<string, unknown> = {
    id: companyId, name: c?.name ?? companyId, allocated: members.length,
    owners: owners.map((u) => ({ id: u.id, name: u.name, avatar: u.avatar ?? null })),
  };
  if (ctx.edition === 'hosted') out.allowed = WORKSPACE_SEATS;
  return out;
}

const isActive = (inv: InviteRecord, now: number): boolean => !inv.revoked && Date.parse(inv.expires) > now;

/** As the web model's invite item (usersGetInvitesResponseInvites: `emails[]`): the addresses invited with the link. */
const inviteView = (inv: InviteRecord, invited: readonly InvitedEmailRecord[]): Record<string, unknown> => ({
  id: inv.id, user: inv.invitedBy, company: inv.companyId, created: inv.created, expires: inv.expires,
  emails: invited.filter((e) => e.inviteId === inv.id).map((e) => e.email),
});

export const organizationEndpoints: EndpointTable = {
  'organization.get_user_companies': {
    minVersion: '2.12', authorize: true, editions: ALL,
    handler: (ctx) => {
      const id = who(ctx);
      if (ctx.edition !== 'hosted') return { companies: [describeCompany(ctx, id.company, false)] };
      const user = currentUser(ctx);
      const mine = ctx.state.data.memberships.filter((m) => m.userId === id.user).map((m) => m.companyId);
      // "First company is the user's own company" (organization.conf).
      mine.sort((a, b) => (a === user.company ? -1 : b === user.company ? 1 : 0));
      return { companies: mine.map((c) => describeCompany(ctx, c, true)) };
    },
  },

  [H.createInvite]: {
    minVersion: '2.1', authorize: true, editions: HOSTED, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const created = new Date();
      const inv: InviteRecord = { id: newId(), companyId: id.company, invitedBy: id.user, created: isoNow(created), expires: isoNow(new Date(created.getTime() + INVITE_VALIDITY_MS)) };
      ctx.state.data.invites.push(inv);
      return { id: inv.id, allowed_users: WORKSPACE_SEATS, allocated_users: ctx.state.membersOf(id.company).length };
    },
  },

  [H.getInvites]: {
    minVersion: '2.1', authorize: true, editions: HOSTED,
    handler: (ctx) => {
      const id = who(ctx);
      const activeOnly = optBool(ctx.body, 'active') ?? true;
      const ids = optStringList(ctx.body, 'id');
      const page = optInt(ctx.body, 'page', 0);
      const pageSize = optInt(ctx.body, 'page_size', 1);
      const now = Date.now();
      let list = ctx.state.data.invites.filter((i) => i.companyId === id.company && (!activeOnly || isActive(i, now)) && (!ids || ids.includes(i.id)));
      if (page !== undefined || pageSize !== undefined) {
        const size = pageSize ?? 500;
        list = list.slice((page ?? 0) * size, (page ?? 0) * size + size);
      }
      return { invites: list.map((i) => inviteView(i, ctx.state.data.invitedEmails ?? [])) };
    },
  },

  [H.revokeInvites]: {
    minVersion: '2.1', authorize: true, editions: HOSTED, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const ids = optStringList(ctx.body, 'invites') ?? [];
      const now = Date.now();
      const targets = ctx.state.data.invites.filter((i) => i.companyId === id.company && ids.includes(i.id) && isActive(i, now));
      const denied = targets.find((i) => i.invitedBy !== id.user && !ADMIN_ROLES.has(id.role));
      if (denied) throw apiError(403, 21, 'only workspace administrators can revoke invitations of others', { id: denied.id });
      for (const i of targets) i.revoked = true;
      return { revoked: targets.length };
    },
  },

  [H.renameWorkspace]: {
    minVersion: '2.1', authorize: true, editions: HOSTED, mutates: true,
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
  },
};
