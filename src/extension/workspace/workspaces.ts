/** Workspaces: switch (per-workspace credentials), leave, rename, invite users, copy invitation links. */
import { inviteLink, type CredentialListing, type Workspace } from '../../core/api';
import { validateAccessKey } from '../accounts/signInFlow';
import type { ActiveProfileAccount } from '../accounts/service';
import { logger } from '../log';
import { heldKeys, isExpired, type ExplorerNode } from '../tree/nodes';
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

  /**
   * The key VS Code can use in `target`: the stored one, unless the server no longer lists it there or it expired
   * (then it is forgotten). Keys belong to one workspace, so this is what "switching" means.
   */
  const usableStoredKey = async (target: { id: string }, listing: CredentialListing | undefined): Promise<{ accessKey: string; secretKey: string } | undefined> => {
    const stored = await ctx.accounts.storedWorkspaceSecret(target.id);
    if (!stored || !listing) return stored;
    const listed = listing.otherWorkspaces[target.id]?.find((k) => k.accessKey === stored.accessKey);
    if (listed && !isExpired(listed.expires, Date.now())) return stored;
    logger.log('info', `The stored key ${stored.accessKey} for workspace ${target.id} is ${listed ? 'expired' : 'no longer listed by the server'}; forgetting it`);
    await ctx.accounts.forgetWorkspaceKey(target.id);
    return undefined;
  };

  const switchWorkspace = async (node?: unknown) => {
    const account = await requireAccount(ctx);
    if (!account) return undefined;
    const target = workspaceFromNode(node) ?? await pickWorkspace(account, msg`Switch to which workspace?`);
    if (!target) return undefined;
    if (target.id === account.profile.workspaceId) {
      void ui.info(msg`"${target.name}" is already the active workspace.`);
      return { workspaceId: target.id };
    }
    let how = 'stored';
    try {
      const listing = await account.client.listCredentials().catch((e: unknown) => { logger.log('warn', `Listing app credentials before switching: ${(e as Error).message}`); return undefined; });
      const stored = await usableStoredKey(target, listing);
      if (stored) {
        await ui.withProgress(msg`Switching to ${target.name}…`, (signal) => ctx.accounts.useWorkspaceCredentials(target.id, target.name, stored.accessKey, stored.secretKey, signal));
      } else {
        const held = listing ? heldKeys(listing) : 0;
        const full = listing?.maxCredentials !== undefined && held >= listing.maxCredentials;
        const create = { label: CREATE_KEY, detail: full ? `Not possible now: you hold ${held} of ${listing?.maxCredentials} app credentials. Revoke one first.` : 'VS Code creates a key labelled "vscode" in that workspace and signs in with it.' };
        const choice = await ui.pickOne([...(full ? [] : [create]), { label: ENTER_KEY, detail: 'Keys are per workspace: use one created in that workspace.' }],
          { title: msg`VS Code has no credentials for "${target.name}"`, placeHolder: full ? msg`You hold ${held} of ${listing?.maxCredentials} app credentials (the limit): enter an existing key of that workspace` : msg`How should VS Code sign in to this workspace?` });
        if (!choice) return undefined;
        how = choice.label === CREATE_KEY ? 'created' : 'entered';
        if (choice.label === CREATE_KEY) {
          await ui.withProgress(msg`Switching to ${target.name}…`, async (signal) => {
            // The tenant header makes the new key belong to the target workspace.
            const created = await account.client.createCredentials('vscode', { signal, workspaceId: target.id });
            await ctx.accounts.useWorkspaceCredentials(target.id, target.name, created.accessKey, created.secretKey, signal);
          });
        } else {
          const accessKey = await ui.input({ title: msg`Credentials for ${target.name} (1/2)`, prompt: msg`Access key`, validateInput: validateAccessKey, ignoreFocusOut: true });
          if (accessKey === undefined) return undefined;
          const secretKey = await ui.input({ title: msg`Credentials for ${target.name} (2/2)`, prompt: msg`Secret key`, password: true, ignoreFocusOut: true, validateInput: (t) => (t.trim() ? undefined : 'Enter the secret key') });
          if (secretKey === undefined) return undefined;
          await ui.withProgress(msg`Switching to ${target.name}…`, (signal) => ctx.accounts.useWorkspaceCredentials(target.id, target.name, accessKey.trim(), secretKey.trim(), signal));
        }
      }
    } catch (e) {
      await reportFailure(`Switching to workspace "${target.name}"`, e, () => switchWorkspace(node));
      return undefined;
    }
    const switched = ctx.accounts.active;
    if (switched) await rememberActiveWorkspace(switched, { id: target.id, name: target.name });
    ctx.model.refresh();
    return { workspaceId: target.id, key: how };
  };

  const leaveWorkspace = async (node?: unknown) => {
    const account = await requireAccount(ctx);
    if (!account) return undefined;
    const fromNode = workspaceFromNode(node);
    if (fromNode?.isOwn) { void ui.error(msg`You own "${fromNode.name}"; you cannot leave your own workspace.`); return false; }
    const target = fromNode ?? await pickWorkspace(account, msg`Leave which workspace?`, (w) => !w.isOwn, 'You are only a member of your own workspace; there is no workspace you can leave.');
    if (!target) return false;
    const choice = await ui.confirm(msg`Leave workspace "${target.name}"?`,
      msg`You lose access to its projects, experiments and models. Your app credentials in "${target.name}" are revoked, including any that VS Code, clearml.conf or agents use there. To return, someone must invite you again.`,
      'Leave Workspace');
    if (choice !== 'Leave Workspace') return false;
    const wasActive = target.id === account.profile.workspaceId;
    const done = await attempt(`Leaving workspace "${target.name}"`, msg`Leaving ${target.name}…`, (c, signal) => c.hosted.leaveWorkspace(target.id, { signal }), account);
    if (!done.ok) return false;
    await ctx.accounts.forgetWorkspaceKey(target.id);
    if (wasActive) {
      // Our keys there are revoked with the membership: move to the workspace the server returned us to (our own),
      // or any other we hold a key for.
      const profile = ctx.accounts.active?.profile;
      const candidates = profile ? Object.entries(profile.workspaceKeys).filter(([id]) => id !== target.id) : [];
      candidates.sort(([a], [b]) => (a === done.value.workspaceId ? -1 : b === done.value.workspaceId ? 1 : 0));
      const fallback = candidates[0];
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
    const target = fromNode ?? await pickWorkspace(account, msg`Rename which workspace?`, (w) => !!w.isOwn, 'You do not own a workspace on this server.');
    if (!target) return false;
    const name = await ui.input({
      title: msg`Rename "${target.name}"`, prompt: msg`New workspace name`, value: target.name, ignoreFocusOut: true,
      validateInput: (t) => (!t.trim() ? 'The name cannot be empty' : t.trim().length > 100 ? 'At most 100 characters' : undefined),
    });
    if (name === undefined || name.trim() === target.name) return false;
    const done = await attempt(`Renaming workspace "${target.name}"`, msg`Renaming workspace…`, (c, signal) => c.hosted.renameWorkspace(target.id, name.trim(), { signal }), account, () => renameWorkspace(node));
    if (!done.ok) return false;
    if (target.id === account.profile.workspaceId) await ctx.accounts.updateActiveProfile({ workspaceName: name.trim() });
    ctx.model.refreshSection('workspaces');
    return true;
  };

  /** Creates an invitation link (valid 24 hours) and invites the given e-mail addresses, like the web app's dialog. */
  const inviteUsers = async (_node?: unknown): Promise<{ inviteId: string; link: string; emails: string[] } | undefined> => {
    const account = await requireAccount(ctx);
    if (!account) return undefined;
    const text = await ui.input({
      title: msg`Invite users to ${account.profile.workspaceName ?? 'this workspace'}`, prompt: msg`E-mail addresses, separated by commas or spaces (leave empty for just a link)`, placeHolder: msg`ana@example.com, li@example.com`, ignoreFocusOut: true,
      validateInput: (t) => {
        const { invalid } = parseEmails(t);
        return invalid.length ? `Not an e-mail address: ${invalid.join(', ')}` : undefined;
      },
    });
    if (text === undefined) return undefined;
    const { emails } = parseEmails(text);
    const done = await attempt('Inviting users', msg`Creating an invitation link…`, async (c, signal) => {
      const invite = await c.hosted.createInvite({ signal });
      const added = emails.length ? await c.hosted.addInviteEmails(emails, { signal }) : [];
      return { invite, added };
    }, account, () => inviteUsers());
    if (!done.ok) return undefined;
    const { invite, added } = done.value;
    const link = inviteLink(account.profile.webServer, invite.id);
    ctx.model.refreshSection('invites');
    const full = invite.allowedUsers !== undefined && invite.allocatedUsers !== undefined && invite.allocatedUsers >= invite.allowedUsers;
    const who = emails.length ? ` Invited ${added.length ? added.join(', ') : 'nobody new'}${added.length < emails.length ? ` (${emails.filter((e) => !added.includes(e)).join(', ')} already invited or members)` : ''}.` : '';
    const seats = full ? ` The workspace is full (${invite.allocatedUsers} of ${invite.allowedUsers} seats): nobody can join until a seat is free.` : '';
    const action = await ui.info(msg`Invitation link created, valid for 24 hours: ${link}${who}${seats}`, 'Copy Invitation Link');
    if (action === 'Copy Invitation Link') await ui.copyToClipboard(link, msg`Copied the invitation link ${link}.`);
    return { inviteId: invite.id, link, emails: added };
  };

  const copyInviteLink = async (node?: unknown) => {
    const account = await requireAccount(ctx);
    if (!account) return undefined;
    const n = node as ExplorerNode | undefined;
    const invite = n?.kind === 'invite' && n.inviteId ? { id: n.inviteId } : await pickInvite(account, msg`Copy the link of which invitation?`);
    if (!invite) return undefined;
    const link = inviteLink(account.profile.webServer, invite.id);
    await ui.copyToClipboard(link, msg`Copied the invitation link ${link}.`);
    return link;
  };

  const revokeInvite = async (node?: unknown): Promise<boolean | undefined> => {
    const account = await requireAccount(ctx);
    if (!account) return undefined;
    const n = node as ExplorerNode | undefined;
    const invite = n?.kind === 'invite' && n.inviteId ? { id: n.inviteId } : await pickInvite(account, msg`Revoke which invitation link?`);
    if (!invite) return false;
    const choice = await ui.confirm(msg`Revoke this invitation link?`, msg`${inviteLink(account.profile.webServer, invite.id)}\nNobody can join with it any more. People who already joined stay members.`, 'Revoke Invitation');
    if (choice !== 'Revoke Invitation') return false;
    const done = await attempt('Revoking the invitation link', msg`Revoking invitation…`, (c, signal) => c.hosted.revokeInvites([invite.id], { signal }), account, () => revokeInvite(node));
    if (!done.ok) return false;
    ctx.model.refreshSection('invites');
    return done.value > 0;
  };

  return {
    'clearml.switchWorkspace': switchWorkspace,
    'clearml.leaveWorkspace': leaveWorkspace,
    'clearml.renameWorkspace': renameWorkspace,
    'clearml.inviteUsers': inviteUsers,
    'clearml.copyInviteLink': copyInviteLink,
    'clearml.revokeInvite': revokeInvite,
  };
}
