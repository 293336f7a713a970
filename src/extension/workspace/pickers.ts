/**
 * Palette fallbacks: when a command runs without a tree node, these ask which workspace / credential / token /
 * invitation it is about, with the same wording the tree uses.
 */
import * as vscode from 'vscode';
import type { CredentialInfo, GatewayToken, Invite, Workspace } from '../../core/api';
import type { ActiveProfileAccount } from '../accounts/service';
import * as ui from '../ui';
import { msg } from '../safeText';
import { shortTime } from '../tree/nodes';
import { attempt } from './context';

/** Listing for a quick pick is quick: a status-bar spinner, not a notification that outlives the call. */
const QUIET = vscode.ProgressLocation.Window;

export async function pickWorkspace(account: ActiveProfileAccount, title: ui.SafeText, filter: (w: Workspace) => boolean = () => true, emptyText = 'No workspace to choose from.'): Promise<Workspace | undefined> {
  const listed = await attempt('Listing workspaces', msg`Loading workspaces…`, (c, signal) => c.getUserCompanies({ signal }), account, undefined, QUIET);
  if (!listed.ok) return undefined;
  const candidates = listed.value.filter(filter);
  if (!candidates.length) { void ui.info(msg`${emptyText}`); return undefined; }
  const activeId = account.profile.workspaceId;
  const items = candidates.map((w) => ({
    label: w.name,
    description: [w.id === activeId || w.active ? 'active' : undefined, w.isOwn ? 'yours' : w.owners[0] ? `owner ${w.owners[0].name}` : undefined].filter(Boolean).join(' · '),
    workspace: w,
  }));
  return (await ui.pickOne(items, { title, placeHolder: msg`Choose a workspace` }))?.workspace;
}

/** `confKey`: the access key clearml.conf uses, marked like the tree marks it. */
export async function pickCredential(account: ActiveProfileAccount, title: ui.SafeText, confKey?: string): Promise<CredentialInfo | undefined> {
  const listed = await attempt('Listing app credentials', msg`Loading app credentials…`, (c, signal) => c.getCredentials({ signal }), account, undefined, QUIET);
  if (!listed.ok) return undefined;
  if (!listed.value.length) { void ui.info(msg`This workspace has no app credentials.`); return undefined; }
  const items = listed.value.map((c) => ({
    label: c.label || c.accessKey,
    description: [c.label ? c.accessKey : undefined, [c.accessKey === account.profile.accessKey ? 'used by VS Code' : undefined, confKey && c.accessKey === confKey ? 'used by clearml.conf' : undefined].filter(Boolean).join(', ')].filter(Boolean).join(' · '),
    detail: c.lastUsed ? `Last used ${shortTime(c.lastUsed)}${c.lastUsedFrom ? ` from ${c.lastUsedFrom}` : ''}` : 'Never used',
    credential: c,
  }));
  return (await ui.pickOne(items, { title, placeHolder: msg`Choose app credentials` }))?.credential;
}

export async function pickGatewayToken(account: ActiveProfileAccount, title: ui.SafeText): Promise<GatewayToken | undefined> {
  const listed = await attempt('Listing AI gateway tokens', msg`Loading AI gateway tokens…`, (c, signal) => c.hosted.listGatewayTokens({ signal }), account, undefined, QUIET);
  if (!listed.ok) return undefined;
  if (!listed.value.length) { void ui.info(msg`You have no AI gateway tokens in this workspace.`); return undefined; }
  const items = listed.value.map((t) => ({ label: t.label || t.id, description: t.expires ? `expires ${shortTime(t.expires)}` : '', token: t }));
  return (await ui.pickOne(items, { title, placeHolder: msg`Choose a token` }))?.token;
}

export async function pickInvite(account: ActiveProfileAccount, title: ui.SafeText): Promise<Invite | undefined> {
  const listed = await attempt('Listing pending invitations', msg`Loading invitations…`, (c, signal) => c.hosted.getInvites({ signal }), account, undefined, QUIET);
  if (!listed.ok) return undefined;
  if (!listed.value.length) { void ui.info(msg`There are no pending invitation links in this workspace.`); return undefined; }
  const items = listed.value.map((i) => ({ label: i.created ? `Invitation link of ${shortTime(i.created)}` : i.id, description: i.expires ? `valid until ${shortTime(i.expires)}` : '', invite: i }));
  return (await ui.pickOne(items, { title, placeHolder: msg`Choose an invitation link` }))?.invite;
}
