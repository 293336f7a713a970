/** Account commands: sign in (three ways), sign out, switch profile. */
import * as vscode from 'vscode';
import type { CommandTable } from '../services';
import * as ui from '../ui';
import { msg } from '../safeText';
import type { ExplorerNode } from '../tree/nodes';
import type { StoredProfile } from './profileStore';
import type { AccountManager } from './service';
import type { SignInFlowApi } from './signInFlow';
import { hostOf } from './urls';

const ANOTHER = 'Sign in to another server or account…';

// Icons are iconPath, never `$(name)` in a label: the text seam shows label text as the characters it is.
function describeProfile(p: StoredProfile, activeId: string | undefined): { label: string; description: string; detail: string; iconPath?: vscode.ThemeIcon } {
  return {
    ...(p.id === activeId ? { iconPath: new vscode.ThemeIcon('check') } : {}),
    label: p.label,
    description: `${hostOf(p.apiServer)} · ${p.workspaceName ?? p.workspaceId ?? ''}`,
    detail: `Access key ${p.accessKey} · from ${p.origin}`,
  };
}

async function pickProfile(accounts: AccountManager, title: ui.SafeText, extra: string[] = []): Promise<StoredProfile | string | undefined> {
  const activeId = accounts.active?.profile.id;
  const profiles = accounts.profiles();
  const items = [...profiles.map((p) => ({ ...describeProfile(p, activeId), profile: p })), ...extra.map((label) => ({ label, iconPath: new vscode.ThemeIcon('add'), description: '', detail: undefined, profile: undefined }))];
  const picked = await ui.pickOne(items, { title, placeHolder: msg`Choose a ClearML profile` });
  return picked?.profile ?? picked?.label;
}

function profileFromArg(accounts: AccountManager, arg: unknown): StoredProfile | undefined {
  if (typeof arg === 'string') return accounts.profiles().find((p) => p.id === arg);
  const node = arg as ExplorerNode | undefined;
  if (node?.profileId) return accounts.profiles().find((p) => p.id === node.profileId);
  return undefined;
}

export function accountCommands(accounts: AccountManager, flow: SignInFlowApi): CommandTable {
  return {
    'clearml.signIn': (arg?: unknown) => flow.command(arg),
    'clearml.pasteCredentials': () => flow.paste(),
    'clearml.useDetectedConfig': () => flow.useDetected(),

    'clearml.signOut': async (arg?: unknown) => {
      let profile = profileFromArg(accounts, arg);
      if (!profile) {
        const profiles = accounts.profiles();
        if (!profiles.length) { void ui.info(msg`You are not signed in to any ClearML server.`); return false; }
        const picked = profiles.length === 1 ? profiles[0] : await pickProfile(accounts, msg`Sign out of which ClearML profile?`);
        if (!picked || typeof picked === 'string') return false;
        profile = picked;
      }
      const choice = await ui.confirm(msg`Sign out of ${profile.label}?`,
        msg`VS Code ends its session on ${hostOf(profile.apiServer)} and deletes the secret keys it stored for this profile. The credentials themselves stay valid on the server (revoke them under App Credentials if you no longer need them).`,
        'Sign Out');
      if (choice !== 'Sign Out') return false;
      await ui.withProgress(msg`Signing out of ${hostOf(profile.apiServer)}…`, () => accounts.signOut(profile.id));
      return true;
    },

    'clearml.switchProfile': async (arg?: unknown) => {
      let profile = profileFromArg(accounts, arg);
      if (!profile) {
        const picked = await pickProfile(accounts, msg`Switch ClearML profile`, [ANOTHER]);
        if (picked === ANOTHER) return flow.prompt();
        if (!picked || typeof picked === 'string') return undefined;
        profile = picked;
      }
      if (profile.id === accounts.active?.profile.id) return { profileId: profile.id };
      if (!(await accounts.activateProfile(profile.id))) {
        const choice = await ui.error(msg`The secret key of ${profile.label} is no longer stored in VS Code.`, 'Sign In Again');
        if (choice === 'Sign In Again') return flow.prompt({ apiServer: profile.apiServer, webServer: profile.webServer, accessKey: profile.accessKey, origin: profile.origin });
        return undefined;
      }
      return { profileId: profile.id };
    },
  };
}
