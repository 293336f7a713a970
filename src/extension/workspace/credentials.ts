/** App credentials: create (shown once, copy / Jupyter / write to clearml.conf), edit label, revoke, copy key. */
import * as vscode from 'vscode';
import { formatCredentialsSection, formatJupyterEnv, type CredentialsSection } from '../../core/config';
import { deriveFilesServer } from '../accounts/urls';
import type { ActiveProfileAccount } from '../accounts/service';
import { heldKeys, type ExplorerNode } from '../tree/nodes';
import { logger } from '../log';
import * as ui from '../ui';
import { msg } from '../safeText';
import { writeCredentialsToConf } from './confWriter';
import { attempt, requireAccount, type WorkspaceContext } from './context';
import { pickCredential } from './pickers';

export const COPY = 'Copy';
export const COPY_JUPYTER = 'Copy as Jupyter %env';
export const WRITE_CONF = 'Write to clearml.conf';

/** The section as the web UI's "create credentials" dialog shows it, web_server without a trailing slash (as clearml-init writes it). */
export function sectionFor(account: ActiveProfileAccount, accessKey: string, secretKey: string, label?: string): CredentialsSection {
  const { profile } = account;
  const derivedFiles = deriveFilesServer(profile.webServer);
  return {
    webServer: profile.webServer.replace(/\/+$/, ''),
    apiServer: profile.apiServer,
    filesServer: profile.filesServer ?? (derivedFiles !== profile.webServer ? derivedFiles : undefined),
    accessKey, secretKey, label: label || undefined,
  };
}

/** The key a tree node names; `workspaceId` is set for keys of another workspace (their calls carry its tenant header). */
function credentialFromNode(node: unknown, activeWorkspace: string | undefined): { accessKey: string; label?: string; workspaceId?: string } | undefined {
  const n = node as ExplorerNode | undefined;
  if (n?.kind !== 'credential' || !n.accessKey) return undefined;
  return { accessKey: n.accessKey, label: n.credentialLabel, workspaceId: n.workspaceId && n.workspaceId !== activeWorkspace ? n.workspaceId : undefined };
}

