/**
 * Applies a setup-check fix: `set` through the lossless clearml.conf edit (diff, modal confirmation, .bak, atomic
 * write); `set-env` for this window and its terminals after a confirmation; `create-credentials` through the
 * credentials command on the server clearml.conf uses. Returns whether something changed.
 */
import * as vscode from 'vscode';
import { ConfigParseError } from '../../core/config';
import { applyFixToConfText, type Fix } from '../../core/setup-check';
import { detectSetup, primaryConfPath } from '../accounts/discovery';
import { hostOf, normalizeServerUrl } from '../accounts/urls';
import type { AccountService } from '../services';
import * as ui from '../ui';
import { confirmConfWrite, readConf } from '../workspace/confWriter';
import type { DiffPreview } from '../workspace/diffPreview';

export interface FixDeps {
  accounts: AccountService;
  preview: DiffPreview;
  terminalEnv: vscode.GlobalEnvironmentVariableCollection;
}

async function applySet(fix: Extract<Fix, { kind: 'set' }>, file: string, deps: FixDeps): Promise<boolean> {
  const before = await readConf(file);
  if (before === undefined) return false;
  let after: string;
  try {
    after = applyFixToConfText(before, fix);
  } catch (e) {
    const where = e instanceof ConfigParseError ? `${file}:${e.line}:${e.column}: ${e.reason}` : `${file}: ${(e as Error).message}`;
    await ui.error(`Cannot change ${fix.path}: ${where}. Fix the file first (the Configuration syntax check shows where).`);
    return false;
  }
  if (after === before) return false;
  const value = JSON.stringify(fix.value);
  const written = await confirmConfWrite(file, before, after, {
    title: `clearml.conf: ${fix.path} = ${value} (current ↔ proposed)`,
    question: `Set ${fix.path} to ${value} in ${file}?`,
    detail: `${before ? `Only this value changes; everything else in the file stays as it is. The current file is kept as ${file}.bak.` : 'The file does not exist yet and will be created.'} Scripts and agents on this machine that read this file use the new value.`,
    logLine: `Setup check: set ${fix.path} = ${value}`,
  }, deps.preview);
  return !!written;
}

async function applySetEnv(fix: Extract<Fix, { kind: 'set-env' }>, deps: FixDeps): Promise<boolean> {
  const what = fix.value === undefined ? `Unset ${fix.name}` : `Set ${fix.name}=${fix.value}`;
  const choice = await ui.confirm(`${what} for this VS Code window and its terminals?`,
    `Scripts started from VS Code terminals and this window's own calls use the new value. Programs started elsewhere still see the old one: change ${fix.name} where it is set (your shell profile, a .env file, the agent's service).`,
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
  const wanted = detectSetup()?.setup.apiServer;
  const active = deps.accounts.active;
  const same = (a: string, b: string): boolean => { try { return normalizeServerUrl(a) === normalizeServerUrl(b); } catch { return a === b; } };
  if (!active || (wanted && !same(active.profile.apiServer, wanted))) {
    const where = wanted ? hostOf(wanted) : 'your ClearML server';
    const message = active
      ? `New credentials must come from ${where}, which clearml.conf uses, but VS Code is signed in to ${hostOf(active.profile.apiServer)}. Sign in to ${where} first.`
      : `Sign in to ${where} (with a key that works, e.g. from the web UI) to create new credentials for clearml.conf.`;
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
