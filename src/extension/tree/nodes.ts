/**
 * Node shapes of the ClearML explorer and the functions that build them from API objects. No `vscode` import:
 * the tree model and these builders also run in plain Node (bench/tree.bench.ts).
 *
 * Context menus match `contextValue` with regular expressions: the first token is the node type
 * (`clearml.workspace`, `clearml.credential`, ...), further space-separated tokens are flags (`active`, `own`,
 * `inUse`, ...). Vault nodes carry exactly `clearml.vault`; their `vaultId` is the server's vault id and a click
 * runs `clearml.vault.open` with that id.
 */
import type { CredentialInfo, CredentialListing, CurrentUser, GatewayToken, Invite, Member, Vault, Workspace } from '../../core/api';

export type NodeKind =
  | 'profile' | 'workspaces' | 'workspace' | 'members' | 'member' | 'loadMore' | 'credentials' | 'credential' | 'credentialGroup'
  | 'gatewayTokens' | 'gatewayToken' | 'vaults' | 'vault' | 'invites' | 'invite' | 'error' | 'message';

export interface NodeCommand { command: string; title: string; arguments?: unknown[] }

export interface ExplorerNode {
  /** Stable across refreshes: `<profile id>/workspaces/<workspace id>/credentials/<access key>`. */
  readonly id: string;
  readonly kind: NodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  /** Codicon id. */
  icon?: string;
  /** Theme colour id for the icon. */
  iconColor?: string;
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  command?: NodeCommand;
  parent?: ExplorerNode;
  profileId?: string;
  workspaceId?: string;
  workspaceName?: string;
  isOwnWorkspace?: boolean;
  isActiveWorkspace?: boolean;
  accessKey?: string;
  credentialLabel?: string;
  /** Credential group of another workspace: its keys (built with the listing, no request on expand). */
  groupCredentials?: ExplorerNode[];
  expired?: boolean;
  memberId?: string;
  vaultId?: string;
  tokenId?: string;
  tokenLabel?: string;
  inviteId?: string;
  inviteLink?: string;
  emails?: string[];
}

