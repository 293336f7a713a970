/** Workspaces: switch (per-workspace credentials), leave, rename, invite users, copy invitation links. */
import type { Workspace } from '../../core/api';
import { validateAccessKey } from '../accounts/signInFlow';
import type { ActiveProfileAccount } from '../accounts/service';
import { logger } from '../log';
import type { ExplorerNode } from '../tree/nodes';
import * as ui from '../ui';
import { msg } from '../safeText';
import { attempt, requireAccount, type WorkspaceContext } from './context';
import { reportFailure } from './failures';
import { pickInvite, pickWorkspace } from './pickers';

const CREATE_KEY = 'Create new credentials for VS Code in this workspace';
const ENTER_KEY = 'Enter an existing access key and secret';

const EMAIL = /^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$/;

export function parseEmails(text: string): { emails: string[]; invalid: string[] } {
  const parts = text.split(/[\s,;]+/).map((p) => p.trim()).filter(Boolean);
  const emails = [...new Set(parts.map((p) => p.toLowerCase()))];
  return { emails, invalid: emails.filter((e) => !EMAIL.test(e)) };
}

function workspaceFromNode(node: unknown): Pick<Workspace, 'id' | 'name' | 'isOwn'> | undefined {
  const n = node as ExplorerNode | undefined;
  return n?.kind === 'workspace' && n.workspaceId ? { id: n.workspaceId, name: n.workspaceName ?? n.workspaceId, isOwn: n.isOwnWorkspace } : undefined;
}

/** The link the web UI's login page accepts (`?invite=<id>`), for invitations the server lists without one. */
export function inviteLink(account: ActiveProfileAccount, invite: { id: string; link?: string }): string {
  return invite.link ?? `${account.profile.webServer.replace(/\/+$/, '')}/login?invite=${encodeURIComponent(invite.id)}`;
}

