/**
 * clearml.conf and vaults as a language (issue 20): diagnostics, quick fixes, hover, completion, outline, folding
 * and go to definition. Activation only watches for the first document that may be one of these; the providers and
 * the conf-language core load then (./area), so a window that never opens such a file never evaluates them.
 */
import * as vscode from 'vscode';
import { isLocalVaultFileName } from '../../core/vault/format';
import { once } from '../lazy';
import type { AccountService } from '../services';
import { VAULT_SCHEME } from '../vault/uri';
import { CONF_SCHEMES } from './schemes';

const baseName = (p: string) => p.slice(p.replace(/\\/g, '/').lastIndexOf('/') + 1);

/**
 * A cheap first look (no config engine): a clearml.conf / trains.conf, a vault, or a file named like the one
 * CLEARML_CONFIG_FILE / TRAINS_CONFIG_FILE names. ./documents decides exactly once the area is loaded.
 */
export function mayBeConfDocument(uri: vscode.Uri, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!CONF_SCHEMES.includes(uri.scheme)) return false;
  if (uri.scheme === VAULT_SCHEME) return true;
  const name = baseName(uri.path);
  if (name === 'clearml.conf' || name === 'trains.conf' || isLocalVaultFileName(name)) return true;
  return ['CLEARML_CONFIG_FILE', 'TRAINS_CONFIG_FILE'].some((v) => {
    const value = env[v]?.trim();
    return !!value && baseName(value) === name;
  });
}

export function activateLanguage(context: vscode.ExtensionContext, accounts: AccountService): void {
  const load = once(async () => {
    const { createLanguageArea } = await import('./area');
    context.subscriptions.push(createLanguageArea(accounts));
  });
  const consider = (document: vscode.TextDocument) => {
    if (!mayBeConfDocument(document.uri)) return;
    watcher.dispose();
    void load();
  };
  const watcher = vscode.workspace.onDidOpenTextDocument(consider);
  context.subscriptions.push(watcher);
  for (const d of vscode.workspace.textDocuments) consider(d);
}