/** Short, locale-independent time stamp: 2026-11-20 08:15 (UTC). */
export function shortTime(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

export function profileNode(profileId: string, user: CurrentUser, server: string): ExplorerNode {
  const role = user.role ?? 'user';
  return {
    id: `${profileId}/profile`, kind: 'profile', profileId,
    label: user.name, description: `${role} · ${user.company.name}`,
    tooltip: [`${user.name}${user.email ? ` <${user.email}>` : ''}`, `Role: ${role}`, `Company: ${user.company.name}`, `Server: ${server}`].join('\n'),
    icon: 'account', contextValue: 'clearml.profile', collapsible: 'none',
  };
}

export function workspacesNode(profileId: string): ExplorerNode {
  return { id: `${profileId}/workspaces`, kind: 'workspaces', profileId, label: 'Workspaces', icon: 'organization', contextValue: 'clearml.workspaces', collapsible: 'expanded' };
}

export function workspaceNode(parent: ExplorerNode, ws: Workspace, activeWorkspaceId: string | undefined): ExplorerNode {
  const active = ws.active ?? ws.id === activeWorkspaceId;
  const own = !!ws.isOwn;
  const owner = own ? 'yours' : ws.owners[0]?.name ? `owner ${ws.owners[0].name}` : undefined;
  const members = ws.allocated !== undefined ? `${ws.allocated} member${ws.allocated === 1 ? '' : 's'}` : undefined;
  const node: ExplorerNode = {
    id: `${parent.id}/${ws.id}`, kind: 'workspace', parent, profileId: parent.profileId,
    workspaceId: ws.id, workspaceName: ws.name, isOwnWorkspace: own, isActiveWorkspace: active,
    label: ws.name,
    description: [active ? 'active' : undefined, owner, members].filter(Boolean).join(' · '),
    tooltip: `${ws.name}${active ? ' (active)' : ''}\nWorkspace id: ${ws.id}${owner ? `\n${own ? 'You own this workspace' : `Owner: ${ws.owners[0].name}`}` : ''}${active ? '' : '\nClick to switch to this workspace.'}`,
    icon: active ? 'pass-filled' : 'circle-large-outline', iconColor: active ? 'charts.green' : undefined,
    contextValue: ['clearml.workspace', active ? 'active' : 'inactive', own ? 'own' : 'member'].join(' '),
    collapsible: active ? 'expanded' : 'none',
  };
  if (!active) node.command = { command: 'clearml.switchWorkspace', title: 'Switch Workspace', arguments: [node] };
  return node;
}

/** The categories under the active workspace; they cost no request until expanded. */
export function workspaceSections(ws: ExplorerNode): ExplorerNode[] {
  const base = { parent: ws, profileId: ws.profileId, workspaceId: ws.workspaceId, workspaceName: ws.workspaceName, isOwnWorkspace: ws.isOwnWorkspace, collapsible: 'collapsed' as const };
  return [
    { ...base, id: `${ws.id}/members`, kind: 'members', label: 'Members', icon: 'person', contextValue: 'clearml.members' },
    { ...base, id: `${ws.id}/credentials`, kind: 'credentials', label: 'App Credentials', icon: 'key', contextValue: 'clearml.credentials' },
    { ...base, id: `${ws.id}/gatewayTokens`, kind: 'gatewayTokens', label: 'AI Gateway Tokens', icon: 'sparkle', contextValue: 'clearml.gatewayTokens' },
    { ...base, id: `${ws.id}/vaults`, kind: 'vaults', label: 'Configuration Vaults', icon: 'lock', contextValue: 'clearml.vaults' },
    { ...base, id: `${ws.id}/invites`, kind: 'invites', label: 'Pending Invitations', icon: 'mail', contextValue: 'clearml.invites' },
  ];
}

export function memberNode(parent: ExplorerNode, m: Member, selfId: string | undefined): ExplorerNode {
  const self = m.id === selfId;
  return {
    id: `${parent.id}/${m.id}`, kind: 'member', parent, profileId: parent.profileId, workspaceId: parent.workspaceId, memberId: m.id,
    label: m.name || m.id, description: [self ? 'you' : undefined, m.role, m.email].filter(Boolean).join(' · '),
    tooltip: [m.name, m.email, m.role ? `Role: ${m.role}` : undefined, m.created ? `Joined ${shortTime(m.created)}` : undefined].filter(Boolean).join('\n'),
    icon: self ? 'account' : 'person', contextValue: `clearml.member${self ? ' self' : ''}`, collapsible: 'none',
  };
}

export function loadMoreNode(parent: ExplorerNode, loaded: number): ExplorerNode {
  const node: ExplorerNode = {
    id: `${parent.id}/~more`, kind: 'loadMore', parent, profileId: parent.profileId, workspaceId: parent.workspaceId,
    label: 'Load more…', description: `${loaded} loaded`, tooltip: 'Load the next page of members', icon: 'ellipsis', contextValue: 'clearml.loadMore', collapsible: 'none',
  };
  node.command = { command: 'clearml.loadMore', title: 'Load More', arguments: [node] };
  return node;
}

/** True when an ISO expiry lies in the past. */
export function isExpired(expires: string | undefined, now: number): boolean {
  return !!expires && Date.parse(expires) <= now;
}

/** Keys the user holds over every workspace (the per-user limit counts them all). */
export function heldKeys(listing: CredentialListing): number {
  return listing.credentials.length + Object.values(listing.otherWorkspaces).reduce((n, keys) => n + keys.length, 0);
}

/** "3 of 10 keys" over every workspace (the limit is per user), or just the count when the server sets none. */
export function credentialsSummary(listing: CredentialListing): string {
  const held = heldKeys(listing);
  if (listing.maxCredentials === undefined) return `${held} key${held === 1 ? '' : 's'}`;
  return `${held} of ${listing.maxCredentials} keys${held >= listing.maxCredentials ? ' · limit reached' : ''}`;
}

export interface CredentialMarks { inUseKey?: string; confKey?: string; storedKeys: ReadonlySet<string>; now: number }

export function credentialNode(parent: ExplorerNode, c: CredentialInfo, marks: CredentialMarks): ExplorerNode {
  const inUse = c.accessKey === marks.inUseKey;
  const conf = c.accessKey === marks.confKey;
  const expired = isExpired(c.expires, marks.now);
  const usable = marks.storedKeys.has(c.accessKey);
  const usedBy = [inUse ? 'used by VS Code' : undefined, conf ? 'used by clearml.conf' : undefined].filter(Boolean).join(', ');
  const lastUsed = c.lastUsed ? `last used ${shortTime(c.lastUsed)}${c.lastUsedFrom ? ` from ${c.lastUsedFrom}` : ''}` : 'never used';
  const other = parent.kind === 'credentialGroup';
  return {
    id: `${parent.id}/${c.accessKey}`, kind: 'credential', parent, profileId: parent.profileId, workspaceId: parent.workspaceId, workspaceName: parent.workspaceName,
    accessKey: c.accessKey, credentialLabel: c.label, expired,
    label: c.label || c.accessKey,
    // What matters most first: a narrow side bar truncates the end (the long key).
    description: [expired ? 'expired' : undefined, usedBy || undefined, other && usable ? 'usable here' : undefined, lastUsed, c.label ? c.accessKey : undefined].filter(Boolean).join(' · '),
    tooltip: [`Label: ${c.label || '(none)'}`, `Access key: ${c.accessKey}`, `Last used: ${shortTime(c.lastUsed) ?? 'Never'}`, `From: ${c.lastUsedFrom ?? 'Not available'}`,
      `Expires: ${c.expires ? `${shortTime(c.expires)}${expired ? ' (expired: it can no longer sign in)' : ''}` : 'Never'}`,
      other ? (usable ? 'VS Code holds this key\'s secret: switching to this workspace uses it.' : 'VS Code does not hold this key\'s secret.') : undefined,
      usedBy ? `In use: ${usedBy}` : undefined].filter(Boolean).join('\n'),
    icon: expired ? 'warning' : 'key', iconColor: expired ? 'list.warningForeground' : inUse ? 'charts.green' : conf ? 'charts.blue' : undefined,
    contextValue: ['clearml.credential', other ? 'other' : undefined, inUse ? 'inUse' : undefined, conf ? 'confKey' : undefined, expired ? 'expired' : undefined].filter(Boolean).join(' '),
    collapsible: 'none',
  };
}

/** The user's keys in another workspace (auth.get_credentials additional_credentials), read-only here. */
export function credentialGroupNode(parent: ExplorerNode, workspaceId: string, workspaceName: string, keys: CredentialInfo[], marks: CredentialMarks): ExplorerNode {
  const node: ExplorerNode = {
    id: `${parent.id}/~ws/${workspaceId}`, kind: 'credentialGroup', parent, profileId: parent.profileId, workspaceId, workspaceName,
    label: `In ${workspaceName}`, icon: 'organization', contextValue: 'clearml.credentialGroup', collapsible: 'collapsed',
  };
  const usable = keys.filter((k) => marks.storedKeys.has(k.accessKey) && !isExpired(k.expires, marks.now)).length;
  const expired = keys.filter((k) => isExpired(k.expires, marks.now)).length;
  node.description = [`${keys.length} key${keys.length === 1 ? '' : 's'}`, usable ? `${usable} usable here` : 'none usable here', expired ? `${expired} expired` : undefined].filter(Boolean).join(' · ');
  node.tooltip = `Your app credentials in ${workspaceName}. Keys belong to one workspace; VS Code can switch there with a key whose secret it holds, or creates one.`;
  node.groupCredentials = keys.map((k) => credentialNode(node, k, marks));
  return node;
}

export function gatewayTokenNode(parent: ExplorerNode, t: GatewayToken, now: number): ExplorerNode {
  const expired = isExpired(t.expires, now);
  return {
    id: `${parent.id}/${t.id}`, kind: 'gatewayToken', parent, profileId: parent.profileId, workspaceId: parent.workspaceId, tokenId: t.id, tokenLabel: t.label, expired,
    label: t.label || t.id,
    description: [expired ? 'expired' : undefined, t.created ? `created ${shortTime(t.created)}` : undefined, t.expires ? `${expired ? 'expired' : 'expires'} ${shortTime(t.expires)}` : undefined].filter(Boolean).join(' · '),
    tooltip: `AI gateway token ${t.label ?? ''}\nId: ${t.id}\nCreated: ${shortTime(t.created) ?? 'unknown'}\n${expired ? 'Expired' : 'Expires'}: ${shortTime(t.expires) ?? 'unknown'}${expired ? ' (no longer accepted)' : ''}\nThe token itself was shown once, when it was generated; the server never returns it again.`,
    icon: expired ? 'warning' : 'key', iconColor: expired ? 'list.warningForeground' : undefined,
    contextValue: `clearml.gatewayToken${expired ? ' expired' : ''}`, collapsible: 'none',
  };
}

/** `skipped`: why the SDK would skip this vault (see tree/vaultHealth.ts), shown in the row and its tooltip. */
export function vaultNode(parent: ExplorerNode, v: Vault, skipped?: string): ExplorerNode {
  return {
    id: `${parent.id}/${v.id}`, kind: 'vault', parent, profileId: parent.profileId, workspaceId: parent.workspaceId, vaultId: v.id,
    label: v.description || `${v.scope === 'user' ? 'Personal' : v.scope} vault`,
    description: [skipped, v.scope, v.format, v.enabled ? 'enabled' : 'disabled'].filter(Boolean).join(' · '),
    tooltip: `${skipped ? `${skipped[0].toUpperCase()}${skipped.slice(1)}.\n\n` : ''}${v.description || 'Configuration vault'}\nScope: ${v.scope}\nType: ${v.type}\nFormat: ${v.format}\n${v.enabled ? 'Enabled: merged over clearml.conf by the SDK and agent' : 'Disabled'}${v.lastUpdate ? `\nUpdated ${shortTime(v.lastUpdate)}` : ''}`,
    icon: skipped ? 'error' : v.enabled ? 'lock' : 'unlock', iconColor: skipped ? 'list.errorForeground' : undefined, contextValue: 'clearml.vault', collapsible: 'none',
    command: { command: 'clearml.vault.open', title: 'Open Configuration Vault', arguments: [v.id] },
  };
}

export function inviteNode(parent: ExplorerNode, i: Invite, link: string | undefined, now: number): ExplorerNode {
  const expired = isExpired(i.expires, now);
  const emails = i.emails ?? [];
  return {
    id: `${parent.id}/${i.id}`, kind: 'invite', parent, profileId: parent.profileId, workspaceId: parent.workspaceId,
    inviteId: i.id, inviteLink: link, expired,
    // Who was invited is what the owner looks for; a link without addresses is named by its date.
    label: emails.length ? emails.join(', ') : i.created ? `Invitation link of ${shortTime(i.created)}` : `Invitation link ${i.id}`,
    description: [emails.length && i.created ? `link of ${shortTime(i.created)}` : undefined, expired ? 'expired' : i.expires ? `valid until ${shortTime(i.expires)}` : undefined].filter(Boolean).join(' · '),
    tooltip: [emails.length ? `Invited: ${emails.join(', ')}` : undefined, `Invitation link${link ? `: ${link}` : ''}`, i.expires ? `Valid until ${shortTime(i.expires)} (UTC)` : undefined, 'Anyone with the link can join this workspace until it expires or is revoked.'].filter(Boolean).join('\n'),
    icon: 'mail', contextValue: `clearml.invite${link ? ' hasLink' : ''}`, collapsible: 'none',
  };
}

export function messageNode(parent: ExplorerNode | undefined, key: string, label: string, extra: Partial<ExplorerNode> = {}): ExplorerNode {
  return {
    id: `${parent?.id ?? 'root'}/~${key}`, kind: 'message', parent, profileId: parent?.profileId, workspaceId: parent?.workspaceId,
    label, icon: 'info', contextValue: 'clearml.message', collapsible: 'none', ...extra,
  };
}
