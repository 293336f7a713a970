/** User name, AI gateway tokens, web UI links, refresh and paging. */
import type { ExplorerNode } from '../tree/nodes';
import * as ui from '../ui';
import { msg, safeText } from '../safeText';
import { attempt, requireAccount, type WorkspaceContext } from './context';
import { pickGatewayToken } from './pickers';

const COPY_TOKEN = 'Copy';

export function validateUserName(text: string): string | undefined {
  const name = text.trim();
  if (name.length < 2) return 'The name must have at least 2 characters';
  if (name.length > 100) return 'The name can have at most 100 characters';
  return undefined;
}

export function validateExpirationDays(text: string): string | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return 'Enter a whole number of days between 1 and 365';
  const days = Number(text);
  return days < 1 || days > 365 ? 'The expiration must be between 1 and 365 days' : undefined;
}

/** Web UI settings pages (clearml-web routes) by tree node kind. */
const PAGES = [
  { label: 'Profile', path: '/settings/profile', detail: 'User name, AI gateway tokens', kinds: ['profile', 'gatewayTokens', 'gatewayToken'] },
  { label: 'Workspace', path: '/settings/workspace-configuration', detail: 'App credentials, configuration vault', kinds: ['workspace', 'workspaces', 'credentials', 'credential', 'vaults', 'vault'] },
  { label: 'Users & Invitations', path: '/settings/users', detail: 'Members and pending invitations', kinds: ['members', 'member', 'invites', 'invite', 'loadMore'] },
  { label: 'Web App Configuration', path: '/settings/webapp-configuration', detail: 'Browser storage access, preferences', kinds: [] as string[] },
];

export function profileAndTokenCommands(ctx: WorkspaceContext) {
  const editUserName = async (_node?: unknown) => {
    const account = await requireAccount(ctx);
    if (!account) return undefined;
    const current = account.user?.name ?? account.profile.userName ?? '';
    const name = await ui.input({ title: msg`Edit User Name`, prompt: msg`Your name as other workspace members see it`, value: current, validateInput: validateUserName, ignoreFocusOut: true });
    if (name === undefined || name.trim() === current) return false;
    const done = await attempt('Updating the user name', msg`Saving user name…`, (c, signal) => c.updateUserName(name.trim(), { signal }), account, () => editUserName());
    if (!done.ok) return false;
    if (account.user) ctx.accounts.setUser({ ...account.user, name: name.trim() });
    await ctx.accounts.updateActiveProfile({ userName: name.trim() });
    if (!ctx.model.patch((n) => n.kind === 'profile', { label: name.trim() })) ctx.model.refresh();
    return true;
  };

  const generateGatewayToken = async (_node?: unknown): Promise<{ id: string; label?: string; expires?: string } | undefined> => {
    const account = await requireAccount(ctx);
    if (!account) return undefined;
    const label = await ui.input({ title: msg`Generate AI Gateway Token (1/2)`, prompt: msg`Label, e.g. what will use the token`, placeHolder: msg`notebook`, ignoreFocusOut: true,
      validateInput: (t) => (t.trim().length > 100 ? 'At most 100 characters' : undefined) });
    if (label === undefined) return undefined;
    const daysText = await ui.input({ title: msg`Generate AI Gateway Token (2/2)`, prompt: msg`Expiration in days (1-365)`, value: '30', validateInput: validateExpirationDays, ignoreFocusOut: true });
    if (daysText === undefined) return undefined;
    const days = Number(daysText.trim());
    const done = await attempt('Generating an AI gateway token', msg`Generating token…`, (c, signal) => c.hosted.generateGatewayToken(label.trim(), days, { signal }), account, () => generateGatewayToken());
    if (!done.ok) return undefined;
    ctx.model.refreshSection('gatewayTokens');
    // Shown once, like new credentials: the token lives only in this loop and is never stored or logged.
    const { token } = done.value;
    const name = label.trim() ? ` "${label.trim()}"` : '';
    let status = '';
    for (;;) {
      const choice = await ui.notice(msg`AI gateway token${name} generated, valid ${days} day${days === 1 ? '' : 's'}. Copy it now: it is shown only once.`,
        safeText(`${token}${status ? `\n\n${status}` : ''}`), COPY_TOKEN);
      if (choice !== COPY_TOKEN) break;
      await ui.copyToClipboard(token);
      status = '✓ Copied the token to the clipboard.';
    }
    return { id: done.value.info.id, label: done.value.info.label, expires: done.value.info.expires };
  };

  const revokeGatewayToken = async (node?: unknown) => {
    const account = await requireAccount(ctx);
    if (!account) return undefined;
    const n = node as ExplorerNode | undefined;
    const target = n?.kind === 'gatewayToken' && n.tokenId ? { id: n.tokenId, label: n.tokenLabel } : await pickGatewayToken(account, msg`Revoke which AI gateway token?`);
    if (!target) return false;
    const choice = await ui.confirm(msg`Revoke AI gateway token ${target.label ? `"${target.label}"` : target.id}?`, msg`Applications using this token lose access to the AI application gateway. This cannot be undone.`, 'Revoke');
    if (choice !== 'Revoke') return false;
    const done = await attempt('Revoking the AI gateway token', msg`Revoking token…`, (c, signal) => c.hosted.revokeGatewayToken(target.id, { signal }), account, () => revokeGatewayToken(node));
    if (!done.ok) return false;
    ctx.model.refreshSection('gatewayTokens');
    return true;
  };

  const openWebSettings = async (node?: unknown) => {
    const account = await requireAccount(ctx);
    if (!account) return undefined;
    const kind = (node as ExplorerNode | undefined)?.kind;
    const page = (kind && PAGES.find((p) => p.kinds.includes(kind))) || await ui.pickOne(PAGES.map((p) => ({ ...p, description: p.path })), { title: msg`Open which ClearML settings page?` });
    if (!page) return undefined;
    const url = `${account.profile.webServer.replace(/\/+$/, '')}${page.path}`;
    await ui.openExternal(url);
    return url;
  };

  const refresh = async (node?: unknown) => {
    const n = node as ExplorerNode | undefined;
    if (!n?.id) await ctx.detector.refresh();
    ctx.model.refresh(n?.id ? n : undefined);
  };

  const loadMore = async (node?: unknown) => {
    const n = node as ExplorerNode | undefined;
    if (n?.kind !== 'loadMore') {
      const more = ctx.model.findCached((x) => x.kind === 'loadMore');
      if (!more) return false;
      await ctx.model.loadMore(more);
      return true;
    }
    await ctx.model.loadMore(n);
    return true;
  };

  return {
    'clearml.editUserName': editUserName,
    'clearml.generateGatewayToken': generateGatewayToken,
    'clearml.revokeGatewayToken': revokeGatewayToken,
    'clearml.openWebSettings': openWebSettings,
    'clearml.refresh': refresh,
    'clearml.loadMore': loadMore,
  };
}