export function credentialCommands(ctx: WorkspaceContext) {
  const createCredentials = async (_node?: unknown): Promise<{ accessKey: string; label?: string; writtenTo?: string } | undefined> => {
    const account = await requireAccount(ctx);
    if (!account) return undefined;
    // Refuse politely at the per-user limit; if the listing fails, the create call itself will say why.
    const listing = await ui.withProgress(msg`Checking the credentials limit…`, (signal) => account.client.listCredentials({ signal }), vscode.ProgressLocation.Window)
      .catch((e: unknown) => { logger.log('warn', `Listing app credentials before creating one: ${(e as Error).message}`); return undefined; });
    const maxCredentials = listing?.maxCredentials;
    const held = listing ? heldKeys(listing) : 0;
    if (maxCredentials !== undefined && held >= maxCredentials) {
      void ui.info(msg`You already hold ${held} of ${maxCredentials} app credentials, the most this server allows per user. Revoke one you no longer use (any workspace), then create new ones.`);
      return undefined;
    }
    const label = await ui.input({ title: msg`Create App Credentials`, prompt: msg`Label (optional), e.g. the machine that will use them`, placeHolder: msg`laptop`, ignoreFocusOut: true });
    if (label === undefined) return undefined;
    const created = await attempt('Creating app credentials', msg`Creating app credentials…`, (c, signal) => c.createCredentials(label.trim() || undefined, { signal }), account, () => createCredentials());
    if (!created.ok) return undefined;
    const { accessKey, secretKey } = created.value;
    ctx.model.refreshSection('credentials');
    const section = sectionFor(account, accessKey, secretKey, created.value.label ?? (label.trim() || undefined));
    const text = formatCredentialsSection(section);
    let status = '';
    let writtenTo: string | undefined;
    // The secret exists only in this loop: it is never stored, logged or shown again once the dialog is closed.
    for (;;) {
      const choice = await ui.notice(
        msg`New credentials created${section.label ? ` ("${section.label}")` : ''} in ${account.profile.workspaceName ?? 'this workspace'}. Copy them now: the secret key is shown only once.`,
        // Dialogs collapse leading spaces; non-breaking ones keep the section's indentation on screen (Copy uses the real text).
        msg`${text.replace(/^ +/gm, (indent) => '\u00a0'.repeat(indent.length))}${status ? `\n\n${status}` : ''}`,
        COPY, COPY_JUPYTER, WRITE_CONF);
      if (choice === COPY) { await ui.copyToClipboard(text); status = '✓ Copied the configuration section to the clipboard.'; }
      else if (choice === COPY_JUPYTER) { await ui.copyToClipboard(formatJupyterEnv(section)); status = '✓ Copied the Jupyter %env lines to the clipboard.'; }
      else if (choice === WRITE_CONF) {
        const written = await writeCredentialsToConf({ ...section, webServer: account.profile.webServer }, ctx.preview);
        if (written) {
          writtenTo = written.path;
          status = `✓ Written to ${written.path}${written.backupPath ? ` (previous file kept as ${written.backupPath})` : ''}.`;
          await ctx.detector.refresh();
          ctx.model.refreshSection('credentials');
        }
      } else break;
    }
    return { accessKey, label: section.label, writtenTo };
  };

  const editCredentialLabel = async (node?: unknown) => {
    const account = await requireAccount(ctx);
    if (!account) return undefined;
    const target = credentialFromNode(node, account.profile.workspaceId) ?? await pickCredential(account, msg`Edit the label of which credentials?`);
    if (!target) return undefined;
    const label = await ui.input({
      title: msg`Edit label of ${target.accessKey}`, prompt: msg`New label`, value: target.label ?? '', ignoreFocusOut: true,
      validateInput: (t) => (t.length > 200 ? 'A label can have at most 200 characters' : undefined),
    });
    if (label === undefined) return undefined;
    const done = await attempt(`Editing the label of ${target.accessKey}`, msg`Saving label…`, (c, signal) => c.editCredentialLabel(target.accessKey, label.trim(), { signal, workspaceId: 'workspaceId' in target ? target.workspaceId : undefined }), account, () => editCredentialLabel(node));
    if (!done.ok) return undefined;
    ctx.model.refreshSection('credentials');
    return { accessKey: target.accessKey, label: label.trim() };
  };

  const revokeCredentials = async (node?: unknown) => {
    const account = await requireAccount(ctx);
    if (!account) return undefined;
    const confKey = (await ctx.detector.refresh())?.setup.accessKey;
    const target = credentialFromNode(node, account.profile.workspaceId) ?? await pickCredential(account, msg`Revoke which credentials?`, confKey);
    if (!target) return undefined;
    const usedByVsCode = target.accessKey === account.profile.accessKey;
    const usedByConf = target.accessKey === confKey;
    const name = target.label ? `"${target.label}" (${target.accessKey})` : target.accessKey;
    const warnings = [
      usedByVsCode ? 'VS Code signs in with this key: once its current session ends it can no longer reach this workspace until you sign in with other credentials.' : undefined,
      usedByConf ? 'Your clearml.conf uses this key: scripts, notebooks and agents on this machine will stop authenticating.' : undefined,
    ].filter(Boolean);
    const message = warnings.length ? msg`Revoke ${name}? It is in use.` : msg`Revoke ${name}?`;
    const detail = msg`${warnings.join('\n')}${warnings.length ? '\n' : ''}Anything that uses these credentials stops working. This cannot be undone.`;
    const choice = await ui.confirm(message, detail, 'Revoke');
    if (choice !== 'Revoke') return false;
    const done = await attempt(`Revoking ${target.accessKey}`, msg`Revoking credentials…`, (c, signal) => c.revokeCredentials(target.accessKey, { signal, workspaceId: 'workspaceId' in target ? target.workspaceId : undefined }), account, () => revokeCredentials(node));
    if (!done.ok) return false;
    ctx.model.refreshSection('credentials');
    if (usedByVsCode) {
      await ctx.accounts.forgetWorkspaceKey(account.profile.workspaceId ?? '');
      const next = await ui.warn(msg`VS Code keeps working until its session token expires. Sign in with other credentials for this workspace to continue after that.`, 'Sign In');
      if (next === 'Sign In') await ctx.accounts.promptSignIn();
    }
    return true;
  };

  const copyAccessKey = async (node?: unknown) => {
    let target: { accessKey: string } | undefined = credentialFromNode(node, undefined);
    if (!target) {
      const account = await requireAccount(ctx);
      if (!account) return undefined;
      target = await pickCredential(account, msg`Copy which access key?`);
    }
    if (!target) return undefined;
    await ui.copyToClipboard(target.accessKey, msg`Copied access key ${target.accessKey}.`);
    return target.accessKey;
  };

  return {
    'clearml.createCredentials': createCredentials,
    'clearml.editCredentialLabel': editCredentialLabel,
    'clearml.revokeCredentials': revokeCredentials,
    'clearml.copyAccessKey': copyAccessKey,
  };
}