export function workspaceCommands(ctx: WorkspaceContext) {
  /** Remember the choice like the web UI does: the whole `users` preference slice, with activeWorkspace replaced. */
  const rememberActiveWorkspace = async (account: ActiveProfileAccount, ws: { id: string; name: string }): Promise<void> => {
    try {
      const prefs = await account.client.getPreferences();
      const users = (prefs.users && typeof prefs.users === 'object' ? prefs.users : {}) as Record<string, unknown>;
      await account.client.setPreferenceSlices({ users: { ...users, activeWorkspace: { id: ws.id, name: ws.name } } });
    } catch (e) {
      // The switch itself worked; only the web UI's memory of it failed. Say so in the log, not in a dialog.
      logger.log('warn', `Remembering the active workspace in preferences (users.activeWorkspace) failed: ${(e as Error).message}`);
    }
  };

  const switchWorkspace = async (node?: unknown) => {
    const account = await requireAccount(ctx);
    if (!account) return undefined;
    const target = workspaceFromNode(node) ?? await pickWorkspace(account, 'Switch to which workspace?');
    if (!target) return undefined;
    if (target.id === account.profile.workspaceId) {
      void ui.info(msg`"${target.name}" is already the active workspace.`);
      return { workspaceId: target.id };
    }
    const stored = await ctx.accounts.storedWorkspaceSecret(target.id);
    try {
      if (stored) {
        await ui.withProgress(`Switching to ${target.name}…`, (signal) => ctx.accounts.useWorkspaceCredentials(target.id, target.name, stored.accessKey, stored.secretKey, signal));
      } else {
        const how = await ui.pickOne([{ label: CREATE_KEY, detail: 'VS Code switches your session to the workspace and creates a key labelled "vscode" there.' }, { label: ENTER_KEY, detail: 'Keys are per workspace: use one created in that workspace.' }],
          { title: `VS Code has no credentials for "${target.name}"`, placeHolder: 'How should VS Code sign in to this workspace?' });
        if (!how) return undefined;
        if (how.label === CREATE_KEY) {
          await ui.withProgress(`Switching to ${target.name}…`, async (signal) => {
            await account.client.hosted.switchWorkspace(target.id, { signal });
            try {
              const created = await account.client.createCredentials('vscode', { signal });
              await ctx.accounts.useWorkspaceCredentials(target.id, target.name, created.accessKey, created.secretKey, signal);
            } catch (e) {
              // The client now holds a token re-scoped to the target workspace while the profile still names this
              // one: end that session so the next call logs in with this workspace's key again.
              await account.client.logout({ signal: AbortSignal.timeout(3000) }).catch(() => undefined);
              throw e;
            }
          });
        } else {
          const accessKey = await ui.input({ title: `Credentials for ${target.name} (1/2)`, prompt: 'Access key', validateInput: validateAccessKey, ignoreFocusOut: true });
          if (accessKey === undefined) return undefined;
          const secretKey = await ui.input({ title: `Credentials for ${target.name} (2/2)`, prompt: 'Secret key', password: true, ignoreFocusOut: true, validateInput: (t) => (t.trim() ? undefined : 'Enter the secret key') });
          if (secretKey === undefined) return undefined;
          await ui.withProgress(`Switching to ${target.name}…`, (signal) => ctx.accounts.useWorkspaceCredentials(target.id, target.name, accessKey.trim(), secretKey.trim(), signal));
        }
      }
    } catch (e) {
      await reportFailure(`Switching to workspace "${target.name}"`, e, () => switchWorkspace(node));
      return undefined;
    }
    const switched = ctx.accounts.active;
    if (switched) await rememberActiveWorkspace(switched, { id: target.id, name: target.name });
    return { workspaceId: target.id };
  };

  const leaveWorkspace = async (node?: unknown) => {
    const account = await requireAccount(ctx);
    if (!account) return undefined;
    const fromNode = workspaceFromNode(node);
    if (fromNode?.isOwn) { void ui.error(msg`You own "${fromNode.name}"; you cannot leave your own workspace.`); return false; }
    const target = fromNode ?? await pickWorkspace(account, 'Leave which workspace?', (w) => !w.isOwn, 'You are only a member of your own workspace; there is no workspace you can leave.');
    if (!target) return false;
    const choice = await ui.confirm(msg`Leave workspace "${target.name}"?`,
      msg`You lose access to its projects, experiments and models. Your app credentials in "${target.name}" are revoked, including any that VS Code, clearml.conf or agents use there. To return, someone must invite you again.`,
      'Leave Workspace');
    if (choice !== 'Leave Workspace') return false;
    const wasActive = target.id === account.profile.workspaceId;
    const done = await attempt(`Leaving workspace "${target.name}"`, `Leaving ${target.name}…`, (c, signal) => c.hosted.leaveWorkspace(target.id, { signal }), account);
    if (!done.ok) return false;
    await ctx.accounts.forgetWorkspaceKey(target.id);
    if (wasActive) {
      // Our key there is gone with the membership: move to a workspace we still hold credentials for.
      const profile = ctx.accounts.active?.profile;
      const fallback = profile && Object.entries(profile.workspaceKeys).find(([id]) => id !== target.id);
      const stored = fallback && await ctx.accounts.storedWorkspaceSecret(fallback[0]);
      try {
        if (!fallback || !stored) throw new Error('no credentials stored for another workspace');
        await ctx.accounts.useWorkspaceCredentials(fallback[0], fallback[1].workspaceName, stored.accessKey, stored.secretKey);
      } catch (e) {
        logger.log('warn', `After leaving the active workspace: ${(e as Error).message}`);
        await ctx.accounts.signOut(profile?.id);
        void ui.warn(msg`You left "${target.name}". VS Code has no credentials for your other workspaces; sign in again.`, 'Sign In').then((a) => a && ctx.accounts.promptSignIn());
        return true;
      }
    }
    ctx.model.refresh();
    return true;
  };

  const renameWorkspace = async (node?: unknown) => {
    const account = await requireAccount(ctx);
    if (!account) return undefined;
    const fromNode = workspaceFromNode(node);
    if (fromNode && fromNode.isOwn === false) { void ui.error(msg`Only the owner can rename "${fromNode.name}".`); return false; }
    const target = fromNode ?? await pickWorkspace(account, 'Rename which workspace?', (w) => !!w.isOwn, 'You do not own a workspace on this server.');
    if (!target) return false;
    const name = await ui.input({
      title: `Rename "${target.name}"`, prompt: 'New workspace name', value: target.name, ignoreFocusOut: true,
      validateInput: (t) => (!t.trim() ? 'The name cannot be empty' : t.trim().length > 100 ? 'At most 100 characters' : undefined),
    });
    if (name === undefined || name.trim() === target.name) return false;
    const done = await attempt(`Renaming workspace "${target.name}"`, 'Renaming workspace…', (c, signal) => c.hosted.renameWorkspace(target.id, name.trim(), { signal }), account, () => renameWorkspace(node));
    if (!done.ok) return false;
    if (target.id === account.profile.workspaceId) await ctx.accounts.updateActiveProfile({ workspaceName: name.trim() });
    ctx.model.refreshSection('workspaces');
    return true;
  };

  const inviteUsers = async (_node?: unknown): Promise<{ inviteId: string; link: string; emails: string[] } | undefined> => {
    const account = await requireAccount(ctx);
    if (!account) return undefined;
    const text = await ui.input({
      title: `Invite users to ${account.profile.workspaceName ?? 'this workspace'}`, prompt: 'E-mail addresses, separated by commas or spaces', placeHolder: 'ana@example.com, li@example.com', ignoreFocusOut: true,
      validateInput: (t) => {
        const { emails, invalid } = parseEmails(t);
        if (!emails.length) return 'Enter at least one e-mail address';
        return invalid.length ? `Not an e-mail address: ${invalid.join(', ')}` : undefined;
      },
    });
    if (text === undefined) return undefined;
    const { emails } = parseEmails(text);
    const done = await attempt('Inviting users', `Inviting ${emails.length} user${emails.length === 1 ? '' : 's'}…`, (c, signal) => c.hosted.inviteUsers(emails, { signal }), account, () => inviteUsers());
    if (!done.ok) return undefined;
    const link = inviteLink(account, done.value);
    ctx.model.refreshSection('invites');
    const action = await ui.info(msg`Invitation created for ${emails.join(', ')}. Share this link with them: ${link}`, 'Copy Invitation Link');
    if (action === 'Copy Invitation Link') await ui.copyToClipboard(link, msg`Copied the invitation link ${link}.`);
    return { inviteId: done.value.id, link, emails };
  };

  const copyInviteLink = async (node?: unknown) => {
    const account = await requireAccount(ctx);
    if (!account) return undefined;
    const n = node as ExplorerNode | undefined;
    const invite = n?.kind === 'invite' && n.inviteId ? { id: n.inviteId, link: n.inviteLink } : await pickInvite(account, 'Copy the link of which invitation?');
    if (!invite) return undefined;
    const link = inviteLink(account, invite);
    await ui.copyToClipboard(link, msg`Copied the invitation link ${link}.`);
    return link;
  };

  return {
    'clearml.switchWorkspace': switchWorkspace,
    'clearml.leaveWorkspace': leaveWorkspace,
    'clearml.renameWorkspace': renameWorkspace,
    'clearml.inviteUsers': inviteUsers,
    'clearml.copyInviteLink': copyInviteLink,
  };
}
