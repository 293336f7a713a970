/**
 * Applies a setup-check fix: `set` through the lossless clearml.conf edit (diff, modal confirmation, .bak, atomic
 * write); `set-env` for this window and its terminals after a confirmation; `create-credentials` through the
 * credentials command on the server clearml.conf uses. Returns whether something changed.
 */
import * as vscode from 'vscode';
import type { Fix } from '../../core/setup-check';
import { detectSetup, primaryConfPath } from '../accounts/discovery';
import { hostOf, normalizeServerUrl } from '../accounts/urls';
import type { AccountService } from '../services';
import * as ui from '../ui';
import { msg } from '../safeText';
import { reviewAndWriteConf } from '../workspace/confWriter';
import type { DiffPreview } from '../workspace/diffPreview';

export interface FixDeps {
  accounts: AccountService;
  preview: DiffPreview;
  terminalEnv: vscode.GlobalEnvironmentVariableCollection;
}

async function applySet(fix: Extract<Fix, { kind: 'set' }>, file: string, deps: FixDeps): Promise<boolean> {
  const value = JSON.stringify(fix.value);
  const written = await reviewAndWriteConf({
    file,
    edits: [{ kind: 'set', path: fix.path, value: fix.value }],
    diffTitle: `clearml.conf: ${fix.path} = ${value} (current ↔ proposed)`,
    question: `Set ${fix.path} to ${value} in ${file}?`,
    consequence: 'Scripts and agents on this machine that read this file use the new value.',
    alreadyThere: `${file} already sets ${fix.path} to ${value}.`,
    showDiff: (before, after, title) => deps.preview.open(file, before, after, before ? title : title.replace('current', 'new file')),
  });
  return !!written && !written.unchanged;
}

async function applySetEnv(fix: Extract<Fix, { kind: 'set-env' }>, deps: FixDeps): Promise<boolean> {
  const what = fix.value === undefined ? `Unset ${fix.name}` : `Set ${fix.name}=${fix.value}`;
  const choice = await ui.confirm(msg`${what} for this VS Code window and its terminals?`,
    msg`Scripts started from VS Code terminals and this window's own calls use the new value. Programs started elsewhere still see the old one: change ${fix.name} where it is set (your shell profile, a .env file, the agent's service).`,
    'Apply');
  if (choice !== 'Apply') return false;
  if (fix.value === undefined) {
    delete process.env[fix.name];
    // An empty value is what the SDK reads as "not set".
    deps.terminalEnv.replace(fix.name, '');
  } else {
    process.env[fix.name] = fix.value;
    deps.terminalEnv.replace(fix.name, fix.value);
  }
  return true;
}

async function createCredentials(deps: FixDeps): Promise<boolean> {
  const wanted = (await detectSetup())?.setup.apiServer;
  const active = deps.accounts.active;
  const same = (a: string, b: string): boolean => { try { return normalizeServerUrl(a) === normalizeServerUrl(b); } catch { return a === b; } };
  if (!active || (wanted && !same(active.profile.apiServer, wanted))) {
    const where = wanted ? hostOf(wanted) : 'your ClearML server';
    const message = active
      ? msg`New credentials must come from ${where}, which clearml.conf uses, but VS Code is signed in to ${hostOf(active.profile.apiServer)}. Sign in to ${where} first.`
      : msg`Sign in to ${where} (with a key that works, e.g. from the web UI) to create new credentials for clearml.conf.`;
    if ((await ui.info(message, 'Sign In')) !== 'Sign In') return false;
    await vscode.commands.executeCommand('clearml.signIn');
    if (!deps.accounts.active) return false;
  }
  const result = await vscode.commands.executeCommand<{ writtenTo?: string } | undefined>('clearml.createCredentials');
  return !!result?.writtenTo;
}

export async function applyFix(fix: Fix, configFile: string | undefined, deps: FixDeps): Promise<boolean> {
  if (fix.kind === 'set') return applySet(fix, configFile ?? primaryConfPath(), deps);
  if (fix.kind === 'set-env') return applySetEnv(fix, deps);
  return createCredentials(deps);
}
